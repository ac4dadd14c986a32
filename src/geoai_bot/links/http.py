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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, cast

import requests
from requests.adapters import HTTPAdapter
from urllib3 import BaseHTTPResponse, Timeout
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util import Retry, parse_url
from urllib3.util.connection import create_connection

from geoai_bot.links.clock import REAL_CLOCK, Clock
from geoai_bot.links.limits import Limit
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


def read_within(resp: Reply | requests.Response, limit: int, at: float) -> bytes:
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
    """Per host: at most `per_host` requests in flight, and starts paced by a token bucket
    (GCRA): on average one start per `interval`, up to `burst` of them back to back, so in
    any window of T seconds at most `burst + T / interval` requests start. Each host has its
    own figures (`limit`, links/limits.py); `burst = 1` is a plain minimum spacing."""

    def __init__(self, limit: Callable[[str], Limit], clock: Clock = REAL_CLOCK) -> None:
        self.limit = limit
        self.clock = clock
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        # The bucket as a "theoretical arrival time": when the host's bucket is full again
        # (all `burst` starts available); each start pushes it `interval` later.
        self._tat: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        lim = self.limit(host)
        with self._lock:
            sem = self._sems.get(host)
            if sem is None:
                sem = self._sems[host] = threading.BoundedSemaphore(lim.per_host)
        sem.acquire()
        try:
            # The start is claimed only when it happens: a thread that wakes late from its
            # sleep (a busy machine) must not start closer than the bucket allows.
            slack = (max(1, lim.burst) - 1) * lim.interval
            while True:
                with self._lock:
                    now = self.clock.now()
                    tat = self._tat.get(host, now)
                    start = tat - slack
                    if start <= now:
                        self._tat[host] = max(tat, now) + lim.interval
                        break
                self.clock.sleep(start - now)
            yield
        finally:
            sem.release()


class Reply:
    """The parts of an HTTP answer the checker reads: status, headers (case-insensitive),
    reason, and the unread body stream `raw`. Built straight from urllib3 on the fast path,
    or from a requests.Response behind a proxy."""

    def __init__(
        self, status: int, headers: Any, reason: str | None, raw: Any, method: str = "GET"
    ) -> None:
        self.status_code = status
        self.headers = headers
        self.reason = reason
        self.raw = raw
        self.method = method

    @classmethod
    def of(cls, resp: requests.Response, method: str) -> Reply:
        return cls(resp.status_code, resp.headers, resp.reason, resp.raw, method)

    def close(self) -> None:
        """Give the connection back to the pool only when nothing of the answer is left
        unread on it (a HEAD, a 204/304, a fully drained body); else close it, so the next
        request on the connection never reads this answer's leftovers."""
        raw = self.raw
        done = (
            self.method == "HEAD"
            or self.status_code in (204, 304)
            or getattr(raw, "length_remaining", None) == 0
        )
        with suppress(Exception):
            if not done:
                raw.close()
            raw.release_conn()


_NO_RETRY = Retry(0, read=False, redirect=False)


def _tls_kwargs(verify: bool | str | None) -> dict[str, str]:
    """The pool settings requests derives from `session.verify` (same pool key, so both
    paths share connections): verification on, or a CA bundle file or directory."""
    if verify is False:
        return {"cert_reqs": "CERT_NONE"}
    if isinstance(verify, str):
        key = "ca_cert_dir" if os.path.isdir(verify) else "ca_certs"
        return {"cert_reqs": "CERT_REQUIRED", key: verify}
    return {"cert_reqs": "CERT_REQUIRED"}


def fast_request(
    session: requests.Session,
    method: str,
    url: str,
    headers: dict[str, str] | None,
    timeout: float,
) -> Reply:
    """One request through the session's own connection pools (same guard, same pinned and
    watched connections, same TLS verification) without requests' per-request machinery.

    Why: requests 2.34 spends about 1 ms of CPU per request preparing, hooking and cookie-
    parsing (runtime Protocol checks included) that a body-less link check never uses; on a
    shared 2-core runner that CPU, not the network, set the wall time (issue 14). Errors are
    raised as the requests exceptions HTTPAdapter.send would raise, so callers see one
    vocabulary. Not for proxied URLs (the caller uses the session then)."""
    adapter = session.get_adapter(url)
    if not isinstance(adapter, HTTPAdapter):  # pragma: no cover - make_session mounts ours
        return Reply.of(session.request(method, url, headers=headers, stream=True), method)
    try:
        u = parse_url(requests.utils.requote_uri(url))
        pool = adapter.poolmanager.connection_from_host(
            u.host, u.port, u.scheme or "http", pool_kwargs=_tls_kwargs(session.verify)
        )
    except (LocationValueError, ValueError) as e:
        raise requests.exceptions.InvalidURL(e) from e
    merged = dict(session.headers)
    if headers:
        merged.update(headers)
    try:
        resp: BaseHTTPResponse = pool.urlopen(
            method,
            u.request_uri,
            headers=merged,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=False,
            retries=_NO_RETRY,
            timeout=Timeout(connect=timeout, read=timeout),
        )
    except (ProtocolError, OSError) as e:
        raise requests.exceptions.ConnectionError(e) from e
    except MaxRetryError as e:
        why = e.reason
        if isinstance(why, ConnectTimeoutError) and not isinstance(why, NewConnectionError):
            raise requests.exceptions.ConnectTimeout(e) from e
        if isinstance(why, Urllib3SSLError):
            raise requests.exceptions.SSLError(e) from e
        raise requests.exceptions.ConnectionError(e) from e
    except ClosedPoolError as e:
        raise requests.exceptions.ConnectionError(e) from e
    except Urllib3SSLError as e:
        raise requests.exceptions.SSLError(e) from e
    except ReadTimeoutError as e:
        raise requests.exceptions.ReadTimeout(e) from e
    except HTTPError as e:
        raise requests.exceptions.ConnectionError(e) from e
    return Reply(resp.status, resp.headers, resp.reason, resp, method)
