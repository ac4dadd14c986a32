"""fmt keeps the list's own style (issue 11, item 3): learned conventions, canonical on demand.

Fixtures in tests/data/style are our own lists in shapes seen on real READMEs: full-width
colons with `###` titles under `#` topics and no author lines (fullwidth.md), `-` bullets
with empty values, bare and `open` `<details>` and hard-wrapped abstracts (dashes.md), and a
seed-shaped list with an open abstract, a bare `<details>`, a hard break and anchors set
apart before headings (seedlike.md).
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import pytest

from conftest import CORPUS, DATA, LIST_FILES, needs_corpus
from geoai_bot.core.config import FormatConfig, parse_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.formatter import format_document
from geoai_bot.core.parse import parse_text
from geoai_bot.core.style import CANONICAL, learn_style
from geoai_bot.lint.engine import lint_text

STYLE = DATA / "style"
FIXTURES = sorted(STYLE.glob("*.md"))
CANONICAL_CONFIG = FormatConfig(style="canonical")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def changed_ratio(before: str, after: str, *, ignore_trailing: bool = False) -> float:
    """Share of BEFORE's lines that fmt did not keep (by a line diff)."""
    a, b = before.splitlines(), after.splitlines()
    if ignore_trailing:
        a, b = [x.rstrip() for x in a], [x.rstrip() for x in b]
    kept = sum(
        m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    )
    return (len(a) - kept) / max(1, len(a))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_consistent_list_in_its_own_style_is_left_alone(path: Path) -> None:
    text = read(path)
    assert format_document(text).text == text


def test_learned_conventions() -> None:
    full = learn_style(parse_text(read(STYLE / "fullwidth.md")))
    assert (full.marker, full.colon, full.missing) == ("-", "：", "")
    dashes = learn_style(parse_text(read(STYLE / "dashes.md")))
    assert (dashes.marker, dashes.colon, dashes.missing) == ("-", ": ", "")
    assert (dashes.details_bullet, dashes.summary_indent, dashes.wrapped) == (False, "", True)
    assert learn_style(parse_text(read(STYLE / "seedlike.md"))) == CANONICAL


def test_only_departing_entries_change() -> None:
    text = read(STYLE / "fullwidth.md")
    odd = text.replace(
        "- Paper：https://arxiv.org/abs/2401.00003\n- Code：https://github.com/example/tcd",
        "* paper: https://arxiv.org/abs/2401.00003\n+ Code：https://github.com/example/tcd",
    ).replace("- Code：\n\n# SAR", "- Code：None\n\n# SAR")
    assert odd != text
    out = format_document(odd).text
    assert out == text  # the three departing lines come back in the list's style
    assert changed_ratio(odd, out) <= 0.10


def test_canonical_style_forced_by_config() -> None:
    text = read(STYLE / "fullwidth.md")
    out = format_document(text, format_config=CANONICAL_CONFIG).text
    assert "* Paper: https://arxiv.org/abs/2401.00001" in out
    assert "* Code: None" in out
    assert "#### Siamese Networks" not in out  # heading levels are the list's either way
    assert format_document(out, format_config=CANONICAL_CONFIG).text == out


def test_format_table_is_validated() -> None:
    assert parse_config('[format]\nstyle = "canonical"\n').format.style == "canonical"
    assert parse_config("").format.style == "learned"
    with pytest.raises(GeoaiError, match=r"format\.style"):
        parse_config('[format]\nstyle = "pretty"\n')
    with pytest.raises(GeoaiError, match=r"format\.indent: unknown key"):
        parse_config("[format]\nindent = 2\n")


def test_details_open_and_bare_details_are_kept() -> None:
    """Issue 11 case 3: `open` stays (also on a paper's abstract); a bare block gains no bullet."""
    for config in (None, CANONICAL_CONFIG):
        out = format_document(read(STYLE / "seedlike.md"), format_config=config).text
        assert "* <details open>\n" in out
        assert "\n<details>\n" in out and "* <details>" not in out
        dashes = format_document(read(STYLE / "dashes.md"), format_config=config).text
        assert "\n<details open>\n" in dashes and "\n<details>\n" in dashes
        assert "- <details" not in dashes and "* <details" not in dashes


def test_hard_line_breaks_are_kept() -> None:
    """Issue 11 case 4: two trailing spaces or a backslash before a following line stay."""
    text = read(STYLE / "dashes.md")
    assert "Jane Doe  \nContact" in text
    out = format_document(text, format_config=CANONICAL_CONFIG).text
    assert "Maintainer: Jane Doe  \nContact: jane@example.org\n" in out
    seed = format_document(read(STYLE / "seedlike.md")).text
    assert "Line with a hard break\\\nand the line after it.\n" in seed
    # Trailing spaces that break nothing (before a blank line, on a heading): the canonical
    # form strips them; a learned style leaves them as written (invisible, and stripping
    # them rewrote two lines out of three of a real list).
    spaced = text.replace("## Detection", "## Detection   ")
    assert "## Detection\n" in format_document(spaced, format_config=CANONICAL_CONFIG).text
    assert "## Detection   \n" in format_document(spaced).text


