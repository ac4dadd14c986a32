"""Several FILEs for `export`, `links`, `log` and `lint` (one report, the worst exit code, an
unreadable file said without hiding the others), and `-` (standard input) for `lint` and
`export`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import entry, make_list
from geoai_bot.cli.main import main

ONE = make_list(entry("First Paper On Maps", "A. Author", ("Paper", "https://x.org/1")))
TWO = make_list(entry("Second Paper On Roads", "B. Author", ("Paper", "https://x.org/2")))
# A finding in stdin only: an author line that repeats the title (GB012, an error).
BAD = make_list(entry("Same Words Here", "Same Words Here", ("Paper", "https://x.org/3")))


@pytest.fixture
def lists(tmp_path: Path) -> tuple[str, str, str]:
    (tmp_path / "one.md").write_text(ONE, encoding="utf-8")
    (tmp_path / "two.md").write_text(TWO, encoding="utf-8")
    return str(tmp_path / "one.md"), str(tmp_path / "two.md"), str(tmp_path / "missing.md")


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geoai_bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_export_several_files_is_one_json_array_and_a_missing_file_is_exit_2(
    lists: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    one, two, missing = lists
    assert main(["export", one, missing, two]) == 2
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [d["entries"][0]["title"] for d in data] == [
        "First Paper On Maps",
        "Second Paper On Roads",
    ]
    assert "missing.md" in err and err.count("geoai-bot:") == 1


def test_export_csv_and_citations_of_several_files_are_one_document(
    lists: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    one, two, _ = lists
    assert main(["export", "--format", "csv", one, two]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["title"] for r in rows] == ["First Paper On Maps", "Second Paper On Roads"]
    assert main(["export", "--format", "csl-json", one, two]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["export", "--format", "bibtex", one, two]) == 0
    assert capsys.readouterr().out.count("@") == 2


def test_export_and_lint_read_standard_input() -> None:
    exported = _cli("export", "-", stdin=ONE)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["entries"][0]["title"] == "First Paper On Maps"
    linted = _cli("lint", "-", stdin=BAD)
    assert linted.returncode == 1, linted.stdout + linted.stderr
    assert "<stdin>:" in linted.stdout and "GB012" in linted.stdout
    assert _cli("lint", "-", stdin=ONE).returncode == 0
    empty = _cli("export", "-", stdin="just text\n")
    assert empty.returncode == 2 and "<stdin>" in empty.stderr
    refused = _cli("lint", "-", "--fix", stdin=BAD)
    assert refused.returncode == 2 and "standard input" in refused.stderr


def test_lint_reports_every_readable_file_when_one_is_missing(
    tmp_path: Path, lists: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    one, _, missing = lists
    bad = tmp_path / "bad.md"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["lint", one, missing, str(bad)]) == 2  # the worst: a file not read
    out, err = capsys.readouterr()
    assert "GB012" in out and "bad.md" in out
    assert "missing.md" in err


def test_links_several_files_one_report(
    lists: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    one, two, missing = lists
    assert main(["links", "--offline", "--format", "json", one, two]) == 0
    assert [r["file"] for r in json.loads(capsys.readouterr().out)] == [one, two]
    assert main(["links", "--offline", one, missing, two]) == 2
    out, err = capsys.readouterr()
    assert f"{one}:" in out and f"{two}:" in out and "missing.md" in err


def test_log_several_files_and_refusals(
    lists: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    one, two, missing = lists
    assert main(["log", "add", one, two, "--date", "2025-08-01"]) == 0
    for path in (one, two):
        assert "**2025.08.01**: Update 1 paper." in Path(path).read_text(encoding="utf-8")
    before = Path(one).read_bytes()
    assert main(["log", "add", one, one]) == 2  # the same papers recorded twice: refused
    assert main(["log", "frobnicate", one]) == 2  # a mistyped action is no missing file
    assert Path(one).read_bytes() == before
    assert main(["log", "--check", one, missing, two]) == 2
    assert "missing.md" in capsys.readouterr().err
