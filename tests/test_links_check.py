"""The HTTP checker against real loopback servers: every state, retries, deadlines, limits."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from fakes.linkfarm import Farm, refused_port
from geoai_bot.links.check import Checker, Settings, parse_retry_after
from geoai_bot.links.policy import resolved_reason

# The timeout is far above what a loopback answer takes even on a loaded 2-core machine, and
# the misbehaving paths (/sleep/10000, /headhang, the trickles) stay far above it.
FAST = Settings(timeout=2.0, backoff=0.05, max_wait=3.0, url_deadline=20.0, allow_private=True)
# Bounds for "did not stall": a generous multiple of the expected time (load only stretches
# it), yet minutes below what an unbounded wait on these paths would take.
STALL = 30.0


def request_starts(farm: Farm, path: str) -> list[float]:
    """When the server began each request to `path` (its own clock, not the client's)."""
    with farm.lock:
        return [t for (_m, p), t in zip(farm.methods, farm.starts, strict=True) if p == path]


@pytest.fixture()
def checker() -> Iterator[Checker]:
    c = Checker(FAST)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("path", "state", "code"),
    [
        ("/ok/1", "ok", 200),
        ("/status/404/a", "broken", 404),
        ("/status/410/a", "broken", 410),
        ("/head405/a", "ok", 200),
        ("/head404/a", "ok", 200),
        ("/temp/a", "ok", 200),
        ("/chain/3/a", "redirect", 200),
        ("/cf/a", "blocked", 403),
        ("/linkedin/a", "blocked", 999),
        ("/trickle/a", "ok", 200),
    ],
)
def test_states(farm: Farm, checker: Checker, path: str, state: str, code: int) -> None:
    out = checker.check(farm.url(path))
    assert (out.state, out.code) == (state, code), out


def test_head_refused_falls_back_to_get(farm: Farm, checker: Checker) -> None:
    assert checker.check(farm.url("/head405/x")).state == "ok"
    assert [m for m, p in farm.methods if p == "/head405/x"] == ["HEAD", "GET"]


