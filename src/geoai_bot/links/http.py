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
from dataclasses import dataclass
from typing import Any, cast

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.connection import create_connection

from geoai_bot.links.policy import Resolver, checked_addresses, system_resolver

_current = threading.local()


class Watchdog:
    """Shuts down the socket of any request still running past its deadline."""

    def __init__(self, tick: float = 0.05) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, Any]] = {}
        self._cut: set[int] = set()  # threads whose socket the watchdog shut down
        self._tick = tick
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def arm(self, conn: Any, deadline: float) -> None:
        with self._lock:
            self._armed[threading.get_ident()] = (deadline, conn)
            self._cut.discard(threading.get_ident())
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="links-watchdog")
                self._thread.daemon = True
                self._thread.start()

    def disarm(self) -> bool:
        """Stop watching this thread's request; True when the deadline had cut it."""
        ident = threading.get_ident()
        with self._lock:
            self._armed.pop(ident, None)
            cut = ident in self._cut
            self._cut.discard(ident)
            return cut

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            now = time.monotonic()
            with self._lock:
                late = [(k, c) for k, (d, c) in self._armed.items() if d <= now]
                for k, _ in late:
                    del self._armed[k]
                    self._cut.add(k)
            for _, conn in late:
                sock = getattr(conn, "sock", None)
                if sock is not None:
                    with suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop.set()


WATCHDOG = Watchdog()


@dataclass(frozen=True)
class Guard:
    """Which connections the private-address guard lets through, and how names resolve."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = frozenset()  # host or host:port, as in the URL
    resolve: Resolver = system_resolver

    def checks(self, host: str, port: int, default_port: int) -> bool:
        if self.allow_private or f"{host}:{port}" in self.allow_hosts:
            return False
        return not (port == default_port and host in self.allow_hosts)


def _pinned(base: type[HTTPConnection], guard: Guard) -> type[HTTPConnection]:
    """A connection class that resolves its host ONCE, refuses it if any address is private
    (policy.Refused), and connects the socket to one of exactly those addresses.

    Why: checking a name and then letting urllib3 resolve it again to connect leaves a
    DNS-rebinding gap (public address at the check, 127.0.0.1 at the connect). Only the
    socket's address is pinned: self.host stays the name, so the Host header, SNI and
    certificate verification are unchanged."""

    class Pinned(base):  # type: ignore[valid-type,misc]
        def _new_conn(self) -> socket.socket:
            if self.proxy:  # the proxy resolves the target; check.py guards that case
                return cast(socket.socket, super()._new_conn())
            host = self.host.rstrip(".")
            port = int(self.port or self.default_port)
            try:
                ips = checked_addresses(
                    host, port, guard.resolve, guard.checks(host.lower(), port, self.default_port)
                )
            except socket.gaierror as e:
                raise NameResolutionError(self.host, self, e) from e
            err: OSError | None = None
            for ip in ips:
                try:
                    return create_connection(
                        (ip, port),
                        self.timeout,
                        source_address=self.source_address,
                        socket_options=self.socket_options,
                    )
                except OSError as e:
                    err = e
            if isinstance(err, TimeoutError):
                msg = f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                raise ConnectTimeoutError(self, msg) from err
            raise NewConnectionError(self, f"Failed to establish a new connection: {err}") from err

    return Pinned


def _watched(
    base: type[HTTPConnectionPool], conn: type[HTTPConnection]
) -> type[HTTPConnectionPool]:
    class Pool(base):  # type: ignore[valid-type,misc]
        ConnectionCls = conn

        def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
            deadline = getattr(_current, "deadline", None)
            if deadline is not None:
                WATCHDOG.arm(conn, deadline)
            cut = False
            try:
                resp = super()._make_request(conn, *args, **kwargs)
            finally:
                if deadline is not None:
                    cut = WATCHDOG.disarm()
            if cut:
                # The socket was shut down while the status line or headers were arriving:
                # http.client takes the end of the stream for the end of the headers, so
                # a server that sends "200 OK" and then drips headers would look answered.
                resp.close()
                url = args[1] if len(args) > 1 else kwargs.get("url", "")
                raise ReadTimeoutError(self, url, "the answer's headers did not arrive in time")
            return resp

    return Pool


class _DeadlineAdapter(HTTPAdapter):
    def __init__(self, guard: Guard, **kwargs: Any) -> None:
        self.guard = guard  # before super().__init__, which calls init_poolmanager
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _watched(HTTPConnectionPool, _pinned(HTTPConnection, self.guard)),
            "https": _watched(HTTPSConnectionPool, _pinned(HTTPSConnection, self.guard)),
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


def make_session(
    per_host: int, hosts: int = 64, user_agent: str | None = None, guard: Guard | None = None
) -> requests.Session:
    """A pooled Session; every connection it opens (redirect hops included) goes through
    `guard` (default: refuse private addresses)."""
    s = requests.Session()
    # trust_env makes requests look up proxies and ~/.netrc on EVERY request, a large share
    # of its CPU time per link; keep it only when a proxy is actually configured.
    s.trust_env = any(k.lower().endswith("_proxy") for k in os.environ)
    adapter = _DeadlineAdapter(
        guard or Guard(), pool_connections=max(hosts, 1), pool_maxsize=per_host + 2, max_retries=0
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
            # The start is claimed only when it happens: a thread that wakes late from its
            # sleep (a busy machine) must not start closer than `interval` to the next one.
            while True:
                with self._lock:
                    now = time.monotonic()
                    start = self._next.get(host, now)
                    if start <= now:
                        self._next[host] = now + self.interval
                        break
                time.sleep(start - now)
            yield
        finally:
            sem.release()
