"""The parser on every variation QUIRKS.md lists, with fixtures written for these tests."""

from __future__ import annotations

import pytest

from conftest import DATA
from geoai_bot.core.model import Entry
from geoai_bot.core.parse import parse_text, split_authors

CORE = DATA / "core"


def one(text: str) -> Entry:
    entries = parse_text(text).entries
    assert len(entries) == 1, entries
    return entries[0]


def links(e: Entry) -> list[tuple[str, str | None]]:
    return [(link.label, link.url) for link in e.links]


# A compact entry used as a template; {x} marks the spot a test varies.
def entry(body: str, title: str = "A Paper") -> str:
    return f"## Papers\n\n#### {title}\n\n{body}"


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("Paper", "Paper"),
        ("paper", "Paper"),
        ("PAPER", "Paper"),
        ("project", "Project"),
        ("Dataset and Code", "Dataset and code"),
        ("dataset  and code", "Dataset and code"),
        ("Priject", "Priject"),  # misspelt: kept as written, lint reports it
        ("Zhihu", "Zhihu"),
    ],
)
def test_labels_any_case_and_misspelt(written: str, label: str) -> None:
    e = one(entry(f"* {written}: https://example.org/x\n"))
    assert links(e) == [(label, "https://example.org/x")]
    assert e.links[0].raw_label == written


@pytest.mark.parametrize("value", ["None", "none", "Null", "NULL", "", "   "])
def test_placeholder_values_have_no_url(value: str) -> None:
    e = one(entry(f"* Paper: https://example.org/p\n* Code:{value}\n"))
    assert links(e) == [("Paper", "https://example.org/p"), ("Code", None)]


def test_full_width_colon_and_spaces_around_it() -> None:
    e = one(entry("* Code ： https://example.org/c\n"))
    assert links(e) == [("Code", "https://example.org/c")]


def test_bare_url_bullet_is_not_a_link() -> None:
    e = one(entry("> A\n\n* https://example.org/bare\n"))
    assert e.links == []
    # After the entry's last part, so kept as written after the entry, not inside it.
    doc = parse_text(entry("> A\n\n* https://example.org/bare\n"))
    assert doc.blocks[-1].kind == "verbatim"
    assert doc.blocks[-1].lines == ["", "* https://example.org/bare"]
    e = one(entry("* Paper: https://example.org/p\n* https://example.org/bare\n"))
    assert [x.text for x in e.extra] == ["* https://example.org/bare"]


@pytest.mark.parametrize("indent", ["", " ", "  ", "    ", "\t"])
def test_details_at_any_indentation(indent: str) -> None:
    body = f"> A\n\n{indent}* <details>\n    <summary>S</summary>\n    Text.\n  </details>\n"
    e = one(entry(body))
    assert (e.has_details, e.abstract, e.summary) == (True, "Text.", "S")


def test_details_without_bullet() -> None:
    e = one(entry("<details>\n<summary>S</summary>\nText.\n</details>\n"))
    assert (e.has_details, e.abstract) == (True, "Text.")


@pytest.mark.parametrize("summary_indent", [2, 4, 8])
@pytest.mark.parametrize("abstract_indent", [0, 2, 3, 4, 5, 6])
def test_summary_and_abstract_indentation(summary_indent: int, abstract_indent: int) -> None:
    body = (
        "* Paper: https://example.org/p\n* <details>\n"
        f"{' ' * summary_indent}<summary>Abstract (Click to expand):</summary>\n"
        f"{' ' * abstract_indent}Words of the abstract.\n  </details>\n"
    )
    e = one(entry(body))
    assert e.abstract == "Words of the abstract."


def test_wrapped_abstract_joined_with_one_space() -> None:
    body = (
        "* <details>\n    <summary>S</summary>\n    First part of the text,\n"
        "second part at column zero;\n   third part.\n  </details>\n"
    )
    e = one(entry(body))
    assert e.abstract == "First part of the text, second part at column zero; third part."


def test_inner_double_spaces_of_an_abstract_are_kept() -> None:
    e = one(entry("* <details>\n    <summary>S</summary>\n    complexity of  and\n  </details>\n"))
    assert e.abstract == "complexity of  and"


