"""Properties over generated input: lint never crashes, locations are inside the file, --fix is
idempotent and leaves no fixable findings; report formatters always give valid output."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import DATA
from geoai_bot.core.guard import ViewChanged
from geoai_bot.core.parse import split_lines
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.fix import fix_text
from geoai_bot.lint.rules import RULES
from geoai_bot.report.lint import format_github, format_json, format_sarif, render_lint_text

CLEAN = (DATA / "lint" / "clean.md").read_text(encoding="utf-8")
CLEAN_LINES = CLEAN.split("\n")

# Lines that look like parts of a list, damaged in the ways real lists are.
NOISE = st.sampled_from(
    [
        "",
        "  ",
        "####  Title With Spaces  ",
        "### Other Level",
        "> Ann Lee，Bo Chen et.al.",
        "> ",
        "* project: http://github.com/a/b",
        "* Priject: https://example.org",
        "* Paper: None",
        "* Paper: https://arxiv.org/pdf/2501.00001v2",
        "* Paper: http://arxiv.org/pdf/2501.00003",
        "> Cy Diaz 、 Di Ek et al",
        "* Code: not a url",
        "* <details>",
        "  <summary>Abstract (Click to expand):</summary>",
        "  An abstract with \\textbf{bold} and $x$ and this http URL and of  and.",
        "    </details>  ",
        "- **2025.1.2**: Update 1 papers.",
        "- **2025.02.30**: Update 3 paper.",
        "Last Updated on 2024.01.01",
        "<!-- geoai-bot: disable=GB012 -->",
        "| a | b |",
        "\t",
        "```",
    ]
)


@st.composite
def damaged_lists(draw: st.DrawFn) -> str:
    lines = list(CLEAN_LINES)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.one_of(NOISE, st.text(max_size=30))))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_lists())
def test_lint_never_crashes_and_locates_inside_the_file(text: str) -> None:
    findings = lint_text(text, "README.md")
    n = max(1, len(split_lines(text)[0]))
    for f in findings:
        assert f.rule in RULES
        assert 1 <= f.line <= f.end_line <= n
        assert f.column >= 1 and (f.end_line > f.line or f.end_column >= f.column)
    json.loads(format_json(findings))
    json.loads(format_sarif(findings))
    render_lint_text(findings)
    format_github(findings)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_lists())
# A form-feed line between two bullets: Markdown does not call it blank, so it is an
# unknown line (GB008, not fixable), never a blank line splitting the list (GB004).
@example(
    "# T\n\n## Papers\n\n#### A Paper\n\n> Ann Author\n\n"
    "* Paper: https://arxiv.org/abs/2501.00001\n\x0c\n* Project: https://example.org/x\n"
)
# Two `>` author lines render as one paragraph: the fix of the second line (`，`, `et.al.`)
# changes that paragraph's text, which the line-edit guard must allow and nothing more.
@example(
    "# T\n\n## Papers\n\n#### A Paper\n\n> Dee Evans, Fay Gomez\n> Ann Lee，Bo Chen et.al.\n\n"
    "* Paper: https://arxiv.org/abs/2501.00001\n"
)
# A heading right after the author line ends the entry: no "add a blank line" finding that
# the formatter (rightly) never acts on.
@example("# T\n\n## Papers\n\n#### A Paper\n\n> Cy Diaz\n#\n\n* Paper: https://x.org/p\n")
def test_fix_is_idempotent_and_clean(text: str) -> None:
    try:
        once = fix_text(text, "README.md")
    except ViewChanged:
        # Refusing is a right answer: where our reading and GitHub's disagree (a fence
        # opened inside a `<details>` item ends the list on GitHub), the guard stops the
        # edit. Tests in test_guard.py show what it lets through.
        event("refused by the reader's-view guard")
        return
    twice = fix_text(once.text, "README.md")
    assert twice.text == once.text
    if not once.notes:  # the formatter ran (it refuses lossy input and says so in a note)
        left = [f for f in lint_text(once.text, "README.md") if f.fix is not None]
        assert left == []


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text(text: str) -> None:
    lint_text(text, "x.md")
    fix_text(text, "x.md")


def test_text_report_colours_only_when_asked() -> None:
    f = Finding("GB012", "error", "Author line repeats the title; list the authors", "R.md", 3, 3)
    assert "\033[" in render_lint_text([f], colour=True)
    assert "\033[" not in render_lint_text([f], colour=False)


def test_github_escapes_property_values() -> None:
    f = Finding("GB012", "error", "50% done: a, b\nnext", "dir,x/R:1.md", 3, 3, 3, 9)
    (line, _summary) = format_github([f]).splitlines()
    assert line.startswith("::error file=dir%2Cx/R%3A1.md,line=3,endLine=3,col=3,endColumn=9,")
    assert line.endswith("::50%25 done: a, b%0Anext")
