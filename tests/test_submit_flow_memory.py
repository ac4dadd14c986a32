"""The submission flow's decisions against the in-memory forge (no HTTP): the flow talks to
the `Forge` protocol and gets the project's values back, so these run in milliseconds.
The PyGithub adapter and the end-to-end runs are tested against the GitHub REST stand-in
(test_submit_flow.py, test_submit_faults.py, test_forge.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from fakes.forge import MemoryForge
from geoai_bot.github.types import ForgeConflict, ForgeError
from geoai_bot.submit.flow import MARKER, SubmitOptions, branch_name, submit_issue
from geoai_bot.submit.form import default_template_text, parse_template, render_body

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "examples" / "paper-list.md").read_text(encoding="utf-8")
TEMPLATE = parse_template(default_template_text())
OPTIONS = SubmitOptions(today=dt.date(2026, 11, 28), fetch=lambda ids: {})
VALUES: dict[str, str | None] = {
    "title": "Counting Ponds From Orbit",
    "authors": "Grace Hopper, Edsger Dijkstra",
    "paper": "https://arxiv.org/abs/2502.04321",
    "abstract": "We count ponds.",
}


def event(number: int = 7, **changes: str | None) -> dict[str, Any]:
    values = {**VALUES, **changes}
    return {
        "action": "opened",
        "issue": {
            "number": number,
            "state": "open",
            "body": render_body(values, TEMPLATE),
            "labels": [{"name": "new-paper"}],
            "user": {"login": "contributor"},
        },
        "repository": {"default_branch": "main"},
    }


def test_a_valid_submission_opens_one_pr_and_a_rerun_changes_nothing() -> None:
    forge = MemoryForge({"README.md": README})
    out = submit_issue(forge, event(), OPTIONS)
    assert (out.status, out.exit_code) == ("opened", 0)
    assert [p.html_url for p in forge.pulls] == [out.pr_url]
    added = forge.file_on(branch_name(7), "README.md")
    assert added is not None and "#### Counting Ponds From Orbit" in added
    assert forge.file_on("main", "README.md") == README  # the default branch is untouched
    assert [c.html_url for c in forge.comments[7]] == [out.comment_url]
    commits = len(forge.commits)
    again = submit_issue(forge, event(), OPTIONS)
    assert again.status == "unchanged" and again.pr_url == out.pr_url
    assert len(forge.commits) == commits and len(forge.pulls) == 1
    assert len(forge.comments[7]) == 1  # edited in place, never a second comment


def test_an_invalid_submission_gets_a_comment_and_a_label_and_no_branch() -> None:
    forge = MemoryForge({"README.md": README})
    out = submit_issue(forge, event(title=None), OPTIONS)
    assert out.status == "invalid" and out.problems
    assert "commit_files" not in forge.calls and not forge.pulls
    assert forge.labels[7] == {"new-paper", "invalid"}
    assert MARKER in forge.comments[7][0].body


def test_a_conflict_rereads_and_tries_once_more_on_the_moved_base() -> None:
    forge = MemoryForge({"README.md": README})
    forge.fail("commit_files", ForgeConflict("creating the commit", "base moved", 409))
    forge.push("NOTES.md", "someone else's change\n")
    out = submit_issue(forge, event(), OPTIONS)
    assert out.status == "opened"
    assert forge.calls.count("read_base") == 2
    head = forge.commits[forge.branches[branch_name(7)]]
    assert head.parents == (forge.branches["main"],)


def test_a_forge_failure_is_a_failed_outcome_with_a_comment_saying_rerun_is_safe() -> None:
    forge = MemoryForge({"README.md": README})
    forge.fail("open_pull", ForgeError("opening the pull request", "HTTP 502", 502))
    out = submit_issue(forge, event(), OPTIONS)
    assert (out.status, out.exit_code) == ("failed", 1)
    assert "opening the pull request" in out.message
    assert "re-running" in forge.comments[7][0].body
    assert submit_issue(forge, event(), OPTIONS).status == "opened"  # the re-run finishes


def test_a_closed_pull_request_is_left_alone() -> None:
    forge = MemoryForge({"README.md": README})
    first = submit_issue(forge, event(), OPTIONS)
    forge.pulls[0] = replace(forge.pulls[0], state="closed")
    out = submit_issue(forge, event(), OPTIONS)
    assert out.status == "closed-pr" and out.pr_url == first.pr_url
    assert len(forge.pulls) == 1
