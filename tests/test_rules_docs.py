"""docs/rules.md documents every registered rule with a wrong and a right example."""

from __future__ import annotations

import re

from conftest import ROOT
from geoai_bot.lint.rules import RULES
from geoai_bot.lint.rules.docs import render_rules_md

PAGE = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_page_is_generated_from_the_registry() -> None:
    assert render_rules_md() == PAGE, "run: python -m geoai_bot.lint.rules.docs > docs/rules.md"


def test_every_rule_is_documented_with_examples() -> None:
    parts = re.split(r"^### (GB\d{3}) ", PAGE, flags=re.M)[1:]
    documented = dict(zip(parts[::2], parts[1::2], strict=True))
    assert set(documented) == set(RULES)
    for rid, section in documented.items():
        assert "Wrong:" in section and "Right:" in section, rid
        assert RULES[rid].wrong != RULES[rid].right, rid


def test_ids_are_stable_and_unique() -> None:
    assert all(re.fullmatch(r"GB\d{3}", rid) for rid in RULES)
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
