"""docs/cli.md is generated from the argument parser and kept in step with it."""

from __future__ import annotations

import re

from conftest import ROOT
from geoai_bot.cli.docs import render_cli_md
from geoai_bot.cli.main import COMMANDS, build_parser

PAGE = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_page_is_generated_from_the_parser() -> None:
    assert render_cli_md() == PAGE, "run: python -m geoai_bot.cli.docs > docs/cli.md"


def test_every_command_and_option_is_on_the_page() -> None:
    parser = build_parser()
    sections = dict(
        zip(*[iter(re.split(r"^## geoai-bot (\w+)\n", PAGE, flags=re.M)[1:])] * 2, strict=True)
    )
    assert list(sections) == list(COMMANDS)
    for name in COMMANDS:
        sub = parser._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help") and action.help != "==SUPPRESS==":
                    assert f"`{flag}" in sections[name], (name, flag)


def test_the_readme_links_the_reference() -> None:
    assert "docs/cli.md" in (ROOT / "README.md").read_text(encoding="utf-8")
