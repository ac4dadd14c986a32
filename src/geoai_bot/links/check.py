"""Check one web URL: HEAD then a body-less GET, redirects by hand, retries that are polite.

Outcomes are values. States: ok, redirect (moved permanently; final URL reported),
broken, timeout, blocked (bot walls, rate limits that outlast our patience), excluded.
"""

from __future__ import annotations

import email.utils
import errno
import random
import socket
import time
from contextlib import suppress
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import HTTPError

from .http import HostGates, deadline, elapsed, make_session, read_within
from .model import Outcome
from .policy import host_key, resolved_reason

RETRY_CODES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
DRAIN_LIMIT = 16 * 1024


@dataclass(frozen=True)
class Settings:
    """Knobs of the checker; the CLI fills them from geoai-bot.toml's [links] table."""

    timeout: float = 10.0  # connect timeout, read timeout, and hard deadline per request
    url_deadline: float = 60.0  # total time one URL may take, retries included
    retries: int = 3
    backoff: float = 1.0  # first retry wait; doubles, with jitter
    max_wait: float = 30.0  # cap on any wait, Retry-After included
    concurrency: int = 64
    per_host: int = 8
    interval: float = 0.01
    max_redirects: int = 10
    allow_private: bool = False
    accept: frozenset[int] = field(default_factory=frozenset)
    # host:port pairs allowed even when private (an intranet mirror, a test farm); every
    # other private address stays refused, redirect hops included.
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    user_agent: str | None = None


@dataclass
class Tries:
    """Retry bookkeeping for one URL across attempts."""

    retries: int = 0
    timeouts: int = 0
    give_up: float = 0.0


@dataclass(frozen=True)
class _Try:
    """One attempt's outcome plus what the retry loop needs to know."""

    outcome: Outcome
    retry: str = "no"  # "no", "yes", "timeout", "dns"
    retry_after: float | None = None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    base = time.time() if now is None else now
    return max(0.0, when.timestamp() - base)


def _reason(code: int, resp: requests.Response) -> str:
    text = (resp.reason or "").strip()
    return f"{code} {text}".strip() if text else str(code)


def _root_cause(exc: BaseException) -> BaseException:
    seen = set()
    cur: BaseException | None = exc
    last = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        last = cur
        nxt = cur.__cause__ or cur.__context__
        if nxt is None and cur.args and isinstance(cur.args[0], BaseException):
            nxt = cur.args[0]
        reason = getattr(cur, "reason", None)
        if nxt is None and isinstance(reason, BaseException):
            nxt = reason
        cur = nxt
    return last


def _is_dns(exc: BaseException) -> bool:
    root = _root_cause(exc)
    return isinstance(root, socket.gaierror) or "NameResolutionError" in repr(exc)


