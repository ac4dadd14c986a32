"""Lint on the real lists in ../shared/corpus: the seed's known defects, and no crash anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LIST_FILES, OTHER_FILES, SEED, needs_corpus
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.fix import fix_text
from geoai_bot.lint.rules import RULES

# (rule, line) pairs the seed list must report; see issue 4.
SEED_DEFECTS = {
    ("GB050", 7),  # "Update 9 papers" over 10 entries
    ("GB012", 126),  # TopicGeo's author line is its title
    ("GB017", 128),  # TopicGeo's `Paper: None`
    ("GB003", 22),  # abstract at 2 spaces, the rest at 4
    ("GB033", 72),  # RS-vHeat: "complexity of  and"
    ("GB031", 60),  # raw \textbf{...}
    ("GB005", 22),  # trailing whitespace
    ("GB005", 96),
}


@needs_corpus
def test_seed_reports_its_known_defects() -> None:
    findings = lint_text(SEED.read_text(encoding="utf-8"), "README.md")
    got = {(f.rule, f.line) for f in findings}
    assert got >= SEED_DEFECTS
    by_key = {(f.rule, f.line): f for f in findings}
    assert by_key[("GB012", 126)].column == 3
    assert by_key[("GB012", 126)].severity == "error"
    assert (
        "  "
        in SEED.read_text(encoding="utf-8").splitlines()[71][
            by_key[("GB033", 72)].column - 1 : by_key[("GB033", 72)].end_column - 1
        ]
    )


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


@needs_corpus
@pytest.mark.parametrize("path", LIST_FILES, ids=_ids(LIST_FILES))
def test_corpus_fix_is_clean_and_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    findings = lint_text(text, path.name)
    for f in findings:
        assert 1 <= f.line <= f.end_line and f.column >= 1
    fixed = fix_text(text, path.name)
    assert fix_text(fixed.text, path.name).text == fixed.text
    left = [f for f in lint_text(fixed.text, path.name) if RULES[f.rule].fixable and f.fix]
    assert left == []


@needs_corpus
@pytest.mark.parametrize("path", OTHER_FILES, ids=_ids(OTHER_FILES))
def test_other_shapes_never_crash(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lint_text(text, path.name)
    fix_text(text, path.name)
