"""A one-line progress bar on a terminal (done/total, broken so far, rate); silent otherwise."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from geoai_bot.links.model import LinkOutcome


class Bar:
    def __init__(self, stream: TextIO | None = None, every: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.enabled = False
        self.total = 0
        self.done = self.broken = 0
        self.start_time = time.monotonic()
        self.every = every
        self._last = 0.0
        self._lock = threading.Lock()

    def start(self, total: int) -> None:
        """Called once the number of links is known; a bar only on a terminal."""
        self.total = total
        try:
            self.enabled = total > 0 and self.stream.isatty()
        except (AttributeError, ValueError):
            self.enabled = False
        self.start_time = time.monotonic()

    def __call__(self, outcome: LinkOutcome) -> None:
        with self._lock:
            self.done += 1
            self.broken += outcome.state == "broken"
            now = time.monotonic()
            if self.enabled and (now - self._last >= self.every or self.done == self.total):
                self._last = now
                rate = self.done / max(now - self.start_time, 1e-6)
                width = 24
                filled = int(width * min(self.done, self.total) / max(self.total, 1))
                bar = "#" * filled + "-" * (width - filled)
                self.stream.write(
                    f"\r[{bar}] {self.done}/{self.total}  broken {self.broken}  {rate:.1f}/s "
                )
                self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