class Checker:
    """Thread-safe: one Checker, many worker threads."""

    def __init__(self, settings: Settings, session: requests.Session | None = None) -> None:
        self.s = settings
        self.session = session or make_session(settings.per_host, user_agent=settings.user_agent)
        self.gates = HostGates(settings.per_host, settings.interval)

    def close(self) -> None:
        self.session.close()

    # -- one request ---------------------------------------------------------------
    def request(
        self, method: str, url: str, headers: dict[str, str] | None = None, close: bool = False
    ) -> requests.Response:
        """One request through the host gate, under a hard deadline; the body is NOT read
        (`close` closes the response inside the gate, so its connection goes back to the
        pool before another request to the host starts; else the caller closes it)."""
        t = self.s.timeout
        at = time.monotonic() + t
        with self.gates.slot(host_key(url)), deadline(at):
            resp = self.session.request(
                method,
                url,
                headers=headers,
                allow_redirects=False,
                stream=True,
                timeout=(t, t),
            )
            if close:
                # A small body with a known length is drained (still under the deadline) so
                # the connection can be reused; anything else is dropped unread.
                length = resp.headers.get("Content-Length", "")
                if method == "GET" and length.isdigit() and int(length) <= DRAIN_LIMIT:
                    with suppress(requests.RequestException, OSError, ValueError, HTTPError):
                        read_within(resp, DRAIN_LIMIT, at)
                resp.close()
            return resp

    def _attempt_request(self, method: str, url: str) -> requests.Response | _Try:
        try:
            return self.request(method, url, close=True)
        except requests.exceptions.ConnectTimeout:
            return _Try(
                Outcome(
                    "timeout", message=f"no connection within {self.s.timeout:g} s", no_answer=True
                ),
                "timeout",
            )
        except requests.exceptions.ReadTimeout:
            return _Try(
                Outcome("timeout", message=f"no answer within {self.s.timeout:g} s"), "timeout"
            )
        except requests.exceptions.SSLError as exc:
            return _Try(Outcome("broken", message=f"TLS error: {_root_cause(exc)}"[:200]))
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            ValueError,
        ) as exc:
            return _Try(Outcome("broken", message=f"invalid URL: {exc}"[:200]))
        except requests.exceptions.RequestException as exc:
            if elapsed() >= self.s.timeout * 0.95:
                msg = f"no complete answer within {self.s.timeout:g} s"
                return _Try(Outcome("timeout", message=msg), "timeout")
            if _is_dns(exc):
                host = urlsplit(url).hostname
                return _Try(
                    Outcome("broken", message=f"{host} does not resolve", no_answer=True), "dns"
                )
            root = _root_cause(exc)
            if isinstance(root, ConnectionRefusedError):
                return _Try(Outcome("broken", message="connection refused"), "yes")
            if isinstance(root, OSError) and root.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
                return _Try(Outcome("broken", message="network unreachable", no_answer=True), "yes")
            if isinstance(root, ConnectionResetError):
                return _Try(Outcome("broken", message="connection reset by the server"), "yes")
            name = type(root).__name__
            return _Try(Outcome("broken", message=f"connection error ({name})"), "yes")

    def _probe(self, url: str) -> requests.Response | _Try:
        """HEAD, then a streamed GET when HEAD is refused or fails (405, 403, 404, 501, ...)."""
        r = self._attempt_request("HEAD", url)
        if isinstance(r, requests.Response):
            if r.status_code < 400 or r.status_code in (429, 999):
                return r
        elif r.retry in ("timeout", "dns") or r.outcome.message == "connection refused":
            return r
        return self._attempt_request("GET", url)

    # -- one pass through the redirect chain --------------------------------------
    def _guard(self, url: str) -> _Try | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return _Try(Outcome("broken", message="not an http(s) URL"))
        if self.s.allow_private or host_key(url) in self.s.allow_hosts:
            return None
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            reason = resolved_reason(parts.hostname, port)
        except OSError:
            msg = f"{parts.hostname} does not resolve"
            return _Try(Outcome("broken", message=msg, no_answer=True), "dns")
        except ValueError:
            return _Try(Outcome("broken", message="invalid port"))
        if reason:
            msg = f"refused: {reason} (use --allow-private to check it)"
            return _Try(Outcome("excluded", message=msg))
        return None

    def _once(self, url: str) -> _Try:
        seen = {url}
        current = url
        permanent = False
        for _hop in range(self.s.max_redirects + 1):
            refused = self._guard(current)
            if refused is not None:
                return refused
            r = self._probe(current)
            if isinstance(r, _Try):
                return r
            code = r.status_code
            location = r.headers.get("Location")
            if code in REDIRECT_CODES and location:
                nxt = urljoin(current, location.strip())
                permanent = permanent or code in PERMANENT
                if nxt in seen:
                    return _Try(Outcome("broken", code, nxt, f"redirect loop at {nxt}"))
                seen.add(nxt)
                current = nxt
                continue
            return self._classify(url, current, r, permanent)
        msg = f"more than {self.s.max_redirects} redirects"
        return _Try(Outcome("broken", None, current, msg))

    def _classify(self, url: str, final: str, r: requests.Response, permanent: bool) -> _Try:
        code = r.status_code
        why = _reason(code, r)
        moved = final if final != url else None
        if 200 <= code < 300 or code in self.s.accept:
            if permanent and moved:
                return _Try(Outcome("redirect", code, moved, f"moved permanently to {moved}"))
            return _Try(Outcome("ok", code, moved, why))
        if code == 999:
            return _Try(Outcome("blocked", code, moved, "999: the site refuses robots (LinkedIn)"))
        if code in (403, 503) and (
            "cf-mitigated" in r.headers
            or (code == 403 and "cloudflare" in r.headers.get("Server", "").lower())
        ):
            msg = f"{why}: Cloudflare bot challenge; check it in a browser"
            return _Try(Outcome("blocked", code, moved, msg))
        if code in RETRY_CODES:
            after = parse_retry_after(r.headers.get("Retry-After"))
            return _Try(Outcome("broken", code, moved, why), "yes", after)
        return _Try(Outcome("broken", code, moved, why))

    # -- the retry loop -----------------------------------------------------------
    def step(self, url: str, tries: Tries) -> Outcome | float:
        """One attempt: the final Outcome, or how many seconds to wait before the next.

        The scheduler re-queues a URL that must wait, so a sleeping retry holds neither a
        worker nor a host slot; `check` is the same loop for one URL in one thread."""
        s = self.s
        if tries.give_up == 0.0:
            tries.give_up = time.monotonic() + s.url_deadline
        t = self._once(url)
        if t.retry == "no":
            return t.outcome
        if t.retry in ("timeout", "dns"):
            tries.timeouts += 1
            if tries.timeouts > 1:
                return t.outcome
        tries.retries += 1
        if tries.retries > s.retries:
            return self._exhausted(t, tries.retries)
        if t.retry == "timeout":
            wait = 0.0  # the timeout itself was the wait; a second try starts at once
        elif t.retry_after is not None:
            if t.retry_after > s.max_wait:
                return self._exhausted(
                    t, tries.retries, f"Retry-After {t.retry_after:g} s is too long"
                )
            wait = t.retry_after
        else:
            base = s.backoff * 2 ** (tries.retries - 1)
            wait = min(s.max_wait, base + random.uniform(0, base / 2))
        if time.monotonic() + wait > tries.give_up:
            return self._exhausted(t, tries.retries, "per-URL deadline reached")
        return wait

    def check(self, url: str) -> Outcome:
        tries = Tries()
        while True:
            r = self.step(url, tries)
            if isinstance(r, Outcome):
                return r
            time.sleep(r)

    @staticmethod
    def _exhausted(t: _Try, tries: int, why: str = "") -> Outcome:
        o = t.outcome
        note = why or f"after {tries} tries"
        if o.code == 429:
            return Outcome("blocked", 429, o.final_url, f"429 rate limited, {note}")
        return Outcome(o.state, o.code, o.final_url, f"{o.message} ({note})", o.no_answer)


def read_bounded(resp: requests.Response, limit: int, timeout: float) -> bytes:
    """At most `limit` + 1 bytes of a streamed body (JSON from an API), within `timeout` s."""
    return read_within(resp, limit, time.monotonic() + timeout)
