"""The project's own values for what a forge (GitHub) holds, and the `Forge` protocol.

The submission flow (submit/flow.py) talks to a `Forge` and gets these frozen values back,
never PyGithub objects: it can be tested against an in-memory forge (tests/fakes/forge.py),
and `GitHubForge` (github/forge.py) is the one adapter over PyGithub. Nothing here imports
PyGithub.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol


class ForgeError(Exception):
    """A forge call failed for good: `step` says what we were doing, `status` the HTTP code."""

    def __init__(self, step: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{step} failed: {reason}")
        self.step = step
        self.reason = reason
        self.status = status


class ForgeConflict(ForgeError):
    """409/422 on a Git write: the base moved or the object is stale; re-read and retry."""


@dataclass(frozen=True)
class BaseCommit:
    """A branch head: its commit and that commit's tree."""

    branch: str
    sha: str
    tree: str


@dataclass(frozen=True)
class CommitInfo:
    """A commit as the flow needs it: its parents and message (to see whether a branch is
    already exactly the commit a run would make)."""

    sha: str
    parents: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class PullRef:
    """A pull request: enough to find, compare and link it."""

    number: int
    state: Literal["open", "closed"]
    html_url: str
    head_sha: str
    title: str
    body: str


@dataclass(frozen=True)
class CommentRef:
    """An issue comment the bot wrote or found."""

    id: int
    html_url: str
    body: str


@dataclass(frozen=True)
class TrackingResult:
    """What syncing the link-rot tracking issue did."""

    action: Literal["opened", "updated", "closed", "none"]
    number: int | None
    url: str | None


class Forge(Protocol):
    """One repository on a forge, as the submission and bot pull-request flows use it.
    Every method raises `ForgeError` (or `ForgeConflict` for a stale Git write) when the
    forge fails for good."""

    def default_branch(self) -> str: ...

    def read_base(self, branch: str) -> BaseCommit: ...

    def read_file(self, path: str, ref: str) -> str | None:
        """A UTF-8 text file at REF, or None when there is none."""
        ...

    def find_pulls(self, branch: str) -> list[PullRef]:
        """Pull requests from BRANCH, open ones first, newest first."""
        ...

    def git_commit(self, sha: str) -> CommitInfo: ...

    def commit_files(self, base: BaseCommit, files: dict[str, str], message: str) -> str:
        """A commit on top of BASE with FILES replaced; returns its sha."""
        ...

    def set_branch(self, branch: str, sha: str, exists: bool) -> None:
        """Point BRANCH at SHA, creating it or force-moving it."""
        ...

    def open_pull(self, branch: str, base: str, title: str, body: str) -> PullRef: ...

    def edit_pull(self, pr: PullRef, title: str, body: str) -> bool:
        """Set the title and body; False when they already were."""
        ...

    def close_pull(self, pr: PullRef) -> None:
        """Close the pull request (already closed is fine)."""
        ...

    def delete_branch(self, branch: str) -> None:
        """Delete BRANCH; a branch that does not exist is fine."""
        ...

    def upsert_comment(
        self, number: int, marker: str, body: str, author: str | None = None
    ) -> CommentRef:
        """One comment per MARKER on issue NUMBER, edited in place on later runs."""
        ...

    def set_labels(
        self, number: int, current: set[str], add: set[str], remove: set[str]
    ) -> None: ...
