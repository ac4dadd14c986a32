"""The retry schedule, one owner: which failures are retried, how often, and how long to wait.

Why this shape (issue 14): a checker's wall time on a real list is set by its few dead
links, so a dead link must cost little, while everything that recovers is still caught.

- 429, or any retryable status WITH Retry-After: up to `retries` (3) tries, waiting what
  the server asks (up to `max_wait`); a 429 without Retry-After waits at least 1 s, doubling.
- 502/503/504 and Cloudflare's 52x without Retry-After (gateways and overload: transient by
  definition): 2 retries, `backoff` (0.25 s) then twice that, plus up to 25 % jitter.
- 500 and other 5xx, and 408, without Retry-After (a server error rarely clears in a
  second): 1 retry after `backoff`.
- A refused, reset or unreachable connection: 1 quick retry after `backoff`.
- A timeout or a name that does not resolve: 1 retry at once (the timeout was the wait).
"""

from __future__ import annotations

import email.utils
import random
import socket

RETRY_CODES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
TRANSIENT = frozenset({502, 503, 504, 520, 521, 522, 523, 524})
MIN_429_WAIT = 1.0  # a 429 that does not say how long: never hammer the host faster than this
JITTER = 0.25


def parse_retry_after(value: str | None, wall_now: float) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (`wall_now`
    is the current epoch time, from the checker's clock)."""
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
    return max(0.0, when.timestamp() - wall_now)


def allowed(kind: str, code: int | None, retry_after: float | None, retries: int) -> int:
    """How many retries a failure of this kind gets ("status", "conn", "timeout", "dns")."""
    if kind in ("timeout", "dns"):
        return min(retries, 1)
    if kind == "conn":
        return min(retries, 1)
    if retry_after is not None or code == 429:
        return retries
    if code in TRANSIENT:
        return min(retries, 2)
    return min(retries, 1)


def backoff_wait(n: int, code: int | None, backoff: float, max_wait: float) -> float:
    """The wait before retry number `n` (1-based) without Retry-After, jittered."""
    base = max(backoff, MIN_429_WAIT) if code == 429 else backoff
    wait = base * 2 ** (n - 1)
    return float(min(max_wait, wait + random.uniform(0, wait * JITTER)))


def root_cause(exc: BaseException) -> BaseException:
    """The innermost exception under requests/urllib3 wrappers (causes, args, reasons)."""
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


def is_dns(exc: BaseException) -> bool:
    root = root_cause(exc)
    return isinstance(root, socket.gaierror) or "NameResolutionError" in repr(exc)
