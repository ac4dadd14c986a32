"""Property test (issue 11 item 5): papers among arbitrary README blocks.

Generated paper entries are interleaved with blocks real READMEs mix in: GitHub alerts,
tables of contents folded in `<details>`, tables, hard line breaks, anchors before
headings, HTML blocks, footnotes, nested lists, papers written as `**Title**`, code
fences holding an entry, prose under a heading. Then

(a) the entries read are exactly the generated papers (with the section a reader would
    put them in), and
(b) `fmt`'s output shows a reader the same thing as its input under GitHub's renderer
    (core/view.py, cmark-gfm): compared token for token with no allowances, since the
    generated entries are already in the canonical shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoai_bot.core.formatter import format_document
from geoai_bot.core.model import Entry, Link, Span
from geoai_bot.core.parse import parse_text
from geoai_bot.core.render import render_entry
from geoai_bot.core.view import reader_view

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = ["River", "Ice", "Map", "Cloud", "Radar", "Tree", "Crop", "Flood", "Urban", "Soil"]
NAMES = ["Ann Lee", "Bo Chen", "Cy Diaz", "Dee Evans", "Eli Fox", "Gil Gray", "Ida Ives"]
LABELS = ["Paper", "Code", "Project", "Dataset"]

TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
SLUG = st.sampled_from(WORDS).map(str.lower)


@dataclass(frozen=True)
class Block:
    """Lines of a README block, and the section title it opens for what follows (if any)."""

    lines: tuple[str, ...]
    section: str | None = None


@st.composite
def papers(draw: st.DrawFn) -> Entry:
    links = [
        Link(label=label, url=f"https://example.org/{slug}")
        for label, slug in draw(st.lists(st.tuples(st.sampled_from(LABELS), SLUG), max_size=3))
    ]
    authors = draw(st.lists(st.sampled_from(NAMES), max_size=3))
    abstract = draw(st.one_of(st.none(), TEXT.map(lambda t: t + ".")))
    has_details = abstract is not None or draw(st.booleans()) or not (authors or links)
    return Entry(
        title=draw(TEXT),
        authors=authors,
        links=links,
        abstract=abstract,
        has_details=has_details,
        span=Span(start=0, end=0),
    )


def _block(*lines: str, section: str | None = None) -> Block:
    return Block(tuple(lines), section)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    """One README block that is not a paper entry."""
    text, slug = draw(TEXT), draw(SLUG)
    kind = draw(st.integers(min_value=0, max_value=11))
    if kind == 0:
        alert = draw(st.sampled_from(["NOTE", "TIP", "important", "Warning", "CAUTION"]))
        return _block(f"### {text}", "", f"> [!{alert}]", f"> {text}.", section=text)
    if kind == 1:
        return _block("> [!TIP]", f"> {text}.", "> Open an issue to add a paper.")
    if kind == 2:
        return _block(
            "<details open>",
            "<summary>Contents</summary>",
            "",
            f"- [{text}](#{slug})",
            f"- [Other](#other-{slug})",
            "",
            "</details>",
        )
    if kind == 3:
        return _block("| Venue | Papers |", "|---|---|", f"| {text} | 3 |")
    if kind == 4:
        return _block(f"Maintainer: {text}  ", f"Contact: {slug}@example.org")
    if kind == 5:
        return _block(f'<a name="{slug}"></a>', f"## {text}", section=text)
    if kind == 6:
        return _block('<p align="center">', f'  <img src="{slug}.png" width="200">', "</p>")
    if kind == 7:
        return _block(f"{text} has a note[^{slug}].", "", f"[^{slug}]: {text}.")
    if kind == 8:
        return _block(f"- {text}", f"  - {slug}", "    - deeper", "- last")
    if kind == 9:
        return _block(
            f"**{text}**",
            "",
            f"- Paper: https://example.org/{slug}",
            f"- Code: https://example.org/{slug}-code",
        )
    if kind == 10:
        return _block(
            "```markdown",
            f"#### {text}",
            "",
            "> Fen Ced",
            "",
            f"* Paper: https://example.org/{slug}",
            "```",
        )
    return _block(f"### {text}", "", f"{text}, written as prose.", section=text)


DOCUMENTS = st.lists(st.one_of(papers(), blocks()), min_size=1, max_size=8)


def _document(parts: list[Entry | Block]) -> tuple[str, list[tuple[object, ...]]]:
    """The README text and the papers a reader sees in it, with their sections."""
    lines = ["# Generated List", ""]
    expected: list[tuple[object, ...]] = []
    section: str | None = "Generated List"
    for part in parts:
        if isinstance(part, Entry):
            lines += render_entry(part)
            expected.append(
                (
                    part.title,
                    part.authors,
                    [(x.label, x.url) for x in part.links],
                    part.abstract,
                    section,
                )
            )
        else:
            lines += part.lines
            section = part.section or section
        lines += ["", ""]
    return "\n".join(lines).rstrip("\n") + "\n", expected


@SETTINGS
@given(DOCUMENTS)
def test_papers_among_readme_blocks(parts: list[Entry | Block]) -> None:
    text, expected = _document(parts)
    doc = parse_text(text)
    got = [
        (e.title, e.authors, [(x.label, x.url) for x in e.links], e.abstract, e.section)
        for e in doc.entries
    ]
    assert got == expected
    out = format_document(text).text  # raises when the guard sees a change
    assert [t.key for t in reader_view(out)] == [t.key for t in reader_view(text)]
    assert format_document(out).text == out
