"""A GitHub REST API stand-in on 127.0.0.1, driven by the real PyGithub client.

What it models (enough for geoai-bot's forge, and reusable by other tests):
repositories, the Git Data API (blobs, trees, commits, refs; trees are stored flat,
path -> blob sha, which is all the bot needs), the contents API (read), branches,
issues with labels and comments, pull requests, repository labels.

Inspect state directly (`api.repo("o/r").files("main")`, `.issues`, `.pulls`, ...),
count requests with `api.log`, and inject faults with `api.fail(...)`:

    api.fail("POST", r"/pulls$", status=502)                 # answer 502 once, do nothing
    api.fail("POST", r"/comments$", status=502, apply=True)  # do it, then answer 502
    api.fail("GET", r".*", status=403, retry_after=1, times=2, message="secondary rate limit")
    api.fail("GET", r"/branches/", 403, headers={"X-RateLimit-Remaining": "0", ...})

Use the `github_api` fixture (import it into a test module) or `serve()` directly.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest


def _sha(kind: str, data: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(data)}\0".encode() + data).hexdigest()


def _user(login: str) -> dict[str, Any]:
    """A user object as GitHub embeds it (with `type`, so PyGithub need not fetch it)."""
    return {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    times: int
    apply: bool
    retry_after: float | None
    message: str
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Comment:
    id: int
    issue: int
    body: str
    user: str


@dataclass
class Issue:
    number: int
    title: str
    body: str
    user: str = "contributor"
    state: str = "open"
    labels: list[str] = field(default_factory=list)
    pull: dict[str, Any] | None = None  # set for pull requests (they are issues too)


@dataclass
class Pull:
    number: int
    title: str
    body: str
    head: str
    base: str
    state: str = "open"


@dataclass
class Repo:
    """One repository's state. Git objects are content-addressed like git's."""

    full_name: str
    default_branch: str = "main"
    blobs: dict[str, bytes] = field(default_factory=dict)
    trees: dict[str, dict[str, str]] = field(default_factory=dict)  # sha -> {path: blob sha}
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # "heads/main" -> commit sha
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    pulls: dict[int, Pull] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    next_number: int = 1

    # -- git objects -------------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        sha = _sha("blob", data)
        self.blobs[sha] = data
        return sha

    def put_tree(self, files: dict[str, str]) -> str:
        sha = _sha("tree", json.dumps(sorted(files.items())).encode())
        self.trees[sha] = dict(files)
        return sha

    def put_commit(self, tree: str, parents: list[str], message: str) -> str:
        payload = json.dumps([tree, parents, message]).encode()
        sha = _sha("commit", payload)
        self.commits[sha] = {"tree": tree, "parents": list(parents), "message": message}
        return sha

    def commit_files(
        self, branch: str, files: dict[str, str | bytes], message: str = "edit"
    ) -> str:
        """Test helper: commit FILES (path -> text; None-free) on top of BRANCH, move it."""
        parent = self.refs.get(f"heads/{branch}")
        base = dict(self.trees[self.commits[parent]["tree"]]) if parent else {}
        for path, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            base[path] = self.put_blob(data)
        sha = self.put_commit(self.put_tree(base), [parent] if parent else [], message)
        self.refs[f"heads/{branch}"] = sha
        return sha

    def resolve(self, ref: str | None) -> str | None:
        """A commit sha for a branch name, `heads/x`, or a sha."""
        ref = ref or self.default_branch
        if ref in self.commits:
            return ref
        return self.refs.get(ref if ref.startswith("heads/") else f"heads/{ref}")

    def files(self, ref: str | None = None) -> dict[str, str]:
        """Test helper: every file at REF as text."""
        sha = self.resolve(ref)
        if sha is None:
            return {}
        tree = self.trees[self.commits[sha]["tree"]]
        return {p: self.blobs[b].decode("utf-8", "replace") for p, b in tree.items()}

    def file(self, path: str, ref: str | None = None) -> str | None:
        return self.files(ref).get(path)

    # -- issues ------------------------------------------------------------------
    def add_issue(
        self, title: str, body: str, labels: list[str] | None = None, user: str = "contributor"
    ) -> Issue:
        issue = Issue(self.next_number, title, body, user=user, labels=list(labels or []))
        self.next_number += 1
        self.issues[issue.number] = issue
        self.labels.update(issue.labels)
        return issue

    def comments_on(self, number: int) -> list[Comment]:
        return [c for c in self.comments.values() if c.issue == number]

    def open_pulls(self) -> list[Pull]:
        return [p for p in self.pulls.values() if p.state == "open"]


class GitHubAPI:
    """The server's state and behaviour; thread-safe (one lock around every request)."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.log: list[tuple[str, str, int]] = []  # (method, path with query, status)
        self.faults: list[Fault] = []
        self.tokens: list[str | None] = []
        self.lock = threading.RLock()
        self.base_url = ""
        self.next_id = 1000
        self.label_meta: dict[str, dict[str, str]] = {}  # label -> color, description

    # -- setup and inspection ------------------------------------------------------
    def create_repo(
        self,
        full_name: str,
        files: dict[str, str | bytes] | None = None,
        default_branch: str = "main",
    ) -> Repo:
        repo = Repo(full_name, default_branch=default_branch)
        repo.commit_files(default_branch, files or {}, "initial commit")
        self.repos[full_name] = repo
        return repo

    def repo(self, full_name: str) -> Repo:
        return self.repos[full_name]

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        apply: bool = False,
        retry_after: float | None = None,
        message: str = "",
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next TIMES requests matching METHOD and the PATH regex with STATUS.
        APPLY=True performs the request first (GitHub did the work, then the answer was lost)."""
        self.faults.append(
            Fault(
                method.upper(),
                re.compile(path),
                status,
                times,
                apply,
                retry_after,
                message,
                body,
                dict(headers or {}),
            )
        )

    def requests(self, method: str | None = None, path: str = "") -> list[tuple[str, str, int]]:
        return [r for r in self.log if (method is None or r[0] == method) and re.search(path, r[1])]

    def issue_event(self, full_name: str, number: int, action: str = "opened") -> dict[str, Any]:
        """An `issues` webhook payload as GitHub Actions writes it to GITHUB_EVENT_PATH."""
        repo = self.repos[full_name]
        issue = repo.issues[number]
        return {
            "action": action,
            "issue": self._issue_json(repo, issue),
            "repository": self._repo_json(repo),
            "sender": _user(issue.user),
        }

    # -- JSON shapes -------------------------------------------------------------------
    def _url(self, repo: Repo, tail: str = "") -> str:
        return f"{self.base_url}/repos/{repo.full_name}{tail}"

    def _repo_json(self, repo: Repo) -> dict[str, Any]:
        owner, name = repo.full_name.split("/")
        return {
            "id": abs(hash(repo.full_name)) % 10**8,
            "name": name,
            "full_name": repo.full_name,
            "owner": {"login": owner, "type": "User"},
            "default_branch": repo.default_branch,
            "url": self._url(repo),
            "html_url": f"https://github.example/{repo.full_name}",
            "private": False,
        }

    def _issue_json(self, repo: Repo, issue: Issue) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": issue.number,
            "id": issue.number,
            "title": issue.title,
            "body": issue.body,
            "state": issue.state,
            "user": _user(issue.user),
            "labels": [{"name": n, "url": self._url(repo, f"/labels/{n}")} for n in issue.labels],
            "url": self._url(repo, f"/issues/{issue.number}"),
            "html_url": f"https://github.example/{repo.full_name}/issues/{issue.number}",
            "comments_url": self._url(repo, f"/issues/{issue.number}/comments"),
            "repository_url": self._url(repo),
        }
        if issue.pull is not None:
            data["pull_request"] = {"url": self._url(repo, f"/pulls/{issue.number}")}
        return data

    def _pull_json(self, repo: Repo, pr: Pull) -> dict[str, Any]:
        owner = repo.full_name.split("/")[0]
        head_sha = repo.refs.get(f"heads/{pr.head}", "")
        base_sha = repo.refs.get(f"heads/{pr.base}", "")
        return {
            "number": pr.number,
            "id": pr.number,
            "title": pr.title,
            "body": pr.body,
            "state": pr.state,
            "url": self._url(repo, f"/pulls/{pr.number}"),
            "html_url": f"https://github.example/{repo.full_name}/pull/{pr.number}",
            "issue_url": self._url(repo, f"/issues/{pr.number}"),
            "head": {"ref": pr.head, "sha": head_sha, "label": f"{owner}:{pr.head}"},
            "base": {"ref": pr.base, "sha": base_sha, "label": f"{owner}:{pr.base}"},
        }

    def _comment_json(self, repo: Repo, c: Comment) -> dict[str, Any]:
        return {
            "id": c.id,
            "body": c.body,
            "user": _user(c.user),
            "url": self._url(repo, f"/issues/comments/{c.id}"),
            "html_url": f"https://github.example/{repo.full_name}/issues/{c.issue}#issuecomment-{c.id}",
            "issue_url": self._url(repo, f"/issues/{c.issue}"),
        }

    def _commit_json(self, repo: Repo, sha: str) -> dict[str, Any]:
        c = repo.commits[sha]
        return {
            "sha": sha,
            "url": self._url(repo, f"/git/commits/{sha}"),
            "message": c["message"],
            "tree": {"sha": c["tree"], "url": self._url(repo, f"/git/trees/{c['tree']}")},
            "parents": [
                {"sha": p, "url": self._url(repo, f"/git/commits/{p}")} for p in c["parents"]
            ],
        }

    def _ref_json(self, repo: Repo, ref: str) -> dict[str, Any]:
        sha = repo.refs[ref]
        return {
            "ref": f"refs/{ref}",
            "url": self._url(repo, f"/git/refs/{ref}"),
            "object": {"sha": sha, "type": "commit", "url": self._url(repo, f"/git/commits/{sha}")},
        }

    def _tree_json(self, repo: Repo, sha: str) -> dict[str, Any]:
        return {
            "sha": sha,
            "url": self._url(repo, f"/git/trees/{sha}"),
            "truncated": False,
            "tree": [
                {"path": p, "mode": "100644", "type": "blob", "sha": b, "size": len(repo.blobs[b])}
                for p, b in sorted(repo.trees[sha].items())
            ],
        }

    # -- request handling ----------------------------------------------------------------
    def handle(
        self, method: str, raw_path: str, body: Any, token: str | None
    ) -> tuple[int, Any, dict[str, str]]:
        with self.lock:
            self.tokens.append(token)
            fault = self._fault(method, raw_path)
            if fault is not None and not fault.apply:
                return self._fault_answer(fault, method, raw_path)
            try:
                status, data = self._route(method, raw_path, body)
            except ApiError as exc:
                payload: dict[str, Any] = {"message": exc.message}
                if exc.errors:
                    payload["errors"] = exc.errors
                status, data = exc.status, payload
            if fault is not None:
                return self._fault_answer(fault, method, raw_path)
            self.log.append((method, raw_path, status))
            return status, data, {}

    def _fault(self, method: str, path: str) -> Fault | None:
        for f in self.faults:
            if f.times > 0 and f.method in (method, "*") and f.path.search(urlsplit(path).path):
                f.times -= 1
                return f
        return None

    def _fault_answer(self, f: Fault, method: str, path: str) -> tuple[int, Any, dict[str, str]]:
        self.log.append((method, path, f.status))
        headers = dict(f.headers)
        if f.retry_after is not None:
            headers["Retry-After"] = str(int(f.retry_after))
        default = {
            403: "You have exceeded a secondary rate limit. Please wait a few minutes "
            "before you try again.",
            409: "Conflict",
            422: "Validation Failed",
        }.get(f.status, "Server Error")
        return f.status, f.body or {"message": f.message or default}, headers

    def _route(self, method: str, raw_path: str, body: Any) -> tuple[int, Any]:
        parts = urlsplit(raw_path)
        path = unquote(parts.path).rstrip("/")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        m = re.match(r"^/repos/([^/]+/[^/]+)(/.*)?$", path)
        if not m:
            if path in ("/user", "/rate_limit"):
                return 200, {"login": "geoai-bot[bot]", "resources": {}}
            raise ApiError(404, "Not Found")
        repo = self.repos.get(m.group(1))
        if repo is None:
            raise ApiError(404, "Not Found")
        tail = m.group(2) or ""
        for pattern, verb, handler in _ROUTES:
            if verb != method:
                continue
            mm = re.fullmatch(pattern, tail)
            if mm:
                return handler(
                    self, repo, body if isinstance(body, (dict, list)) else {}, query, *mm.groups()
                )
        raise ApiError(404, "Not Found")

    # -- handlers --------------------------------------------------------------------------
    def get_repo(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        return 200, self._repo_json(repo)

    def get_branch(self, repo: Repo, body: Any, q: dict[str, str], name: str) -> tuple[int, Any]:
        sha = repo.refs.get(f"heads/{name}")
        if sha is None:
            raise ApiError(404, "Branch not found")
        commit = self._commit_json(repo, sha)
        return 200, {
            "name": name,
            "commit": {"sha": sha, "url": self._url(repo, f"/commits/{sha}"), "commit": commit},
            "protected": False,
        }

    def get_contents(self, repo: Repo, body: Any, q: dict[str, str], path: str) -> tuple[int, Any]:
        sha = repo.resolve(q.get("ref"))
        if sha is None:
            raise ApiError(404, "No commit found for the ref")
        tree = repo.trees[repo.commits[sha]["tree"]]
        if path not in tree:
            raise ApiError(404, "Not Found")
        blob = tree[path]
        data = repo.blobs[blob]
        big = len(data) > 1024 * 1024  # GitHub omits content over 1 MB
        return 200, {
            "type": "file",
            "encoding": "none" if big else "base64",
            "content": "" if big else base64.b64encode(data).decode(),
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "sha": blob,
            "url": self._url(repo, f"/contents/{path}"),
            "git_url": self._url(repo, f"/git/blobs/{blob}"),
        }

    def get_ref(self, repo: Repo, body: Any, q: dict[str, str], ref: str) -> tuple[int, Any]:
        if ref not in repo.refs:
            raise ApiError(404, "Not Found")
        return 200, self._ref_json(repo, ref)

    def create_ref(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        ref = str(body.get("ref", ""))
        if not ref.startswith("refs/") or body.get("sha") not in repo.commits:
            raise ApiError(422, "Validation Failed", [{"message": "invalid ref or sha"}])
        short = ref[len("refs/") :]
        if short in repo.refs:
            raise ApiError(422, "Reference already exists")
        repo.refs[short] = body["sha"]
        return 201, self._ref_json(repo, short)

    def update_ref(self, repo: Repo, body: Any, q: dict[str, str], ref: str) -> tuple[int, Any]:
        if ref not in repo.refs:
            raise ApiError(422, "Reference does not exist")
        new = body.get("sha")
        if new not in repo.commits:
            raise ApiError(422, "Object does not exist")
        if not body.get("force") and not self._descends(repo, new, repo.refs[ref]):
            raise ApiError(422, "Update is not a fast forward")
        repo.refs[ref] = new
        return 200, self._ref_json(repo, ref)

    def delete_ref(self, repo: Repo, body: Any, q: dict[str, str], ref: str) -> tuple[int, Any]:
        if repo.refs.pop(ref, None) is None:
            raise ApiError(422, "Reference does not exist")
        return 204, None

    @staticmethod
    def _descends(repo: Repo, sha: str, ancestor: str) -> bool:
        todo = [sha]
        while todo:
            s = todo.pop()
            if s == ancestor:
                return True
            todo.extend(repo.commits.get(s, {}).get("parents", []))
        return False

    def create_blob(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        content = str(body.get("content", ""))
        data = base64.b64decode(content) if body.get("encoding") == "base64" else content.encode()
        sha = repo.put_blob(data)
        return 201, {"sha": sha, "url": self._url(repo, f"/git/blobs/{sha}")}

    def get_blob(self, repo: Repo, body: Any, q: dict[str, str], sha: str) -> tuple[int, Any]:
        if sha not in repo.blobs:
            raise ApiError(404, "Not Found")
        data = repo.blobs[sha]
        return 200, {
            "sha": sha,
            "size": len(data),
            "encoding": "base64",
            "content": base64.b64encode(data).decode(),
            "url": self._url(repo, f"/git/blobs/{sha}"),
        }

    def create_tree(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        base = body.get("base_tree")
        if base is not None and base not in repo.trees:
            raise ApiError(422, "Invalid tree info", [{"message": "base_tree not found"}])
        files = dict(repo.trees[base]) if base else {}
        for item in body.get("tree", []):
            path = item.get("path", "")
            if item.get("sha") is None and "content" not in item:
                files.pop(path, None)
            elif "content" in item:
                files[path] = repo.put_blob(str(item["content"]).encode())
            elif item["sha"] in repo.blobs:
                files[path] = item["sha"]
            else:
                raise ApiError(422, "Invalid tree info", [{"message": f"unknown sha for {path}"}])
        sha = repo.put_tree(files)
        return 201, self._tree_json(repo, sha)

    def get_tree(self, repo: Repo, body: Any, q: dict[str, str], sha: str) -> tuple[int, Any]:
        if sha not in repo.trees:
            raise ApiError(404, "Not Found")
        return 200, self._tree_json(repo, sha)

    def create_commit(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        tree, parents = body.get("tree"), list(body.get("parents", []))
        if tree not in repo.trees or any(p not in repo.commits for p in parents):
            raise ApiError(422, "Validation Failed", [{"message": "unknown tree or parent"}])
        sha = repo.put_commit(tree, parents, str(body.get("message", "")))
        return 201, self._commit_json(repo, sha)

    def get_commit(self, repo: Repo, body: Any, q: dict[str, str], sha: str) -> tuple[int, Any]:
        if sha not in repo.commits:
            raise ApiError(404, "Not Found")
        return 200, self._commit_json(repo, sha)

    def list_pulls(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        owner = repo.full_name.split("/")[0]
        state = q.get("state", "open")
        head = q.get("head")
        out = []
        for pr in sorted(repo.pulls.values(), key=lambda p: p.number):
            if state != "all" and pr.state != state:
                continue
            # Like GitHub: `head` filters only in the `owner:branch` form.
            if head and ":" in head and head != f"{owner}:{pr.head}":
                continue
            out.append(self._pull_json(repo, pr))
        return 200, out

    def create_pull(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        head, base = str(body.get("head", "")), str(body.get("base", ""))
        head = head.split(":", 1)[-1]
        if f"heads/{head}" not in repo.refs or f"heads/{base}" not in repo.refs:
            raise ApiError(422, "Validation Failed", [{"message": "head or base not found"}])
        for pr in repo.pulls.values():
            if pr.state == "open" and pr.head == head and pr.base == base:
                raise ApiError(
                    422,
                    "Validation Failed",
                    [
                        {
                            "message": "A pull request already exists for "
                            f"{repo.full_name.split('/')[0]}:{head}."
                        }
                    ],
                )
        if repo.refs[f"heads/{head}"] == repo.refs[f"heads/{base}"]:
            raise ApiError(
                422, "Validation Failed", [{"message": f"No commits between {base} and {head}"}]
            )
        number = repo.next_number
        repo.next_number += 1
        pr = Pull(number, str(body.get("title", "")), str(body.get("body") or ""), head, base)
        repo.pulls[number] = pr
        repo.issues[number] = Issue(number, pr.title, pr.body, user="geoai-bot[bot]", pull={})
        return 201, self._pull_json(repo, pr)

    def get_pull(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        pr = repo.pulls.get(int(n))
        if pr is None:
            raise ApiError(404, "Not Found")
        return 200, self._pull_json(repo, pr)

    def edit_pull(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        pr = repo.pulls.get(int(n))
        if pr is None:
            raise ApiError(404, "Not Found")
        for key in ("title", "body", "state"):
            if key in body:
                setattr(pr, key, str(body[key] or ""))
        return 200, self._pull_json(repo, pr)

    def list_issues(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        state = q.get("state", "open")
        wanted = [x for x in q.get("labels", "").split(",") if x]
        out = [
            self._issue_json(repo, i)
            for i in sorted(repo.issues.values(), key=lambda i: i.number)
            if (state == "all" or i.state == state) and all(w in i.labels for w in wanted)
        ]
        return 200, out

    def create_issue(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        issue = repo.add_issue(
            str(body.get("title", "")),
            str(body.get("body") or ""),
            [str(x) for x in body.get("labels", [])],
            user="geoai-bot[bot]",
        )
        return 201, self._issue_json(repo, issue)

    def _issue(self, repo: Repo, n: str) -> Issue:
        issue = repo.issues.get(int(n))
        if issue is None:
            raise ApiError(404, "Not Found")
        return issue

    def get_issue(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        return 200, self._issue_json(repo, self._issue(repo, n))

    def edit_issue(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        issue = self._issue(repo, n)
        for key in ("title", "body", "state"):
            if key in body:
                setattr(issue, key, str(body[key] or ""))
        if "labels" in body:
            issue.labels = [str(x) for x in body["labels"]]
        return 200, self._issue_json(repo, issue)

    def list_comments(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        self._issue(repo, n)
        return 200, [self._comment_json(repo, c) for c in repo.comments_on(int(n))]

    def create_comment(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        self._issue(repo, n)
        self.next_id += 1
        c = Comment(self.next_id, int(n), str(body.get("body", "")), "geoai-bot[bot]")
        repo.comments[c.id] = c
        return 201, self._comment_json(repo, c)

    def edit_comment(self, repo: Repo, body: Any, q: dict[str, str], cid: str) -> tuple[int, Any]:
        c = repo.comments.get(int(cid))
        if c is None:
            raise ApiError(404, "Not Found")
        c.body = str(body.get("body", ""))
        return 200, self._comment_json(repo, c)

    def add_labels(self, repo: Repo, body: Any, q: dict[str, str], n: str) -> tuple[int, Any]:
        issue = self._issue(repo, n)
        names = body.get("labels", []) if isinstance(body, dict) else body
        for name in names:
            if name not in issue.labels:
                issue.labels.append(str(name))
            repo.labels.add(str(name))
        return 200, [{"name": x, "url": self._url(repo, f"/labels/{x}")} for x in issue.labels]

    def remove_label(
        self, repo: Repo, body: Any, q: dict[str, str], n: str, name: str
    ) -> tuple[int, Any]:
        issue = self._issue(repo, n)
        if name not in issue.labels:
            raise ApiError(404, "Label does not exist")
        issue.labels.remove(name)
        return 200, [{"name": x, "url": self._url(repo, f"/labels/{x}")} for x in issue.labels]

    def get_label(self, repo: Repo, body: Any, q: dict[str, str], name: str) -> tuple[int, Any]:
        if name not in repo.labels:
            raise ApiError(404, "Not Found")
        return 200, self._label_json(repo, name)

    def create_label(self, repo: Repo, body: Any, q: dict[str, str]) -> tuple[int, Any]:
        name = str(body.get("name", "")) if isinstance(body, dict) else ""
        if not name or name in repo.labels:
            raise ApiError(422, "Validation Failed")
        repo.labels.add(name)
        self.label_meta[name] = {k: str(body.get(k, "")) for k in ("color", "description")}
        return 201, self._label_json(repo, name)

    def _label_json(self, repo: Repo, name: str) -> dict[str, Any]:
        meta = self.label_meta.get(name, {})
        return {
            "name": name,
            "url": self._url(repo, f"/labels/{name}"),
            "color": meta.get("color", "ededed"),
            "description": meta.get("description", ""),
        }


_ROUTES: list[tuple[str, str, Any]] = [
    ("", "GET", GitHubAPI.get_repo),
    (r"/branches/(.+)", "GET", GitHubAPI.get_branch),
    (r"/contents/(.+)", "GET", GitHubAPI.get_contents),
    (r"/git/ref/(.+)", "GET", GitHubAPI.get_ref),
    (r"/git/refs/(.+)", "GET", GitHubAPI.get_ref),
    (r"/git/refs", "POST", GitHubAPI.create_ref),
    (r"/git/refs/(.+)", "PATCH", GitHubAPI.update_ref),
    (r"/git/refs/(.+)", "DELETE", GitHubAPI.delete_ref),
    (r"/git/blobs", "POST", GitHubAPI.create_blob),
    (r"/git/blobs/(\w+)", "GET", GitHubAPI.get_blob),
    (r"/git/trees", "POST", GitHubAPI.create_tree),
    (r"/git/trees/(\w+)", "GET", GitHubAPI.get_tree),
    (r"/git/commits", "POST", GitHubAPI.create_commit),
    (r"/git/commits/(\w+)", "GET", GitHubAPI.get_commit),
    (r"/pulls", "GET", GitHubAPI.list_pulls),
    (r"/pulls", "POST", GitHubAPI.create_pull),
    (r"/pulls/(\d+)", "GET", GitHubAPI.get_pull),
    (r"/pulls/(\d+)", "PATCH", GitHubAPI.edit_pull),
    (r"/issues", "GET", GitHubAPI.list_issues),
    (r"/issues", "POST", GitHubAPI.create_issue),
    (r"/issues/(\d+)", "GET", GitHubAPI.get_issue),
    (r"/issues/(\d+)", "PATCH", GitHubAPI.edit_issue),
    (r"/issues/(\d+)/comments", "GET", GitHubAPI.list_comments),
    (r"/issues/(\d+)/comments", "POST", GitHubAPI.create_comment),
    (r"/issues/comments/(\d+)", "PATCH", GitHubAPI.edit_comment),
    (r"/issues/(\d+)/labels", "POST", GitHubAPI.add_labels),
    (r"/issues/(\d+)/labels/(.+)", "DELETE", GitHubAPI.remove_label),
    (r"/labels/(.+)", "GET", GitHubAPI.get_label),
    (r"/labels", "POST", GitHubAPI.create_label),
]


class _Handler(BaseHTTPRequestHandler):
    api: GitHubAPI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        auth = self.headers.get("Authorization")
        token = auth.split(" ", 1)[-1] if auth else None
        status, data, headers = self.api.handle(self.command, self.path, body, token)
        out = b"" if data is None else json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve


@dataclass
class Served:
    api: GitHubAPI
    url: str
    server: ThreadingHTTPServer


def serve() -> Served:
    api = GitHubAPI()
    handler = type("Handler", (_Handler,), {"api": api})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}"
    api.base_url = url
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return Served(api, url, server)


@pytest.fixture
def github_api() -> Iterator[GitHubAPI]:
    """A fresh stand-in per test; `github_api.base_url` is the `base_url` for PyGithub."""
    served = serve()
    try:
        yield served.api
    finally:
        served.server.shutdown()
        served.server.server_close()