def test_empty_abstract() -> None:
    e = one(entry("* Paper: x\n* <details>\n    <summary>S</summary>\n  </details>\n"))
    assert e.has_details and e.abstract is None


def test_summary_and_abstract_on_the_details_line() -> None:
    e = one(entry("* <details><summary>S</summary>All on one line.</details>\n"))
    assert (e.summary, e.abstract) == ("S", "All on one line.")


def test_missing_blank_lines_everywhere() -> None:
    text = (
        "## Papers\n#### First\n> A, B\n* Paper: p1\n* <details>\n<summary>S</summary>\nOne.\n"
        "</details>\n#### Second\n> C\n* Paper: p2\n"
    )
    first, second = parse_text(text).entries
    assert (first.title, first.authors, links(first), first.abstract) == (
        "First",
        ["A", "B"],
        [("Paper", "p1")],
        "One.",
    )
    assert (second.title, second.authors, links(second)) == ("Second", ["C"], [("Paper", "p2")])


def test_blank_line_splitting_the_bullet_list() -> None:
    e = one(
        entry(
            "> A\n\n* Paper: p\n\n* Code: c\n\n* <details>\n<summary>S</summary>\nX.\n</details>\n"
        )
    )
    assert links(e) == [("Paper", "p"), ("Code", "c")] and e.abstract == "X."


def test_two_spaces_after_hashes_and_trailing_title_spaces() -> None:
    e = one("####  Spaced Title   \n\n> A\n")
    assert e.title == "Spaced Title"


def test_level_three_entry_among_level_four() -> None:
    text = "## S\n\n#### One\n\n> A\n\n### Two\n\n> B\n\n#### Three\n\n> C\n"
    doc = parse_text(text)
    assert [(e.title, e.heading_level, e.section) for e in doc.entries] == [
        ("One", 4, "S"),
        ("Two", 3, "S"),
        ("Three", 4, "S"),
    ]


def test_spotlight_line_kept_in_place() -> None:
    e = one("#### Title\n| :pushpin: Spotlight |\n\n> A\n\n* Paper: p\n")
    assert [(x.text, x.after) for x in e.extra] == [("| :pushpin: Spotlight |", 0)]


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("> A One, B Two", ["A One", "B Two"]),
        ("> A One，B Two、C Three", ["A One", "B Two", "C Three"]),
        ("> A One, B Two.", ["A One", "B Two."]),  # trailing period: kept, lint reports it
        (">  A One,B Two", ["A One", "B Two"]),
        ("> A One et.al", ["A One et.al"]),
        ("> A One, , B Two,", ["A One", "B Two"]),
        ("> 张三，李四", ["张三", "李四"]),
    ],
)
def test_author_lines(line: str, authors: list[str]) -> None:
    assert one(entry(f"{line}\n")).authors == authors


def test_no_blank_between_authors_and_bullets() -> None:
    e = one(entry("> A, B\n* Paper: p\n"))
    assert (e.authors, links(e)) == (["A", "B"], [("Paper", "p")])


def test_split_authors_alone() -> None:
    assert split_authors("  ") == []
    assert split_authors(" Solo ") == ["Solo"]


def test_closing_details_straight_into_heading() -> None:
    text = (
        "#### One\n\n> A\n\n* <details>\n  <summary>S</summary>\n  X.\n  </details>\n"
        "#### Two\n\n> B\n"
    )
    one_, two = parse_text(text).entries
    assert (one_.abstract, one_.span.end, two.span.start) == ("X.", 8, 9)


def test_schedule_headings_and_tables_are_not_entries() -> None:
    text = (
        "## Papers\n\n#### Real\n\n> A\n\n## Poster Schedule\n\n#### 6.19 PM\n\n"
        "| ID | Title |\n| -- | ----- |\n| 1 | https://example.org/x |\n<img src='a.png'>\n"
    )
    doc = parse_text(text)
    assert [e.title for e in doc.entries] == ["Real"]
    assert [(u.line, u.reason) for u in doc.unread] == [(13, "table row with links (not an entry)")]


