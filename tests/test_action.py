"""The action's pure parts: inputs, the event -> job plan, step outputs, summary escaping and
size limits, annotations order and budget."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import entry, make_list
from fakes.linkfarm import Farm
from geoai_bot.action.args import OPTIONS, JobOptions, job_options
from geoai_bot.action.env import ActionEnv, Inputs, write_outputs
from geoai_bot.action.report import annotations_for
from geoai_bot.action.run import plan
from geoai_bot.check.run import (
    CheckReport,
    LinkLocation,
    LinkReport,
    ReportedLink,
    parse_link_report,
)
from geoai_bot.core.errors import GeoaiError
from geoai_bot.lint.findings import Finding
from geoai_bot.report import annotations as gha
from geoai_bot.report import summary
from test_action_e2e import parse_outputs, run_action, workspace


def env_for(event_name: str, event: dict[str, object], **inputs: str) -> ActionEnv:
    return ActionEnv(inputs=Inputs(**inputs), event_name=event_name, event=event)


# -- inputs ------------------------------------------------------------------------------


def test_inputs_from_environment_both_spellings() -> None:
    a = Inputs.from_environ({"INPUT_FAIL-ON": "Warning", "INPUT_COMMAND": " lint "})
    b = Inputs.from_environ({"INPUT_FAIL_ON": "warning", "INPUT_COMMAND": "lint"})
    assert a == b
    assert a.fail_on == "warning" and a.command == "lint" and a.path == "README.md"


def test_empty_inputs_take_the_defaults_and_token_falls_back() -> None:
    environ = {"INPUT_PATH": "", "INPUT_TOKEN": "", "GITHUB_TOKEN": "s3cr3t"}
    got = Inputs.from_environ(environ)
    assert got.path == "README.md" and got.token == "s3cr3t" and got.command == "auto"
    assert "s3cr3t" not in repr(got)  # the token never shows up in a repr


@pytest.mark.parametrize(
    ("key", "value"),
    [("INPUT_COMMAND", "deploy"), ("INPUT_FAIL_ON", "sometimes"), ("INPUT_SUMMARY", "sometimes")],
)
def test_bad_inputs_name_the_input_and_the_choices(key: str, value: str) -> None:
    with pytest.raises(GeoaiError) as exc:
        Inputs.from_environ({key: value})
    said = str(exc.value)
    assert value in said and ("never" in said or "lint" in said or "true or false" in said)


def test_event_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "event.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GeoaiError) as exc:
        ActionEnv.from_environ({"GITHUB_EVENT_PATH": str(bad)})
    assert str(bad) in str(exc.value)
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(GeoaiError):
        ActionEnv.from_environ({"GITHUB_EVENT_PATH": str(bad)})


# -- plan --------------------------------------------------------------------------------

SHA = "a" * 40


@pytest.mark.parametrize(
    ("event_name", "event", "job", "changed_from"),
    [
        ("pull_request", {"pull_request": {"base": {"sha": SHA}}}, "check", SHA),
        ("pull_request", {"pull_request": {"base": {"sha": "; rm -rf /"}}}, "check", None),
        ("push", {}, "check", None),
        ("workflow_dispatch", {}, "check", None),
        ("schedule", {}, "link-report", None),
        (
            "issues",
            {"action": "opened", "issue": {"labels": [{"name": "new-paper"}]}},
            "submit",
            None,
        ),
        (
            "issues",
            {"action": "edited", "issue": {"labels": [{"name": "new-paper"}]}},
            "submit",
            None,
        ),
        ("issues", {"action": "reopened", "issue": {"labels": ["new-paper"]}}, "submit", None),
        (
            "issues",
            {"action": "closed", "issue": {"labels": [{"name": "new-paper"}]}},
            "nothing",
            None,
        ),
        ("issues", {"action": "opened", "issue": {"labels": [{"name": "bug"}]}}, "nothing", None),
        ("issues", {"action": "opened", "issue": {"labels": "new-paper"}}, "nothing", None),
        ("pull_request_target", {}, "nothing", None),
        ("release", {}, "nothing", None),
        ("", {}, "nothing", None),
    ],
)
def test_auto_plan(
    event_name: str, event: dict[str, object], job: str, changed_from: str | None
) -> None:
    p = plan(env_for(event_name, event))
    assert p.job == job
    assert p.changed_from == changed_from
    assert p.reason


def test_explicit_commands_win_and_links_on_a_pull_request_checks_the_changes() -> None:
    pr = {"pull_request": {"base": {"sha": SHA}}}
    assert plan(env_for("schedule", {}, command="lint")).job == "lint"
    assert plan(env_for("push", {}, command="link-report")).job == "link-report"
    p = plan(env_for("pull_request", pr, command="links"))
    assert (p.job, p.changed_from) == ("links", SHA)
    assert plan(env_for("push", {}, command="links")).changed_from is None


# -- outputs -----------------------------------------------------------------------------


@given(st.dictionaries(st.sampled_from(["findings", "report-path", "pull-request-url"]), st.text()))
def test_outputs_round_trip_through_the_runner_format(values: dict[str, str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "out"
        path.write_text("earlier=1\n", encoding="utf-8")
        clean = {k: v.replace("\r", "") for k, v in values.items()}
        write_outputs(path, clean)
        got = parse_outputs(path.read_text(encoding="utf-8"))
    assert got.pop("earlier") == "1"
    assert got == clean


def test_an_output_value_cannot_inject_another_output(tmp_path: Path) -> None:
    path = tmp_path / "out"
    evil = "x\nEOF\nfindings=999\nghadelimiter_\n"
    write_outputs(path, {"pull-request-url": evil, "findings": "0"})
    got = parse_outputs(path.read_text(encoding="utf-8"))
    assert got == {"pull-request-url": evil, "findings": "0"}


# -- summary -----------------------------------------------------------------------------


@given(st.text(max_size=400))
def test_md_text_is_one_inert_table_cell(text: str) -> None:
    cell = summary.md_text(text)
    assert "\n" not in cell and "\r" not in cell
    assert "<" not in cell and ">" not in cell
    assert not re.search(r"(?<!\\)\|", cell)
    assert not re.search(r"@[A-Za-z0-9_-]", cell)  # no mention can ping anyone


@given(st.text(max_size=300))
def test_md_code_is_one_code_span(text: str) -> None:
    cell = summary.md_code(text)
    assert "\n" not in cell
    assert not re.search(r"(?<!\\)\|", cell)
    fence = re.match(r"`+", cell)
    assert fence is not None
    inner = cell[len(fence.group()) : len(cell) - len(fence.group())]
    assert cell.endswith(fence.group())
    assert all(len(run) != len(fence.group()) for run in re.findall(r"`+", inner))


def finding(i: int, severity: str = "error") -> Finding:
    return Finding(
        rule=f"GB{i % 50:03d}",
        severity=severity,  # type: ignore[arg-type]
        message=f"problem {i} | with <html> and @someone",
        path="README.md",
        line=i + 1,
    )


def test_job_summary_stays_under_the_limit_with_a_note() -> None:
    report = CheckReport(path="README.md", lint=[finding(i) for i in range(30_000)], fmt=[], log=[])
    links = [
        ReportedLink(
            f"https://example.org/{i}", "broken", 404, None, "404", (LinkLocation("README.md", i),)
        )
        for i in range(5_000)
    ]
    report.links = LinkReport(results=links)
    text = summary.job_summary(report)
    assert len(text.encode("utf-8")) <= summary.SUMMARY_LIMIT
    assert "more rows not shown" in text and "1 MiB" in text
    assert "@someone" not in text and "<html>" not in text
    small = summary.job_summary(report, limit=20_000)
    assert len(small.encode("utf-8")) <= 20_000
    assert "more rows not shown" in small


def test_job_summary_small_report_is_complete() -> None:
    report = CheckReport(path="README.md", lint=[finding(1), finding(2, "warning")], fmt=[], log=[])
    text = summary.job_summary(report)
    assert "not shown" not in text
    assert "| Lint | ❌ 1 error, 1 warning |" in text
    assert "| Format | ✅ clean |" in text
    assert text.count("| 2 |") + text.count("| 3 |") == 2


def test_link_issue_body_fits_an_issue() -> None:
    links = LinkReport(
        results=[
            ReportedLink(
                f"https://example.org/{'x' * 150}/{i}",
                "broken",
                404,
                None,
                "gone",
                (LinkLocation("README.md", i, 1, f"Paper {i}"),),
            )
            for i in range(3_000)
        ]
    )
    body = summary.link_issue_body(links, "README.md", run_url="https://github.example/r/1")
    assert len(body) <= 65_536
    assert "more links not shown" in body and "https://github.example/r/1" in body


# -- annotations -------------------------------------------------------------------------


def test_annotations_most_important_first_and_budgeted() -> None:
    lint = [finding(i, "warning") for i in range(3)] + [finding(i + 10, "error") for i in range(12)]
    links = LinkReport(
        results=[
            ReportedLink(
                "https://a.example/x", "broken", 404, None, "404", (LinkLocation("README.md", 5),)
            ),
            ReportedLink(
                "https://a.example/y",
                "redirect",
                301,
                "https://b.example/y",
                "",
                (LinkLocation("README.md", 6),),
            ),
        ]
    )
    report = CheckReport(path="README.md", lint=lint, links=links)
    anns = annotations_for(report)
    levels = [a.level for a in anns]
    assert levels == sorted(levels, key=["error", "warning", "notice"].index)
    assert any(a.level == "notice" and "https://b.example/y" in a.message for a in anns)
    lines = gha.budgeted(anns, "the job summary")
    assert sum(ln.startswith("::error ") for ln in lines) == 10
    assert any("3 more errors" in ln for ln in lines)


def test_parse_link_report_tolerates_hostile_json() -> None:
    data = {
        "results": [
            {"url": "https://ok.example", "state": "ok", "locations": [{"line": "7"}]},
            {"url": 5},
            "nonsense",
            {"url": "https://b.example", "state": "broken", "code": True, "locations": None},
        ],
        "summary": {"broken": 1, "ok": "many"},
    }
    rep = parse_link_report(data)
    assert [r.url for r in rep.results] == ["https://ok.example", "https://b.example"]
    assert rep.results[1].code is None and rep.summary == {"broken": 1}
    assert len(rep.broken) == 1


def test_fail_on_thresholds() -> None:
    warn = CheckReport(path="R", lint=[finding(1, "warning")])
    err = CheckReport(path="R", lint=[finding(1, "error")])
    timeout = CheckReport(path="R", links=LinkReport(results=[ReportedLink("u", "timeout")]))
    assert [warn.exit_code(f) for f in ("error", "warning", "never")] == [0, 1, 0]
    assert [err.exit_code(f) for f in ("error", "warning", "never")] == [1, 1, 0]
    assert [timeout.exit_code(f) for f in ("error", "warning", "never")] == [0, 1, 0]
    err.problems.append("links: no network")
    assert err.exit_code("never") == 2


def test_emit_respects_what_earlier_steps_wrote_to_the_summary(tmp_path: Path) -> None:
    from geoai_bot.action.report import emit

    summary_file = tmp_path / "summary"
    summary_file.write_text("x" * (summary.SUMMARY_LIMIT - 50_000), encoding="utf-8")
    env = ActionEnv(inputs=Inputs(), summary_file=summary_file, temp_dir=tmp_path / "t")
    report = CheckReport(path="README.md", lint=[finding(i) for i in range(5_000)], fmt=[], log=[])
    outputs = emit([report], env, "geoai-bot check")
    assert summary_file.stat().st_size <= summary.SUMMARY_LIMIT
    assert "more rows not shown" in summary_file.read_text(encoding="utf-8")
    assert outputs["findings"] == "5000"
    data = Path(outputs["report-path"]).read_text(encoding="utf-8")
    assert data.count('"rule"') == 5000  # the report file keeps everything


def test_only_a_hex_object_id_from_the_event_reaches_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A payload's base SHA is passed to `git cat-file` / `git fetch`: anything but a full hex
    # id (an option such as --upload-pack=...) is refused before git runs.
    import subprocess

    from geoai_bot.action.run import _usable_base

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(tmp_path),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "x",
        ],
        check=True,
    )
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    assert _usable_base(f"--upload-pack=touch {marker}") is None
    assert _usable_base("HEAD") is None
    assert not marker.exists()
    assert _usable_base(head) == head


def test_api_pauses_are_read_once_for_action_and_submit() -> None:
    from geoai_bot.action.env import parse_pauses

    assert parse_pauses("") == (0.25, 1.0)
    assert parse_pauses("0,0") == (0.0, 0.0)
    with pytest.raises(GeoaiError, match="GEOAI_BOT_API_PAUSE"):
        parse_pauses("fast")
    with pytest.raises(GeoaiError, match="GEOAI_BOT_API_PAUSE"):
        ActionEnv.from_environ({"GEOAI_BOT_API_PAUSE": "1,2,3"})


# -- the `args` input --------------------------------------------------------------------


def test_args_are_split_and_checked_against_the_jobs_options() -> None:
    assert job_options("", "check") == JobOptions()
    assert job_options("  --offline   '--no-baseline' ", "check") == JobOptions(True, True)
    assert job_options("--no-baseline", "lint") == JobOptions(no_baseline=True)
    assert set(OPTIONS) == {"check", "lint", "fmt"}
    assert job_options("--anything", "nothing") == JobOptions()  # no job runs: nothing to refuse


@pytest.mark.parametrize(
    ("raw", "job", "needle"),
    [
        ("--offline", "lint", "--offline"),  # an option of another job
        ("--select GB017", "lint", "--select"),  # not one the Action applies
        ("README.md", "check", "README.md"),  # files come from `path`
        ("--offline=yes", "check", "takes no value"),
        ("--offline 'unclosed", "check", "cannot be split"),
        ("--offline; touch x", "check", "--offline;"),
        ("$(touch x)", "check", "$(touch"),
        ("--no-baseline", "submit", "none"),
        ("-" * 1001, "check", "limit"),
    ],
)
def test_bad_args_are_refused_naming_the_input(raw: str, job: str, needle: str) -> None:
    with pytest.raises(GeoaiError) as exc:
        job_options(raw, job)
    assert "input 'args'" in str(exc.value) and needle in str(exc.value)


def test_args_reach_the_job_and_hostile_args_reach_no_shell(tmp_path: Path, farm: Farm) -> None:
    readme = make_list(entry("One", "A. Author", ("Paper", farm.url("/status/404/a"))))
    ws = workspace(tmp_path, readme)
    push = {"ref": "refs/heads/main"}
    checked = run_action(tmp_path, ws, "push", push, farm=farm, run_id="1")
    assert checked.code == 1 and checked.outputs["broken-links"] == "1", checked.stderr
    hits = farm.hits["/status/404/a"]
    offline = run_action(
        tmp_path, ws, "push", push, farm=farm, inputs={"args": "--offline"}, run_id="2"
    )
    assert offline.code == 0, offline.stderr
    assert offline.outputs["broken-links"] == "0" and farm.hits["/status/404/a"] == hits
    marker = tmp_path / "pwned"
    hostile = f"--offline $(touch {marker}) `touch {marker}`; touch {marker}"
    refused = run_action(
        tmp_path, ws, "push", push, farm=farm, inputs={"args": hostile}, run_id="3"
    )
    assert refused.code == 2 and "input 'args'" in refused.stderr
    assert not marker.exists()
    assert farm.hits["/status/404/a"] == hits  # refused before any work
