"""Check one web URL: HEAD then a body-less GET, redirects by hand, retries that are polite.

Outcomes are values. States: ok, redirect (moved permanently; final URL reported),
broken, timeout, blocked (bot walls, rate limits that outlast our patience), excluded.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import HTTPError

from geoai_bot.core.config import LinksConfig
from geoai_bot.links.clock import REAL_CLOCK, Clock
from geoai_bot.links.http import (
    Guard,
    HostGates,
    Reply,
    deadline,
    elapsed,
    fast_request,
    make_session,
    read_within,
)
from geoai_bot.links.limits import Limit, Override, resolver
from geoai_bot.links.model import LinkOutcome
from geoai_bot.links.policy import (
    Refused,
    Resolver,
    host_key,
    host_of,
    resolved_reason,
    system_resolver,
)
from geoai_bot.links.retry import (
    RETRY_CODES,
    allowed,
    backoff_wait,
    is_dns,
    parse_retry_after,
    root_cause,
)

__all__ = ["Checker", "Settings", "Tries", "parse_retry_after", "read_bounded"]
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RATE_LIMITED_SKIP = frozenset({"github.com", "www.github.com", "gist.github.com"})
DRAIN_LIMIT = 16 * 1024
REFUSAL = "refused: {} (use --allow-private to check it)"
CONTINUE = 0.0  # step() result: run this URL's next step as soon as its host has room


_LINKS = LinksConfig.model_fields


@dataclass(frozen=True)
class Settings:
    """Knobs of the checker, from geoai-bot.toml's [links] table, whose model owns every
    default (core/config.py): a checker built without a config file behaves the same."""

    timeout: float = _LINKS["timeout"].default  # connect, read, and hard deadline per request
    url_deadline: float = _LINKS["deadline"].default  # one URL's total time, retries included
    retries: int = _LINKS["retries"].default  # the most any failure gets (retry.py: how many)
    backoff: float = _LINKS["backoff"].default  # first retry wait; doubles, with jitter
    max_wait: float = _LINKS["max_wait"].default  # cap on any wait, Retry-After included
    concurrency: int = _LINKS["concurrency"].default
    per_host: int = _LINKS["per_host"].default  # generic hosts; documented ones: limits.py
    interval: float = _LINKS["interval"].default  # a token bucket of starts: `interval` apart
    burst: int = _LINKS["burst"].default  # on average, `burst` back to back (limits.py)
    hosts: Mapping[str, Override] = field(default_factory=dict)  # [links.hosts."NAME"]
    limit: Callable[[str], Limit] | None = None  # host -> Limit; links/run.py knows the tokens
    max_redirects: int = _LINKS["max_redirects"].default
    allow_private: bool = False
    accept: frozenset[int] = field(default_factory=frozenset)
    # host:port pairs allowed when private (an intranet mirror, a test farm), hops included.
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    user_agent: str | None = None
    # How names resolve (tests inject a stub DNS here); the connection uses this one answer.
    resolve: Resolver = system_resolver
    # Time for retry waits, Retry-After and per-host spacing (tests inject a fake clock).
    clock: Clock = REAL_CLOCK


@dataclass
class Tries:
    """One URL's progress: retry bookkeeping across attempts, and where the current attempt
    stands in its redirect chain (each step makes ONE request, so the scheduler can run
    every URL's first request before anyone's GET fallbacks and later hops)."""

    retries: int = 0
    timeouts: int = 0
    give_up: float = 0.0
    current: str | None = None  # None: the next step starts a new attempt at the URL
    seen: set[str] = field(default_factory=set)
    permanent: bool = False
    temporary: bool = False  # a 302/303/307 somewhere in the chain
    hops: int = 0
    use_get: bool = False  # the next request to `current` is the GET fallback
    # A retry goes straight to GET after a timeout (some servers never answer HEAD) or
    # after an attempt whose HEAD already failed over to GET (HEAD would fail again).
    after_timeout: bool = False
    got_via_get: bool = False

    def begin(self, url: str) -> None:
        self.current, self.seen, self.permanent, self.hops = url, {url}, False, 0
        self.temporary = False
        self.use_get = self.after_timeout or self.got_via_get


@dataclass(frozen=True)
class _Try:
    """One attempt's outcome plus what the retry loop needs to know."""

    outcome: LinkOutcome
    retry: str = "no"  # "no", "status", "conn", "timeout", "dns" (retry.allowed)
    retry_after: float | None = None
    url: str = ""  # the URL answered (the last hop)


