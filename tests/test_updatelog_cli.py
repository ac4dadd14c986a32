"""`geoai-bot log [add|reconcile] FILE`: exit codes, writing, and argument handling."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA
from geoai_bot.cli.main import main

LOG = DATA / "log"


def copy(tmp_path: Path, name: str, as_name: str = "README.md") -> Path:
    dest = tmp_path / as_name
    shutil.copyfile(LOG / name, dest)
    return dest


def test_check_exits_1_and_writes_nothing_when_the_log_would_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = copy(tmp_path, "unpadded.md")
    before = readme.read_bytes()
    assert main(["log", str(readme), "--check"]) == 1
    assert readme.read_bytes() == before
    assert "would change" in capsys.readouterr().err


def test_log_writes_the_normalised_log_then_check_is_clean(tmp_path: Path) -> None:
    readme = copy(tmp_path, "unpadded.md")
    assert main(["log", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == (LOG / "unpadded.expected.md").read_text(
        encoding="utf-8"
    )
    assert main(["log", "--check", str(readme)]) == 0


def test_unreadable_dates_are_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = copy(tmp_path, "invalid_dates.md")
    assert main(["log", str(readme)]) == 1
    err = capsys.readouterr().err
    lines = (LOG / "invalid_dates.md").read_text(encoding="utf-8").split("\n")
    bad = next(n for n, line in enumerate(lines, 1) if "2025.02.30" in line)
    assert f"{readme}:{bad}: date 2025.02.30 is not a real date" in err
    assert main(["log", "--check", str(readme)]) == 1  # still there: only a person can fix it


def test_add_with_count_and_date(tmp_path: Path) -> None:
    readme = copy(tmp_path, "same_day.expected.md")
    assert main(["log", "add", str(readme), "--count", "4", "--date", "2025-03-01"]) == 0
    assert "- **2025.03.01**: Update 6 papers." in readme.read_text(encoding="utf-8")


def test_add_creates_the_section_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = copy(tmp_path, "no_log.md")
    assert main(["log", "add", str(readme), "--count", "2", "--date", "2025-06-29"]) == 0
    assert readme.read_text(encoding="utf-8") == (LOG / "no_log.add2.expected.md").read_text(
        encoding="utf-8"
    )
    assert "created a Latest Updates section" in capsys.readouterr().err


def test_a_file_named_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy(tmp_path, "unpadded.md", "add")
    monkeypatch.chdir(tmp_path)
    assert main(["log", "./add", "--check"]) == 1
    assert main(["log", "add", "./add", "--date", "2024-10-02"]) == 0
    assert "- **2024.10.02**: Update 2 papers." in (tmp_path / "add").read_text(encoding="utf-8")
    assert main(["log", "add"]) == 2  # 'add' alone is the action without its FILE


def test_reconcile_exit_codes(tmp_path: Path) -> None:
    readme = copy(tmp_path, "same_day.expected.md")
    assert main(["log", "reconcile", str(readme)]) == 0  # 3 logged, 3 listed
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("Update 2 papers.", "Update 7 papers."), encoding="utf-8")
    before = readme.read_bytes()
    assert main(["log", "reconcile", str(readme)]) == 1  # counts more: say so, change nothing
    assert readme.read_bytes() == before
    readme.write_text(text.replace("Update 2 papers.", "Update 1 paper."), encoding="utf-8")
    assert main(["log", "reconcile", "--check", str(readme)]) == 1
    assert main(["log", "reconcile", str(readme), "--date", "2025-09-01"]) == 0
    assert "- **2025.09.01**: Update 1 paper." in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "add", "{f}", "--count", "0"],
        ["log", "add", "{f}", "--count", "x"],
        ["log", "add", "{f}", "--date", "2025-02-30"],
        ["log", "add", "{f}", "--date", "29/06/2025"],
        ["log", "{f}", "--count", "2"],
        ["log", "{f}", "--date", "2025-01-01"],
        ["log", "frobnicate", "{f}"],
        ["log", "add", "{f}", "{f}"],
        ["log", "{d}/missing.md"],
        ["log", "{d}"],
        ["log", "{f}", "--config", "{d}/missing.toml"],
    ],
)
def test_input_errors_exit_2_and_write_nothing(tmp_path: Path, argv: list[str]) -> None:
    readme = copy(tmp_path, "unpadded.md")
    before = readme.read_bytes()
    args = [a.format(f=readme, d=tmp_path) for a in argv]
    assert main(args) == 2
    assert readme.read_bytes() == before


def test_config_file_is_used(tmp_path: Path) -> None:
    readme = copy(tmp_path, "long.md")
    (tmp_path / "geoai-bot.toml").write_text(
        '[log]\ndate_format = "%Y-%m-%d"\nvisible = 4\n', encoding="utf-8"
    )
    assert main(["log", str(readme)]) == 0
    lines = readme.read_text(encoding="utf-8").split("\n")
    fold = lines.index("<details><summary>Earlier updates</summary>")
    assert [x for x in lines[:fold] if x.startswith("- **")][
        -1
    ] == "- **2024-09-01**: Update 1 paper."
    bad = tmp_path / "bad.toml"
    bad.write_text('[log]\ndate_format = "%B %d, %Y"\n', encoding="utf-8")
    assert main(["log", str(readme), "--config", str(bad)]) == 2


def test_crlf_file_keeps_its_line_endings(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    raw = (LOG / "order.md").read_bytes().replace(b"\n", b"\r\n")
    readme.write_bytes(raw)
    assert main(["log", str(readme)]) == 0
    out = readme.read_bytes()
    assert out.count(b"\n") == out.count(b"\r\n") == raw.count(b"\r\n")
    assert out == (LOG / "order.expected.md").read_bytes().replace(b"\n", b"\r\n")


def test_console_script_runs(tmp_path: Path) -> None:
    readme = copy(tmp_path, "plurals.md")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "geoai_bot", "log", str(readme), "--check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Update 1 paper." in proc.stderr


def test_fmt_applies_the_same_normalisation_with_the_config(tmp_path: Path) -> None:
    readme = copy(tmp_path, "long.md")
    (tmp_path / "geoai-bot.toml").write_text("[log]\nvisible = 4\n", encoding="utf-8")
    assert main(["fmt", str(readme)]) == 0
    lines = readme.read_text(encoding="utf-8").split("\n")
    fold = lines.index("<details><summary>Earlier updates</summary>")
    assert sum(x.startswith("- **") for x in lines[:fold]) == 4
    assert main(["log", "--check", str(readme)]) == 0
    assert main(["fmt", "--check", str(readme)]) == 0
