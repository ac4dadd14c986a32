"""End to end: the composite action's own command, once per event, against loopback GitHub.

Each test builds what a runner provides (the event payload, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY, a workspace that is a real git repository), takes the step's `env:`
from action.yml (so a renamed INPUT_* breaks the test), runs `action/run.sh` as the
composite step does, and checks the step outputs, the job summary, the annotations on
stdout and the resulting state of the GitHub API stand-in and the link farm.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conftest import entry, git, make_list
from fakes.github_api import GitHubAPI, github_api  # noqa: F401
from fakes.linkfarm import Farm

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "geoai-bot"
REPO = "owner/list"


def workspace(tmp: Path, readme: str) -> Path:
    ws = tmp / "ws"
    ws.mkdir()
    git(ws, "init", "-q", "-b", "main")
    (ws / "README.md").write_text(readme, encoding="utf-8")
    # Fast, bounded link checks against the farm.
    (ws / "geoai-bot.toml").write_text(
        "[links]\ntimeout = 3.0\nretries = 1\nbackoff = 0.05\ninterval = 0\n", encoding="utf-8"
    )
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "base")
    return ws


def commit(ws: Path, readme: str, message: str = "change") -> str:
    (ws / "README.md").write_text(readme, encoding="utf-8")
    git(ws, "commit", "-q", "-am", message)
    return git(ws, "rev-parse", "HEAD")


def step_env(inputs: dict[str, str]) -> dict[str, str]:
    """The `env:` of action.yml's run step, with `${{ inputs.x }}` filled in as GitHub does."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "run"]
    out = {}
    for key, value in step["env"].items():
        m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", str(value))
        if m:
            name = m.group(1)
            out[key] = inputs.get(name, defaults[name])
    out["GEOAI_BOT_EXE"] = str(EXE)
    return out


