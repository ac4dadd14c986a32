"""`geoai-bot lint` as a user runs it: exit codes, formats, config, suppression, --fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA
from geoai_bot.cli.main import main
from geoai_bot.report.annotations import PER_STEP_LIMIT

CLEAN = (DATA / "lint" / "clean.md").read_text(encoding="utf-8")
WARN_ONLY = CLEAN.replace("> Cy Diaz", "> Cy Diaz.")  # GB015 warning
WITH_ERROR = CLEAN.replace("> Cy Diaz", "> Counting Street Trees in Dense Cities")  # GB012


def write(tmp_path: Path, text: str, name: str = "README.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(write(tmp_path, CLEAN)))[0] == 0
    assert run(capsys, str(write(tmp_path, WARN_ONLY)))[0] == 0
    assert run(capsys, "--strict", str(write(tmp_path, WARN_ONLY)))[0] == 1
    assert run(capsys, str(write(tmp_path, WITH_ERROR)))[0] == 1
    assert run(capsys, str(tmp_path / "missing.md"))[0] == 2
    assert run(capsys, "--format", "xml", str(write(tmp_path, CLEAN)))[0] == 2
    assert run(capsys, "--select", "GB999", str(write(tmp_path, CLEAN)))[0] == 2
    (tmp_path / "bad.md").write_bytes(b"#### T\n\n> \xff\xfe\n")
    code, _out, err = run(capsys, str(tmp_path / "bad.md"))
    assert code == 2 and "UTF-8" in err


def test_not_a_paper_list_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, str(write(tmp_path, "# Notes\n\nJust prose.\n")))
    assert code == 2 and "not a paper list" in err


def test_text_report_lines_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, WITH_ERROR)
    code, out, _err = run(capsys, str(path))
    assert code == 1
    assert f"{path}:27:3: GB012 error Author line repeats the title; list the authors" in out
    assert "\033[" not in out  # not a TTY: no colour
    assert out.rstrip().splitlines()[-1].startswith("Found 1 problem (1 error")
    assert "-- Counting Street Trees in Dense Cities" in out  # grouped under its entry


def test_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, WITH_ERROR.replace("* project", "* project"))
    code, out, _err = run(capsys, "--format", "json", str(path))
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"findings", "summary"}
    (f,) = data["findings"]
    assert set(f) == {
        "rule",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
    }
    assert (f["rule"], f["severity"], f["path"], f["line"], f["column"]) == (
        "GB012",
        "error",
        str(path),
        27,
        3,
    )
    assert f["end_line"] == 27 and f["end_column"] == 3 + len(
        "Counting Street Trees in Dense Cities"
    )
    assert f["fix"] is None
    assert data["summary"]["errors"] == 1 and data["summary"]["total"] == 1


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, WITH_ERROR.replace("> Ann Lee, Bo Chen", "> Ann Lee, Bo Chen.")))

    def rules(*a):
        return {
            f["rule"] for f in json.loads(run(capsys, "--format", "json", *a, path)[1])["findings"]
        }

    assert rules() == {"GB012", "GB015"}
    assert rules("--select", "GB012") == {"GB012"}
    assert rules("--select", "author-period") == {"GB015"}
    assert rules("--ignore", "GB01") == set()
    assert rules("--select", "GB01", "--ignore", "GB015") == {"GB012"}


def test_config_severity_ignore_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    path = str(write(tmp_path, WITH_ERROR))
    cfg = tmp_path / "geoai-bot.toml"
    cfg.write_text('[lint]\nseverity = { GB012 = "warning" }\n')
    assert run(capsys, path)[0] == 0
    cfg.write_text('[lint]\nignore = ["authors-repeat-title"]\n')
    code, out, _ = run(capsys, path)
    assert code == 0 and "GB012" not in out
    cfg.write_text('[lint]\nseverity = { GB012 = "off" }\n')
    assert "GB012" not in run(capsys, path)[1]
    cfg.write_text("[lint]\nselectt = []\n")
    code, _out, err = run(capsys, path)
    assert code == 2 and "lint.selectt: unknown key" in err
    cfg.write_text('[lint]\nignore = ["GB999"]\n')
    code, _out, err = run(capsys, path)
    assert code == 2 and "GB999" in err and "lint.ignore" in err
    cfg.write_text('[lint]\narxiv_style = "html"\n')
    code, _out, err = run(capsys, path)
    assert code == 2 and "lint.arxiv_style" in err
    other = tmp_path / "other.toml"
    other.write_text("[lint]\nignore = ['GB012']\n")
    assert run(capsys, "--config", str(other), path)[0] == 0
    assert run(capsys, "--config", str(tmp_path / "nope.toml"), path)[0] == 2


def test_disable_comment_silences_one_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = WITH_ERROR.replace(
        "> Ann Lee, Bo Chen", "> Mapping Rivers from Space with Tiny Satellites"
    )
    silenced = both.replace(
        "#### Counting", "<!-- geoai-bot: disable=GB012, GB016 -->\n#### Counting"
    )
    out = run(capsys, "--format", "json", str(write(tmp_path, silenced)))[1]
    lines = [(f["rule"], f["line"]) for f in json.loads(out)["findings"]]
    assert lines == [("GB012", 15)]  # the first entry is still reported
    # A comment for another rule silences nothing.
    other = both.replace("#### Counting", "<!-- geoai-bot: disable=GB017 -->\n#### Counting")
    out = run(capsys, "--format", "json", str(write(tmp_path, other)))[1]
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["GB012", "GB012"]


def test_github_format_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    words = [
        "Glaciers", "Deserts", "Wetlands", "Volcanoes", "Harbours", "Orchards", "Tundra",
        "Savannas", "Reefs", "Dunes", "Canyons", "Fjords", "Steppes", "Moors", "Atolls",
    ]  # fmt: skip
    entry = "\n\n#### {w}\n\n> {w}\n\n* Paper: None\n"
    text = CLEAN + "".join(entry.format(w=w) for w in words)
    code, out, _err = run(capsys, "--format", "github", str(write(tmp_path, text)))
    assert code == 1
    errors = [ln for ln in out.splitlines() if ln.startswith("::error ")]
    warnings = [ln for ln in out.splitlines() if ln.startswith("::warning ")]
    notices = [ln for ln in out.splitlines() if ln.startswith("::notice")]
    assert len(errors) == PER_STEP_LIMIT
    assert (
        errors[0].startswith("::error file=") and "title=GB012 authors-repeat-title::" in errors[0]
    )
    # 15 errors (GB012), 10 shown; `Paper: None` throughout is the list's convention: info.
    assert any("5 more errors" in n for n in notices)
    assert len(warnings) == 1  # GB050: the log counts 3 of 18 entries


def test_fix_writes_reports_and_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = (
        CLEAN.replace("> Cy Diaz", "> Cy Diaz.")
        .replace("* Project: https://cy", "* project: http://cy")
        .replace("####", "####  ", 1)
        .replace("    We count", "  We count")
        .replace("- **2025.01.02**", "- **2025.1.2**")
        + "\n\n"
    )
    path = write(tmp_path, messy)
    code, out, err = run(capsys, "--fix", str(path))
    assert code == 0
    assert "GB015 fixed" in err and "GB019 fixed" in err and "GB021 fixed" in err
    assert "reformatted" in err
    assert path.read_text(encoding="utf-8") == CLEAN
    assert out.strip() == "No problems found in 1 file."
    code, out, err = run(capsys, "--fix", str(path))
    assert "nothing to fix" in err and path.read_text(encoding="utf-8") == CLEAN


def test_fix_reports_judgement_fixes_without_guessing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, WITH_ERROR)
    code, out, _err = run(capsys, "--fix", str(path))
    assert code == 1 and "GB012" in out
    assert path.read_text(encoding="utf-8") == WITH_ERROR


def test_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path, CLEAN, "a.md")
    b = write(tmp_path, WITH_ERROR, "b.md")
    code, out, _err = run(capsys, "--format", "json", str(a), str(b))
    data = json.loads(out)
    assert code == 1 and {f["path"] for f in data["findings"]} == {str(b)}
    assert data["summary"]["files"] == 2


def test_help_mentions_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--help"]) == 0
    out = capsys.readouterr().out
    for opt in ("--format", "--fix", "--select", "--ignore", "--config", "--strict", "disable="):
        assert opt in out


def test_fix_keeps_crlf_and_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = CLEAN.replace("* Project: https://cy", "* project: http://cy")
    path = tmp_path / "README.md"
    path.write_bytes(("\ufeff" + messy.replace("\n", "\r\n")).encode("utf-8"))
    code, _out, err = run(capsys, "--fix", str(path))
    assert code == 0 and "GB019 fixed" in err
    assert path.read_bytes() == ("\ufeff" + CLEAN.replace("\n", "\r\n")).encode("utf-8")
