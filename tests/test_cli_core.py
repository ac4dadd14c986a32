"""`geoai-bot fmt` and `geoai-bot export` from the command line: exit codes, output, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA
from geoai_bot.cli.main import main

CORE = DATA / "core"
# quirks.md also holds quirks GitHub renders differently once formatted (text after
# `</details>`, a tab-nested bullet): fmt refuses it (tests/test_format.py). These CLI tests
# need a file fmt rewrites: quirks.unseen.md has only quirks a reader does not see.
UNSEEN = CORE / "quirks.unseen.md"
QUIRKS = CORE / "quirks.md"
CANONICAL = CORE / "quirks.canonical.md"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script's code path, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "geoai_bot", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def copy(src: Path, tmp_path: Path, name: str = "README.md") -> Path:
    dst = tmp_path / name
    dst.write_bytes(src.read_bytes())
    return dst


def test_fmt_check_exit_codes(tmp_path: Path) -> None:
    messy = copy(UNSEEN, tmp_path, "messy.md")
    clean = copy(CANONICAL, tmp_path, "clean.md")
    r = run("fmt", "--check", str(messy))
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == f"{messy}: would be reformatted\n"
    assert messy.read_bytes() == UNSEEN.read_bytes()
    r = run("fmt", "--check", str(clean))
    assert (r.returncode, r.stderr) == (0, f"{clean}: already formatted\n")


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    messy = copy(UNSEEN, tmp_path)
    r = run("fmt", "--diff", str(messy))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[:2] == [f"--- a/{messy}", f"+++ b/{messy}"]
    assert "-####  Two Spaces After The Hashes   " in lines
    assert "+#### Two Spaces After The Hashes" in lines
    assert "-* CODE: None" in lines and "+* Code: None" in lines
    assert messy.read_bytes() == UNSEEN.read_bytes()
    assert run("fmt", "--diff", str(copy(CANONICAL, tmp_path, "c.md"))).stdout == ""


def test_fmt_rewrites_then_is_clean(tmp_path: Path) -> None:
    path = copy(UNSEEN, tmp_path)
    r = run("fmt", str(path))
    assert (r.returncode, r.stderr) == (0, f"{path}: reformatted (3 entries)\n")
    assert path.read_bytes() == CANONICAL.read_bytes()
    assert run("fmt", "--check", str(path)).returncode == 0


def test_export_json_contract(tmp_path: Path) -> None:
    r = run("export", str(copy(QUIRKS, tmp_path)))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"name", "last_updated", "updates", "entries"} <= data.keys()
    assert (data["name"], data["last_updated"]) == ("Quirky Test List", "2025-03-02")
    assert [{k: u[k] for k in ("date", "text", "line")} for u in data["updates"]] == [
        {"date": "2025-03-02", "text": "Update 3 papers.", "line": 7}
    ]
    first, second, third = data["entries"]
    for e in data["entries"]:
        assert {"title", "authors", "links", "abstract", "section", "line"} <= e.keys()
        for link in e["links"]:
            assert {"label", "url"} <= link.keys()
    assert {k: first[k] for k in ("title", "authors", "abstract", "section", "line")} == {
        "title": "Two Spaces After The Hashes",
        "authors": ["Ann Ames", "Bo Berg."],
        "abstract": "Indented six spaces and wrapped at column zero.",
        "section": "Test Venue Accepted Paper List",
        "line": 14,
    }
    assert [{k: x[k] for k in ("label", "url")} for x in second["links"]] == [
        {"label": "Paper", "url": None},
        {"label": "Code", "url": None},
        {"label": "Dataset and code", "url": "https://example.org/data"},
    ]
    assert second["abstract"] is None
    assert third["line"] == 41


def test_export_csv(tmp_path: Path) -> None:
    r = run("export", "--format", "csv", str(copy(QUIRKS, tmp_path)))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["title"] for row in rows] == [
        "Two Spaces After The Hashes",
        "Straight After Details",
        "A Contributor's Level Three",
    ]
    assert rows[0]["authors"] == "Ann Ames; Bo Berg."
    assert rows[0]["paper"] == "https://arxiv.org/abs/2501.00001v2"
    assert rows[1]["links"] == "Paper: None\nCode: None\nDataset and code: https://example.org/data"
    assert rows[2]["line"] == "41"


def test_export_csv_neutralises_formulas(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text('#### =HYPERLINK("x")\n\n> @A, -B\n', encoding="utf-8")
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "out.csv"), str(path)]) == 0
    row = next(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert row["title"] == '\'=HYPERLINK("x")' and row["authors"] == "'@A; -B"


def test_export_to_a_file_with_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["export", "-o", str(out), str(copy(QUIRKS, tmp_path))]) == 0
    assert capsys.readouterr().out == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["entries"]) == 3


def test_export_reports_unread_lines(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(
        "#### Real\n\n> A\n\n## Table\n\n| x | https://example.org/t |\n", encoding="utf-8"
    )
    r = run("export", str(path))
    assert r.returncode == 0
    assert r.stderr == (
        f"{path}:7: note: table row with links (not an entry); kept as written: "
        "| x | https://example.org/t |\n"
    )


ERRORS = [
    ("not a list", b"# Notes\n\nJust prose here.\n", None, "not a paper list"),
    ("other shape", b"# X\n\n**Title**\n\n- Paper: https://e.org/1\n", None, "first at line 3"),
    ("empty", b"", None, "not a paper list"),
    ("latin-1", b"#### One\n\n> Jos\xe9\n", 3, "not UTF-8 text (byte 0xe9 at offset 15)"),
    ("garbage", bytes(range(256)) * 4, 3, "not UTF-8 text (byte 0x80 at offset 128)"),
    ("nul bytes", b"\x00\x01\x02 binary \x00\n\x00", None, "not a paper list"),
]


@pytest.mark.parametrize(("name", "data", "line", "message"), ERRORS, ids=[e[0] for e in ERRORS])
@pytest.mark.parametrize("command", [["fmt"], ["fmt", "--check"], ["export"]])
def test_bad_input_is_one_line_exit_2(
    tmp_path: Path, name: str, data: bytes, line: int | None, message: str, command: list[str]
) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(data)
    r = run(*command, str(path))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    where = f"{path}:{line}:" if line else f"{path}:"
    assert r.stderr.startswith(f"geoai-bot: {where}")
    assert message in r.stderr
    assert path.read_bytes() == data


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(tmp_path / "nope.md")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["export", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a directory" in err


def test_usage_errors() -> None:
    assert run("fmt").returncode == 2
    assert run("export", "--format", "xml", "x.md").returncode == 2
    r = run()
    assert r.returncode == 2 and "COMMAND" in r.stderr


def test_help_lists_fmt_and_export() -> None:
    r = run("--help")
    assert r.returncode == 0 and "fmt" in r.stdout and "export" in r.stdout
    assert "--check" in run("fmt", "--help").stdout
    assert "--format" in run("export", "--help").stdout


def test_console_script_and_module_agree(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("geoai-bot")
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    path = copy(QUIRKS, tmp_path)
    a = subprocess.run([str(script), "export", str(path)], capture_output=True, timeout=60)
    b = run("export", str(path))
    assert a.returncode == b.returncode == 0
    assert a.stdout.decode("utf-8") == b.stdout


def test_main_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy(UNSEEN, tmp_path)
    assert main(["fmt", "--check", str(path)]) == 1
    assert main(["fmt", str(path)]) == 0
    assert main(["fmt", "--check", str(path)]) == 0
    capsys.readouterr()
    assert main(["export", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["entries"][0]["line"] == 13


def test_unwritable_output_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy(QUIRKS, tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert main(["export", "-o", str(blocker / "out.json"), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{blocker / 'out.json'}: cannot write here" in err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_directory_as_export_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy(QUIRKS, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", "-o", str(out), str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert out.is_dir() and [p.name for p in out.iterdir()] == []
