"""github.com repository links, checked through the GitHub REST API instead of HTML pages.

`GET /repos/{owner}/{repo}` says whether a repository exists, is archived, or was renamed
(the API answers the old name with the new `full_name`, or a 301 to /repositories/ID),
and it avoids github.com's HTML rate limits. https://docs.github.com/en/rest/repos/repos
"""

from __future__ import annotations

import json
import os
import re
import threading
import time

import requests
from urllib3.exceptions import HTTPError

from geoai_bot.links.check import Checker, parse_retry_after, read_bounded
from geoai_bot.links.model import LinkOutcome

DEFAULT_API = "https://api.github.com"
API_ENVS = ("GEOAI_BOT_GITHUB_API_URL", "GITHUB_API_URL")
MAX_BODY = 1024 * 1024
REPO_URL = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
    r"(?P<repo>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# First path segments that are GitHub pages, not users.
RESERVED = frozenset(
    {
        "about",
        "apps",
        "collections",
        "contact",
        "customer-stories",
        "enterprise",
        "events",
        "explore",
        "features",
        "issues",
        "login",
        "marketplace",
        "new",
        "notifications",
        "orgs",
        "organizations",
        "pricing",
        "pulls",
        "search",
        "security",
        "settings",
        "site",
        "sponsors",
        "topics",
        "trending",
        "users",
    }
)


def api_url() -> str:
    for name in API_ENVS:
        value = os.environ.get(name)
        if value:
            return value.rstrip("/")
    return DEFAULT_API


def repo_of(url: str) -> tuple[str, str] | None:
    """(owner, repo) for a github.com repository home-page URL, else None."""
    m = REPO_URL.match(url.strip())
    if not m or m.group("owner").lower() in RESERVED:
        return None
    return m.group("owner"), m.group("repo")


class GitHubRepos:
    """Repository checks through the API; after the rate limit runs out, `exhausted` is set
    and the caller falls back to ordinary HTTP checks for the remaining links."""

    def __init__(self, checker: Checker, base_url: str | None = None, token: str | None = None):
        self.checker = checker
        self.base = (base_url or api_url()).rstrip("/")
        self.token = token if token is not None else os.environ.get("GITHUB_TOKEN")
        self.exhausted = threading.Event()

    def _headers(self) -> dict[str, str]:
        h = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def _get(self, url: str) -> tuple[int, dict[str, str], bytes] | str:
        """GET following redirects (renamed repos), with retries; an error string on failure."""
        s = self.checker.s
        tries = 0
        while True:
            tries += 1
            hops = 0
            try:
                while True:
                    resp = self.checker.request("GET", url, headers=self._headers())
                    try:
                        loc = resp.headers.get("Location")
                        if resp.status_code in (301, 302, 307, 308) and loc and hops < 5:
                            hops += 1
                            url = requests.compat.urljoin(url, loc)
                            continue
                        body = read_bounded(resp, MAX_BODY, s.timeout)
                        code, headers = resp.status_code, dict(resp.headers)
                    finally:
                        resp.close()
                    break
            except (requests.RequestException, HTTPError, OSError) as exc:
                if tries > min(s.retries, 1):
                    return f"GitHub API unreachable ({type(exc).__name__})"
                time.sleep(s.backoff)
                continue
            limited = code == 429 or (code == 403 and headers.get("x-ratelimit-remaining") == "0")
            if (code >= 500 or limited) and tries <= s.retries:
                wait = parse_retry_after(headers.get("retry-after"))
                reset = headers.get("x-ratelimit-reset")
                if wait is None and limited and reset and reset.isdigit():
                    wait = max(0.0, int(reset) - time.time())
                if wait is None:
                    wait = s.backoff * 2 ** (tries - 1)
                if wait <= s.max_wait:
                    time.sleep(wait)
                    continue
            return code, headers, body

    def check(self, owner: str, repo: str, url: str) -> LinkOutcome | None:
        """The repository's state, or None when the API cannot say (caller checks over HTTP)."""
        if self.exhausted.is_set():
            return None
        got = self._get(f"{self.base}/repos/{owner}/{repo}")
        if isinstance(got, str):
            return None
        code, _headers, body = got
        if code == 200:
            try:
                data = json.loads(body)
            except ValueError:
                return None
            if not isinstance(data, dict):
                return None
            full = str(data.get("full_name") or "")
            html_url = str(data.get("html_url") or f"https://github.com/{full}")
            archived = bool(data.get("archived"))
            note = " (archived: read-only)" if archived else ""
            if full and full.lower() != f"{owner}/{repo}".lower():
                return LinkOutcome("redirect", 200, html_url, f"repository moved to {full}{note}")
            return LinkOutcome("ok", 200, None, "repository exists" + note)
        if code in (404, 410, 451):
            what = {404: "not found", 410: "gone", 451: "unavailable for legal reasons"}[code]
            return LinkOutcome(
                "broken", code, None, f"repository {owner}/{repo} {what} (GitHub API)"
            )
        if code in (403, 429):
            self.exhausted.set()
            return None
        if code == 401:
            return LinkOutcome("blocked", code, None, "GitHub API rejected GITHUB_TOKEN (401)")
        return None
