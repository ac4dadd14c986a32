"""The CLI's manners: -V, `rule`, and "did you mean" for commands and rule ids."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geoai_bot import __version__
from geoai_bot.cli.main import main
from geoai_bot.lint.rules import RULES


def test_dash_v_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-V"]) == 0
    assert capsys.readouterr().out.strip() == f"geoai-bot {__version__}"


def test_the_program_skips_its_last_collector_walk_in_process_callers_keep_theirs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    assert gc.get_freeze_count() == 0
    assert main(["-V"]) == 0
    assert gc.get_freeze_count() == 0  # called with argv (tests, other code): untouched
    monkeypatch.setattr(sys, "argv", ["geoai-bot", "-V"])
    try:
        assert main() == 0  # as the program: objects frozen for a quick exit
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert capsys.readouterr().out.count(__version__) == 2


def test_the_program_still_flushes_and_runs_exit_handlers(tmp_path: Path) -> None:
    # A real process: output written, atexit handlers run, the exit code kept.
    code = (
        "import atexit, sys; from geoai_bot.cli.main import main; "
        "atexit.register(lambda: print('exit handler ran')); "
        "sys.argv = ['geoai-bot', 'links', 'missing.md']; sys.exit(main())"
    )
    got = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert got.returncode == 2, got.stderr
    assert "exit handler ran" in got.stdout and "missing.md" in got.stderr


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_explains_every_rule_with_its_examples(
    rule_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rule", rule_id]) == 0
    out = capsys.readouterr().out
    r = RULES[rule_id]
    assert out.startswith(f"{r.id} {r.name}")
    assert "Wrong:" in out and "Right:" in out
    assert r.wrong.splitlines()[0] in out and r.right.splitlines()[0] in out
    assert main(["rule", r.name]) == 0  # by name too


def test_rule_near_miss_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "paper-placeholdr"]) == 2
    assert "did you mean paper-placeholder?" in capsys.readouterr().err


def test_mistyped_command_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lnit", "README.md"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'lnit'" in err and "did you mean 'lint'?" in err


# -- colour, [*] and rule names ------------------------------------------------------------

TWO_FINDINGS = (
    "# T\n\n## Papers\n\n#### A Paper\n\n> A Paper\n\n"  # GB012: the author line is the title
    "* Paper: http://arxiv.org/abs/2501.00001\n"  # GB020-ish: http, fixable
)


def _lint_out(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    readme = tmp_path / "README.md"
    readme.write_text(TWO_FINDINGS, encoding="utf-8")
    main(["lint", str(readme), *extra])
    return capsys.readouterr().out


def test_text_marks_fixable_findings_and_names_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [ln for ln in _lint_out(tmp_path, capsys).splitlines() if ": GB0" in ln]
    assert lines
    for line in lines:
        rule = RULES[line.split(": ")[1].split()[0]]
        assert line.endswith(f"({rule.name})")
    assert any("[*]" in ln for ln in lines) and any("[*]" not in ln for ln in lines)
    assert all(("[*]" in ln) == RULES[ln.split(": ")[1].split()[0]].fixable for ln in lines)


def test_color_always_never_and_no_color(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\033[" in _lint_out(tmp_path, capsys, "--color", "always")
    assert "\033[" not in _lint_out(tmp_path, capsys, "--color", "never")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert "\033[" not in _lint_out(tmp_path, capsys)
    assert "\033[" in _lint_out(tmp_path, capsys, "--color", "always")  # the flag wins


# -- did you mean ---------------------------------------------------------------------------


def test_mistyped_flag_suggests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(tmp_path / "x.md"), "--fixx"]) == 2
    assert "did you mean '--fix' for '--fixx'?" in capsys.readouterr().err


def test_config_errors_name_file_and_line_in_our_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(TWO_FINDINGS, encoding="utf-8")
    config = tmp_path / "geoai-bot.toml"
    config.write_text(
        '[lint]\nselct = ["GB01"]\nignore = "GB017"\n\n[links]\ntimeout = -1\n', encoding="utf-8"
    )
    for command in (["lint"], ["check", "--offline"]):
        assert main([*command, str(readme)]) == 2
        err = capsys.readouterr().err
        assert (
            f"{config}:2: invalid configuration: lint.selct: unknown key; did you mean 'select'?"
            in err
        )
        assert f"{config}:3: lint.ignore: must be a list" in err
        assert f"{config}:6: links.timeout: must be more than 0" in err
        assert "Value error" not in err and "Input should" not in err
        assert err.count("selct") == 1  # once, not once per part of `check`


def test_unknown_rule_in_a_disable_comment_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        TWO_FINDINGS.replace(
            "#### A Paper", "<!-- geoai-bot: disable=authors-repeat-titel -->\n#### A Paper"
        ),
        encoding="utf-8",
    )
    main(["lint", str(readme)])
    out = capsys.readouterr().out
    assert f"{readme}:5:25: GB060 warning Unknown rule 'authors-repeat-titel'" in out
    assert "did you mean authors-repeat-title?" in out


def test_links_merge_names_a_missing_or_broken_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"results": [\n', encoding="utf-8")
    for path, says in ((tmp_path / "gone.json", "file not found"), (bad, "not JSON")):
        assert main(["links", "merge", str(path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and str(path) in err[0] and says in err[0], err


def test_log_messages_use_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# T\n\n## 📢 Latest Updates\n- **2025.7.1**: Update 1 paper.\n\n## Papers\n\n"
        "#### A\n\n> B\n\n* Paper: https://arxiv.org/abs/2501.00001\n",
        encoding="utf-8",
    )
    assert main(["log", str(readme), "--check"]) == 1
    assert f"{readme}:4: date 2025.7.1 written as 2025.07.01" in capsys.readouterr().err


def test_a_closed_pipe_exits_quietly_with_the_work_code(tmp_path: Path) -> None:
    """`fmt --diff | head -1`: a real pipe closed after one line."""
    readme = tmp_path / "README.md"
    entries = "".join(
        f"#### Paper {i}  \n\n> A. Author\n\n* Paper: https://arxiv.org/abs/2501.{i:05d}\n\n\n"
        for i in range(400)
    )
    readme.write_text(f"# T\n\n## Papers\n\n{entries}", encoding="utf-8")
    exe = Path(sys.executable).parent / "geoai-bot"
    proc = subprocess.Popen(
        [str(exe), "fmt", "--diff", str(readme)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"--- ")
    proc.stdout.close()  # what `head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1  # the list needs formatting: fmt --diff's own answer
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err
