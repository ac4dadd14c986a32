"""Bounded, safe retries for GitHub API calls made through PyGithub.

Why our own retry loop instead of PyGithub's `GithubRetry`: the default retries POST
(a comment GitHub created before answering 502 would be posted twice) and not PATCH
(`issue.edit` fails on the first 502), waits 60 s on a secondary rate limit without
`Retry-After`, and surfaces exhausted retries as `requests.exceptions.RetryError`.
Here: PyGithub runs with `retry=None`; GET, PATCH, DELETE and content-addressed Git
Data POSTs are retried on 5xx/429/secondary-rate-limit 403 with backoff that honours
`Retry-After`, within a bounded total wait; other POSTs re-read GitHub's state before
trying again ("did my first attempt land?"). See docs/submissions.md.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import requests
from github import GithubException

from geoai_bot.github.types import ForgeConflict, ForgeError

T = TypeVar("T")


def _header(exc: GithubException, name: str) -> str | None:
    for k, v in (exc.headers or {}).items():
        if k.lower() == name.lower():
            return str(v)
    return None


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    msg = str(data.get("message") or exc.message or "")
    errors = data.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        detail = first.get("message") if isinstance(first, dict) else str(first)
        if detail:
            msg = f"{msg}: {detail}" if msg else str(detail)
    return msg or f"HTTP {exc.status}"


def is_transient(exc: GithubException) -> bool:
    """5xx, 429, and the 403s GitHub uses for rate limits (with Retry-After or saying so)."""
    if exc.status >= 500 or exc.status == 429:
        return True
    if exc.status == 403:
        text = _message(exc).lower()
        return (
            _header(exc, "Retry-After") is not None
            or "rate limit" in text
            or _header(exc, "X-RateLimit-Remaining") == "0"
        )
    return False


def _until_reset(exc: GithubException) -> str | None:
    """Seconds until a primary rate limit resets (`X-RateLimit-Remaining: 0`)."""
    reset = _header(exc, "X-RateLimit-Reset")
    if _header(exc, "X-RateLimit-Remaining") != "0" or reset is None:
        return None
    try:
        return str(max(0.0, float(reset) - time.time()))
    except ValueError:
        return None


class Retrying:
    """The retry loop and its wait budget, shared by every call of one forge."""

    def __init__(
        self,
        *,
        max_wait: float = 120.0,
        attempts: int = 5,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_wait = max_wait
        self.attempts = attempts
        self.backoff = backoff
        self.sleep = sleep
        self.waited = 0.0

    def call(
        self,
        step: str,
        fn: Callable[[], T],
        *,
        recheck: Callable[[], T | None] | None = None,
        conflict: bool = False,
    ) -> T:
        """Run FN; retry transient failures within the wait budget. With RECHECK (for a
        non-idempotent create), look first whether the earlier attempt landed."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except GithubException as exc:
                if not is_transient(exc):
                    kind = ForgeConflict if conflict and exc.status in (409, 422) else ForgeError
                    raise kind(step, _message(exc), exc.status) from None
                retry_after = _header(exc, "Retry-After") or _until_reset(exc)
                reason, status = _message(exc), exc.status
            except (requests.exceptions.RequestException, OSError) as exc:
                retry_after, reason, status = None, exc.__class__.__name__, None
            wait = self._wait(attempt, retry_after)
            if attempt >= self.attempts or wait is None:
                raise ForgeError(step, f"{reason} (gave up after {attempt} attempts)", status)
            self.sleep(wait)
            self.waited += wait
            if recheck is not None:
                found = self._quiet(recheck)
                if found is not None:
                    return found

    def _wait(self, attempt: int, retry_after: str | None) -> float | None:
        """Seconds to wait before the next attempt, or None when over the budget."""
        if retry_after is not None:
            try:
                wait = max(0.0, float(retry_after))
            except ValueError:
                wait = self.backoff * 2 ** (attempt - 1)
        else:
            wait = self.backoff * 2 ** (attempt - 1) * (0.5 + random.random() / 2)
        if self.waited + wait > self.max_wait:
            return None
        return wait

    def _quiet(self, fn: Callable[[], T | None]) -> T | None:
        try:
            return fn()
        except (GithubException, requests.exceptions.RequestException, OSError):
            return None
