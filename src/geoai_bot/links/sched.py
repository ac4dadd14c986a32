"""The work scheduler: a fixed pool of workers, per-host queues, retries that wait off-pool.

A worker only takes a URL whose host has a free slot (so no worker blocks on a busy
host while others sit idle), hosts are served round-robin, and a URL that must wait
(backoff, Retry-After) goes into a timer heap instead of sleeping in a worker.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from geoai_bot.links.clock import REAL_CLOCK, Clock

T = TypeVar("T")


@dataclass(order=True)
class _Delayed(Generic[T]):
    ready: float
    seq: int
    host: str = field(compare=False)
    item: T = field(compare=False)


class Scheduler(Generic[T]):
    """Run `work(item)` for every (host, item); work returns None when done, or a number
    of seconds after which the item must run again."""

    def __init__(
        self,
        work: Callable[[T], float | None],
        workers: int,
        per_host: int | Callable[[str], int],
        clock: Clock = REAL_CLOCK,
    ) -> None:
        self.work = work
        self.clock = clock
        self.workers = max(1, workers)
        # Slots per host: one figure for all, or each host's own (links/limits.py).
        if isinstance(per_host, int):
            same = max(1, per_host)
            self.per_host: Callable[[str], int] = lambda _host: same
        else:
            self.per_host = per_host
        self.cond = threading.Condition()
        self.queues: dict[str, deque[T]] = {}
        self.hosts: list[str] = []
        self.rr = 0
        self.delayed: list[_Delayed[T]] = []
        self.busy: dict[str, int] = {}
        self.running = 0
        self.seq = itertools.count()
        self.error: BaseException | None = None

    def _take(self) -> tuple[str, T] | None:
        n = len(self.hosts)
        for i in range(n):
            host = self.hosts[(self.rr + i) % n]
            q = self.queues[host]
            if q and self.busy.get(host, 0) < self.per_host(host):
                self.rr = (self.rr + i + 1) % n
                self.busy[host] = self.busy.get(host, 0) + 1
                self.running += 1
                return host, q.popleft()
        return None

    def _add(self, host: str, item: T, front: bool = False) -> None:
        if host not in self.queues:
            self.queues[host] = deque()
            self.hosts.append(host)
        if front:
            self.queues[host].appendleft(item)
        else:
            self.queues[host].append(item)

    def _worker(self) -> None:
        while True:
            with self.cond:
                while True:
                    now = self.clock.now()
                    while self.delayed and self.delayed[0].ready <= now:
                        # A retry has waited already: it goes before the host's new work.
                        d = heapq.heappop(self.delayed)
                        self._add(d.host, d.item, front=True)
                    got = self._take()
                    if got is not None:
                        break
                    pending = any(self.queues.values())
                    if not pending and not self.delayed and self.running == 0:
                        self.cond.notify_all()
                        return
                    wait = self.delayed[0].ready - now if self.delayed else None
                    self.clock.wait(self.cond, wait)
            host, item = got
            again: float | None = None
            try:
                again = self.work(item)
            except BaseException as exc:  # surfaced by run(); the pool must not hang
                self.error = self.error or exc
            with self.cond:
                self.busy[host] -= 1
                self.running -= 1
                if again is not None and again <= 0:
                    # Again at once (a timeout's single retry): behind the host's new work,
                    # so a slow URL does not hold a slot twice before the others start.
                    self._add(host, item)
                elif again is not None:
                    ready = self.clock.now() + again
                    heapq.heappush(self.delayed, _Delayed(ready, next(self.seq), host, item))
                # One slot freed and at most one item re-queued: two wake-ups suffice (all
                # 64 workers waking per finished URL cost more CPU than the HTTP itself).
                self.cond.notify(2)

    def run(self, items: Iterable[tuple[str, T]]) -> None:
        with self.cond:
            for host, item in items:
                self._add(host, item)
        threads = [
            threading.Thread(target=self._worker, name=f"links-{i}", daemon=True)
            for i in range(self.workers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if self.error is not None:
            raise self.error