def _reason(code: int, resp: Reply) -> str:
    text = (resp.reason or "").strip()
    return f"{code} {text}".strip() if text else str(code)


class Checker:
    """Thread-safe: one Checker, many worker threads."""

    def __init__(self, settings: Settings, session: requests.Session | None = None) -> None:
        self.s = settings
        guard = Guard(settings.allow_private, settings.allow_hosts, settings.resolve)
        widest = max([settings.per_host] + [o[0] for o in settings.hosts.values() if o[0]])
        self.session = session or make_session(widest, user_agent=settings.user_agent, guard=guard)
        self.clock = settings.clock
        generic = Limit(settings.per_host, settings.interval, settings.burst)
        self.limit = settings.limit or resolver(generic, settings.hosts)
        self.gates = HostGates(self.limit, settings.clock)

    def close(self) -> None:
        self.session.close()

    # -- one request ---------------------------------------------------------------
    def request(
        self, method: str, url: str, headers: dict[str, str] | None = None, close: bool = False
    ) -> Reply:
        """One request through the host gate, under a hard deadline; the body is NOT read
        (`close` closes the response inside the gate, so its connection goes back to the
        pool before another request to the host starts; else the caller closes it)."""
        t = self.s.timeout
        with self.gates.slot(host_key(url)):
            # The deadline starts once the gate lets the request go: waiting for a busy
            # host's slot or interval is not the server being slow.
            at = time.monotonic() + t
            with deadline(at):
                if self._proxied(url):
                    resp = Reply.of(
                        self.session.request(
                            method,
                            url,
                            headers=headers,
                            allow_redirects=False,
                            stream=True,
                            timeout=(t, t),
                        ),
                        method,
                    )
                else:
                    resp = fast_request(self.session, method, url, headers, t)
                if close:
                    # A small body with a known length is drained (still under the deadline) so
                    # the connection can be reused; anything else is dropped unread.
                    length = resp.headers.get("Content-Length", "")
                    if method == "GET" and length.isdigit() and int(length) <= DRAIN_LIMIT:
                        with suppress(requests.RequestException, OSError, ValueError, HTTPError):
                            read_within(resp, DRAIN_LIMIT, at)
                    resp.close()
                return resp

    def _proxied(self, url: str) -> bool:
        env = self.session.trust_env and requests.utils.get_environ_proxies(url)
        return bool(self.session.proxies or env)

    def _attempt_request(self, method: str, url: str) -> Reply | _Try:
        try:
            return self.request(method, url, close=True)
        except Refused as exc:  # raised by the connection itself (http.py), every hop
            return _Try(LinkOutcome("excluded", message=REFUSAL.format(exc)))
        except requests.exceptions.ConnectTimeout:
            return _Try(
                LinkOutcome(
                    "timeout", message=f"no connection within {self.s.timeout:g} s", no_answer=True
                ),
                "timeout",
            )
        except requests.exceptions.ReadTimeout:
            return _Try(
                LinkOutcome("timeout", message=f"no answer within {self.s.timeout:g} s"), "timeout"
            )
        except requests.exceptions.SSLError as exc:
            return _Try(LinkOutcome("broken", message=f"TLS error: {root_cause(exc)}"[:200]))
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            ValueError,
        ) as exc:
            return _Try(LinkOutcome("broken", message=f"invalid URL: {exc}"[:200]))
        except requests.exceptions.RequestException as exc:
            if elapsed() >= self.s.timeout * 0.95:
                msg = f"no complete answer within {self.s.timeout:g} s"
                return _Try(LinkOutcome("timeout", message=msg), "timeout")
            if is_dns(exc):
                host = urlsplit(url).hostname
                return _Try(
                    LinkOutcome("broken", message=f"{host} does not resolve", no_answer=True), "dns"
                )
            root = root_cause(exc)
            if isinstance(root, ConnectionRefusedError):
                return _Try(LinkOutcome("broken", message="connection refused"), "conn")
            if isinstance(root, OSError) and root.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
                return _Try(
                    LinkOutcome("broken", message="network unreachable", no_answer=True), "conn"
                )
            if isinstance(root, ConnectionResetError):
                return _Try(LinkOutcome("broken", message="connection reset by the server"), "conn")
            name = type(root).__name__
            return _Try(LinkOutcome("broken", message=f"connection error ({name})"), "conn")

    # -- one pass through the redirect chain --------------------------------------
    def _guard(self, url: str) -> _Try | None:
        try:
            parts = urlsplit(url)
            _ = parts.port
        except ValueError:
            return _Try(LinkOutcome("broken", message="invalid URL (host or port)"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return _Try(LinkOutcome("broken", message="not an http(s) URL"))
        # The address check itself happens when the connection is made (http.py), on the
        # very addresses it connects to. Only through a proxy, which resolves the name
        # itself, is it done here, before the request (a rebinding gap we cannot close).
        if not self._proxied(url):
            return None
        if self.s.allow_private or host_key(url) in self.s.allow_hosts:
            return None
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            reason = resolved_reason(parts.hostname, port, self.s.resolve)
        except OSError:
            msg = f"{parts.hostname} does not resolve"
            return _Try(LinkOutcome("broken", message=msg, no_answer=True), "dns")
        except ValueError:
            return _Try(LinkOutcome("broken", message="invalid port"))
        return _Try(LinkOutcome("excluded", message=REFUSAL.format(reason))) if reason else None

    def _advance(self, url: str, tries: Tries) -> _Try | None:
        """One request of the current attempt: a finished attempt (_Try), or None when the
        attempt continues (a GET fallback or the next redirect hop) in a later step.

        HEAD first; a streamed GET when HEAD is refused or fails (405, 403, 404, 501, ...),
        except on 429/999 (the answer stands) and when nothing answered at all."""
        cur = tries.current or url
        refused = self._guard(cur)
        if refused is not None:
            return refused
        method = "GET" if tries.use_get else "HEAD"
        tries.use_get = False
        r = self._attempt_request(method, cur)
        if method == "HEAD":
            if isinstance(r, Reply):
                fallback = r.status_code >= 400 and r.status_code not in (429, 999)
            else:
                no_answer = (
                    r.retry in ("timeout", "dns") or r.outcome.message == "connection refused"
                )
                fallback = not no_answer
            if isinstance(r, _Try) and r.outcome.state == "excluded":
                return r  # refused by the guard: a GET would be refused the same way
            if fallback:
                tries.use_get = True
                tries.got_via_get = True
                return None
        if isinstance(r, _Try):
            return r
        location = r.headers.get("Location")
        if r.status_code in REDIRECT_CODES and location:
            nxt = urljoin(cur, location.strip())
            tries.permanent = tries.permanent or r.status_code in PERMANENT
            tries.temporary = tries.temporary or r.status_code not in PERMANENT
            if nxt in tries.seen:
                return _Try(LinkOutcome("broken", r.status_code, nxt, f"redirect loop at {nxt}"))
            tries.hops += 1
            if tries.hops > self.s.max_redirects:
                msg = f"more than {self.s.max_redirects} redirects"
                return _Try(LinkOutcome("broken", None, nxt, msg))
            tries.seen.add(nxt)
            tries.current = nxt
            return None
        return self._classify(url, cur, r, tries.permanent, tries.temporary)

    def _classify(
        self, url: str, final: str, r: Reply, permanent: bool, temporary: bool = False
    ) -> _Try:
        code = r.status_code
        why = _reason(code, r)
        moved = final if final != url else None
        if 200 <= code < 300 or code in self.s.accept:
            if permanent and moved:
                msg = f"moved permanently to {moved}"
                return _Try(
                    LinkOutcome("redirect", code, moved, msg, permanent_chain=not temporary)
                )
            return _Try(LinkOutcome("ok", code, moved, why))
        if code == 999:
            return _Try(
                LinkOutcome("blocked", code, moved, "999: the site refuses robots (LinkedIn)")
            )
        if code in (403, 503) and (
            "cf-mitigated" in r.headers
            or (code == 403 and "cloudflare" in r.headers.get("Server", "").lower())
        ):
            msg = f"{why}: Cloudflare bot challenge; check it in a browser"
            return _Try(LinkOutcome("blocked", code, moved, msg))
        if code in RETRY_CODES:
            after = parse_retry_after(r.headers.get("Retry-After"), self.clock.wall())
            return _Try(LinkOutcome("broken", code, moved, why), "status", after, final)
        return _Try(LinkOutcome("broken", code, moved, why))

    # -- the retry loop -----------------------------------------------------------
    def step(self, url: str, tries: Tries) -> LinkOutcome | float:
        """One request for URL: the final LinkOutcome, or how many seconds to wait before the
        next step (CONTINUE: at once, behind the host's other work).

        The scheduler re-queues a URL that must wait, so a sleeping retry holds neither a
        worker nor a host slot; `check` is the same loop for one URL in one thread."""
        s = self.s
        if tries.give_up == 0.0:
            tries.give_up = self.clock.now() + s.url_deadline
        if tries.current is None:
            tries.begin(url)
        got = self._advance(url, tries)
        if got is None:
            return CONTINUE
        t = got
        tries.current = None
        tries.after_timeout = t.retry == "timeout"
        if t.retry == "no":
            return t.outcome
        if t.retry in ("timeout", "dns"):
            tries.timeouts += 1
            if tries.timeouts > allowed(t.retry, None, None, s.retries):
                return t.outcome
        tries.retries += 1
        n = tries.retries
        if n > allowed(t.retry, t.outcome.code, t.retry_after, s.retries):
            return self._exhausted(t, tries.retries)
        if t.retry in ("timeout", "dns"):
            wait = CONTINUE  # the timeout itself was the wait; the one retry starts at once
        elif t.retry_after is not None:
            if t.retry_after > s.max_wait:
                return self._exhausted(
                    t, tries.retries, f"Retry-After {t.retry_after:g} s is too long"
                )
            wait = t.retry_after
        else:
            wait = backoff_wait(n, t.outcome.code, s.backoff, s.max_wait)
        if self.clock.now() + wait > tries.give_up:
            return self._exhausted(t, tries.retries, "per-URL deadline reached")
        return wait

    def check(self, url: str) -> LinkOutcome:
        tries = Tries()
        while True:
            r = self.step(url, tries)
            if isinstance(r, LinkOutcome):
                return r
            if r > CONTINUE:
                self.clock.sleep(r)

    @staticmethod
    def _exhausted(t: _Try, tries: int, why: str = "") -> LinkOutcome:
        o = t.outcome
        note = why or f"after {tries} tries"
        if o.code == 429 and host_of(t.url) in RATE_LIMITED_SKIP:
            # github.com's HTML pages rate-limit robots per IP: the page's state is unknown,
            # not broken, and a later run (or the API with a token) will know.
            msg = f"429 rate-limited by {host_of(t.url)}, try later ({note})"
            return LinkOutcome("skipped", 429, o.final_url, msg)
        if o.code == 429:
            return LinkOutcome("blocked", 429, o.final_url, f"429 rate limited, {note}")
        return LinkOutcome(o.state, o.code, o.final_url, f"{o.message} ({note})", o.no_answer)


def read_bounded(resp: Reply, limit: int, timeout: float) -> bytes:
    """At most `limit` + 1 bytes of a streamed body (JSON from an API), within `timeout` s."""
    return read_within(resp, limit, time.monotonic() + timeout)
