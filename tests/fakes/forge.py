"""An in-memory forge implementing geoai_bot.github.types.Forge, for testing the submission
flow's decisions without HTTP (the GitHub REST stand-in, tests/fakes/github_api.py, tests
the PyGithub adapter itself).

Commits are content-addressed like Git's, so writing the same content twice gives the same
sha; `fail` makes the next call of a method raise, to test what the flow does then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from geoai_bot.github.types import (
    BaseCommit,
    CommentRef,
    CommitInfo,
    ForgeError,
    PullRef,
)


@dataclass
class _Commit:
    files: dict[str, str]
    parents: tuple[str, ...]
    message: str


@dataclass
class MemoryForge:
    """One repository: branches, commits, pull requests, issue comments and labels."""

    files: dict[str, str]
    default: str = "main"
    commits: dict[str, _Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    pulls: list[PullRef] = field(default_factory=list)
    comments: dict[int, list[CommentRef]] = field(default_factory=dict)
    labels: dict[int, set[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    failures: dict[str, list[ForgeError]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.branches[self.default] = self._put(dict(self.files), (), "initial")

    # -- test controls ------------------------------------------------------------------
    def fail(self, method: str, error: ForgeError) -> None:
        """The next call of METHOD raises ERROR (after that, calls succeed again)."""
        self.failures.setdefault(method, []).append(error)

    def push(self, path: str, text: str) -> None:
        """Someone else commits to the default branch."""
        head = self.branches[self.default]
        files = {**self.commits[head].files, path: text}
        self.branches[self.default] = self._put(files, (head,), f"edit {path}")

    def file_on(self, branch: str, path: str) -> str | None:
        return self.commits[self.branches[branch]].files.get(path)

    def _enter(self, method: str) -> None:
        self.calls.append(method)
        pending = self.failures.get(method)
        if pending:
            raise pending.pop(0)

    def _put(self, files: dict[str, str], parents: tuple[str, ...], message: str) -> str:
        key = repr((sorted(files.items()), parents, message)).encode()
        sha = hashlib.sha1(key).hexdigest()
        self.commits[sha] = _Commit(files, parents, message)
        return sha

    # -- the Forge protocol -------------------------------------------------------------
    def default_branch(self) -> str:
        self._enter("default_branch")
        return self.default

    def read_base(self, branch: str) -> BaseCommit:
        self._enter("read_base")
        sha = self.branches[branch]
        return BaseCommit(branch, sha, "tree-" + sha)

    def read_file(self, path: str, ref: str) -> str | None:
        self._enter("read_file")
        return self.commits[self.branches.get(ref, ref)].files.get(path)

    def find_pulls(self, branch: str) -> list[PullRef]:
        self._enter("find_pulls")
        mine = [p for p in self.pulls if p.html_url.endswith(f"#{branch}")]
        return sorted(mine, key=lambda p: (p.state != "open", -p.number))

    def git_commit(self, sha: str) -> CommitInfo:
        self._enter("git_commit")
        c = self.commits[sha]
        return CommitInfo(sha, c.parents, c.message)

    def commit_files(self, base: BaseCommit, files: dict[str, str], message: str) -> str:
        self._enter("commit_files")
        return self._put({**self.commits[base.sha].files, **files}, (base.sha,), message)

    def set_branch(self, branch: str, sha: str, exists: bool) -> None:
        self._enter("set_branch")
        self.branches[branch] = sha
        for k, p in enumerate(self.pulls):
            if p.state == "open" and p.html_url.endswith(f"#{branch}"):
                self.pulls[k] = replace(p, head_sha=sha)

    def open_pull(self, branch: str, base: str, title: str, body: str) -> PullRef:
        self._enter("open_pull")
        number = 100 + len(self.pulls)
        url = f"https://forge.example/o/r/pull/{number}#{branch}"
        pr = PullRef(number, "open", url, self.branches[branch], title, body)
        self.pulls.append(pr)
        return pr

    def edit_pull(self, pr: PullRef, title: str, body: str) -> bool:
        self._enter("edit_pull")
        if pr.title == title and pr.body == body:
            return False
        k = next(k for k, p in enumerate(self.pulls) if p.number == pr.number)
        self.pulls[k] = replace(self.pulls[k], title=title, body=body)
        return True

    def close_pull(self, pr: PullRef) -> None:
        self._enter("close_pull")
        k = next(k for k, p in enumerate(self.pulls) if p.number == pr.number)
        self.pulls[k] = replace(self.pulls[k], state="closed")

    def delete_branch(self, branch: str) -> None:
        self._enter("delete_branch")
        self.branches.pop(branch, None)

    def upsert_comment(
        self, number: int, marker: str, body: str, author: str | None = None
    ) -> CommentRef:
        self._enter("upsert_comment")
        thread = self.comments.setdefault(number, [])
        for k, c in enumerate(thread):
            if marker in c.body:
                thread[k] = replace(c, body=body)
                return thread[k]
        c = CommentRef(
            len(thread) + 1, f"https://forge.example/o/r/issues/{number}#c{len(thread) + 1}", body
        )
        thread.append(c)
        return c

    def set_labels(self, number: int, current: set[str], add: set[str], remove: set[str]) -> None:
        self._enter("set_labels")
        self.labels[number] = (self.labels.get(number, set(current)) | add) - remove
