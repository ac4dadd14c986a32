"""Every lint rule on its own wrong and right fixtures (mutations of tests/data/lint/clean.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from conftest import DATA
from geoai_bot.core.config import Config, parse_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.fix import fix_text
from geoai_bot.lint.rules import RULES

CLEAN = (DATA / "lint" / "clean.md").read_text(encoding="utf-8")


def mutate(*pairs: tuple[str, str]) -> str:
    text = CLEAN
    for old, new in pairs:
        assert text.count(old) == 1, f"fixture text not unique: {old!r}"
        text = text.replace(old, new)
    return text


@dataclass
class Case:
    rule: str
    wrong: str
    line: int
    right: str = CLEAN
    column: int | None = None
    config: str = ""
    ids: list[str] = field(default_factory=list)


CASES = [
    Case("GB001", mutate(("#### Counting", "### Counting")), 25),
    Case("GB002", mutate(("#### Counting", "####  Counting")), 25),
    Case("GB002", mutate(("#### Counting", "####\tCounting")), 25),
    Case(
        "GB003",
        mutate(("    We count trees", "  We count trees")),
        33,
        column=1,
    ),
    Case(
        "GB003",
        mutate(("  </details>\n\n\n#### Counting", "    </details>\n\n\n#### Counting")),
        22,
    ),
    Case(
        "GB004",
        mutate(
            ("* Code: https://github.com/ann/rivers\n", "* Code: https://github.com/ann/rivers\n\n")
        ),
        19,
    ),
    Case("GB005", mutate(("> Cy Diaz", "> Cy Diaz  ")), 27, column=10),
    Case("GB005", mutate(("## :memo: Test Paper List\n", "## :memo: Test Paper List\n \n")), 11),
    Case("GB006", mutate(("> Cy Diaz\n\n", "> Cy Diaz\n")), 28),
    Case("GB007", CLEAN.rstrip("\n"), 45),
    Case("GB007", CLEAN + "\n\n", 46),
    Case("GB008", mutate(("> Cy Diaz\n", "> Cy Diaz\n\nSee also our poster.\n")), 29),
    Case("GB009", mutate(("  </details>\n\n\n#### Counting", "  </details>\n#### Counting")), 23),
    Case("GB010", mutate(("#### Counting Street Trees in Dense Cities", "####")), 25),
    Case(
        "GB011",
        mutate(
            (
                "#### Counting Street Trees in Dense Cities",
                "#### Counting Street Trees in Dense Cities  ",
            )
        ),
        25,
        column=6,
    ),
    Case("GB012", mutate(("> Cy Diaz", "> Counting Street Trees in Dense Cities")), 27, column=3),
    Case("GB013", mutate(("> Cy Diaz\n\n", "")), 25),
    Case("GB014", mutate(("> Ann Lee, Bo Chen", "> Ann Lee，Bo Chen")), 15, column=10),
    Case("GB014", mutate(("> Ann Lee, Bo Chen", "> Ann Lee、 Bo Chen")), 15, column=10),
    Case("GB014", mutate(("> Ann Lee, Bo Chen", "> Ann Lee et.al")), 15, column=11),
    Case(
        "GB014",
        mutate(("> Ann Lee, Bo Chen", "> Ann Lee et al.")),
        0,  # `et al.` is right
    ),
    Case("GB015", mutate(("> Cy Diaz", "> Cy Diaz.")), 27, column=10),
    Case("GB016", mutate(("* Paper: https://arxiv.org/abs/2501.00002\n", "")), 25),
    Case(
        "GB017",
        mutate(("* Paper: https://arxiv.org/abs/2501.00002", "* Paper: None")),
        29,
        column=10,
    ),
    Case("GB017", mutate(("* Paper: https://arxiv.org/abs/2501.00002", "* Paper: Null")), 29),
    Case("GB017", mutate(("* Paper: https://arxiv.org/abs/2501.00002", "* Paper:")), 29),
    Case(
        "GB018",
        mutate(
            ("* Project: https://cy.github.io/trees/", "* Priject: https://cy.github.io/trees/")
        ),
        30,
        column=3,
        right=mutate(
            ("* Project: https://cy.github.io/trees/", "* Weights: https://cy.github.io/trees/")
        ),
        config='[lint]\nlabels = ["Weights"]\n',
    ),
    Case(
        "GB019",
        mutate(
            ("* Project: https://cy.github.io/trees/", "* project: https://cy.github.io/trees/")
        ),
        30,
        column=3,
    ),
    Case(
        "GB020",
        mutate(("* Code: https://github.com/ann/rivers", "* Code: github.com/ann/rivers")),
        18,
        column=9,
    ),
    Case(
        "GB020",
        mutate(
            ("* Code: https://github.com/ann/rivers", "* Code: https://github.com/ann/my rivers")
        ),
        18,
    ),
    Case(
        "GB020",
        mutate(("* Code: https://github.com/ann/rivers", "* Code: ftp://example.org/rivers")),
        18,
    ),
    Case(
        "GB021",
        mutate(("* Code: https://github.com/ann/rivers", "* Code: http://github.com/ann/rivers")),
        18,
        column=9,
        # http on a host not known to serve https is left alone
        right=mutate(
            ("* Code: https://github.com/ann/rivers", "* Code: http://rivers.example.org/")
        ),
    ),
    Case(
        "GB022",
        mutate(("https://arxiv.org/abs/2501.00002", "https://arxiv.org/pdf/2501.00002")),
        29,
        column=10,
    ),
    Case(
        "GB022",
        CLEAN.replace("arxiv.org/abs/2501.00002", "arxiv.org/pdf/2501.00002"),
        17,
        config='[lint]\narxiv_style = "pdf"\n',
        right=CLEAN.replace("arxiv.org/abs/", "arxiv.org/pdf/"),
    ),
    Case(
        "GB023",
        mutate(("https://arxiv.org/abs/2501.00002", "https://arxiv.org/abs/2501.00002v2")),
        29,
        # a list that pins versions everywhere is consistent
        right=CLEAN.replace("2501.00001", "2501.00001v1").replace("2501.00002", "2501.00002v3"),
    ),
    Case(
        "GB024",
        mutate(("https://arxiv.org/abs/2501.00002", "https://arxiv.org/abs/2501.0002")),
        29,
    ),
    Case(
        "GB030",
        mutate(("    We count trees in city images at a cost of 5 dollars per tile.\n", "")),
        31,
    ),
    Case(
        "GB031",
        mutate(("We count trees", "We count \\textbf{many} trees")),
        33,
        column=14,
    ),
    Case("GB031", mutate(("in city images", "in $10^6$ city images")), 33),
    Case("GB031", mutate(("We count trees", "We count \\emph{many} trees")), 33),
    Case("GB032", mutate(("at a cost", "at this http URL for a cost")), 33),
    Case(
        "GB033",
        mutate(("at a cost of 5 dollars", "at a cost of  per tile and")),
        33,
        # two spaces after a sentence are not a lost formula
        right=mutate(("We count trees in city images", "We count trees.  In city images")),
    ),
    Case(
        "GB034",
        mutate(
            (
                "Radar sees through clouds, so we use it to map floods.",
                "雷达可以穿透云层，我们用它绘制洪水范围。",
            )
        ),
        44,
        config="[lint]\ncheck_language = true\n",
    ),
    Case(
        "GB040",
        mutate(
            (
                "https://openaccess.thecvf.com/content/ICCV2025/papers/flood.pdf",
                "http://arxiv.org/pdf/2501.00001v2",
            )
        ),
        37,
    ),
    Case(
        "GB041",
        mutate(
            (
                "#### Flood Extent under Clouds",
                "#### mapping rivers from space, with tiny satellites!",
            )
        ),
        37,
    ),
    Case(
        "GB042",
        mutate(
            ("#### Flood Extent under Clouds", "#### Mapping Rivers from Space with Tiny Satellite")
        ),
        37,
    ),
    Case(
        "GB050",
        mutate(("Update 2 papers.", "Update 1 paper.")),
        7,
        column=19,
    ),
    Case("GB051", mutate(("Last Updated on 2025.01.02", "Last Updated on 2024.12.30")), 6),
    Case(
        "GB052",
        mutate(("- **2024.12.30**", "- **2024.12.3**"), ("Update 2 papers", "Update 2 papers")),
        8,
    ),
    Case("GB052", mutate(("- **2025.01.02**", "- **2025-01-02**")), 7),
    Case("GB053", mutate(("- **2024.12.30**", "- **2024.02.30**")), 8),
    Case("GB053", mutate(("- **2024.12.30**", "- **30/12/2024**")), 8),
    Case(
        "GB054",
        mutate(
            (
                "- **2025.01.02**: Update 1 paper.\n- **2024.12.30**: Update 2 papers.",
                "- **2024.12.30**: Update 2 papers.\n- **2025.01.02**: Update 1 paper.",
            ),
        ),
        8,
    ),
    Case("GB055", mutate(("Update 1 paper.", "Update 1 papers.")), 7),
    Case("GB055", mutate(("Update 2 papers.", "Update 2 paper.")), 8),
    # A misspelt id in a disable comment silences nothing: reported at the name.
    Case(
        "GB060",
        mutate(("#### Counting", "<!-- geoai-bot: disable=GB013, GB170 -->\n#### Counting")),
        25,
        column=32,
        right=mutate(
            (
                "#### Counting",
                "<!-- geoai-bot: disable=GB013,authors-repeat-title -->\n#### Counting",
            )
        ),
    ),
]


def _config(text: str) -> Config:
    return parse_config(text) if text else Config()


def test_clean_fixture_has_no_findings() -> None:
    assert lint_text(CLEAN, "README.md") == []


def test_every_rule_has_a_case() -> None:
    assert {c.rule for c in CASES} == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_wrong_is_reported_where_it_is(case: Case) -> None:
    found = [
        f for f in lint_text(case.wrong, "README.md", _config(case.config)) if f.rule == case.rule
    ]
    if case.line == 0:
        assert found == []
        return
    assert [f.line for f in found] == [case.line], found
    f = found[0]
    if case.column is not None:
        assert f.column == case.column
    assert f.end_line >= f.line
    assert f.severity == RULES[case.rule].severity
    assert (f.fix is not None) <= RULES[case.rule].fixable
    # The message says what is wrong and what to do (more than a rule name).
    assert len(f.message.split()) >= 4


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_right_is_not_reported(case: Case) -> None:
    found = [
        f for f in lint_text(case.right, "README.md", _config(case.config)) if f.rule == case.rule
    ]
    assert found == []


FIXABLE = [c for c in CASES if RULES[c.rule].fixable and c.line]


@pytest.mark.parametrize("case", FIXABLE, ids=lambda c: c.rule)
def test_fix_removes_the_finding_and_is_idempotent(case: Case) -> None:
    config = _config(case.config)
    fixed = fix_text(case.wrong, "README.md", config)
    assert fixed.changes
    after = lint_text(fixed.text, "README.md", config)
    assert [f for f in after if RULES[f.rule].fixable] == []
    assert fix_text(fixed.text, "README.md", config).text == fixed.text


def test_fix_keeps_meaning_apart_from_the_fix() -> None:
    wrong = mutate(
        ("* Project: https://cy.github.io/trees/", "* project: http://cy.github.io/trees/"),
        ("https://arxiv.org/abs/2501.00001", "https://arxiv.org/pdf/2501.00001"),
        ("> Ann Lee, Bo Chen", "> Ann Lee，Bo Chen."),
    )
    assert fix_text(wrong, "README.md").text == CLEAN


def test_overlapping_fixes_on_one_url() -> None:
    wrong = mutate(("https://arxiv.org/abs/2501.00002", "http://arxiv.org/pdf/2501.00002"))
    fixed = fix_text(wrong, "README.md")
    assert fixed.text == CLEAN
    assert fix_text(fixed.text, "README.md").text == fixed.text


def test_language_follows_the_configured_language() -> None:
    zh = parse_config('[lint]\nlanguage = "zh"\ncheck_language = true\n')
    found = [f for f in lint_text(CLEAN, "README.md", zh) if f.rule == "GB034"]
    assert [f.line for f in found] == [21, 33, 44]  # every English abstract
    chinese = mutate(
        ("Radar sees through clouds, so we use it to map floods.", "雷达可以穿透云层。")
    )
    found = [f for f in lint_text(chinese, "README.md", zh) if f.rule == "GB034"]
    assert 44 not in [f.line for f in found]
    # Off by default, on when selected explicitly.
    assert [f for f in lint_text(chinese, "README.md") if f.rule == "GB034"] == []
    assert [f.line for f in lint_text(chinese, "README.md", select=["GB034"])] == [44]


def test_rule_ids_in_the_config_are_checked_by_lint_naming_file_and_key() -> None:
    # core/config.py knows no rules (core imports nothing above it); lint checks the ids
    # before it runs, and the error names the file and every bad key.
    config = parse_config(
        '[lint]\nselect = ["GB01"]\nignore = ["GB999"]\nseverity = { nope = "info" }\n',
        "lists/geoai-bot.toml",
    )
    assert config.source == "lists/geoai-bot.toml"
    with pytest.raises(GeoaiError) as err:
        lint_text(CLEAN, "README.md", config)
    assert err.value.path == "lists/geoai-bot.toml"
    assert "lint.ignore: unknown rule 'GB999'" in err.value.message
    assert "lint.severity.nope: unknown rule 'nope'" in err.value.message
    assert "lint.select" not in err.value.message  # a prefix of real ids is fine
    with pytest.raises(GeoaiError):
        fix_text(CLEAN, "README.md", config)  # --fix refuses before changing anything
