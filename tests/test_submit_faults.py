"""Faults during a submission: retries with bounded waits, no duplicate writes, safe re-runs."""

from __future__ import annotations

import pytest

from fakes.github_api import GitHubAPI, github_api  # noqa: F401
from geoai_bot.submit.flow import SubmitOptions, branch_name, submit_issue
from test_submit_flow import Waits, body, forge, run, setup


@pytest.mark.parametrize(
    ("method", "path", "status", "headers"),
    [
        ("GET", r"/branches/", 502, {}),
        ("GET", r"/contents/README.md$", 503, {}),
        ("GET", r"/pulls$", 500, {}),
        ("GET", r"/comments$", 502, {}),
        ("POST", r"/git/trees$", 502, {}),
        ("POST", r"/git/commits$", 504, {}),
        ("GET", r"/pulls$", 429, {"retry_after": 2}),
        ("GET", r"/branches/", 403, {"retry_after": 3}),
        ("POST", r"/git/trees$", 403, {"message": "You have exceeded a secondary rate limit."}),
    ],
)
def test_transient_faults_are_retried(
    github_api: GitHubAPI,  # noqa: F811
    method: str,
    path: str,
    status: int,
    headers: dict[str, object],
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    github_api.fail(method, path, status, times=2, **headers)  # type: ignore[arg-type]
    waits = Waits()
    out = run(github_api, issue.number, waits=waits)
    assert out.status == "opened", out.message
    assert len(repo.open_pulls()) == 1 and len(repo.comments_on(issue.number)) == 1
    assert len(waits) == 2
    if "retry_after" in headers:
        assert waits == [headers["retry_after"]] * 2  # Retry-After is honoured exactly


@pytest.mark.parametrize(
    ("path", "what"),
    [(r"/comments$", "comment"), (r"/pulls$", "pull"), (r"/git/refs$", "ref")],
)
def test_a_create_that_landed_before_a_502_is_not_duplicated(
    github_api: GitHubAPI,  # noqa: F811
    path: str,
    what: str,
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    github_api.fail("POST", path, 502, apply=True)
    out = run(github_api, issue.number)
    assert out.status == "opened", out.message
    assert len(repo.pulls) == 1
    assert len(repo.comments_on(issue.number)) == 1
    assert len(github_api.requests("POST", path)) == 1  # re-read, not re-posted


@pytest.mark.parametrize("path", [r"/pulls/\d+$", r"/issues/comments/\d+$", r"/git/refs/"])
def test_patch_is_retried_on_5xx(github_api: GitHubAPI, path: str) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    run(github_api, issue.number)
    issue.body = body(title="Learning Better Maps")
    github_api.fail("PATCH", path, 502)
    out = run(github_api, issue.number, "edited")
    assert out.status == "updated", out.message
    [pr] = repo.pulls.values()
    assert pr.title == "Add paper: Learning Better Maps"
    assert "Learning Better Maps" in (repo.comments_on(issue.number)[0].body + pr.body)


def test_conflict_rereads_and_retries_once(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    run(github_api, issue.number)
    issue.body = body(title="Learning Better Maps")
    github_api.fail("PATCH", r"/git/refs/", 409)
    out = run(github_api, issue.number, "edited")
    assert out.status == "updated"
    assert len(github_api.requests("GET", r"/branches/main$")) == 3  # first run, try, re-read
    github_api.fail("POST", r"/git/trees$", 422, times=2)
    issue.body = body(title="Learning Even Better Maps")
    out = run(github_api, issue.number, "edited")
    assert out.status == "failed" and out.exit_code == 1  # retried once only
    assert "creating the tree failed" in out.message


def test_a_failure_leaves_a_comment_and_a_rerun_finishes(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    github_api.fail("POST", r"/pulls$", 502, times=100)
    waits = Waits()
    out = run(github_api, issue.number, waits=waits)
    assert out.status == "failed" and out.exit_code == 1
    assert repo.pulls == {}
    [comment] = repo.comments_on(issue.number)
    assert "opening the pull request failed" in comment.body
    assert "re-running the workflow" in comment.body and "safe" in comment.body
    github_api.faults.clear()
    again = run(github_api, issue.number)
    assert again.status == "opened"
    assert len(repo.pulls) == 1
    [comment] = repo.comments_on(issue.number)  # the failure comment became the success one
    assert again.pr_url in comment.body
    assert repo.refs[f"heads/{branch_name(issue.number)}"]


def test_waits_are_bounded(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    github_api.fail("GET", r"/branches/", 403, retry_after=600, times=100)
    waits = Waits()
    out = submit_issue(
        forge(github_api, waits, max_wait=60),
        github_api.issue_event("o/r", issue.number),
        SubmitOptions(fetch=lambda ids: {}),
    )
    assert out.status == "failed"
    assert sum(waits) <= 60
    github_api.faults.clear()
    github_api.fail("GET", r"/branches/", 502, times=100)
    waits = Waits()
    out = submit_issue(
        forge(github_api, waits, max_wait=5, backoff=1, attempts=50),
        github_api.issue_event("o/r", issue.number),
        SubmitOptions(fetch=lambda ids: {}),
    )
    assert out.status == "failed" and "gave up" in out.message
    assert sum(waits) <= 5


def test_primary_rate_limit_waits_until_reset_within_the_budget(
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    import time

    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    soon = str(int(time.time()) + 20)
    github_api.fail(
        "GET",
        r"/branches/",
        403,
        message="API rate limit exceeded for installation.",
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": soon},
    )
    waits = Waits()
    assert run(github_api, issue.number, waits=waits).status == "opened"
    assert len(waits) == 1 and 15 <= waits[0] <= 21
    late = str(int(time.time()) + 3600)  # an hour away: over the budget, fail now
    github_api.fail(
        "GET",
        r"/branches/",
        403,
        message="API rate limit exceeded for installation.",
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": late},
    )
    waits = Waits()
    out = run(github_api, issue.number, waits=waits)
    assert out.status == "failed" and waits == []


def test_permission_errors_are_not_retried(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    github_api.fail(
        "POST", r"/pulls$", 403, message="GitHub Actions is not permitted to create pull requests."
    )
    waits = Waits()
    out = run(github_api, issue.number, waits=waits)
    assert out.status == "failed" and waits == []
    assert "not permitted to create pull requests" in repo.comments_on(issue.number)[0].body


def test_unreachable_api_fails_with_exit_one(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    event = github_api.issue_event("o/r", issue.number)
    from geoai_bot.github.forge import GitHubForge

    dead = GitHubForge(
        "o/r",
        "t",
        "http://127.0.0.1:9",
        seconds_between_requests=0,
        seconds_between_writes=0,
        sleep=Waits(),
        backoff=0.01,
    )
    out = submit_issue(dead, event, SubmitOptions(fetch=lambda ids: {}))
    assert out.status == "failed" and out.exit_code == 1
    assert out.comment_url is None