def test_redirect_chain_reports_final_url(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/chain/4/paper"))
    assert out.state == "redirect"
    assert out.final_url == farm.url("/ok/paper")
    assert farm.count("/chain/1/paper") == 1


def test_temporary_redirect_is_ok_not_moved(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/temp/x"))
    assert out.state == "ok"


def test_redirect_loop_is_broken_and_ends(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/loop/a"))
    assert out.state == "broken" and "loop" in out.message
    assert farm.count("/loop/a") + farm.count("/loop/b") <= 4


def test_too_many_redirects(farm: Farm) -> None:
    c = Checker(Settings(**{**FAST.__dict__, "max_redirects": 2}))
    out = c.check(farm.url("/chain/5/x"))
    assert out.state == "broken" and "redirects" in out.message


def test_flaky_503_recovers(farm: Farm, checker: Checker) -> None:
    assert checker.check(farm.url("/flaky/2/x")).state == "ok"


def test_persistent_500_is_broken_after_retries(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/status/500/x"))
    assert out.state == "broken" and out.code == 500
    # HEAD, its GET fallback, then one retry straight to GET (test_links_schedule.py has
    # the waits on a fake clock)
    assert farm.count("/status/500/x") == 3


@pytest.mark.parametrize("kind", ["ratelimit", "ratelimit-date"])
def test_429_honours_retry_after(farm: Farm, checker: Checker, kind: str) -> None:
    out = checker.check(farm.url(f"/{kind}/1/x"))
    assert out.state == "ok"
    # Measured by the server: the retry did not arrive before Retry-After (1 s) said.
    first, *later = request_starts(farm, f"/{kind}/1/x")
    assert later and later[0] - first >= 0.95


def test_retry_after_beyond_cap_is_blocked_not_waited(farm: Farm, checker: Checker) -> None:
    t = time.monotonic()
    out = checker.check(farm.url("/ratelimit/3600/x"))
    assert out.state == "blocked" and out.code == 429
    assert farm.count("/ratelimit/3600/x") == 1  # no retry after any wait
    assert time.monotonic() - t < STALL  # and no waiting the hour (nor max_wait) first


def test_404_is_never_retried(farm: Farm, checker: Checker) -> None:
    checker.check(farm.url("/status/404/once"))
    assert farm.count("/status/404/once") == 2  # one HEAD, one GET


@pytest.mark.slow  # two real timeouts of FAST.timeout each
def test_timeout_retried_once(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/sleep/10000/x"))
    assert out.state == "timeout"
    assert farm.count("/sleep/10000/x") == 2


def test_server_hanging_on_head_is_retried_with_get(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/headhang/x"))
    assert out.state == "ok"
    assert [m for m, p in farm.methods if p == "/headhang/x"] == ["HEAD", "GET"]


@pytest.mark.slow  # two real timeouts while the headers trickle
def test_trickling_headers_cut_by_deadline(farm: Farm, checker: Checker) -> None:
    t = time.monotonic()
    out = checker.check(farm.url("/trickle-headers/x"))
    assert out.state == "timeout"
    # Two tries of one timeout each; without the deadline the headers trickle for an hour.
    assert time.monotonic() - t < STALL


@pytest.mark.parametrize("kind", ["trickle", "trickle-small"])
def test_trickling_body_cannot_stall(farm: Farm, checker: Checker, kind: str) -> None:
    t = time.monotonic()
    assert checker.check(farm.url(f"/{kind}/y")).state == "ok"
    # At most one timeout's drain; without the deadline the body trickles for minutes.
    assert time.monotonic() - t < STALL


def test_reset_connection_is_broken(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/reset/x"))
    assert out.state == "broken" and "reset" in out.message


def test_garbage_answer_is_broken_not_a_crash(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/garbage/x"))
    assert out.state == "broken" and out.message


def test_refused_port_is_broken(checker: Checker) -> None:
    out = checker.check(f"http://127.0.0.1:{refused_port()}/x")
    assert out.state == "broken" and "refused" in out.message
    assert not out.no_answer


def test_private_address_refused_by_default(farm: Farm) -> None:
    c = Checker(Settings(timeout=1.0))
    out = c.check(farm.url("/ok/private"))
    assert out.state == "excluded" and "--allow-private" in out.message
    assert farm.count("/ok/private") == 0


def test_name_is_checked_on_the_resolved_address() -> None:
    # "localhost" is a name, not an IP literal: the guard resolves it and sees 127.0.0.1.
    reason = resolved_reason("localhost", 80)
    assert reason is not None and "loopback" in reason


def test_private_guard_applies_to_every_redirect_hop(farm: Farm) -> None:
    with Farm(host="127.0.0.2") as other:
        allowed = frozenset({f"{farm.host}:{farm.port}"})
        c = Checker(Settings(timeout=1.0, allow_hosts=allowed))
        out = c.check(farm.url(f"/to/302?u={other.url('/ok/secret')}"))
        assert out.state == "excluded"
        assert other.count("/ok/secret") == 0


@pytest.mark.slow  # ~3 s of real waits; its gaps are measured by the wall clock
def test_per_host_limit_and_interval(farm: Farm) -> None:
    import itertools
    from concurrent.futures import ThreadPoolExecutor

    # Each answer takes longer than three intervals, so without the limit more than three
    # requests would overlap; both properties are measured by the server, not the client.
    interval, n = 0.15, 9
    c = Checker(Settings(**{**FAST.__dict__, "per_host": 3, "interval": interval, "burst": 1}))
    with ThreadPoolExecutor(16) as pool:
        outs = list(pool.map(c.check, [farm.url(f"/sleep/800/{i}") for i in range(n)]))
    assert all(o.state == "ok" for o in outs), outs
    assert len(farm.starts) == n  # one HEAD each: every start below is a distinct request
    assert 2 <= farm.max_in_flight <= 3
    # Consecutive starts at least the interval apart. The tolerance is the delay between the
    # client starting a request and the server's handler thread noting it, which a busy
    # machine stretches; a missing interval would show gaps near zero.
    gaps = [b - a for a, b in itertools.pairwise(sorted(farm.starts))]
    assert min(gaps) >= interval - 0.06, gaps


def test_parse_retry_after() -> None:
    assert parse_retry_after("7", 0.0) == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10.0
    assert parse_retry_after("soon", 0.0) is None
    assert parse_retry_after(None, 0.0) is None


def test_github_rate_limit_hands_over_to_plain_http() -> None:
    from geoai_bot.links.github import GitHubRepos

    with Farm() as api:
        api.add_repo("alice/geo")
        api.github_rate_limited = True
        gh = GitHubRepos(Checker(FAST), base_url=api.base, token="")
        assert gh.check("alice", "geo", "https://github.com/alice/geo") is None
        assert gh.exhausted.is_set()
        # once exhausted, no more API calls are spent
        before = sum(api.hits.values())
        assert gh.check("alice", "geo", "https://github.com/alice/geo") is None
        assert sum(api.hits.values()) == before
        assert set(api.auth) == {None}  # no token, no Authorization header


def test_arxiv_batches_are_spaced(monkeypatch: pytest.MonkeyPatch) -> None:
    import itertools

    import requests

    from geoai_bot.core.arxiv_ids import ArxivRef, parse_arxiv
    from geoai_bot.links.arxiv_check import check_batch

    with Farm() as api:
        ids = [f"2401.0000{i}" for i in range(1, 6)]
        api.arxiv = {i: ("T", 1) for i in ids[:4]}
        refs: dict[str, ArxivRef] = {}
        for i in ids:
            ref = parse_arxiv(i)
            assert ref is not None
            refs[f"https://arxiv.org/abs/{i}"] = ref
        monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", api.url("/api/query"))
        batch = check_batch(refs, requests.Session(), 2.0, batch=2, pause=0.2)
        assert batch.failure is None
        got = batch.outcomes
        assert [got[u].state for u in refs] == ["ok"] * 4 + ["broken"]
        assert len(api.arxiv_requests) == 3
        starts = request_starts(api, "/api/query")
        assert all(b - a >= 0.18 for a, b in itertools.pairwise(starts))
