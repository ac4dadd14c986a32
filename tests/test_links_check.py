"""The HTTP checker against real loopback servers: every state, retries, deadlines, limits."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from fakes.linkfarm import Farm, refused_port
from geoai_bot.links.check import Checker, Settings, parse_retry_after
from geoai_bot.links.policy import resolved_reason

FAST = Settings(timeout=1.0, backoff=0.05, max_wait=3.0, url_deadline=10.0, allow_private=True)


@pytest.fixture()
def farm() -> Iterator[Farm]:
    with Farm() as f:
        yield f


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
    # HEAD and GET per try, 1 + retries tries
    assert farm.count("/status/500/x") == 2 * (FAST.retries + 1)


@pytest.mark.parametrize("kind", ["ratelimit", "ratelimit-date"])
def test_429_honours_retry_after(farm: Farm, checker: Checker, kind: str) -> None:
    t = time.monotonic()
    out = checker.check(farm.url(f"/{kind}/1/x"))
    waited = time.monotonic() - t
    assert out.state == "ok"
    assert waited >= 0.9  # did not retry before Retry-After said


def test_retry_after_beyond_cap_is_blocked_not_waited(farm: Farm, checker: Checker) -> None:
    t = time.monotonic()
    out = checker.check(farm.url("/ratelimit/3600/x"))
    assert out.state == "blocked" and out.code == 429
    assert time.monotonic() - t < 2


def test_404_is_never_retried(farm: Farm, checker: Checker) -> None:
    checker.check(farm.url("/status/404/once"))
    assert farm.count("/status/404/once") == 2  # one HEAD, one GET


def test_timeout_retried_once(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/sleep/3000/x"))
    assert out.state == "timeout"
    assert farm.count("/sleep/3000/x") == 2


def test_server_hanging_on_head_is_retried_with_get(farm: Farm, checker: Checker) -> None:
    out = checker.check(farm.url("/headhang/x"))
    assert out.state == "ok"
    assert [m for m, p in farm.methods if p == "/headhang/x"] == ["HEAD", "GET"]


def test_trickling_headers_cut_by_deadline(farm: Farm, checker: Checker) -> None:
    t = time.monotonic()
    out = checker.check(farm.url("/trickle-headers/x"))
    assert out.state == "timeout"
    assert time.monotonic() - t < 4 * FAST.timeout


@pytest.mark.parametrize("kind", ["trickle", "trickle-small"])
def test_trickling_body_cannot_stall(farm: Farm, checker: Checker, kind: str) -> None:
    t = time.monotonic()
    assert checker.check(farm.url(f"/{kind}/y")).state == "ok"
    assert time.monotonic() - t < 2 * FAST.timeout


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


def test_per_host_limit_and_interval(farm: Farm) -> None:
    from concurrent.futures import ThreadPoolExecutor

    c = Checker(Settings(**{**FAST.__dict__, "per_host": 3, "interval": 0.03}))
    with ThreadPoolExecutor(16) as pool:
        outs = list(pool.map(c.check, [farm.url(f"/sleep/100/{i}") for i in range(24)]))
    assert all(o.state == "ok" for o in outs)
    assert farm.max_in_flight <= 3
    starts = sorted(farm.starts)
    # 24 starts at least 30 ms apart take at least 23 * 30 ms (server-side jitter aside).
    assert starts[-1] - starts[0] >= 23 * 0.03 * 0.9


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


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

    from geoai_bot.arxiv_ids import ArxivRef, parse_arxiv
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
        got = check_batch(refs, requests.Session(), 2.0, batch=2, pause=0.2)
        assert isinstance(got, dict)
        assert [got[u].state for u in refs] == ["ok"] * 4 + ["broken"]
        assert len(api.arxiv_requests) == 3
        starts = [
            t for (_m, p), t in zip(api.methods, api.starts, strict=True) if p == "/api/query"
        ]
        assert all(b - a >= 0.18 for a, b in itertools.pairwise(starts))
