"""The Action's `path` input with several lists and globs, end to end through action/run.sh
(test_action_e2e.run_action: a real git workspace, the step's `env:` from action.yml), and
the glob matcher on real folders (symlink loops, links out of the workspace, dotfiles)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import entry, git, make_list
from fakes.github_api import GitHubAPI, github_api  # noqa: F401
from fakes.linkfarm import Farm
from geoai_bot.action.env import ActionEnv, Inputs
from geoai_bot.action.lists import glob_files, resolve_lists
from geoai_bot.action.scaffold import workflows
from geoai_bot.action.submit import submission_list
from geoai_bot.core.errors import GeoaiError
from test_action_e2e import REPO, issue_body, run_action, submission_repo, workspace

OFFLINE = {"args": "--offline"}
# An entry without its author line: GB013, an error when the list's convention has one.
NO_AUTHOR = "#### Counting Trees With Lidar\n\n* Paper: https://example.org/trees\n"


def good(*titles: str) -> list[str]:
    return [
        entry(t, "A. Author", ("Paper", f"https://example.org/{n}")) for n, t in enumerate(titles)
    ]


def lists_workspace(tmp: Path, lists: dict[str, str]) -> Path:
    """A git workspace holding README.md plus LISTS (relative path -> text), committed."""
    ws = workspace(tmp, make_list(*good("Rivers From Orbit", "Roofs In Cities")))
    for rel, text in lists.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text, encoding="utf-8")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "lists")
    return ws


def test_several_paths_and_a_glob_give_one_report_and_the_worst_code(tmp_path: Path) -> None:
    bad = make_list(*good("Sea Ice Extent", "Dunes In Motion", "Lakes From Space"), NO_AUTHOR)
    ws = lists_workspace(
        tmp_path,
        {
            "lists/a.md": make_list(*good("Glaciers In Retreat", "Crops From Above")),
            "lists/b.md": bad,
            "lists/notes.txt": "not a list\n",
        },
    )
    run = run_action(tmp_path, ws, "push", {}, inputs={"path": "README.md lists/*.md", **OFFLINE})
    assert run.code == 1, run.stdout + run.stderr
    assert "3 list(s): README.md, lists/a.md, lists/b.md" in run.stderr
    (error,) = run.annotations("error")
    assert "file=lists/b.md," in error and "GB013" in error
    # One summary section per list, one JSON report holding all three.
    for path in ("README.md", "lists/a.md", "lists/b.md"):
        assert f"geoai-bot check: {path}" in run.summary
    data = json.loads(Path(run.outputs["report-path"]).read_text(encoding="utf-8"))
    assert [r["path"] for r in data["reports"]] == ["README.md", "lists/a.md", "lists/b.md"]
    assert run.outputs["findings"] == str(sum(len(r["findings"]) for r in data["reports"]))

    # The clean lists alone pass: the worst list decided the code above.
    clean = run_action(
        tmp_path, ws, "push", {}, inputs={"path": "README.md\nlists/a.md", **OFFLINE}, run_id="2"
    )
    assert clean.code == 0, clean.stdout + clean.stderr
    assert not clean.annotations("error")


def test_an_unreadable_list_does_not_hide_the_others(tmp_path: Path) -> None:
    bad = make_list(*good("Sea Ice Extent", "Dunes In Motion", "Lakes From Space"), NO_AUTHOR)
    ws = lists_workspace(tmp_path, {"lists/b.md": bad})
    run = run_action(
        tmp_path, ws, "push", {}, inputs={"path": "lists/gone.md lists/b.md", **OFFLINE}
    )
    assert run.code == 2, run.stdout + run.stderr  # could not run beats a finding
    assert "lists/gone.md" in run.stderr and "file not found" in run.summary
    (error,) = run.annotations("error")
    assert "file=lists/b.md," in error and "GB013" in error


def test_newline_separated_recursive_glob_skips_dotfolders(tmp_path: Path) -> None:
    readme = make_list(*good("Sea Ice Extent", "Dunes In Motion"))
    ws = lists_workspace(
        tmp_path,
        {
            "team/README.md": readme,
            "team/deep/er/README.md": readme,
            ".github/README.md": "# not a list\n",
        },
    )
    run = run_action(tmp_path, ws, "push", {}, inputs={"path": "**/README.md\n", **OFFLINE})
    assert run.code == 0, run.stdout + run.stderr
    assert "3 list(s): README.md, team/README.md, team/deep/er/README.md" in run.stderr


def test_a_pull_request_over_several_lists_fails_only_on_its_new_finding(tmp_path: Path) -> None:
    """--changed-from per list: old debt in one list is counted, the entry the pull request
    adds to another is the one failing finding."""
    debt = make_list(*good("Sea Ice Extent", "Dunes In Motion", "Lakes From Space"), NO_AUTHOR)
    other = good("Glaciers In Retreat", "Crops From Above", "Ports At Night")
    ws = lists_workspace(tmp_path, {"lists/debt.md": debt, "lists/other.md": make_list(*other)})
    base = git(ws, "rev-parse", "HEAD")
    new = make_list(NO_AUTHOR.replace("Counting Trees", "Mapping Reefs"), *other)
    (ws / "lists" / "other.md").write_text(new, encoding="utf-8")
    git(ws, "commit", "-q", "-am", "add an entry")
    event = {"pull_request": {"number": 4, "base": {"sha": base}, "head": {}}}
    run = run_action(tmp_path, ws, "pull_request", event, inputs={"path": "lists/*.md", **OFFLINE})
    assert run.code == 1, run.stdout + run.stderr
    (error,) = run.annotations("error")
    assert "file=lists/other.md," in error and "GB013" in error
    assert "1 finding in unchanged entries, not failing" in run.summary  # lists/debt.md


@pytest.mark.parametrize(
    "value",
    ["lists/*.markdown", "README.md nothing/**/*.md"],
)
def test_a_glob_matching_nothing_is_an_error_naming_the_input(tmp_path: Path, value: str) -> None:
    ws = lists_workspace(tmp_path, {"lists/a.md": make_list(*good("One Paper", "Two Papers"))})
    run = run_action(tmp_path, ws, "push", {}, inputs={"path": value, **OFFLINE})
    assert run.code == 2, run.stdout + run.stderr
    assert "input 'path'" in run.stderr and "matches no file" in run.stderr
    assert run.outputs["findings"] == "0"  # outputs are written all the same


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("../outside/list.md", "climbs out"),
        ("lists/../../outside/list.md", "climbs out"),
        ("README.md ../outside/*.md", "climbs out"),
        ("{outside}/list.md", "absolute"),
        ("lists/*.md", "points outside the repository"),  # lists/evil.md -> outside
        ("lists/evil.md", "points outside the repository"),
    ],
)
def test_paths_leading_out_of_the_workspace_are_refused(
    tmp_path: Path, value: str, said: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = make_list(*good("Secret Paper One", "Secret Paper Two"), NO_AUTHOR)
    (outside / "list.md").write_text(secret, encoding="utf-8")
    ws = lists_workspace(tmp_path, {"lists/a.md": make_list(*good("One Paper", "Two Papers"))})
    (ws / "lists" / "evil.md").symlink_to(outside / "list.md")
    run = run_action(
        tmp_path, ws, "push", {}, inputs={"path": value.format(outside=outside), **OFFLINE}
    )
    assert run.code == 2, run.stdout + run.stderr
    assert "input 'path'" in run.stderr and said in run.stderr
    assert "Secret Paper" not in run.stdout + run.stderr + run.summary


def test_glob_walk_does_not_follow_symlinked_folders(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "a").mkdir(parents=True)
    (ws / "a" / "list.md").write_text("x\n", encoding="utf-8")
    (ws / ".hidden").mkdir()
    (ws / ".hidden" / "list.md").write_text("x\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "list.md").write_text("x\n", encoding="utf-8")
    # Two loops in one folder would make a following walk grow as 2^depth.
    os.symlink(".", ws / "loop1")
    os.symlink(".", ws / "loop2")
    os.symlink(outside, ws / "out")
    assert glob_files("**/*.md", ws) == ["a/list.md"]
    assert glob_files(".hidden/*.md", ws) == [".hidden/list.md"]
    assert glob_files("*/list.md", ws) == ["a/list.md"]
    assert glob_files("a/*.[mM][dD]", ws) == ["a/list.md"]
    assert resolve_lists("a/list.md a/*.md", ws) == ["a/list.md"]  # each list once
    with pytest.raises(GeoaiError, match="cannot be split into paths"):
        resolve_lists("'a/list.md", ws)
    with pytest.raises(GeoaiError, match="points outside"):
        resolve_lists("out/list.md", ws)


def test_site_with_several_lists_gets_a_folder_each_and_an_index(tmp_path: Path) -> None:
    ws = lists_workspace(tmp_path, {"lists/ai.md": make_list(*good("One Paper", "Two Papers"))})
    run = run_action(
        tmp_path, ws, "push", {}, inputs={"command": "site", "path": "README.md lists/ai.md"}
    )
    assert run.code == 0, run.stdout + run.stderr
    site = ws / "_site"
    assert (site / "README" / "index.html").is_file()
    assert (site / "lists" / "ai" / "index.html").is_file()
    assert (site / "lists" / "ai" / "badges").is_dir()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="README/"' in index and 'href="lists/ai/"' in index


def test_schedule_keeps_one_issue_for_several_lists(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    a = make_list(entry("One", "A. Author", ("Paper", farm.url("/status/404/a"))))
    b = make_list(entry("Two", "B. Author", ("Paper", farm.url("/ok/b"))))
    moved = make_list(entry("Three", "C. Author", ("Paper", farm.url("/chain/1/m"))))
    repo = github_api.create_repo(
        REPO, {"README.md": "x\n", "lists/a.md": a, "lists/b.md": b, "lists/c.md": moved}
    )
    ws = lists_workspace(tmp_path, {"lists/a.md": a, "lists/b.md": b, "lists/c.md": moved})
    run = run_action(
        tmp_path, ws, "schedule", {}, api=github_api, farm=farm, inputs={"path": "lists/*.md"}
    )
    assert run.code == 0, run.stdout + run.stderr
    (issue,) = [i for i in repo.issues.values() if i.pull is None]
    assert issue.title == "Broken links in 3 lists"
    assert "`lists/a.md`" in issue.body and "/status/404/a" in issue.body
    assert "`lists/b.md`" in issue.body and "Every link works" in issue.body
    sha = git(ws, "rev-parse", "HEAD")
    assert f"/blob/{sha}/lists/a.md#L" in issue.body
    # The moved link's pull request is lists/c.md's own branch.
    (pr,) = [p for p in repo.pulls.values()]
    assert pr.head == "geoai-bot/moved-links-lists-c-md"
    assert repo.file("lists/c.md", pr.head) == moved.replace(
        farm.url("/chain/1/m"), farm.url("/ok/m")
    )


def test_submissions_with_several_lists_need_submit_path(
    tmp_path: Path,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    readme = make_list(entry("One", "A. Author", ("Paper", "https://example.org/one")))
    repo = submission_repo(github_api, readme)
    body = issue_body(
        {
            "title": "Mapping Rivers from Orbit",
            "authors": "Dana Example",
            "paper": "https://example.org/rivers",
            "abstract": "A summary for this test.",
        }
    )
    issue = repo.add_issue("Add paper: Mapping Rivers", body, labels=["new-paper"])
    ws = workspace(tmp_path, readme)
    event = github_api.issue_event(REPO, issue.number, "opened")

    refused = run_action(
        tmp_path, ws, "issues", event, api=github_api, inputs={"path": "README.md lists/*.md"}
    )
    assert refused.code == 2, refused.stdout + refused.stderr
    assert "submit-path" in refused.summary and "input 'path'" in refused.summary
    assert not repo.open_pulls() and not repo.comments_on(issue.number)

    run = run_action(
        tmp_path,
        ws,
        "issues",
        event,
        api=github_api,
        inputs={"path": "README.md lists/*.md", "submit-path": "README.md"},
        run_id="2",
    )
    assert run.code == 0, run.stdout + run.stderr
    (pull,) = repo.open_pulls()
    assert "Mapping Rivers from Orbit" in (repo.file("README.md", pull.head) or "")


def test_literal_names_and_paths_with_spaces_stay_one_list(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    for name in ("papers[2024].md", "my list.md", "papers2.md"):
        (ws / name).write_text("x\n", encoding="utf-8")
    assert resolve_lists("papers[2024].md", ws) == ["papers[2024].md"]  # the file, not a glob
    assert resolve_lists("papers[0-9].md", ws) == ["papers2.md"]
    # init writes the path quoted for the Action's split, so it stays one list.
    flow = workflows("my list.md", "o/a@x")[".github/workflows/geoai-bot-submit.yml"]
    (line,) = [ln for ln in flow.splitlines() if ln.strip().startswith("path:")]
    value = yaml.safe_load(line.strip())["path"]
    assert resolve_lists(value, ws) == ["my list.md"]
    assert submission_list(ActionEnv(inputs=Inputs(path=value))) == "my list.md"


@pytest.mark.parametrize(
    ("path", "submit_path", "want"),
    [
        ("README.md", "", "README.md"),
        ("./lists/../README.md", "", "README.md"),
        ("README.md lists/*.md", "lists/ai.md", "lists/ai.md"),
        ("lists/*.md", "papers[2024].md", "papers[2024].md"),
        ("lists/*.md", "", "submit-path"),
        ("README.md other.md", "", "submit-path"),
        ("README.md", "a.md b.md", "names 2 files"),
        ("README.md", "../up.md", "climbs out"),
        ("/etc/passwd", "", "absolute"),
    ],
)
def test_the_submission_list(path: str, submit_path: str, want: str) -> None:
    env = ActionEnv(inputs=Inputs(path=path, submit_path=submit_path))
    if want.endswith(".md"):
        assert submission_list(env) == want
    else:
        with pytest.raises(GeoaiError, match=re.escape(want)):
            submission_list(env)
