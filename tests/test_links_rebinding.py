"""The private-address guard and DNS rebinding, on loopback: names resolve through a stub
DNS (Settings.resolve), and the connection must go where that ONE answer says."""

from __future__ import annotations

import dataclasses
import datetime
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.linkfarm import Farm, StubDNS
from geoai_bot.links.check import Checker, Settings

# A timeout far above a loopback answer on a loaded machine; nothing here waits for it.
FAST = Settings(timeout=3.0, backoff=0.05, max_wait=3.0, url_deadline=10.0, retries=1)


def settings(dns: StubDNS, **kw: object) -> Settings:
    return dataclasses.replace(FAST, resolve=dns, **kw)  # type: ignore[arg-type]


@pytest.fixture()
def twin(farm: Farm) -> Iterator[Farm]:
    """A second server on 127.0.0.2 with the SAME port: where a second lookup would go."""
    with Farm(host="127.0.0.2", port=farm.port) as f:
        yield f


def test_the_connection_goes_to_the_one_answer_looked_up(farm: Farm, twin: Farm) -> None:
    # A rebinding DNS: 127.0.0.1 on the first lookup, 127.0.0.2 on every later one. A
    # checker that looks the name up a second time to connect ends up at the twin (one
    # that resolves with the system resolver fails: .test names do not resolve). Loopback
    # is allowed here so that the first answer passes the guard.
    dns = StubDNS({"rebind.test": [["127.0.0.1"], ["127.0.0.2"]]})
    c = Checker(settings(dns, allow_private=True))
    try:
        out = c.check(f"http://rebind.test:{farm.port}/ok/a")
    finally:
        c.close()
    assert out.state == "ok"
    assert farm.methods == [("HEAD", "/ok/a")] and twin.methods == []
    assert dns.asked == ["rebind.test"]


def test_every_new_connection_uses_its_own_lookup(farm: Farm, twin: Farm) -> None:
    # The HEAD 404 answer makes the checker open a fresh connection for its GET fallback:
    # that connection looks the name up again and goes where the new answer says.
    dns = StubDNS({"rebind.test": [["127.0.0.1"], ["127.0.0.2"]]})
    c = Checker(settings(dns, allow_private=True))
    try:
        out = c.check(f"http://rebind.test:{farm.port}/status/404/a")
    finally:
        c.close()
    assert out.state == "broken" and out.code == 404
    assert farm.methods[0] == ("HEAD", "/status/404/a")
    assert sorted(m for m, _ in farm.methods + twin.methods) == ["GET", "HEAD"]
    assert len(dns.asked) == 1 + len(twin.methods)  # the twin is reached only by a new lookup


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (["93.184.216.34", "127.0.0.1"], "loopback address (127.0.0.1)"),
        (["127.0.0.1", "93.184.216.34"], "loopback address (127.0.0.1)"),
        (["169.254.169.254"], "link-local address (169.254.169.254)"),
        (["10.1.2.3"], "private address (10.1.2.3)"),
        (["::1"], "loopback address (::1)"),
        (["::ffff:127.0.0.1"], "loopback address (::ffff:7f00:1)"),
    ],
)
def test_a_name_with_any_private_answer_is_refused_without_a_request(
    farm: Farm, answer: list[str], why: str
) -> None:
    dns = StubDNS({"evil.test": [answer, ["93.184.216.34"]]})
    c = Checker(settings(dns))
    try:
        out = c.check(f"http://evil.test:{farm.port}/ok/secret")
    finally:
        c.close()
    assert out.state == "excluded"
    assert f"evil.test resolves to a {why}" in out.message and "--allow-private" in out.message
    assert farm.hits == {}
    assert dns.asked == ["evil.test"]  # one lookup, refused on it: no GET retry, no re-ask


def test_a_redirect_to_a_name_that_resolves_to_loopback_is_refused(farm: Farm) -> None:
    dns = StubDNS({"evil.test": [["127.0.0.1"]]})
    allowed = frozenset({f"{farm.host}:{farm.port}"})
    c = Checker(settings(dns, allow_hosts=allowed))
    try:
        out = c.check(farm.url(f"/to/302?u=http://evil.test:{farm.port}/ok/secret"))
    finally:
        c.close()
    assert out.state == "excluded" and "evil.test resolves to a loopback" in out.message
    assert farm.count("/to/302") == 1 and farm.count("/ok/secret") == 0


def test_allow_hosts_and_allow_private_let_a_private_name_through(farm: Farm) -> None:
    dns = StubDNS({"mirror.test": [["127.0.0.1"]]})
    for kw in (
        {"allow_hosts": frozenset({f"mirror.test:{farm.port}"})},
        {"allow_private": True},
    ):
        c = Checker(settings(dns, **kw))
        try:
            assert c.check(f"http://mirror.test:{farm.port}/ok/a").state == "ok"
        finally:
            c.close()
    assert farm.count("/ok/a") == 2


# -- TLS: the socket is pinned to the address, SNI and the certificate stay on the name ----


def _tls_files(tmp: Path, name: str) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / f"{name}.pem", tmp / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_tls_verifies_the_certificate_against_the_name_not_the_address(tmp_path: Path) -> None:
    cert, key = _tls_files(tmp_path, "pinned.test")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    names: list[str | None] = []

    def sni(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        names.append(name)

    ctx.sni_callback = sni
    dns = StubDNS({"pinned.test": [["127.0.0.1"]], "other.test": [["127.0.0.1"]]})
    with Farm(tls=ctx) as farm:
        c = Checker(settings(dns, allow_private=True))
        c.session.verify = str(cert)
        try:
            good = c.check(f"https://pinned.test:{farm.port}/ok/tls")
            bad = c.check(f"https://other.test:{farm.port}/ok/tls-other")
        finally:
            c.close()
    assert good.state == "ok", good.message
    assert bad.state == "broken" and "TLS error" in bad.message
    assert farm.count("/ok/tls") == 1 and farm.count("/ok/tls-other") == 0
    assert "pinned.test" in names and "other.test" in names
