"""forge.py against the stand-in: reading files, branches, comments, labels, the tracking issue."""

from __future__ import annotations

from fakes.github_api import GitHubAPI, github_api  # noqa: F401
from geoai_bot.github.forge import sync_tracking_issue
from test_submit_flow import Waits, forge


def test_read_file_handles_missing_and_large_files(github_api: GitHubAPI) -> None:  # noqa: F811
    big = "# L\n" + "x" * (1024 * 1024 + 10) + "\n"
    github_api.create_repo("o/r", {"README.md": big, "small.md": "hi ✓\n"})
    f = forge(github_api)
    base = f.read_base("main")
    assert f.read_file("README.md", base.sha) == big  # over 1 MB: read through the blob API
    assert f.read_file("small.md", base.sha) == "hi ✓\n"
    assert f.read_file("missing.md", base.sha) is None


def test_set_branch_creates_then_force_moves(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    f = forge(github_api)
    base = f.read_base("main")
    one = f.commit_files(base, {"README.md": "b\n"}, "one")
    f.set_branch("topic", one, exists=False)
    two = f.commit_files(base, {"README.md": "c\n"}, "two")  # not a fast-forward of `one`
    f.set_branch("topic", two, exists=False)  # "already exists" -> forced update
    assert repo.refs["heads/topic"] == two
    assert repo.file("README.md", "topic") == "c\n"
    assert repo.file("README.md", "main") == "a\n"


def test_upsert_comment_edits_the_bots_comment_only(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    issue = repo.add_issue("t", "b")
    f = forge(github_api)
    # A stranger quoting the marker does not get their comment edited.
    stranger = f.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> fake")
    repo.comments[stranger.id].user = "contributor"
    first = f.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> one", author="contributor")
    second = f.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> two", author="contributor")
    assert first.id == second.id != stranger.id
    assert [c.body for c in repo.comments_on(issue.number)] == ["<!-- m --> fake", "<!-- m --> two"]
    n = len(github_api.log)
    f.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> two", author="contributor")
    assert [m for m, _, _ in github_api.log[n:]] == ["GET"]  # unchanged: no write


def test_labels_add_and_remove_only_what_is_needed(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    issue = repo.add_issue("t", "b", ["new-paper", "invalid"])
    f = forge(github_api)
    f.set_labels(issue.number, set(issue.labels), {"duplicate"}, {"invalid"})
    assert issue.labels == ["new-paper", "duplicate"]
    n = len(github_api.log)
    f.set_labels(issue.number, set(issue.labels), {"duplicate"}, {"invalid"})
    assert github_api.log[n:] == []
    # A label someone already removed is fine (404 ignored).
    f.set_labels(issue.number, {"duplicate", "invalid"}, set(), {"invalid"})


def test_tracking_issue_lifecycle_keeps_one_issue(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    f = forge(github_api)
    kw = {"label": "link-rot", "title": "Broken links", "forge": f}
    r1 = sync_tracking_issue("o/r", body="2 broken", broken=True, **kw)  # type: ignore[arg-type]
    assert r1.action == "opened" and r1.number is not None
    r2 = sync_tracking_issue("o/r", body="3 broken", broken=True, **kw)  # type: ignore[arg-type]
    assert (r2.action, r2.number) == ("updated", r1.number)
    r3 = sync_tracking_issue("o/r", body="3 broken", broken=True, **kw)  # type: ignore[arg-type]
    assert (r3.action, r3.number) == ("none", r1.number)
    issues = [i for i in repo.issues.values() if "link-rot" in i.labels]
    assert len(issues) == 1 and "3 broken" in issues[0].body
    r4 = sync_tracking_issue("o/r", body="all fine", broken=False, **kw)  # type: ignore[arg-type]
    assert (r4.action, r4.number) == ("closed", r1.number)
    assert issues[0].state == "closed"
    assert len(repo.comments_on(r1.number)) == 1
    r5 = sync_tracking_issue("o/r", body="all fine", broken=False, **kw)  # type: ignore[arg-type]
    assert r5.action == "none"
    r6 = sync_tracking_issue("o/r", body="1 broken", broken=True, **kw)  # type: ignore[arg-type]
    assert r6.action == "opened" and r6.number != r1.number
    assert r6.url and r6.url.endswith(f"/issues/{r6.number}")


def test_tracking_issue_survives_faults_without_duplicates(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    waits = Waits()
    f = forge(github_api, waits)
    github_api.fail("POST", r"/issues$", 502, apply=True)
    r = sync_tracking_issue("o/r", title="Broken", body="x", broken=True, forge=f)
    assert r.action == "opened"
    assert len([i for i in repo.issues.values() if "link-rot" in i.labels]) == 1
    github_api.fail("PATCH", r"/issues/\d+$", 502)
    github_api.fail("POST", r"/comments$", 502, apply=True)
    r = sync_tracking_issue("o/r", title="Broken", body="y", broken=False, forge=f)
    assert r.action == "closed"
    assert len(repo.comments_on(r.number or 0)) == 1
    assert waits


def test_tracking_issue_ignores_pull_requests_with_the_label(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    pr_like = repo.add_issue("a PR", "b", ["link-rot"])
    pr_like.pull = {}
    r = sync_tracking_issue("o/r", title="Broken", body="x", broken=True, forge=forge(github_api))
    assert r.action == "opened" and r.number != pr_like.number


def test_the_forms_label_is_created_once_when_missing(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": "a\n"})
    assert "new-paper" not in repo.labels
    f = forge(github_api)
    assert f.ensure_label("new-paper", "0e8a16", "A paper submitted with the issue form")
    assert "new-paper" in repo.labels
    assert github_api.label_meta["new-paper"]["color"] == "0e8a16"
    n = len(github_api.log)
    assert not f.ensure_label("new-paper", "0e8a16", "A paper submitted with the issue form")
    assert [m for m, _, _ in github_api.log[n:]] == ["GET"]  # present: read, no write
