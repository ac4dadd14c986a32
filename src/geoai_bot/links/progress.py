"""A one-line progress bar on a terminal (done/total, broken so far, rate); silent otherwise."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from .model import Outcome


class Bar:
    def __init__(self, total: int, stream: TextIO | None = None, every: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and self.stream.isatty()
        self.total = total
        self.done = self.broken = 0
        self.start = time.monotonic()
        self.every = every
        self._last = 0.0
        self._lock = threading.Lock()

    def __call__(self, outcome: Outcome) -> None:
        with self._lock:
            self.done += 1
            self.broken += outcome.state == "broken"
            now = time.monotonic()
            if self.enabled and (now - self._last >= self.every or self.done == self.total):
                self._last = now
                rate = self.done / max(now - self.start, 1e-6)
                width = 24
                filled = int(width * min(self.done, self.total) / self.total)
                bar = "#" * filled + "-" * (width - filled)
                self.stream.write(
                    f"\r[{bar}] {self.done}/{self.total}  broken {self.broken}  {rate:.1f}/s "
                )
                self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
