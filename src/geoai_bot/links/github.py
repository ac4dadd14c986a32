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
from urllib.parse import urlsplit

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


def _origin(url: str) -> tuple[str, str, int | None]:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return ("", "", None)  # never equal to the API's own origin


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
        self.token = token  # a value from the caller: the library never reads GITHUB_TOKEN
        self.exhausted = threading.Event()

    def _headers(self, url: str | None = None) -> dict[str, str]:
        """API headers; the token only for the API's own origin (scheme, host and port):
        a redirect elsewhere (or to plain http) must not carry it to a stranger."""
        h = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token and (url is None or _origin(url) == _origin(self.base)):
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def _get(self, url: str) -> tuple[int, dict[str, str], bytes] | str:
        """GET following redirects (renamed repos), with retries; an error string on failure."""
        s = self.checker.s
        clock = s.clock
        tries = 0
        while True:
            tries += 1
            hops = 0
            try:
                while True:
                    resp = self.checker.request("GET", url, headers=self._headers(url))
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
                clock.sleep(s.backoff)
                continue
            limited = code == 429 or (code == 403 and headers.get("x-ratelimit-remaining") == "0")
            if (code >= 500 or limited) and tries <= s.retries:
                wait = parse_retry_after(headers.get("retry-after"), clock.wall())
                reset = headers.get("x-ratelimit-reset")
                if wait is None and limited and reset and reset.isdigit():
                    wait = max(0.0, int(reset) - clock.wall())
                if wait is None:
                    wait = s.backoff * 2 ** (tries - 1)
                if wait <= s.max_wait:
                    clock.sleep(wait)
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
                msg = f"repository moved to {full}{note}"
                return LinkOutcome("redirect", 200, html_url, msg, permanent_chain=True)
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


DEEP_URL = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
    r"(?P<repo>[A-Za-z0-9._-]{1,100})/(?P<kind>blob|tree|releases|issues|pull|wiki)"
    r"(?:/(?P<rest>[^?#]*?))?/?(?:[?#].*)?$",
    re.IGNORECASE,
)


def deep_of(url: str) -> tuple[str, str, str, str] | None:
    """(owner, repo, API path under /repos/{owner}/{repo}, what) for a deep github.com link
    (a file, a tree, a release, an issue, a pull request, the wiki), else None. An empty
    API path means the repository's own state answers it (/releases, /wiki)."""
    m = DEEP_URL.match(url.strip())
    if not m or m.group("owner").lower() in RESERVED:
        return None
    owner, repo, kind = m.group("owner"), m.group("repo"), m.group("kind").lower()
    rest = [p for p in (m.group("rest") or "").split("/") if p]
    if kind in ("blob", "tree"):
        if not rest:
            return None
        ref, path = rest[0], "/".join(rest[1:])
        if path:  # a branch with "/" in its name reads as ref + path: then 404, see check_deep
            return owner, repo, f"contents/{path}?ref={ref}", f"{path} at {ref}"
        return owner, repo, f"commits/{ref}", f"branch or tag {ref}"
    if kind == "releases":
        if len(rest) == 2 and rest[0] == "tag":
            return owner, repo, f"releases/tags/{rest[1]}", f"release {rest[1]}"
        return owner, repo, "", "releases"
    if kind in ("issues", "pull"):
        if len(rest) >= 1 and rest[0].isdigit():
            api = "issues" if kind == "issues" else "pulls"
            noun = "issue" if kind == "issues" else "pull request"
            return owner, repo, f"{api}/{rest[0]}", f"{noun} #{rest[0]}"
        return owner, repo, "", kind
    return owner, repo, "", "wiki"


def check_deep(gh: GitHubRepos, url: str) -> LinkOutcome | None:
    """A deep link's state through the API (only with a token: 60 requests an hour without
    one would not last a list), or None when the API cannot say."""
    deep = deep_of(url)
    if deep is None or not gh.token or gh.exhausted.is_set():
        return None
    owner, repo, api, what = deep
    if not api:
        return gh.check(owner, repo, url)
    got = gh._get(f"{gh.base}/repos/{owner}/{repo}/{api}")
    if isinstance(got, str):
        return None
    code = got[0]
    if code == 200:
        return LinkOutcome("ok", 200, None, f"{what} exists (GitHub API)")
    if code in (404, 410, 451):
        # The repository's own state says whether the repository or only the part is gone.
        state = gh.check(owner, repo, f"https://github.com/{owner}/{repo}")
        if state is None or state.state not in ("ok", "redirect"):
            return state
        return LinkOutcome("broken", code, None, f"{what} not found in {owner}/{repo} (GitHub API)")
    if code in (403, 429):
        gh.exhausted.set()
        return None
    return None
