"""Attacks on the link checker (issue 12, items 11-13): a list's links and the web servers
behind them are strangers'.

Everything runs on loopback. The address guard is tested with IN-PROCESS stub resolvers:
a hostile name "resolves" to the address under test and the guard must refuse it before
any socket is opened (the stub connection factory below fails the test if one is).
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from fakes.linkfarm import StubDNS
from geoai_bot.links import http as links_http
from geoai_bot.links.check import Checker, Settings
from geoai_bot.links.github import GitHubRepos
from geoai_bot.links.policy import Refused, checked_addresses, literal_ip_reason

FAST = Settings(timeout=2.0, backoff=0.05, max_wait=2.0, url_deadline=10.0, retries=0)

# -- item 11: address ranges that are not globally routable ------------------------------

NOT_GLOBAL = [
    "100.64.0.1",  # shared address space (carrier-grade NAT; some clouds' metadata)
    "100.100.100.200",  # a cloud metadata service inside 100.64.0.0/10
    "2002:a9fe:a9fe::1",  # 6to4 embedding 169.254.169.254
    "2002:a00:1::1",  # 6to4 embedding 10.0.0.1
    "2002:7f00:1::1",  # 6to4 embedding 127.0.0.1
    "fec0::1",  # IPv6 site-local
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "::a00:1",  # IPv4-compatible 10.0.0.1
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo (client 10.0.0.1)
    "198.18.0.1",  # benchmarking
    "192.0.2.1",  # documentation
]


@pytest.fixture()
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Fail loudly if the link checker opens any connection: the guard must refuse first."""
    opened: list[tuple[Any, ...]] = []

    def refuse(address: tuple[Any, ...], *args: Any, **kwargs: Any) -> socket.socket:
        opened.append(address)
        raise AssertionError(f"a connection to {address} was attempted")

    monkeypatch.setattr(links_http, "create_connection", refuse)
    return opened


@pytest.mark.parametrize("ip", NOT_GLOBAL)
def test_a_name_resolving_to_a_non_global_address_is_refused_before_any_packet(
    ip: str, no_sockets: list[tuple[Any, ...]]
) -> None:
    dns = StubDNS({"metadata.evil.test": [[ip]]})
    checker = Checker(dataclasses.replace(FAST, resolve=dns))
    try:
        out = checker.check("http://metadata.evil.test/latest/meta-data/")
    finally:
        checker.close()
    assert out.state == "excluded", out
    assert ip.split("::")[0].lower() in out.message.lower() or "address" in out.message
    assert no_sockets == []
    with pytest.raises(Refused):
        checked_addresses("metadata.evil.test", 80, dns)


@pytest.mark.parametrize("ip", NOT_GLOBAL)
def test_a_non_global_literal_address_is_refused(ip: str) -> None:
    assert literal_ip_reason(ip) is not None


@pytest.mark.parametrize("ip", ["8.8.8.8", "2606:4700:4700::1111", "2002:808:808::1"])
def test_global_addresses_still_pass_the_guard(ip: str) -> None:
    # Looked up through the stub only: no packet is sent by checked_addresses.
    assert checked_addresses("public.test", 443, StubDNS({"public.test": [[ip]]})) == [ip]


# -- item 12: the GitHub token never follows a redirect to another host ------------------


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str | None]]]
    location: str | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        if self.location and self.path.startswith("/repos/"):
            self.send_response(301)
            self.send_header("Location", self.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"full_name": "owner/moved", "html_url": "https://github.com/owner/moved"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(handler: type[BaseHTTPRequestHandler], host: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture()
def two_hosts() -> Iterator[tuple[ThreadingHTTPServer, ThreadingHTTPServer, type[_Recorder]]]:
    class Api(_Recorder):
        seen: ClassVar[list[tuple[str, str | None]]] = []

    class Other(_Recorder):
        seen: ClassVar[list[tuple[str, str | None]]] = []

    api, other = _serve(Api, "127.0.0.1"), _serve(Other, "127.0.0.2")
    Api.location = f"http://127.0.0.2:{other.server_address[1]}/repositories/42"
    try:
        yield api, other, Other
    finally:
        for s in (api, other):
            s.shutdown()
            s.server_close()


def test_the_github_token_is_not_sent_to_the_host_a_redirect_names(
    two_hosts: tuple[ThreadingHTTPServer, ThreadingHTTPServer, type[_Recorder]],
) -> None:
    api, _other, other_seen = two_hosts
    checker = Checker(dataclasses.replace(FAST, allow_private=True))
    gh = GitHubRepos(checker, base_url=f"http://127.0.0.1:{api.server_address[1]}", token="s3cret")
    try:
        out = gh.check("owner", "repo", "https://github.com/owner/repo")
    finally:
        checker.close()
    assert out is not None and out.state == "redirect"  # the redirect was followed
    assert other_seen.seen == [("/repositories/42", None)]  # ... without the token


def test_the_github_token_still_goes_to_the_api_itself(
    two_hosts: tuple[ThreadingHTTPServer, ThreadingHTTPServer, type[_Recorder]],
) -> None:
    api, _other, _ = two_hosts
    checker = Checker(dataclasses.replace(FAST, allow_private=True))
    base = f"http://127.0.0.1:{api.server_address[1]}"
    gh = GitHubRepos(checker, base_url=base, token="s3cret")
    try:
        gh.check("owner", "repo", "https://github.com/owner/repo")
    finally:
        checker.close()
    seen = api.RequestHandlerClass.seen  # type: ignore[attr-defined]
    assert seen[0] == ("/repos/owner/repo", "Bearer s3cret")


# -- item 13: a status line at once, then headers one byte at a time -------------------


class _Drip(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stop = threading.Event()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _drip(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        self.wfile.flush()
        for byte in b"X-Slow: " + b"y" * 1000 + b"\r\n\r\n":
            if type(self).stop.wait(0.2):
                break
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                break
        self.close_connection = True

    do_HEAD = _drip
    do_GET = _drip


def test_a_status_line_then_dripping_headers_is_a_timeout_not_ok() -> None:
    server = _serve(_Drip, "127.0.0.1")
    _Drip.stop.clear()
    checker = Checker(dataclasses.replace(FAST, timeout=1.0, allow_private=True))
    try:
        started = time.monotonic()
        out = checker.check(f"http://127.0.0.1:{server.server_address[1]}/drip")
        took = time.monotonic() - started
    finally:
        _Drip.stop.set()
        checker.close()
        server.shutdown()
        server.server_close()
    assert out.state == "timeout", out
    # Bounded by the deadline (generous: a loaded machine), not by the drip (200 s).
    assert took < 60