def parse_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT as the runner reads it: `name=value` or `name<<DELIM ... DELIM`."""
    out: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line:
            name, delim = line.split("<<", 1)
            j = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1 : j])
            i = j + 1
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
            i += 1
        else:
            i += 1
    return out


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str

    def annotations(self, level: str) -> list[str]:
        return [ln for ln in self.stdout.splitlines() if ln.startswith(f"::{level} ")]


def run_action(
    tmp: Path,
    ws: Path,
    event_name: str,
    event: dict[str, Any],
    *,
    api: GitHubAPI | None = None,
    farm: Farm | None = None,
    inputs: dict[str, str] | None = None,
    run_id: str = "1",
) -> Run:
    runner = tmp / f"runner-{event_name}-{run_id}"
    runner.mkdir()
    (runner / "event.json").write_text(json.dumps(event), encoding="utf-8")
    (runner / "output").write_text("", encoding="utf-8")
    (runner / "summary").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_EVENT_NAME=event_name,
        GITHUB_EVENT_PATH=str(runner / "event.json"),
        GITHUB_REPOSITORY=REPO,
        GITHUB_WORKSPACE=str(ws),
        GITHUB_OUTPUT=str(runner / "output"),
        GITHUB_STEP_SUMMARY=str(runner / "summary"),
        GITHUB_RUN_ID=run_id,
        GITHUB_SHA=git(ws, "rev-parse", "HEAD"),
        GITHUB_SERVER_URL="https://github.example",
        GITHUB_ACTION_PATH=str(ROOT),
        RUNNER_TEMP=str(runner / "temp"),
        GEOAI_BOT_API_PAUSE="0,0",
        GEOAI_BOT_API_MAX_WAIT="2",
        GEOAI_BOT_ALLOW_PRIVATE="1",
    )
    env["GITHUB_API_URL"] = api.base_url if api else "http://127.0.0.1:9"
    if farm is not None:
        env["GEOAI_BOT_ARXIV_API_URL"] = farm.url("/api/query")
        env["GEOAI_BOT_GITHUB_API_URL"] = farm.base
    env.update(step_env({"token": "test-token", **(inputs or {})}))
    proc = subprocess.run(
        ["bash", str(ROOT / "action" / "run.sh")],
        cwd=ws,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(
        proc.returncode,
        proc.stdout,
        proc.stderr,
        parse_outputs((runner / "output").read_text(encoding="utf-8")),
        (runner / "summary").read_text(encoding="utf-8"),
    )


OUTPUTS = {"findings", "broken-links", "pull-request-url", "report-path"}


# -- pull_request ------------------------------------------------------------------------


def test_pull_request_checks_only_changed_links_and_lints(tmp_path: Path, farm: Farm) -> None:
    old_broken = farm.url("/status/404/old")
    base = make_list(
        entry(
            "Old Paper", "A. Author, B. Author", ("Paper", farm.url("/ok/a")), ("Code", old_broken)
        )
    )
    ws = workspace(tmp_path, base)
    base_sha = git(ws, "rev-parse", "HEAD")
    new_broken = farm.url("/status/410/new")
    head = make_list(
        entry(
            "Old Paper", "A. Author, B. Author", ("Paper", farm.url("/ok/a")), ("Code", old_broken)
        ),
        # A contributor's entry: a misspelt label and a broken link.
        entry("New Paper", "C. Author", ("Paper", farm.url("/ok/b")), ("Priject", new_broken)),
        count=2,
    )
    head = head.replace("Update 2 papers", "Update 1 paper.\n- **2025.06.01**: Update 1 paper")
    head_sha = commit(ws, head)
    event = {
        "action": "synchronize",
        "number": 7,
        "pull_request": {"number": 7, "base": {"sha": base_sha}, "head": {"sha": head_sha}},
    }
    run = run_action(tmp_path, ws, "pull_request", event, farm=farm)

    assert run.code == 1, run.stderr
    assert set(run.outputs) == OUTPUTS
    assert run.outputs["broken-links"] == "1"
    assert int(run.outputs["findings"]) >= 1
    # Only the PR's links were fetched; the old broken link was left alone.
    assert farm.hits["/status/410/new"] >= 1
    assert farm.hits["/status/404/old"] == 0
    errors = run.annotations("error")
    assert any("410" in a or "/status/410/new" in a for a in errors)
    assert not any("/status/404/old" in a for a in run.stdout.splitlines())
    assert any("Priject" in a or "label" in a.lower() for a in run.stdout.splitlines())
    assert "unchanged links not checked" in run.summary
    assert "| Links |" in run.summary and "/status/410/new" in run.summary
    report = json.loads(Path(run.outputs["report-path"]).read_text(encoding="utf-8"))
    assert report["summary"]["broken_links"] == 1
    assert len(report["findings"]) == int(run.outputs["findings"])


def test_pull_request_fail_on_never_reports_but_passes(tmp_path: Path, farm: Farm) -> None:
    ws = workspace(tmp_path, make_list(entry("Paper", "A. Author", ("Paper", farm.url("/ok/1")))))
    base_sha = git(ws, "rev-parse", "HEAD")
    head_sha = commit(
        ws,
        make_list(
            entry(
                "Paper",
                "A. Author",
                ("Paper", farm.url("/ok/1")),
                ("Code", farm.url("/status/404/z")),
            )
        ),
    )
    event = {"pull_request": {"number": 1, "base": {"sha": base_sha}, "head": {"sha": head_sha}}}
    run = run_action(tmp_path, ws, "pull_request", event, farm=farm, inputs={"fail-on": "never"})
    assert run.code == 0, run.stderr
    assert run.outputs["broken-links"] == "1"
    assert run.annotations("error")


def test_pull_request_fails_only_on_the_new_entrys_finding(tmp_path: Path, farm: Farm) -> None:
    """Old debt (an entry without an author line) does not fail a pull request; the same
    defect in the entry the pull request adds does, as the one failing finding."""
    old_debt = f"#### Detecting Ships In Radar\n\n* Paper: {farm.url('/ok/ships')}\n"
    # Most entries have an author line, so the list's convention is to have one.
    good = [
        entry(title, "A. Author", ("Paper", farm.url(f"/ok/{n}")))
        for n, title in enumerate(("Rivers From Orbit", "Roofs In Cities", "Sea Ice Extent"))
    ]
    ws = workspace(tmp_path, make_list(*good, old_debt))
    base_sha = git(ws, "rev-parse", "HEAD")
    event = {"pull_request": {"number": 3, "base": {"sha": base_sha}, "head": {}}}

    # A pull request that only adds a good entry passes, old debt and all.
    added = entry("Glaciers In Retreat", "B. Author", ("Paper", farm.url("/ok/ice")))
    event["pull_request"]["head"] = {"sha": commit(ws, make_list(added, *good, old_debt))}
    clean = run_action(tmp_path, ws, "pull_request", event, farm=farm, run_id="1")
    assert clean.code == 0, clean.stdout + clean.stderr
    assert clean.outputs["findings"] == "0", clean.summary
    assert "1 finding in unchanged entries, not failing" in clean.summary

    # One that adds an entry without an author line fails with exactly that finding.
    git(ws, "reset", "-q", "--hard", base_sha)
    bad = f"#### Counting Trees With Lidar\n\n* Paper: {farm.url('/ok/trees')}\n"
    new = make_list(bad, *good, old_debt)
    event["pull_request"]["head"] = {"sha": commit(ws, new)}
    for run_id, command in (("2", "auto"), ("3", "lint")):
        run = run_action(
            tmp_path,
            ws,
            "pull_request",
            event,
            farm=farm,
            run_id=run_id,
            inputs={"command": command},
        )
        assert run.code == 1, run.stdout + run.stderr
        assert run.outputs["findings"] == "1"
        (error,) = run.annotations("error")
        line = next(n for n, text in enumerate(new.splitlines(), 1) if "Counting Trees" in text)
        assert "GB013" in error and f"line={line}," in error
        assert not any("Detecting Ships" in a for a in run.annotations("warning"))


# -- push / workflow_dispatch -----------------------------------------------------------


def test_push_checks_every_link(tmp_path: Path, farm: Farm) -> None:
    readme = make_list(
        entry(
            "One", "A. Author", ("Paper", farm.url("/ok/1")), ("Code", farm.url("/status/404/a"))
        ),
        entry(
            "Two",
            "B. Author",
            ("Paper", farm.url("/chain/2/b")),
            ("Code", farm.url("/status/500/c")),
        ),
    )
    ws = workspace(tmp_path, readme)
    run = run_action(tmp_path, ws, "push", {"ref": "refs/heads/main"}, farm=farm)
    assert run.code == 1, run.stderr
    assert run.outputs["broken-links"] == "2"
    assert run.outputs["findings"] == "0"
    assert farm.hits["/status/404/a"] >= 1 and farm.hits["/ok/1"] >= 1
    # The redirect is reported with its new address, as a notice.
    assert any("/chain/2/b" in a for a in run.annotations("notice"))
    assert "new URL" in run.summary
    assert run.summary.count("| broken |") == 2


def test_workflow_dispatch_clean_list(tmp_path: Path, farm: Farm) -> None:
    ws = workspace(tmp_path, make_list(entry("One", "A. Author", ("Paper", farm.url("/ok/1")))))
    run = run_action(tmp_path, ws, "workflow_dispatch", {"inputs": {}}, farm=farm)
    assert run.code == 0, run.stderr
    assert run.outputs["broken-links"] == "0" and run.outputs["findings"] == "0"
    assert not run.annotations("error") and not run.annotations("warning")
    assert "✅ clean" in run.summary and "0 broken" in run.summary


def test_annotations_stay_within_the_per_step_limit(tmp_path: Path, farm: Farm) -> None:
    # 14 entries whose author line repeats the title: an error each.
    entries = [
        entry(f"Paper {i}", f"Paper {i}", ("Paper", farm.url(f"/ok/{i}"))) for i in range(14)
    ]
    ws = workspace(tmp_path, make_list(*entries))
    run = run_action(tmp_path, ws, "push", {}, farm=farm, inputs={"command": "lint"})
    assert run.code == 1
    assert int(run.outputs["findings"]) >= 14
    assert len(run.annotations("error")) == 10
    more = [a for a in run.annotations("notice") if "more errors" in a]
    assert len(more) == 1 and "job summary" in more[0]
    assert run.summary.count("Paper ") >= 14  # every finding is in the summary


# -- schedule: one tracking issue ---------------------------------------------------------


def test_schedule_opens_updates_and_closes_one_issue(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    repo = github_api.create_repo(REPO, {"README.md": "x\n"})
    broken = farm.url("/status/404/gone")
    readme = make_list(entry("One", "A. Author", ("Paper", farm.url("/ok/1")), ("Code", broken)))
    ws = workspace(tmp_path, readme)
    event = {"schedule": "17 5 * * 1"}

    first = run_action(tmp_path, ws, "schedule", event, api=github_api, farm=farm, run_id="1")
    assert first.code == 0, first.stderr
    assert first.outputs["broken-links"] == "1"
    issues = [i for i in repo.issues.values() if i.pull is None]
    assert len(issues) == 1
    (issue,) = issues
    assert issue.state == "open" and "link-rot" in issue.labels
    assert "/status/404/gone" in issue.body and "runs/1" in issue.body
    sha = git(ws, "rev-parse", "HEAD")
    assert f"(https://github.example/{REPO}/blob/{sha}/README.md#L" in issue.body
    assert f"opened [#{issue.number}](" in first.summary

    second = run_action(tmp_path, ws, "schedule", event, api=github_api, farm=farm, run_id="2")
    assert second.code == 0, second.stderr
    assert [i.number for i in repo.issues.values()] == [issue.number]  # no new issue
    assert repo.issues[issue.number].state == "open"
    assert "runs/2" in repo.issues[issue.number].body
    assert f"updated [#{issue.number}](" in second.summary

    commit(ws, readme.replace(broken, farm.url("/ok/2")))
    third = run_action(tmp_path, ws, "schedule", event, api=github_api, farm=farm, run_id="3")
    assert third.code == 0, third.stderr
    assert third.outputs["broken-links"] == "0"
    assert [i.number for i in repo.issues.values()] == [issue.number]
    assert repo.issues[issue.number].state == "closed"
    assert len(repo.comments_on(issue.number)) == 1
    assert f"closed [#{issue.number}](" in third.summary

    # Still fine next week: nothing to do, no new issue, no new comment.
    fourth = run_action(tmp_path, ws, "schedule", event, api=github_api, farm=farm, run_id="4")
    assert fourth.code == 0
    assert len(repo.issues) == 1 and len(repo.comments_on(issue.number)) == 1


def test_schedule_api_failure_fails_the_step(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    github_api.create_repo(REPO, {"README.md": "x\n"})
    readme = make_list(entry("One", "A. Author", ("Paper", farm.url("/status/404/x"))))
    ws = workspace(tmp_path, readme)
    github_api.fail("POST", r"/issues$", status=403, times=50, message="Resource not accessible")
    run = run_action(tmp_path, ws, "schedule", {}, api=github_api, farm=farm)
    assert run.code == 1
    assert run.annotations("error")
    assert run.outputs["broken-links"] == "1"  # outputs are written even when the API fails


# -- issues: the submission flow ----------------------------------------------------------


def submission_repo(api: GitHubAPI, readme: str) -> Any:
    form = (ROOT / "src" / "geoai_bot" / "data" / "add-paper.yml").read_text(encoding="utf-8")
    return api.create_repo(
        REPO, {"README.md": readme, ".github/ISSUE_TEMPLATE/add-paper.yml": form}
    )


def issue_body(values: dict[str, str | None]) -> str:
    from geoai_bot.submit.form import default_template_text, parse_template, render_body

    return render_body(values, parse_template(default_template_text()))


def test_issue_opened_becomes_one_pull_request(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    readme = make_list(entry("One", "A. Author", ("Paper", "https://example.org/one")))
    repo = submission_repo(github_api, readme)
    body = issue_body(
        {
            "title": "Mapping Rivers from Orbit",
            "authors": "Dana Example, Lee Sample",
            "paper": "https://example.org/rivers",
            "code": "https://example.org/rivers-code",
            "abstract": "A summary written for this test.",
        }
    )
    issue = repo.add_issue("Add paper: Mapping Rivers from Orbit", body, labels=["new-paper"])
    ws = workspace(tmp_path, readme)
    event = github_api.issue_event(REPO, issue.number, "opened")

    run = run_action(tmp_path, ws, "issues", event, api=github_api, farm=farm)
    assert run.code == 0, run.stderr
    pulls = repo.open_pulls()
    assert len(pulls) == 1
    assert run.outputs["pull-request-url"].endswith(f"/pull/{pulls[0].number}")
    assert "Mapping Rivers from Orbit" in (repo.file("README.md", pulls[0].head) or "")
    # docs/adopting.md promises the bot's own lint result in the PR body (no checks run on
    # PRs opened with GITHUB_TOKEN).
    assert "### Lint" in pulls[0].body
    assert "Pull request:" in run.summary

    # The same event again (a re-run): still one pull request, one bot comment.
    again = run_action(tmp_path, ws, "issues", event, api=github_api, farm=farm, run_id="2")
    assert again.code == 0, again.stderr
    assert len(repo.open_pulls()) == 1
    assert again.outputs["pull-request-url"] == run.outputs["pull-request-url"]
    assert len(repo.comments_on(issue.number)) == 1

    # The contributor edits the issue: the same pull request is rebuilt with the new title.
    issue.body = body.replace("Mapping Rivers from Orbit", "Mapping Lakes from Orbit")
    edited = github_api.issue_event(REPO, issue.number, "edited")
    third = run_action(tmp_path, ws, "issues", edited, api=github_api, farm=farm, run_id="3")
    assert third.code == 0, third.stderr
    (pull,) = repo.open_pulls()
    assert third.outputs["pull-request-url"] == run.outputs["pull-request-url"]
    assert "Mapping Lakes from Orbit" in (repo.file("README.md", pull.head) or "")
    assert "Mapping Rivers from Orbit" not in (repo.file("README.md", pull.head) or "")


def test_invalid_submission_gets_a_comment_not_a_pull_request(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    readme = make_list(entry("One", "A. Author", ("Paper", "https://example.org/one")))
    repo = submission_repo(github_api, readme)
    body = issue_body({"title": "A Paper\u202e", "authors": "", "paper": "not a url"})
    issue = repo.add_issue("Add paper", body, labels=["new-paper"])
    ws = workspace(tmp_path, readme)
    run = run_action(
        tmp_path,
        ws,
        "issues",
        github_api.issue_event(REPO, issue.number),
        api=github_api,
        farm=farm,
    )
    assert run.code == 0, run.stderr
    assert not repo.pulls
    assert run.outputs["pull-request-url"] == ""
    assert "invalid" in repo.issues[issue.number].labels
    assert len(repo.comments_on(issue.number)) == 1
    assert "- " in run.summary  # the problems are listed in the job summary


def test_issue_without_the_form_label_is_ignored(
    tmp_path: Path,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    readme = make_list(entry("One", "A. Author", ("Paper", "https://example.org/one")))
    repo = submission_repo(github_api, readme)
    issue = repo.add_issue("A question", "How do I cite the list?", labels=["question"])
    ws = workspace(tmp_path, readme)
    run = run_action(
        tmp_path, ws, "issues", github_api.issue_event(REPO, issue.number), api=github_api
    )
    assert run.code == 0
    assert "not a paper submission" in run.stdout
    assert not repo.pulls and not repo.comments_on(issue.number)
    assert not github_api.requests()  # not a single API call
    assert run.outputs["pull-request-url"] == ""


# -- anything else ------------------------------------------------------------------------


def test_unknown_event_is_a_notice_and_success(tmp_path: Path) -> None:
    ws = workspace(tmp_path, make_list(entry("One", "A. Author", ("Paper", "https://x.org/1"))))
    run = run_action(tmp_path, ws, "release", {"action": "published"})
    assert run.code == 0
    (notice,) = run.annotations("notice")
    assert "release" in notice and "command" in notice
    assert set(run.outputs) == OUTPUTS and run.outputs["findings"] == "0"


def test_bad_input_is_a_usage_error(tmp_path: Path) -> None:
    ws = workspace(tmp_path, make_list(entry("One", "A. Author", ("Paper", "https://x.org/1"))))
    run = run_action(tmp_path, ws, "push", {}, inputs={"fail-on": "sometimes"})
    assert run.code == 2
    assert "fail-on" in run.stderr and "never" in run.stderr


# -- the sharded link check of docs/adopting.md ---------------------------------------------


def test_sharded_reports_merge_into_one_tracking_issue(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    repo = github_api.create_repo(REPO, {"README.md": "x\n"})
    with Farm() as other:
        readme = make_list(
            entry(
                "One",
                "A. Author",
                ("Paper", farm.url("/ok/1")),
                ("Code", farm.url("/status/404/a")),
            ),
            entry(
                "Two",
                "B. Author",
                ("Paper", other.url("/ok/2")),
                ("Code", other.url("/status/410/b")),
            ),
        )
        ws = workspace(tmp_path, readme)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
        env["GEOAI_BOT_API_PAUSE"] = "0,0"
        # The matrix jobs: one shard each, exit 1 when that shard found broken links.
        for k in (1, 2):
            proc = subprocess.run(
                [
                    str(EXE),
                    "links",
                    "README.md",
                    "--shard",
                    f"{k}/2",
                    "--allow-private",
                    "--format",
                    "json",
                    "-o",
                    f"links-{k}.json",
                ],
                cwd=ws,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert proc.returncode in (0, 1), proc.stderr
        proc = subprocess.run(
            [str(EXE), "links", "merge", "links-1.json", "links-2.json", "-o", "merged.json"],
            cwd=ws,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
    # The final job: no INPUT_* at all, only what a `run:` step has, plus the token.
    (tmp_path / "event.json").write_text("{}", encoding="utf-8")
    env.update(
        GITHUB_EVENT_NAME="schedule",
        GITHUB_EVENT_PATH=str(tmp_path / "event.json"),
        GITHUB_REPOSITORY=REPO,
        GITHUB_WORKSPACE=str(ws),
        GITHUB_API_URL=github_api.base_url,
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary"),
        GITHUB_TOKEN="test-token",
    )
    proc = subprocess.run(
        [
            str(EXE),
            "action",
            "--command",
            "link-report",
            "--path",
            "README.md",
            "--links-report",
            "merged.json",
        ],
        cwd=ws,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (issue,) = repo.issues.values()
    assert "link-rot" in issue.labels
    assert "/status/404/a" in issue.body and "/status/410/b" in issue.body
    summary_text = (tmp_path / "summary").read_text(encoding="utf-8")
    assert "2 broken" in summary_text and "link results read from" in summary_text
    assert github_api.tokens and set(github_api.tokens) == {"test-token"}


def test_list_in_a_subfolder_annotates_the_repository_path(tmp_path: Path, farm: Farm) -> None:
    ws = workspace(tmp_path, "placeholder\n")
    (ws / "lists").mkdir()
    text = make_list(entry("Two", "Two", ("Paper", farm.url("/status/404/s"))))
    (ws / "lists" / "papers.md").write_text(text, encoding="utf-8")
    run = run_action(tmp_path, ws, "push", {}, farm=farm, inputs={"path": "lists/papers.md"})
    assert run.code == 1, run.stderr
    errors = run.annotations("error")
    assert errors and all("file=lists/papers.md," in a for a in errors)
    assert any("/status/404/s" in a for a in errors)


def test_readme_text_cannot_issue_workflow_commands(tmp_path: Path, farm: Farm) -> None:
    hostile = "::add-mask::x\n::error file=evil::injected"
    text = make_list(entry("One", "A. Author", ("Paper", farm.url("/status/404/" + "x"))))
    text = text.replace("> A. Author", "> A. Author\n" + hostile)
    ws = workspace(tmp_path, text)
    run = run_action(tmp_path, ws, "push", {}, farm=farm)
    lines = run.stdout.splitlines()
    (stop,) = [i for i, ln in enumerate(lines) if ln.startswith("::stop-commands::")]
    token = lines[stop].split("::")[2]
    assert len(token) >= 32
    resume = lines.index(f"::{token}::")
    # Every annotation is printed after commands resume; README text only while they are off.
    firsts = [i for i, ln in enumerate(lines) if ln.startswith(("::error ", "::warning "))]
    assert firsts and min(firsts) > resume
    assert not any(ln.startswith("::error file=evil") for ln in lines[resume:])


def test_schedule_opens_the_moved_links_pull_request(
    tmp_path: Path,
    farm: Farm,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    moved, temp = farm.url("/chain/1/m"), farm.url("/temp/t")
    readme = make_list(entry("One", "A. Author", ("Paper", moved), ("Code", temp)))
    repo = github_api.create_repo(REPO, {"README.md": readme})
    ws = workspace(tmp_path, readme)
    off = run_action(
        tmp_path, ws, "schedule", {}, api=github_api, farm=farm, inputs={"moved-links": "false"}
    )
    assert off.code == 0, off.stderr
    assert not repo.pulls and "moved links" not in off.summary
    on = run_action(tmp_path, ws, "schedule", {}, api=github_api, farm=farm, run_id="2")
    assert on.code == 0, on.stderr
    (pr,) = repo.pulls.values()
    assert pr.head == "geoai-bot/moved-links" and pr.title == "Update 1 moved link"
    assert repo.file("README.md", pr.head) == readme.replace(moved, farm.url("/ok/m"))
    assert f"moved links pull request: opened #{pr.number}" in on.summary


def test_summary_false_writes_no_job_summary(tmp_path: Path, farm: Farm) -> None:
    ws = workspace(tmp_path, make_list(entry("One", "One", ("Paper", farm.url("/ok/1")))))
    run = run_action(tmp_path, ws, "push", {}, farm=farm, inputs={"summary": "false"})
    assert run.code == 1, run.stderr  # GB012: the finding is still reported and fails
    assert run.annotations("error") and run.outputs["findings"] != "0"
    assert run.summary == ""
