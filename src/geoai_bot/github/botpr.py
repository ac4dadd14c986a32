"""ONE bot pull request from a fixed branch (`geoai-bot/moved-links`, `geoai-bot/enrich`):
open it, update it, or close it when there is nothing left to change.

The flow talks to a `Forge` (github/types.py), so it runs against the in-memory forge
and, through `GitHubForge`, against GitHub with retries that never duplicate a write.
Each run reads the default branch's current head, builds the new file from THAT text
(the caller's `make`), and then:

- nothing to change: closes the open pull request and deletes the branch;
- an open pull request whose branch is already one commit on this base holding exactly
  this content (the trailer's digest says so): only the title/body are brought in step;
- otherwise: one fresh commit on the base, the branch force-moved to it, and the pull
  request opened (or its title/body updated).

A re-run with the same inputs writes nothing. A pull request a maintainer closed is not
reopened for the same content. A conflict (the base moved under us) re-reads everything
and tries once more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from geoai_bot.core.errors import GeoaiError
from geoai_bot.github.types import BaseCommit, Forge, ForgeConflict, ForgeError, PullRef

TRAILER = "Geoai-Bot-Content"


def content_digest(path: str, text: str) -> str:
    """What a bot commit holds, for the trailer that tells a re-run nothing changed."""
    return hashlib.sha256(f"{path}\0{text}".encode()).hexdigest()[:32]


def up_to_date(forge: Forge, head: str, base: BaseCommit, digest: str) -> bool:
    """The branch is one commit on the current base holding exactly this content."""
    commit = forge.git_commit(head)
    return commit.parents == (base.sha,) and f"{TRAILER}: {digest}" in commit.message


@dataclass(frozen=True)
class Proposal:
    """The new text of the file, and how to present it (title, body, commit subject)."""

    text: str
    title: str
    body: str
    subject: str


@dataclass(frozen=True)
class BotPullResult:
    action: Literal["opened", "updated", "unchanged", "closed", "none", "declined"]
    number: int | None = None
    url: str | None = None

    def describe(self, what: str) -> str:
        ref = f"#{self.number} ({self.url})" if self.number is not None else ""
        return {
            "opened": f"{what}: opened {ref}",
            "updated": f"{what}: updated {ref}",
            "unchanged": f"{what}: {ref} is up to date",
            "closed": f"{what}: nothing left to change; closed {ref}",
            "none": f"{what}: nothing to change",
            "declined": f"{what}: {ref} was closed by a maintainer; the same change is not "
            "proposed again",
        }[self.action]


Make = Callable[[str], Proposal | None]


def sync_bot_pull(
    forge: Forge, branch: str, path: str, make: Make, base_branch: str | None = None
) -> BotPullResult:
    """Keep ONE pull request from BRANCH that changes PATH into `make(current text)`;
    `make` returning None (or the same text) means nothing to change. Raises ForgeError
    when the forge fails for good, GeoaiError when PATH is not on the default branch."""
    try:
        return _sync(forge, branch, path, make, base_branch)
    except ForgeConflict:
        return _sync(forge, branch, path, make, base_branch)  # re-read, retry once


def _sync(
    forge: Forge, branch: str, path: str, make: Make, base_branch: str | None
) -> BotPullResult:
    default = base_branch or forge.default_branch()
    base = forge.read_base(default)
    text = forge.read_file(path, base.sha)
    if text is None:
        raise GeoaiError(f"no {path} on {default}; check the workflow's `path`", path)
    proposal = make(text)
    pulls = forge.find_pulls(branch)
    open_pr = next((p for p in pulls if p.state == "open"), None)
    if proposal is None or proposal.text == text:
        return _close(forge, branch, open_pr)
    digest = content_digest(path, proposal.text)
    if open_pr is None and pulls and _holds(forge, pulls[0], digest):
        return BotPullResult("declined", pulls[0].number, pulls[0].html_url)
    message = f"{proposal.subject}\n\n{TRAILER}: {digest}\n"
    fresh = True
    if open_pr is not None and up_to_date(forge, open_pr.head_sha, base, digest):
        fresh = False
    else:
        sha = forge.commit_files(base, {path: proposal.text}, message)
        # Without an open pull request the branch may still exist (a run stopped after
        # pushing, or a closed one left it): set_branch then force-moves it.
        forge.set_branch(branch, sha, exists=open_pr is not None)
    if open_pr is None:
        pr = forge.open_pull(branch, base.branch, proposal.title, proposal.body)
        return BotPullResult("opened", pr.number, pr.html_url)
    changed = forge.edit_pull(open_pr, proposal.title, proposal.body)
    action: Literal["updated", "unchanged"] = "updated" if fresh or changed else "unchanged"
    return BotPullResult(action, open_pr.number, open_pr.html_url)


def _holds(forge: Forge, pr: PullRef, digest: str) -> bool:
    """The closed pull request proposed exactly this content."""
    try:
        return f"{TRAILER}: {digest}" in forge.git_commit(pr.head_sha).message
    except ForgeError:
        return False  # its commit is gone: nothing to compare with


def _close(forge: Forge, branch: str, open_pr: PullRef | None) -> BotPullResult:
    if open_pr is None:
        forge.delete_branch(branch)  # a branch left by an interrupted run; absent is fine
        return BotPullResult("none")
    forge.close_pull(open_pr)
    forge.delete_branch(branch)
    return BotPullResult("closed", open_pr.number, open_pr.html_url)