def test_learned_style_keeps_trailing_spaces_it_does_not_otherwise_change() -> None:
    text = read(STYLE / "dashes.md")
    lines = text.split("\n")
    spaced = "\n".join(line + "  " if line.startswith("## ") else line for line in lines)
    spaced = spaced.replace("\n\n", "\n \t\n", 1)  # a whitespace-only blank line too
    assert format_document(spaced).text == spaced


def test_hard_break_inside_an_entry_is_kept() -> None:
    text = read(STYLE / "seedlike.md").replace(
        "> C. Three\n", "> C. Three\n\nNote: a line  \nwith a break\n"
    )
    out = format_document(text).text
    assert "Note: a line  \nwith a break\n" in out


def test_anchor_before_heading_stays_apart() -> None:
    """Issue 11 case 5: an anchor after blank lines is not pulled up against the last bullet,
    and lint does not flag it."""
    text = read(STYLE / "seedlike.md")
    for config in (None, CANONICAL_CONFIG):
        out = format_document(text, format_config=config).text
        assert '* Code: None\n\n\n<a name="detection"></a>\n# Detection\n' in out
        assert '\n\n\n<a name="segmentation"></a>\n# Segmentation\n' in out
    anchors = {n for n, line in enumerate(text.splitlines(), 1) if line.startswith("<a name")}
    assert len(anchors) == 2
    flagged = {f.line for f in lint_text(text, "README.md")}
    assert not anchors & flagged


@needs_corpus
@pytest.mark.parametrize(
    "path",
    sorted((CORPUS / "near").glob("*.md")) if CORPUS.is_dir() else [],
    ids=lambda p: p.name,
)
def test_near_lists_change_at_most_ten_percent(path: Path) -> None:
    """Real lists of nearby shapes (../shared/corpus/near): fmt changes at most 10% of their
    lines, not counting trailing spaces fmt drops where they break no line."""
    text = read(path)
    if not parse_text(text).entries:
        pytest.skip("no entries read in this shape")
    out = format_document(text).text
    assert changed_ratio(text, out, ignore_trailing=True) <= 0.10
    assert format_document(out).text == out


# sha256 of fmt's output on each corpus list before styles were learned (sha256sum format):
# seed-shaped lists keep the canonical form byte for byte.
CORPUS_FMT = {
    name: digest
    for digest, name in (
        line.split("  ", 1) for line in (STYLE / "corpus-fmt.sha256").read_text().splitlines()
    )
}


@needs_corpus
@pytest.mark.parametrize("path", LIST_FILES, ids=[p.name for p in LIST_FILES])
def test_corpus_lists_format_as_before(path: Path) -> None:
    doc = parse_text(read(path))
    assert learn_style(doc) == CANONICAL
    for config in (None, CANONICAL_CONFIG):
        out = format_document(read(path), format_config=config).text
        assert hashlib.sha256(out.encode()).hexdigest() == CORPUS_FMT[path.name]


def _rules(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in lint_text(text, "README.md")]


def test_lint_follows_the_lists_conventions() -> None:
    """No author lines, pdf arXiv links throughout, a label spelling of its own, hard breaks:
    the list's conventions, not errors on every entry."""
    text = read(STYLE / "fullwidth.md")
    found = _rules(text)
    assert not [r for r, _ in found if r == "GB013"], found  # no author lines anywhere
    pdf = text.replace("arxiv.org/abs/", "arxiv.org/pdf/")
    assert not [r for r, _ in _rules(pdf) if r == "GB022"]
    # The one abs link in a pdf list is the departure, and is named as such.
    one_abs = pdf.replace("arxiv.org/pdf/2401.00002", "arxiv.org/abs/2401.00002")
    gb022 = [f for f in lint_text(one_abs, "README.md") if f.rule == "GB022"]
    assert len(gb022) == 1 and "uses pdf links" in gb022[0].message
    lower = text.replace("- Code：", "- code：")
    assert not [r for r, _ in _rules(lower) if r == "GB019"]
    one_upper = lower.replace(
        "- code：https://github.com/example/tcd", "- Code：https://github.com/example/tcd"
    )
    assert [r for r, _ in _rules(one_upper) if r == "GB019"] == ["GB019"]
    dashes = read(STYLE / "dashes.md")
    assert ("GB005", 3) not in _rules(dashes)  # `Jane Doe  ` + a next line: a hard break


def test_lint_still_asks_for_authors_in_a_list_that_has_them() -> None:
    text = read(STYLE / "seedlike.md").replace("> C. Three\n\n", "")
    assert [r for r, _ in _rules(text) if r == "GB013"] == ["GB013"]
    # and the seed's arXiv style (abs) when the list writes abs
    text = text.replace("arxiv.org/abs/2501.00003", "arxiv.org/pdf/2501.00003")
    assert [r for r, _ in _rules(text) if r == "GB022"] == ["GB022"]
