"""A fake Clock for schedule tests: sleeping advances virtual time at once and is recorded.

`sleeps` lists every sleep and timed wait in order, so a test can assert the exact retry
schedule (0.25 s, then 0.5 s, Retry-After 2 s, ...) without waiting for it. Thread-safe;
with several threads, virtual time is shared (a waiting thread moves everyone's clock).
"""

from __future__ import annotations

import threading


class FakeClock:
    def __init__(self, start: float = 1000.0, wall: float = 1_700_000_000.0) -> None:
        self.t = start
        self.epoch = wall - start
        self.sleeps: list[float] = []
        self.lock = threading.Lock()

    def now(self) -> float:
        with self.lock:
            return self.t

    def wall(self) -> float:
        with self.lock:
            return self.epoch + self.t

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.t += max(0.0, seconds)

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps.append(seconds)
            self.t += max(0.0, seconds)

    def wait(self, cond: threading.Condition, timeout: float | None) -> None:
        if timeout is None:
            # Waiting for another thread's notify is real (nothing to fast-forward), but
            # bounded, so a missed notify shows up as a slow test rather than a hang.
            cond.wait(0.05)
            return
        self.sleep(timeout)
