"""`geoai-bot check`: lint + format + update log + links, one report and one exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import entry, make_list
from fakes.linkfarm import Farm
from geoai_bot.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "paper-list.md"


def write(tmp: Path, text: str) -> str:
    p = tmp / "README.md"
    p.write_text(text, encoding="utf-8")
    (tmp / "geoai-bot.toml").write_text(
        "[links]\ntimeout = 3.0\nretries = 1\nbackoff = 0.05\ninterval = 0\n"
        f'cache = "{(tmp / "cache.sqlite").as_posix()}"\n',
        encoding="utf-8",
    )
    return str(p)


def test_quick_start_command_passes_on_the_bundled_example() -> None:
    # Exactly what the README's Quick start runs (as a process, from the repository root).
    exe = Path(sys.executable).parent / "geoai-bot"
    proc = subprocess.run(
        [str(exe), "check", "--offline", "examples/paper-list.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 errors" in proc.stdout and "(ok)" in proc.stdout
    assert "--offline" in proc.stdout  # it says the links were not checked


def test_clean_list_with_links(
    tmp_path: Path, farm: Farm, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, make_list(entry("One", "A. Author", ("Paper", farm.url("/ok/1")))))
    assert main(["check", path, "--allow-private"]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 0 warnings, 0 broken links (ok)" in out
    assert farm.hits["/ok/1"] >= 1


def test_every_part_reports_into_one_exit_code(
    tmp_path: Path, farm: Farm, capsys: pytest.CaptureFixture[str]
) -> None:
    text = make_list(
        entry(
            "One", "A. Author", ("Paper", farm.url("/ok/1")), ("Code", farm.url("/status/404/x"))
        ),
        entry("Two", "Two", ("Paper", farm.url("/ok/2"))),  # author line repeats the title
    )
    # Not canonical, and no lint rule reports it: the format part does.
    text = text.replace("* Paper:", "*   Paper:", 1)
    path = write(tmp_path, text)
    assert main(["check", path, "--allow-private", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    rules = {f["rule"] for f in data["findings"]}
    assert "fmt" in rules
    assert any(r.startswith("GB") for r in rules)
    assert data["summary"]["broken_links"] == 1
    assert data["links"]["summary"]["broken"] == 1
    assert data["problems"] == []


def test_offline_skips_links_and_says_so(
    tmp_path: Path, farm: Farm, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, make_list(entry("One", "A. Author", ("Paper", farm.url("/status/404/y"))))
    )
    assert main(["check", path, "--offline"]) == 0
    out = capsys.readouterr().out
    assert "links not checked (--offline)" in out
    assert farm.hits["/status/404/y"] == 0


def test_update_log_problems_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = make_list(entry("One", "A. Author", ("Paper", "https://example.org/1")), count=5)
    path = write(tmp_path, text)
    assert main(["check", path, "--offline", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    log = [f for f in data["findings"] if f["rule"] == "log"]
    assert any("5" in f["message"] and "1" in f["message"] for f in log)


def test_markdown_and_github_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, make_list(entry("Two", "Two", ("Paper", "https://example.org/2"))))
    assert main(["check", path, "--offline", "--format", "markdown"]) == 1
    md = capsys.readouterr().out
    assert md.startswith("## geoai-bot check") and "| Check | Result |" in md
    assert main(["check", path, "--offline", "--format", "github"]) == 1
    gh = capsys.readouterr().out.splitlines()
    assert gh and all(line.startswith("::") for line in gh)
    assert any(line.startswith("::error file=") for line in gh)


def test_fail_on_warning_and_never(tmp_path: Path) -> None:
    path = write(tmp_path, make_list(entry("Two", "Two", ("Paper", "https://example.org/2"))))
    assert main(["check", path, "--offline", "--fail-on", "never"]) == 0
    assert main(["check", path, "--offline", "--fail-on", "warning"]) == 1


def test_not_a_list_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "notes.md"
    p.write_text("# Notes\n\nNothing here.\n", encoding="utf-8")
    assert main(["check", str(p), "--offline"]) == 2
    assert main(["check", str(tmp_path / "missing.md"), "--offline"]) == 2
    err = capsys.readouterr().err
    assert "missing.md" in err


def test_changed_from_checks_only_new_links(
    tmp_path: Path, farm: Farm, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_action_e2e import commit, workspace

    old = make_list(entry("One", "A. Author", ("Paper", farm.url("/status/404/old"))))
    ws = workspace(tmp_path, old)
    new = make_list(
        entry("One", "A. Author", ("Paper", farm.url("/status/404/old"))),
        entry("Two", "B. Author", ("Paper", farm.url("/status/404/new"))),
        count=2,
    )
    commit(ws, new)
    readme = str(ws / "README.md")
    code = main(
        ["check", readme, "--allow-private", "--changed-from", "HEAD~1", "--format", "json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [r["url"] for r in data["links"]["results"] if r["state"] == "broken"] == [
        farm.url("/status/404/new")
    ]
    assert farm.hits["/status/404/old"] == 0
    assert any("unchanged links not checked" in n for n in data["notes"])
