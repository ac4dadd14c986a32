"""The renderer: exact canonical output, written out by hand in the fixtures and below."""

from __future__ import annotations

from conftest import DATA
from geoai_bot.core.model import Document, Entry, EntryBlock, ExtraLine, Link, Span, Verbatim
from geoai_bot.core.parse import parse_text
from geoai_bot.core.render import dominant_level, render, render_entry

CORE = DATA / "core"


def make(**fields: object) -> Entry:
    return Entry.model_validate({"title": "T", "span": Span(start=1, end=1), **fields})


def test_canonical_entry_shape() -> None:
    e = make(
        title="A Paper",
        authors=["Ann Ames", "Bo Berg"],
        links=[Link(label="Paper", url="https://arxiv.org/abs/2501.00001"), Link(label="Code")],
        abstract="One line.",
        has_details=True,
    )
    assert render_entry(e) == [
        "#### A Paper",
        "",
        "> Ann Ames, Bo Berg",
        "",
        "* Paper: https://arxiv.org/abs/2501.00001",
        "* Code: None",
        "* <details>",
        "    <summary>Abstract (Click to expand):</summary>",
        "    One line.",
        "  </details>",
    ]


def test_entry_without_details_or_authors() -> None:
    e = make(title="Bare", links=[Link(label="Project", url="https://example.org")])
    assert render_entry(e, level=3) == ["### Bare", "", "* Project: https://example.org"]


def test_extra_lines_in_their_slots() -> None:
    e = make(
        title="X",
        authors=["A"],
        links=[Link(label="Paper", url="p"), Link(label="Code", url="c")],
        abstract="Abs.",
        has_details=True,
        extra=[
            ExtraLine(text="| :pushpin: Spotlight |", after=0),
            ExtraLine(text="after authors", after=1),
            ExtraLine(text="after paper", after=2),
            ExtraLine(text="after details", after=4),
            ExtraLine(text="tail", after=4, inline=True),
        ],
    )
    assert render_entry(e) == [
        "#### X",
        "| :pushpin: Spotlight |",
        "",
        "> A",
        "",
        "after authors",
        "",
        "* Paper: p",
        "after paper",
        "* Code: c",
        "* <details>",
        "    <summary>Abstract (Click to expand):</summary>",
        "    Abs.",
        "  </details> tail",
        "",
        "after details",
    ]


def test_empty_author_line_is_kept() -> None:
    e = make(title="X", has_authors_line=True)
    assert render_entry(e) == ["#### X", "", ">"]


def test_document_spacing() -> None:
    doc = Document(
        blocks=[
            Verbatim(lines=["# List", "", "", "", "", "## Papers   ", ""], start=1),
            EntryBlock(entry=make(title="One", authors=["A"]), blank_before=4),
            EntryBlock(entry=make(title="Two", authors=["B"]), blank_before=0),
            Verbatim(lines=["", "", "", "", "Footer"], start=20),
        ]
    )
    assert render(doc) == (
        "# List\n\n\n## Papers\n\n\n#### One\n\n> A\n\n\n#### Two\n\n> B\n\n\nFooter\n"
    )


def test_dominant_level() -> None:
    doc = parse_text("#### A\n\n> x\n\n### B\n\n> y\n\n#### C\n\n> z\n")
    assert dominant_level(doc) == 4
    assert dominant_level(parse_text("### A\n\n> x\n")) == 3
    assert dominant_level(Document()) == 4


def test_empty_document() -> None:
    assert render(Document()) == ""
    assert render(parse_text("\n\n\n")) == ""


def test_quirks_fixture_renders_to_the_hand_written_canonical_form() -> None:
    source = (CORE / "quirks.md").read_text(encoding="utf-8")
    expected = (CORE / "quirks.canonical.md").read_text(encoding="utf-8")
    assert render(parse_text(source)) == expected


def test_canonical_fixture_is_a_fixed_point() -> None:
    expected = (CORE / "quirks.canonical.md").read_text(encoding="utf-8")
    assert render(parse_text(expected)) == expected