def test_images_between_entries_are_kept_verbatim() -> None:
    text = "#### One\n\n> A\n\n## More\n\n<img src='x.png' width=300>\n\n#### Two\n\n> B\n"
    doc = parse_text(text)
    assert [e.title for e in doc.entries] == ["One", "Two"]
    assert doc.entries[1].section == "More"


@pytest.mark.parametrize(
    "text",
    [
        "#### One\n\n> A\n\n* Paper: p",  # no final newline
        "#### One\n\n> A\n\n* Paper: p\n\n\n\n\n",  # several final blank lines
        "#### One\r\n\r\n> A\r\n\r\n* Paper: p\r\n",  # CRLF
        "\ufeff#### One\n\n> A\n\n* Paper: p\n",  # BOM
        "#### One\r\n\n> A\r\r\n* Paper: p\n",  # mixed endings
    ],
)
def test_line_endings_bom_and_final_newlines(text: str) -> None:
    e = one(text)
    assert (e.title, e.authors, links(e)) == ("One", ["A"], [("Paper", "p")])


def test_newline_style_and_bom_recorded() -> None:
    doc = parse_text("\ufeff#### One\r\n\r\n> A\n")
    assert (doc.newline, doc.bom, doc.final_newline) == ("\r\n", True, True)
    doc = parse_text("#### One\n\n> A")
    assert (doc.newline, doc.bom, doc.final_newline) == ("\n", False, False)


def test_fences_and_comments_hide_headings() -> None:
    doc = parse_text((CORE / "hidden.md").read_text(encoding="utf-8"))
    assert [(e.title, e.authors) for e in doc.entries] == [
        ("Visible Paper", ["Gil Gray"]),
        ("Second Visible Paper", ["Kim Kerr"]),
    ]
    # The abstract's Markdown-looking words are text, and the hidden blocks are kept.
    first = doc.entries[0]
    assert first.abstract == "An abstract that mentions #### and > and * Paper: x."
    # They follow the entry's last part, so they are kept as written after it.
    assert first.extra == []
    kept = [line for b in doc.blocks if b.kind == "verbatim" for line in b.lines]
    assert "#### Commented Out Paper" in kept and "#### Fenced Example" in kept


def test_heading_lines_in_an_abstract_are_text_only_when_indented() -> None:
    text = (
        "#### One\n\n* <details>\n    <summary>S</summary>\n    #### not a heading\n  </details>\n"
    )
    assert one(text).abstract == "#### not a heading"


def test_quirks_fixture_reads_as_a_person_sees_it() -> None:
    doc = parse_text((CORE / "quirks.md").read_text(encoding="utf-8"))
    assert doc.name == "Quirky Test List"
    assert doc.tagline == "A list written for geoai-bot's tests."
    assert doc.last_updated is not None and doc.last_updated.isoformat() == "2025-03-02"
    got = [(e.title, e.authors, links(e), e.abstract, e.section) for e in doc.entries]
    section = "Test Venue Accepted Paper List"
    assert got == [
        (
            "Two Spaces After The Hashes",
            ["Ann Ames", "Bo Berg."],
            [
                ("Paper", "https://arxiv.org/abs/2501.00001v2"),
                ("Code", None),
                ("Priject", "https://example.org/priject"),
            ],
            "Indented six spaces and wrapped at column zero.",
            section,
        ),
        (
            "Straight After Details",
            ["Cai Chen", "Dee Dunn", "Eve Eng"],
            [("Paper", None), ("Code", None), ("Dataset and code", "https://example.org/data")],
            None,
            section,
        ),
        (
            "A Contributor's Level Three",
            ["Fay Fox"],
            [("Project", "https://example.org/fay")],
            "Three spaces.",
            section,
        ),
    ]
    assert [(e.span.start, e.span.end) for e in doc.entries] == [(14, 25), (26, 36), (41, 49)]
    assert doc.entries[2].heading_level == 3


def test_not_a_list_has_no_entries_and_reports_what_it_saw() -> None:
    text = "# Other List\n\n**A Bold Title**\n\n- Paper: https://example.org/x\n- Code: None\n"
    doc = parse_text(text)
    assert doc.entries == []
    # One note for the paper (at its title), not one per bullet.
    assert [u.line for u in doc.unread] == [3]
    assert "**Title**" in doc.unread[0].reason
