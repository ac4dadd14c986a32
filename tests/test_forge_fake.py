"""The GitHub API stand-in itself behaves like GitHub where the bot depends on it."""

from __future__ import annotations

import pytest
from github import Auth, Github, GithubException

from fakes.github_api import GitHubAPI, github_api  # noqa: F401


def client(api: GitHubAPI) -> Github:
    return Github(
        auth=Auth.Token("t"),
        base_url=api.base_url,
        seconds_between_requests=0,
        seconds_between_writes=0,
        retry=None,
    )


def test_pulls_head_filter_needs_owner_prefix(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    repo.commit_files("x", {"README.md": "b\n"})
    repo.refs["heads/x"] = repo.put_commit(
        repo.commits[repo.refs["heads/x"]]["tree"], [repo.refs["heads/main"]], "m"
    )
    gh = client(github_api).get_repo("o/r")
    gh.create_pull(base="main", head="x", title="t", body="b")
    assert [p.head.ref for p in gh.get_pulls(head="o:x")] == ["x"]
    assert [p.head.ref for p in gh.get_pulls(head="o:nope")] == []
    # GitHub ignores a head without owner: every open PR comes back.
    assert len(list(gh.get_pulls(head="nope"))) == 1
    with pytest.raises(GithubException) as exc:
        gh.create_pull(base="main", head="x", title="t", body="b")
    assert exc.value.status == 422
    assert "already exists" in exc.value.data["errors"][0]["message"]


def test_fault_injection_and_log(github_api: GitHubAPI) -> None:  # noqa: F811
    github_api.create_repo("o/r", {"README.md": "a\n"})
    github_api.fail("GET", r"/repos/o/r$", status=502)
    with pytest.raises(GithubException) as exc:
        client(github_api).get_repo("o/r")
    assert exc.value.status == 502
    assert client(github_api).get_repo("o/r").full_name == "o/r"
    assert [s for _, _, s in github_api.requests("GET", r"/repos/o/r$")] == [502, 200]


def test_apply_then_fail_performs_the_write(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    issue = repo.add_issue("t", "b")
    github_api.fail("POST", r"/comments$", status=502, apply=True)
    with pytest.raises(GithubException):
        client(github_api).get_repo("o/r").get_issue(issue.number).create_comment("hi")
    assert [c.body for c in repo.comments_on(issue.number)] == ["hi"]
