"""`issues` event -> one pull request, end to end against the loopback GitHub stand-in."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from fakes.github_api import GitHubAPI, Repo, github_api  # noqa: F401
from geoai_bot.core.config import Config
from geoai_bot.core.parse import parse_text
from geoai_bot.github.forge import GitHubForge
from geoai_bot.submit.edit import add_entry
from geoai_bot.submit.flow import MARKER, SubmitOptions, SubmitOutcome, branch_name, submit_issue
from geoai_bot.submit.form import default_template_text, parse_template, render_body
from geoai_bot.submit.validate import SubmissionModel

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "examples" / "paper-list.md").read_text(encoding="utf-8")
TEMPLATE = parse_template(default_template_text())
DAY = dt.date(2026, 11, 28)
VALUES: dict[str, str | None] = {
    "title": "Learning Maps From Satellite Images",
    "authors": "Ada Lovelace, Alan Turing",
    "paper": "https://arxiv.org/pdf/2501.01234?utm_source=twitter",
    "code": "https://github.com/example/maps",
    "abstract": "We learn maps\r\nfrom images.",
}


def body(**changes: str | None) -> str:
    values = dict(VALUES)
    values.update(changes)
    return render_body(values, TEMPLATE, newline="\r\n")


class Waits(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def forge(api: GitHubAPI, waits: Waits | None = None, **kw: Any) -> GitHubForge:
    settings: dict[str, Any] = {
        "seconds_between_requests": 0,
        "seconds_between_writes": 0,
        "backoff": 0.01,
        "max_wait": 30,
        "sleep": waits if waits is not None else Waits(),
    }
    settings.update(kw)
    return GitHubForge("o/r", "secret-token", api.base_url, **settings)


def setup(api: GitHubAPI, text: str = README) -> Repo:
    return api.create_repo("o/r", {"README.md": text})


def run(api: GitHubAPI, number: int, action: str = "opened", **kw: Any) -> SubmitOutcome:
    waits = kw.pop("waits", None)
    return submit_issue(
        forge(api, waits),
        api.issue_event("o/r", number, action),
        SubmitOptions(today=DAY, fetch=lambda ids: {}, **kw),
    )


def expected_readme(base: str, **changes: str | None) -> str:
    values = {k: v for k, v in VALUES.items() if v is not None}
    values.update({k: v for k, v in changes.items() if v is not None})
    entry = SubmissionModel.model_validate(values).entry()
    return add_entry(base, entry, Config(), DAY).text


def writes(api: GitHubAPI, since: int = 0) -> list[tuple[str, str, int]]:
    return [r for r in api.log[since:] if r[0] != "GET"]


def test_valid_submission_end_to_end_in_twelve_calls(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("Add paper: maps", body(), ["new-paper"])
    out = run(github_api, issue.number)
    assert out.status == "opened" and out.exit_code == 0
    assert len(github_api.log) <= 12, github_api.log
    [pr] = repo.open_pulls()
    assert pr.head == branch_name(issue.number) == f"geoai-bot/issue-{issue.number}"
    assert pr.base == "main"
    assert pr.title == "Add paper: Learning Maps From Satellite Images"
    assert f"Closes #{issue.number}" in pr.body
    assert "#### Learning Maps From Satellite Images" in pr.body
    assert "No lint findings on the new entry." in pr.body
    # One commit on the current default branch holding exactly the canonical edit.
    head = repo.refs[f"heads/{pr.head}"]
    assert repo.commits[head]["parents"] == [repo.refs["heads/main"]]
    assert repo.file("README.md", pr.head) == expected_readme(README)
    assert "* Paper: https://arxiv.org/abs/2501.01234" in repo.file("README.md", pr.head)
    [comment] = repo.comments_on(issue.number)
    assert MARKER in comment.body and out.pr_url in comment.body
    assert out.pr_url == f"https://github.example/o/r/pull/{pr.number}"
    assert set(github_api.tokens) == {"secret-token"}


def test_rerunning_the_same_event_changes_nothing(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("Add paper", body(), ["new-paper"])
    first = run(github_api, issue.number)
    n = len(github_api.log)
    again = run(github_api, issue.number)
    assert again.status == "unchanged"
    assert writes(github_api, n) == []
    assert again.pr_url == first.pr_url
    assert len(repo.pulls) == 1 and len(repo.comments_on(issue.number)) == 1


def test_edited_issue_rebuilds_the_branch_on_the_current_default_branch(
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("Add paper", body(), ["new-paper"])
    first = run(github_api, issue.number)
    moved = README.replace("A small example list", "A small moved example list")
    assert moved != README
    repo.commit_files("main", {"README.md": moved}, "maintainer edit")
    issue.body = body(title="Learning Better Maps From Satellite Images")
    out = run(github_api, issue.number, "edited")
    assert out.status == "updated" and out.pr_url == first.pr_url
    [pr] = repo.pulls.values()
    assert pr.title == "Add paper: Learning Better Maps From Satellite Images"
    head = repo.refs[f"heads/{pr.head}"]
    assert repo.commits[head]["parents"] == [repo.refs["heads/main"]]
    text = repo.file("README.md", pr.head)
    assert text == expected_readme(moved, title="Learning Better Maps From Satellite Images")
    assert "Learning Maps From Satellite Images" not in text
    assert len(repo.comments_on(issue.number)) == 1


def test_invalid_then_fixed(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("Add paper", body(title=None, paper="ftp://x", code=None), ["new-paper"])
    out = run(github_api, issue.number)
    assert out.status == "invalid" and out.exit_code == 0
    assert repo.pulls == {} and f"heads/{branch_name(issue.number)}" not in repo.refs
    assert "invalid" in issue.labels
    [comment] = repo.comments_on(issue.number)
    assert "Paper title" in comment.body and "Paper link" in comment.body
    assert "edit the issue" in comment.body
    issue.body = body()
    fixed = run(github_api, issue.number, "edited")
    assert fixed.status == "opened"
    assert "invalid" not in issue.labels and "new-paper" in issue.labels
    assert len(repo.open_pulls()) == 1
    [comment] = repo.comments_on(issue.number)  # the same comment, edited in place
    assert fixed.pr_url in comment.body


def test_duplicate_gets_a_comment_with_the_existing_line_and_no_pr(
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    repo = setup(github_api)
    existing = parse_text(README).entries[0]
    arxiv = next(x.url for x in existing.links if x.url and "arxiv" in x.url)
    issue = repo.add_issue(
        "Add paper",
        body(title="Something Else Entirely", paper=arxiv.replace("abs", "pdf")),
        ["new-paper"],
    )
    out = run(github_api, issue.number)
    assert out.status == "duplicate"
    assert repo.pulls == {} and len(repo.refs) == 1
    assert "duplicate" in issue.labels
    [comment] = repo.comments_on(issue.number)
    assert f"README.md line {existing.span.start}" in comment.body
    assert existing.title in comment.body
    # Same normalised title, different link: also a duplicate.
    issue2 = repo.add_issue("Add paper", body(title=existing.title.upper() + "!"), ["new-paper"])
    assert run(github_api, issue2.number).status == "duplicate"


def test_two_concurrent_submissions_give_two_clean_prs(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    a = repo.add_issue("A", body(), ["new-paper"])
    b = repo.add_issue(
        "B",
        body(
            title="Counting Trees From Space", paper="https://arxiv.org/abs/2502.04321", code=None
        ),
        ["new-paper"],
    )
    results: dict[int, SubmitOutcome] = {}

    def go(n: int) -> None:
        results[n] = run(github_api, n)

    threads = [threading.Thread(target=go, args=(n,)) for n in (a.number, b.number)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {o.status for o in results.values()} == {"opened"}
    assert len(repo.open_pulls()) == 2
    main = repo.refs["heads/main"]
    for pr in repo.open_pulls():
        head = repo.refs[f"heads/{pr.head}"]
        assert repo.commits[head]["parents"] == [main]  # each applies cleanly on main
    assert repo.file("README.md", branch_name(a.number)) == expected_readme(README)
    assert repo.file("README.md", branch_name(b.number)) == expected_readme(
        README,
        title="Counting Trees From Space",
        paper="https://arxiv.org/abs/2502.04321",
        code=None,
    ).replace("* Code: https://github.com/example/maps\n", "")


def test_mentions_and_references_never_ping(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue(
        "Add paper", body(title="Maps for @octocat and @github/security fixes #1"), ["new-paper"]
    )
    out = run(github_api, issue.number)
    assert out.status == "opened"
    [pr] = repo.pulls.values()
    assert "@" not in pr.title and not re.search(r"#\d", pr.title)
    outside_fences = re.sub(r"```markdown\n.*?\n```", "", pr.body, flags=re.S)
    assert "@" not in outside_fences
    assert set(re.findall(r"#\d+", outside_fences)) == {f"#{issue.number}"}
    commit = repo.commits[repo.refs[f"heads/{pr.head}"]]
    assert "@" not in commit["message"]
    assert re.findall(r"#\d+", commit["message"]) == [f"#{issue.number}"]
    for c in repo.comments_on(issue.number):
        assert "@" not in c.body


def test_nothing_from_the_issue_reaches_a_shell(
    github_api: GitHubAPI,  # noqa: F811
    tmp_path: Path,
) -> None:
    canary = tmp_path / "pwned"
    evil = f"$(touch {canary}) `touch {canary}`; touch {canary} && echo"
    repo = setup(github_api)
    issue = repo.add_issue(
        evil, body(title=f"Maps {evil}", abstract=evil, code=None), ["new-paper"]
    )
    run(github_api, issue.number)
    assert not canary.exists()
    sources = (ROOT / "src" / "geoai_bot").glob("*.py")
    mine = ("issueform", "submission", "submitedit", "submitflow", "forge", "inert")
    for src in sources:
        if src.stem in mine:
            text = src.read_text(encoding="utf-8")
            assert "subprocess" not in text and "os.system" not in text and "shell=" not in text


@pytest.mark.parametrize(
    ("event_change", "why"),
    [
        ({"labels": []}, "no 'new-paper' label"),
        ({"state": "closed"}, "closed"),
        ({"pull_request": {"url": "x"}}, "pull request"),
    ],
)
def test_events_that_are_not_submissions_make_no_calls(
    github_api: GitHubAPI,  # noqa: F811
    event_change: dict[str, Any],
    why: str,
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    event = github_api.issue_event("o/r", issue.number)
    event["issue"].update(event_change)
    out = submit_issue(forge(github_api), event, SubmitOptions(today=DAY))
    assert out.status == "ignored" and why in out.message
    assert github_api.log == []


def test_a_closed_pr_is_left_alone(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("Add paper", body(), ["new-paper"])
    run(github_api, issue.number)
    [pr] = repo.pulls.values()
    pr.state = "closed"
    issue.body = body(title="Learning Maps From Satellite Images Again")
    out = run(github_api, issue.number, "edited")
    assert out.status == "closed-pr"
    assert len(repo.pulls) == 1 and pr.state == "closed"
    [comment] = repo.comments_on(issue.number)
    assert "was closed" in comment.body


def test_repository_template_and_config_are_used(github_api: GitHubAPI) -> None:  # noqa: F811
    form = default_template_text().replace("label: Paper title", "label: Title of the paper")
    repo = github_api.create_repo(
        "o/r",
        {
            "README.md": README,
            ".github/ISSUE_TEMPLATE/add-paper.yml": form,
            "geoai-bot.toml": '[submit]\nposition = "top"\n',
        },
    )
    text = body().replace("### Paper title", "### Title of the paper")
    issue = repo.add_issue("Add paper", text, ["new-paper"])
    assert run(github_api, issue.number).status == "opened"
    [pr] = repo.pulls.values()
    doc = parse_text(repo.file("README.md", pr.head) or "")
    assert doc.entries[0].title == VALUES["title"]


def test_bad_repository_config_fails_with_a_comment(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo(
        "o/r", {"README.md": README, "geoai-bot.toml": "[submit]\nwhere = 1\n"}
    )
    issue = repo.add_issue("Add paper", body(), ["new-paper"])
    out = run(github_api, issue.number)
    assert out.status == "failed" and out.exit_code == 1
    [comment] = repo.comments_on(issue.number)
    assert "reading geoai-bot.toml failed" in comment.body
    assert "submit.where" in comment.body and "re-running" in comment.body


def test_two_runs_for_the_same_issue_at_once_still_make_one_pr(
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    # Workflows serialise runs per issue with a concurrency group; even without it the
    # second create meets "already exists" and updates the first PR.
    repo = setup(github_api)
    issue = repo.add_issue("A", body(), ["new-paper"])
    results: list[SubmitOutcome] = []
    threads = [
        threading.Thread(target=lambda: results.append(run(github_api, issue.number)))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {o.exit_code for o in results} == {0}
    assert len(repo.pulls) == 1
    assert repo.file("README.md", branch_name(issue.number)) == expected_readme(README)


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        ({".github/ISSUE_TEMPLATE/add-paper.yml": "body: ["}, "add-paper.yml failed"),
        ({}, "no README.md on main"),
        ({"README.md": b"\xff\xfe# L\n"}, "not UTF-8"),
    ],
)
def test_unusable_repository_files_fail_with_a_comment(
    github_api: GitHubAPI,  # noqa: F811
    files: dict[str, str | bytes],
    needle: str,
) -> None:
    contents: dict[str, str | bytes] = {"README.md": README, **files} if files else {"o.md": "x"}
    repo = github_api.create_repo("o/r", contents)
    issue = repo.add_issue("Add paper", body(), ["new-paper"])
    out = run(github_api, issue.number)
    assert out.status == "failed"
    [comment] = repo.comments_on(issue.number)
    assert needle in comment.body
    assert repo.pulls == {}
