"""The HTTP edge: a pooled requests Session whose requests can be cut at a hard deadline,
and per-host gates (requests in flight, minimum interval between starts).

Why a watchdog: requests' timeouts bound each socket read, so a server that trickles
its status line or headers one byte at a time never times out. The watchdog shuts the
socket down when a request's total deadline passes, whatever the server does.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Watchdog:
    """Shuts down the socket of any request still running past its deadline."""

    def __init__(self, tick: float = 0.05) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, Any]] = {}
        self._tick = tick
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def arm(self, conn: Any, deadline: float) -> None:
        with self._lock:
            self._armed[threading.get_ident()] = (deadline, conn)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="links-watchdog")
                self._thread.daemon = True
                self._thread.start()

    def disarm(self) -> None:
        with self._lock:
            self._armed.pop(threading.get_ident(), None)

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            now = time.monotonic()
            with self._lock:
                late = [(k, c) for k, (d, c) in self._armed.items() if d <= now]
                for k, _ in late:
                    del self._armed[k]
            for _, conn in late:
                sock = getattr(conn, "sock", None)
                if sock is not None:
                    with suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop.set()


WATCHDOG = Watchdog()


def _watched(base: type[HTTPConnectionPool]) -> type[HTTPConnectionPool]:
    class Pool(base):  # type: ignore[valid-type,misc]
        def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
            deadline = getattr(_current, "deadline", None)
            if deadline is not None:
                WATCHDOG.arm(conn, deadline)
            try:
                return super()._make_request(conn, *args, **kwargs)
            finally:
                if deadline is not None:
                    WATCHDOG.disarm()

    return Pool


class _DeadlineAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _watched(HTTPConnectionPool),
            "https": _watched(HTTPSConnectionPool),
        }


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Requests made by this thread inside the block are cut at monotonic time `at`."""
    _current.deadline = at
    _current.started = time.monotonic()
    try:
        yield
    finally:
        _current.deadline = None


def read_within(resp: requests.Response, limit: int, at: float) -> bytes:
    """At most `limit` + 1 bytes of a streamed body, cut at monotonic time `at` like the
    request itself (a body trickling one byte per read would otherwise never time out)."""
    conn = getattr(resp.raw, "connection", None) or getattr(resp.raw, "_connection", None)
    if conn is not None:
        WATCHDOG.arm(conn, at)
    try:
        data: bytes = resp.raw.read(limit + 1, decode_content=True)
        return data[: limit + 1]
    finally:
        if conn is not None:
            WATCHDOG.disarm()


def elapsed() -> float:
    """Seconds since this thread's current (or last) request started, gate wait excluded."""
    return time.monotonic() - float(getattr(_current, "started", time.monotonic()))


def make_session(per_host: int, hosts: int = 64, user_agent: str | None = None) -> requests.Session:
    s = requests.Session()
    # trust_env makes requests look up proxies and ~/.netrc on EVERY request, a large share
    # of its CPU time per link; keep it only when a proxy is actually configured.
    s.trust_env = any(k.lower().endswith("_proxy") for k in os.environ)
    adapter = _DeadlineAdapter(
        pool_connections=max(hosts, 1), pool_maxsize=per_host + 2, max_retries=0
    )
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers["User-Agent"] = user_agent or (
        "Mozilla/5.0 (compatible; geoai-bot link checker; +https://github.com/geoai-bot)"
    )
    s.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    return s


class HostGates:
    """At most `per_host` requests in flight to one host, starts at least `interval` apart."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host = per_host
        self.interval = interval
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._sems.get(host)
            if sem is None:
                sem = self._sems[host] = threading.BoundedSemaphore(self.per_host)
        sem.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self.interval
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            sem.release()
