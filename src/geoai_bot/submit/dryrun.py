"""Try a submission locally: the live flow, run against the working tree instead of GitHub.

`geoai-bot submit --dry-run` must give the same answers as the bot, so it does not re-make
the flow's decisions: it runs `submit_issue` itself against `LocalForge`, a Forge that reads
the list, the form and geoai-bot.toml from local files and records every write (the commit's
files, the pull request, the comment, the labels) instead of making it. Nothing is written
and nothing reaches the network (unless the caller passes an arXiv fetcher).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geoai_bot.arxiv.client import ArxivError, ArxivRecord
from geoai_bot.core.errors import GeoaiError
from geoai_bot.github.types import BaseCommit, CommentRef, CommitInfo, PullRef
from geoai_bot.submit.flow import LABEL_NEW, SubmitOptions, SubmitOutcome, submit_issue
from geoai_bot.submit.validate import ArxivFetch

_BASE = "0" * 40
_COMMIT = "1" * 40
DRY_ISSUE = 1  # the issue number the dry run pretends to handle


def no_arxiv(ids: Iterable[str]) -> dict[str, ArxivRecord]:
    """The fetcher without --arxiv: the bot would ask arXiv here; the dry run says so."""
    raise ArxivError("the dry run asks arXiv only with --arxiv")


@dataclass
class LocalForge:
    """A Forge over local files (paths relative to ROOT) that records writes."""

    root: Path
    branch: str = "main"
    committed: dict[str, str] = field(default_factory=dict)
    pull: tuple[str, str] | None = None  # (title, body)
    comment: str | None = None
    labels_added: set[str] = field(default_factory=set)
    labels_removed: set[str] = field(default_factory=set)

    def default_branch(self) -> str:
        return self.branch

    def read_base(self, branch: str) -> BaseCommit:
        return BaseCommit(branch, _BASE, _BASE)

    def read_file(self, path: str, ref: str) -> str | None:
        p = self.root / path
        if not p.is_file():
            return None
        try:
            return p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GeoaiError(f"cannot read: {exc}", str(p)) from None

    def find_pulls(self, branch: str) -> list[PullRef]:
        return []

    def git_commit(self, sha: str) -> CommitInfo:
        return CommitInfo(sha, (_BASE,), "")

    def commit_files(self, base: BaseCommit, files: dict[str, str], message: str) -> str:
        self.committed.update(files)
        return _COMMIT

    def set_branch(self, branch: str, sha: str, exists: bool) -> None:
        return None

    def open_pull(self, branch: str, base: str, title: str, body: str) -> PullRef:
        self.pull = (title, body)
        return PullRef(1, "open", "(the pull request)", _COMMIT, title, body)

    def edit_pull(self, pr: PullRef, title: str, body: str) -> bool:
        self.pull = (title, body)
        return True

    def close_pull(self, pr: PullRef) -> None:  # the submission flow never closes one
        return None

    def delete_branch(self, branch: str) -> None:
        return None

    def upsert_comment(
        self, number: int, marker: str, body: str, author: str | None = None
    ) -> CommentRef:
        self.comment = body
        return CommentRef(1, "(the bot's comment)", body)

    def set_labels(self, number: int, current: set[str], add: set[str], remove: set[str]) -> None:
        self.labels_added |= add
        self.labels_removed |= remove


@dataclass(frozen=True)
class DryRun:
    """What the bot would do with one issue body."""

    outcome: SubmitOutcome
    diff: str  # unified diff of the list ('' when no pull request would be opened)
    pull: tuple[str, str] | None  # the pull request's title and body
    comment: str | None  # the comment the bot would post
    labels: tuple[str, ...]  # labels the bot would add to the issue

    @property
    def exit_code(self) -> int:
        """0 when a pull request would be opened, 1 when rejected or a duplicate."""
        return 0 if self.pull is not None else 1


def dry_run(
    body: str,
    list_path: str | Path,
    *,
    template: str | None = None,
    config: str | None = None,
    fetch: ArxivFetch | None = None,
    today: dt.date | None = None,
) -> DryRun:
    """Run the submission flow on BODY against the list at LIST_PATH (the form and config are
    looked up beside it, as in the repository, unless given). FETCH None: no network."""
    list_file = Path(list_path)
    if not list_file.is_file():
        raise GeoaiError("list file not found; pass --list README.md", str(list_file))
    root = list_file.resolve().parent
    forge = LocalForge(root)
    opts = SubmitOptions(
        readme=list_file.name,
        template=_relative(template, root) if template else SubmitOptions.template,
        config=_relative(config, root) if config else SubmitOptions.config,
        label=LABEL_NEW,
        fetch=fetch or no_arxiv,
        today=today,
    )
    event = {
        "action": "opened",
        "issue": {
            "number": DRY_ISSUE,
            "state": "open",
            "body": body,
            "labels": [{"name": LABEL_NEW}],
            "user": {"login": "contributor"},
        },
        "repository": {"default_branch": forge.branch},
    }
    outcome = submit_issue(forge, event, opts)
    diff = ""
    new = forge.committed.get(opts.readme)
    if new is not None:
        old = forge.read_file(opts.readme, _BASE) or ""
        diff = "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"a/{opts.readme}",
                f"b/{opts.readme}",
            )
        )
    return DryRun(outcome, diff, forge.pull, forge.comment, tuple(sorted(forge.labels_added)))


def _relative(path: str, root: Path) -> str:
    """PATH as the flow reads it: relative to the list's folder (the repository root)."""
    p = Path(path).resolve()
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        raise GeoaiError(
            "must be in the list's folder (the flow reads it from the repository)", path
        ) from None
