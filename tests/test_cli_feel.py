"""The CLI's manners: -V, `rule`, and "did you mean" for commands and rule ids."""

from __future__ import annotations

import pytest

from geoai_bot import __version__
from geoai_bot.cli.main import main
from geoai_bot.lint.rules import RULES


def test_dash_v_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-V"]) == 0
    assert capsys.readouterr().out.strip() == f"geoai-bot {__version__}"


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
