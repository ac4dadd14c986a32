"""Host rules for the sites paper lists link to most, besides GitHub (github.py) and arXiv
(arxiv_check.py): Hugging Face through its public Hub API, and share links behind logins.

- Hugging Face: `huggingface.co/{owner}/{name}` (a model), `/datasets/{owner}/{name}`,
  `/spaces/{owner}/{name}` are asked of `GET /api/models|datasets|spaces/{id}`
  (https://huggingface.co/docs/hub/api). A gated repository answers 200 with `"gated"`
  set: ok, with a note (the page needs a login and an accepted licence, but it exists).
  Without a token, the Hub answers 401 for a repository that does not exist or is private
  (it does not say which), 404 for unknown ids: both are broken.
- Google Drive / Docs, Baidu Pan, OneDrive and similar share links answer a login or a
  consent page to a robot whatever the file's state: `blocked` with the reason, no request.
"""

from __future__ import annotations

import json
import os
import re

from geoai_bot.links.check import Checker, read_bounded
from geoai_bot.links.model import LinkOutcome
from geoai_bot.links.policy import host_of

HF_API_ENV = "GEOAI_BOT_HF_API_URL"
DEFAULT_HF = "https://huggingface.co"
MAX_BODY = 1024 * 1024
_HF_ID = r"(?P<id>[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95})"
HF_URL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:(?P<kind>datasets|spaces)/)?"
    + _HF_ID
    + r"(?:/(?:tree|blob|resolve)/[^?#]*)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# First path segments of huggingface.co that are site pages, not owners.
HF_RESERVED = frozenset(
    {"docs", "blog", "papers", "models", "datasets", "spaces", "organizations", "collections",
     "learn", "pricing", "join", "login", "settings", "api", "tasks", "posts", "chat"}
)  # fmt: skip

# host (or host suffix) -> the name in the reason. Share pages of these answer a login wall
# or a JavaScript consent page to robots, never the file's real state.
LOGIN_WALLS: dict[str, str] = {
    "drive.google.com": "Google Drive",
    "docs.google.com": "Google Docs",
    "pan.baidu.com": "Baidu Pan",
    "yun.baidu.com": "Baidu Pan",
    "onedrive.live.com": "OneDrive",
    "1drv.ms": "OneDrive",
    "sharepoint.com": "SharePoint",
    "pan.quark.cn": "Quark Pan",
    "aliyundrive.com": "Aliyun Drive",
    "alipan.com": "Aliyun Drive",
}


def login_wall(url: str) -> LinkOutcome | None:
    """`blocked` for a share link whose page needs a login, else None."""
    host = host_of(url)
    for suffix, name in LOGIN_WALLS.items():
        if host == suffix or host.endswith("." + suffix):
            msg = f"{name} share link: the page needs a login, robots cannot check it"
            return LinkOutcome("blocked", None, None, msg)
    return None


def hf_ref(url: str) -> tuple[str, str] | None:
    """("models"|"datasets"|"spaces", "owner/name") for a Hugging Face repository URL."""
    m = HF_URL.match(url.strip())
    if m is None:
        return None
    kind = (m.group("kind") or "models").lower()
    repo_id = m.group("id")
    if kind == "models" and repo_id.split("/", 1)[0].lower() in HF_RESERVED:
        return None
    return kind, repo_id


def hf_api() -> str:
    return (os.environ.get(HF_API_ENV) or DEFAULT_HF).rstrip("/")


class HuggingFace:
    """Repository checks through the Hub API; None when the API cannot say (the caller then
    checks the page over HTTP)."""

    def __init__(self, checker: Checker, base_url: str | None = None, token: str | None = None):
        self.checker = checker
        self.base = (base_url or hf_api()).rstrip("/")
        self.token = token if token is not None else os.environ.get("HF_TOKEN")

    def check(self, kind: str, repo_id: str) -> LinkOutcome | None:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        what = {"models": "model", "datasets": "dataset", "spaces": "space"}[kind]
        try:
            resp = self.checker.request("GET", f"{self.base}/api/{kind}/{repo_id}", headers)
            try:
                code = resp.status_code
                body = read_bounded(resp, MAX_BODY, self.checker.s.timeout) if code == 200 else b""
            finally:
                resp.close()
        except Exception:  # network trouble: the page check decides
            return None
        if code in (401, 404, 410):
            msg = f"Hugging Face {what} {repo_id} not found (Hub API {code})"
            return LinkOutcome("broken", code, None, msg)
        if code != 200:
            return None
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        gated = data.get("gated")
        if gated:
            note = f"gated ({gated}): exists; downloading needs a login and accepting its terms"
            return LinkOutcome("ok", 200, None, f"Hugging Face {what} {note}")
        return LinkOutcome("ok", 200, None, f"Hugging Face {what} exists")
