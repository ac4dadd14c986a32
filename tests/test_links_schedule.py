"""The retry schedule and the scheduler on a fake clock: the waits themselves are asserted
(which wait, how long, in what order) without sleeping them. The servers are real loopback
servers; only the time between requests is virtual. A few real-time checks of the same
schedules stay in test_links_check.py (Retry-After measured by the server)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from fakes.clock import FakeClock
from fakes.linkfarm import Farm, refused_port
from geoai_bot.links.check import Checker, Settings
from geoai_bot.links.http import HostGates
from geoai_bot.links.limits import Limit
from geoai_bot.links.retry import JITTER, MIN_429_WAIT, allowed, backoff_wait
from geoai_bot.links.sched import Scheduler

BACKOFF = 0.25


@pytest.fixture()
def farm() -> Iterator[Farm]:
    with Farm() as f:
        yield f


def checker(clock: FakeClock, **kw: float) -> Checker:
    base: dict[str, object] = {
        "timeout": 2.0,
        "backoff": BACKOFF,
        "max_wait": 30.0,
        "url_deadline": 60.0,
        "allow_private": True,
        "interval": 0.0,
        "clock": clock,
    }
    base.update(kw)
    return Checker(Settings(**base))  # type: ignore[arg-type]


def within(wait: float, base: float) -> bool:
    return base <= wait <= base * (1 + JITTER)


def test_500_gets_one_short_retry(farm: Farm) -> None:
    clock = FakeClock()
    out = checker(clock).check(farm.url("/status/500/x"))
    assert out.state == "broken" and out.code == 500
    assert len(clock.sleeps) == 1 and within(clock.sleeps[0], BACKOFF), clock.sleeps
    # HEAD, GET fallback, and the retry goes straight to GET (HEAD already failed)
    assert farm.methods == [
        ("HEAD", "/status/500/x"),
        ("GET", "/status/500/x"),
        ("GET", "/status/500/x"),
    ]


def test_503_gets_two_doubling_retries(farm: Farm) -> None:
    clock = FakeClock()
    out = checker(clock).check(farm.url("/status/503/x"))
    assert out.state == "broken" and out.code == 503
    assert len(clock.sleeps) == 2, clock.sleeps
    assert within(clock.sleeps[0], BACKOFF) and within(clock.sleeps[1], 2 * BACKOFF)
    assert farm.count("/status/503/x") == 4


def test_flaky_503_recovers_on_its_retry(farm: Farm) -> None:
    clock = FakeClock()
    assert checker(clock).check(farm.url("/flaky/2/x")).state == "ok"
    assert len(clock.sleeps) == 1


@pytest.mark.parametrize("secs", [1, 7])
def test_429_waits_exactly_what_retry_after_says(farm: Farm, secs: int) -> None:
    clock = FakeClock()
    out = checker(clock).check(farm.url(f"/ratelimit/{secs}/x"))
    assert out.state == "ok"
    assert clock.sleeps == [float(secs)]


def test_retry_after_http_date_is_read_on_the_clock_s_wall_time(farm: Farm) -> None:
    # The stand-in writes the date from real time (now + 3 s, rounded down to the second)
    clock = FakeClock(wall=time.time())
    assert checker(clock).check(farm.url("/ratelimit-date/3/x")).state == "ok"
    assert len(clock.sleeps) == 1 and 2.0 <= clock.sleeps[0] <= 4.5, clock.sleeps


def test_retry_after_beyond_max_wait_is_blocked_without_waiting(farm: Farm) -> None:
    clock = FakeClock()
    out = checker(clock, max_wait=5.0).check(farm.url("/ratelimit/7/x"))
    assert out.state == "blocked" and "too long" in out.message
    assert clock.sleeps == []


def test_per_url_deadline_stops_the_retries(farm: Farm) -> None:
    clock = FakeClock()
    out = checker(clock, url_deadline=0.4).check(farm.url("/status/503/x"))
    assert out.state == "broken" and "deadline" in out.message
    assert len(clock.sleeps) == 1  # the second wait (0.5 s) would end past the deadline


def test_refused_connection_one_quick_retry() -> None:
    clock = FakeClock()
    out = checker(clock).check(f"http://127.0.0.1:{refused_port()}/x")
    assert out.state == "broken" and "refused" in out.message
    assert len(clock.sleeps) == 1 and within(clock.sleeps[0], BACKOFF)


def test_retry_allowances() -> None:
    assert allowed("status", 429, None, 3) == 3
    assert allowed("status", 503, None, 3) == 2
    assert allowed("status", 500, None, 3) == 1
    assert allowed("status", 500, 2.0, 3) == 3  # the server said when: worth waiting for
    assert allowed("conn", None, None, 3) == 1
    assert allowed("timeout", None, None, 3) == 1
    assert allowed("status", 503, None, 0) == 0  # retries = 0 turns them all off
    # a 429 without Retry-After never waits less than a second
    assert backoff_wait(1, 429, 0.25, 30.0) >= MIN_429_WAIT
    assert backoff_wait(9, 503, 0.25, 30.0) <= 30.0


def test_host_gate_spacing_on_the_fake_clock() -> None:
    clock = FakeClock()
    gates = HostGates(lambda _host: Limit(4, 3.0), clock=clock)
    for _ in range(3):
        with gates.slot("a.example"):
            pass
    with gates.slot("b.example"):  # another host does not wait on a.example's spacing
        pass
    assert clock.sleeps == [3.0, 3.0]


def test_host_gate_burst_then_paced_on_the_fake_clock() -> None:
    # A bucket of 3: three starts back to back, then one per interval; once the host has
    # been quiet for long enough the bucket is full again, never fuller.
    clock = FakeClock()
    gates = HostGates(lambda _host: Limit(8, 0.5, burst=3), clock=clock)
    for _ in range(5):
        with gates.slot("a.example"):
            pass
    assert clock.sleeps == [0.5, 0.5]
    clock.advance(60.0)  # a long quiet spell refills 3 starts, not 120
    for _ in range(4):
        with gates.slot("a.example"):
            pass
    assert clock.sleeps == [0.5, 0.5, 0.5]


def test_host_gate_burst_bounds_every_window() -> None:
    # Whatever the timing, no window of T seconds holds more than burst + T / interval
    # starts: the promise docs/links.md makes to hosts.
    clock = FakeClock()
    burst, interval = 4, 0.25
    gates = HostGates(lambda _host: Limit(64, interval, burst=burst), clock=clock)
    starts = []
    for i in range(40):
        clock.advance((0.0, 0.05, 0.4, 0.0, 1.3)[i % 5])
        with gates.slot("a.example"):
            starts.append(clock.now())
    for i, a in enumerate(starts):
        for j in range(i, len(starts)):
            window = starts[j] - a
            assert j - i + 1 <= burst + window / interval + 1e-9, (i, j, window)


def test_scheduler_waits_only_on_the_url_that_waits() -> None:
    clock = FakeClock()
    done: dict[str, float] = {}
    calls: dict[str, int] = {}

    def work(item: str) -> float | None:
        calls[item] = calls.get(item, 0) + 1
        if item == "slow" and calls[item] < 3:
            return 10.0  # e.g. Retry-After: 10, twice
        done[item] = clock.now()
        return None

    sched: Scheduler[str] = Scheduler(work, workers=1, per_host=1, clock=clock)
    start = clock.now()
    sched.run([("h", "slow"), ("h", "a"), ("h", "b"), ("g", "c")])
    assert set(done) == {"slow", "a", "b", "c"}
    # the others finished before the waiting URL's first wait was over ...
    assert all(done[k] - start < 10.0 for k in "abc")
    # ... and the run ended when the last answer was in: two waits of 10 s, nothing more
    assert done["slow"] - start == pytest.approx(20.0)
    assert clock.now() - start == pytest.approx(20.0)
