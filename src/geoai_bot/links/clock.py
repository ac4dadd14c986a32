"""Time for the link checker's schedules: a small Clock protocol, real by default.

Retry backoff, Retry-After, per-host spacing and the scheduler's timer queue all read the
time and wait through a Clock, so tests of those schedules run on a fake clock in
milliseconds instead of sleeping for real (tests/fakes/clock.py). Network deadlines (the
watchdog that cuts a request, socket timeouts) stay on real time: they are about the
network, not about our schedule.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """Monotonic time, wall time, and the two ways the checker waits."""

    def now(self) -> float:
        """Monotonic seconds (the schedules' time base)."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch (to read a Retry-After HTTP date)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block this thread for `seconds`."""
        ...

    def wait(self, cond: threading.Condition, timeout: float | None) -> None:
        """Wait on `cond` (held by the caller) until notified or `timeout` seconds pass."""
        ...


class RealClock:
    """The system's clocks and sleeps."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def wait(self, cond: threading.Condition, timeout: float | None) -> None:
        cond.wait(timeout)


REAL_CLOCK: Clock = RealClock()
