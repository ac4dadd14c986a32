"""`geoai-bot submit --dry-run --body ISSUE.md`: the live flow's answers, from local files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fakes.forge import MemoryForge
from geoai_bot.cli.main import main
from geoai_bot.submit.dryrun import dry_run
from geoai_bot.submit.flow import LABEL_NEW, SubmitOptions, submit_issue
from test_action_e2e import entry, issue_body, make_list

TODAY = dt.date(2026, 11, 28)
README = make_list(
    entry("Rivers From Orbit", "A. Author", ("Paper", "https://arxiv.org/abs/2501.00001"))
)
VALID = {
    "title": "Counting Trees With Lidar",
    "authors": "Ann Lee, Bo Chen",
    "paper": "https://arxiv.org/abs/2502.00002",
    "abstract": "We count trees from the air.",
}
INVALID = {"title": "Counting Trees With Lidar", "authors": None, "paper": None}
DUPLICATE = {**VALID, "title": "Rivers from orbit!", "paper": "https://example.org/rivers"}
HOSTILE_TITLE = {
    **VALID,
    "title": "Trees $(touch /tmp/pwned) `rm -rf ~` ${{ secrets.GITHUB_TOKEN }}",
    "abstract": "Nice.\n\n## Injected heading\n\n::error::workflow command",
}
HOSTILE = {
    **VALID,
    "title": "Trees $(touch /tmp/pwned) `rm -rf ~` ${{ secrets.GITHUB_TOKEN }}",
    "abstract": "Nice.\n</details>\n\n## Injected heading\n\n<!-- geoai-bot:submission -->\n"
    "::error::workflow command",
}


def repo(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    return tmp_path / "README.md"


def live_problems(body: str) -> list[str]:
    forge = MemoryForge({"README.md": README})
    return submit_issue(
        forge, event(body), SubmitOptions(today=TODAY, fetch=lambda ids: {})
    ).problems


def event(body: str) -> dict[str, object]:
    return {
        "action": "opened",
        "issue": {
            "number": 7,
            "state": "open",
            "body": body,
            "labels": [{"name": LABEL_NEW}],
            "user": {"login": "someone"},
        },
        "repository": {"default_branch": "main"},
    }


def live(body: str) -> tuple[str, str | None, str | None]:
    """What the live flow does with BODY: (status, the list on the PR branch, the comment)."""
    forge = MemoryForge({"README.md": README})
    outcome = submit_issue(forge, event(body), SubmitOptions(today=TODAY, fetch=lambda ids: {}))
    branch = "geoai-bot/issue-7"
    text = forge.file_on(branch, "README.md") if branch in forge.branches else None
    comments = forge.comments.get(7, [])
    return outcome.status, text, comments[0].body if comments else None


@pytest.mark.parametrize(
    "values, status, code",
    [
        (VALID, "opened", 0),
        (INVALID, "invalid", 1),
        (DUPLICATE, "duplicate", 1),
        (HOSTILE, "invalid", 1),
        (HOSTILE_TITLE, "opened", 0),
    ],
    ids=["valid", "invalid", "duplicate", "hostile", "hostile-title"],
)
def test_same_answers_as_the_live_flow(
    tmp_path: Path, values: dict[str, str | None], status: str, code: int
) -> None:
    body = issue_body(values)
    result = dry_run(body, repo(tmp_path), today=TODAY, fetch=lambda ids: {})
    live_status, live_text, live_comment = live(body)
    assert result.outcome.status == live_status == status
    assert result.exit_code == code
    # The same list text on the branch (the diff applies to it), the same comment words.
    if live_text is not None:
        assert result.diff and all(
            line[1:] in live_text for line in result.diff.splitlines()[2:] if line[:1] == "+"
        )
    else:
        assert result.diff == ""
    assert result.comment is not None and live_comment is not None
    assert result.comment.split("\n", 2)[1][:25] == live_comment.split("\n", 2)[1][:25]
    assert result.outcome.problems == live_problems(body)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == README  # nothing written


def test_cli_prints_validation_entry_diff_and_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = repo(tmp_path)
    body = tmp_path / "issue.md"
    body.write_text(issue_body(VALID), encoding="utf-8")
    assert main(["submit", "--dry-run", "--body", str(body), "--list", str(readme)]) == 0
    out = capsys.readouterr().out
    assert "Validation: valid" in out
    assert "#### Counting Trees With Lidar" in out  # the entry
    assert "in 'Paper List'" in out  # where it goes
    assert "+> Ann Lee, Bo Chen" in out  # the diff
    assert "The comment the bot would post" in out


def test_cli_rejection_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = repo(tmp_path)
    body = tmp_path / "issue.md"
    body.write_text(issue_body(INVALID), encoding="utf-8")
    assert main(["submit", "--dry-run", "--body", str(body), "--list", str(readme), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "invalid" and data["diff"] == "" and data["pull_request"] is None
    fields = " ".join(data["problems"])
    assert "Authors" in fields and "Paper link" in fields
    assert "invalid" in data["labels"]


def test_hostile_body_stays_inert(tmp_path: Path) -> None:
    result = dry_run(issue_body(HOSTILE_TITLE), repo(tmp_path), today=TODAY, fetch=lambda ids: {})
    assert result.exit_code == 0
    added = [ln[1:] for ln in result.diff.splitlines() if ln.startswith("+") and ln[:3] != "+++"]
    assert not any(ln.startswith("## Injected") for ln in added)
    assert not any(ln.startswith("::") for ln in added)
    assert sum("<!-- geoai-bot:submission -->" in ln for ln in added) == 0


def test_no_network_without_arxiv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Title and authors left for arXiv: without --arxiv the dry run says it did not ask.
    readme = repo(tmp_path)
    body = tmp_path / "issue.md"
    body.write_text(issue_body({"paper": "https://arxiv.org/abs/2502.00002"}), encoding="utf-8")
    assert main(["submit", "--dry-run", "--body", str(body), "--list", str(readme)]) == 1
    assert "--arxiv" in capsys.readouterr().out


def test_body_without_dry_run_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["submit", "--body", str(tmp_path / "x.md")]) == 2
    assert "--dry-run" in capsys.readouterr().err
