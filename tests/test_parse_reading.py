"""The parser reads what a reader sees (issue 11 item 2), on fixtures written for these tests.

Each fixture holds one shape a README mixes in around its papers: an alert, a folded
table of contents, a table, Markdown-link values, a paper written as `**Title**`, topic
sections under `#` headings, stray quotes after the last entry, an anchor before the
next heading. The papers read are exactly those a person sees, and `fmt` keeps the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, DATA, needs_corpus
from geoai_bot.core.export import document_record
from geoai_bot.core.formatter import format_document
from geoai_bot.core.parse import parse_text
from geoai_bot.lint.engine import lint_text

READING = DATA / "core" / "reading"


def read(name: str) -> str:
    return (READING / name).read_text(encoding="utf-8")


def titles(text: str) -> list[str]:
    return [e.title for e in parse_text(text).entries]


def links(text: str) -> list[list[tuple[str, str | None]]]:
    return [[(x.label, x.url) for x in e.links] for e in parse_text(text).entries]


def kept(text: str, out: str, start: str, stop: str) -> None:
    """The lines from `start` to `stop` come out of fmt exactly as written."""
    a = text.index(start)
    b = text.index(stop, a) + len(stop)
    assert text[a:b] in out


def test_alert_under_a_heading_is_not_a_paper() -> None:
    text = read("alert.md")
    assert titles(text) == ["Tidal Flats From Above", "River Ice In Winter"]
    doc = parse_text(text)
    assert [s.title for s in doc.sections] == ["Papers", "How to contribute"]
    out = format_document(text).text
    kept(text, out, "### How to contribute", "into a pull request.\n")


@pytest.mark.parametrize("kind", ["NOTE", "tip", "Important", "WARNING", "caution"])
def test_every_alert_kind_any_case(kind: str) -> None:
    text = f"### Read me\n\n> [!{kind}]\n> A note for readers, not authors.\n"
    assert titles(text) == []


def test_alert_inside_an_entry_is_not_its_authors() -> None:
    text = "#### A Paper\n\n> [!NOTE]\n> Accepted as an oral.\n\n> Lee Lam\n\n* Paper: https://e.org/p\n"
    (entry,) = parse_text(text).entries
    assert entry.authors == ["Lee Lam"]
    assert format_document(text).text.count("> [!NOTE]\n> Accepted as an oral.\n") == 1


def test_authors_are_one_quote_even_before_a_link() -> None:
    # A fence between two `>` lines ends the first quote: a reader sees two, so the second
    # is not an author (fmt joined them as "Cy Ng, Dee Ong" and its guard refused).
    text = "#### A Paper\n> Cy Ng\n```\n> code\n```\n> Dee Ong\n* Paper: https://e.org/p\n"
    (entry,) = parse_text(text).entries
    assert entry.authors == ["Cy Ng"]
    out = format_document(text).text
    assert "> Dee Ong" in out and "Cy Ng, Dee Ong" not in out


def test_table_of_contents_in_details_is_not_a_paper() -> None:
    text = read("toc.md")
    assert titles(text) == ["Field Boundaries At Scale"]
    (entry,) = parse_text(text).entries
    assert entry.abstract == "A short abstract written for this test."
    assert entry.section == "Segmentation"
    out = format_document(text).text
    kept(text, out, "<details open>", "</details>\n")
    kept(text, out, "### Tables are not papers", "| Test | 2 |\n")


def test_table_of_contents_details_inside_an_entry_stays_as_written() -> None:
    text = (
        "#### A Paper\n\n> Lee Lam\n\n<details>\n<summary>Related</summary>\n\n"
        "- [Other list](#other)\n\n</details>\n\n* Paper: https://e.org/p\n"
    )
    (entry,) = parse_text(text).entries
    assert entry.abstract is None and not entry.has_details
    assert "- [Other list](#other)\n" in format_document(text).text


def test_markdown_link_values_give_the_url_and_keep_the_text() -> None:
    text = read("mdlinks.md")
    (entry,) = parse_text(text).entries
    got = [(x.label, x.url, x.text) for x in entry.links]
    assert got == [
        ("Paper", "https://arxiv.org/abs/2601.00001", "https://arxiv.org/abs/2601.00001"),
        ("Code", "https://example.org/code", "GitHub"),
        ("Project", "https://example.org/project", "Project page"),
        ("Dataset", None, None),
    ]
    record = document_record(parse_text(text))["entries"][0]["links"]
    assert record[1] == {"label": "Code", "url": "https://example.org/code", "text": "GitHub"}
    assert record[3] == {"label": "Dataset", "url": None}
    # Lint reads the URL, not the whole `[...](...)` string ("no scheme" before).
    assert not [f for f in lint_text(text) if f.rule == "GB020"]
    # fmt writes the link back as it was written (bullet and colon: the list's own style).
    out = format_document(text).text
    assert "- Code: [GitHub](https://example.org/code)\n" in out
    assert "- Project: [Project page](https://example.org/project)\n" in out
    assert links(out) == links(text)


@pytest.mark.parametrize("bullet", ["-", "*", "+"])
@pytest.mark.parametrize("colon", [":", "："])
def test_any_bullet_and_colon(bullet: str, colon: str) -> None:
    text = f"#### A Paper\n\n{bullet} Paper{colon} https://e.org/p\n"
    assert links(text) == [[("Paper", "https://e.org/p")]]


def test_prose_bullets_do_not_make_a_paper() -> None:
    text = "### How to help\n\n- Step one: fork the repository and add your paper.\n"
    assert titles(text) == []


def test_bold_title_papers_are_never_merged_into_the_entry_above() -> None:
    text = read("bold.md")
    doc = parse_text(text)
    assert titles(text) == ["Glacier Retreat Mapping"]
    assert links(text) == [
        [("Paper", "https://example.org/glacier"), ("Code", "https://example.org/glacier-code")]
    ]
    assert [(u.line, u.text) for u in doc.unread] == [
        (12, "**Wetland Change From Radar**"),
        (17, "**Coastline Extraction Baselines**"),
    ]
    out = format_document(text).text
    kept(text, out, "**Wetland Change From Radar**", "https://example.org/coast\n")


def test_top_level_topic_headings_are_sections() -> None:
    doc = parse_text(read("sections.md"))
    assert [(e.title, e.section) for e in doc.entries] == [
        ("Roads From Aerial Images", "Segmentation"),
        ("Boats In Harbour Images", "Small objects"),
    ]
    assert doc.name == "Topic Sections Test List"
    assert [s.title for s in doc.sections] == [
        "A list kept by hand, one topic per top heading",
        "Segmentation",
        "Detection",
        "Small objects",
    ]


def test_entries_right_under_the_title_are_in_it() -> None:
    doc = parse_text("# My Papers\n\n#### One\n\n> Ann\n")
    assert [e.section for e in doc.entries] == ["My Papers"]
    assert [s.title for s in doc.sections] == ["My Papers"]


def test_stray_quotes_after_the_last_entry_are_not_its_authors() -> None:
    text = read("stray.md")
    (entry,) = parse_text(text).entries
    assert entry.authors == ["Ida Ives"]
    assert entry.span.end == 9
    out = format_document(text).text
    kept(text, out, "> stray quote line 0\n", "after the list.\n")


def test_anchor_before_a_heading_stays_with_that_heading() -> None:
    text = read("anchors.md")
    doc = parse_text(text)
    assert all(e.extra == [] for e in doc.entries)
    out = format_document(text).text
    assert 'https://example.org/crops\n\n\n<a name="detection"></a>\n## Detection\n' in out
    assert '  </details>\n\n<a name="other"></a>\n# Other\n' in out
    # Already in shape: fmt changes nothing.
    assert out == text


NEAR = CORPUS / "near"


@needs_corpus
@pytest.mark.parametrize(
    ("name", "entries", "unread"),
    [
        # `#### [N] Title` over `- **Label**：` bullets: one note per paper heading.
        ("Awesome3DGS__3D-Gaussian-Splatting-Papers.md", 0, 95),
        # `**Title**` over `- Paper:` bullets: one note per paper, none merged.
        ("DarrenPan__Awesome-ICCV2023-Low-Level-Vision.md", 0, 234),
        # `- **[Title](url)**` bullets.
        ("longxiang-ai__awesome-gaussians.md", 0, 141),
        # Headings over an abstract `<details>`: read as papers.
        ("MrNeRF__awesome-3D-gaussian-splatting.md", 43, 0),
        ("gokayfem__awesome-vlm-architectures.md", 47, 0),
    ],
)
def test_near_lists_papers_are_read_or_reported(name: str, entries: int, unread: int) -> None:
    doc = parse_text((NEAR / name).read_text(encoding="utf-8"))
    assert (len(doc.entries), len(doc.unread)) == (entries, unread)
    assert all(e.section for e in doc.entries)


def test_fixtures_exist() -> None:
    assert sorted(p.name for p in READING.glob("*.md")) == sorted(
        ["alert.md", "anchors.md", "bold.md", "mdlinks.md", "sections.md", "stray.md", "toc.md"]
    )
    assert Path(READING / "stray.md").stat().st_size > 30_000
