"""Property tests: random documents built from the model, random noise lines, random text.

Whatever the input, parsing never raises, formatting is idempotent and lossless, and a
document generated from the model reads back as the entries it was built from.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geoai_bot.core.errors import LosslessError
from geoai_bot.core.formatter import format_document
from geoai_bot.core.guard import ViewChanged
from geoai_bot.core.model import (
    KNOWN_LABELS,
    Document,
    Entry,
    EntryBlock,
    Link,
    Span,
    Verbatim,
    canonical_label,
)
from geoai_bot.core.parse import parse_text
from geoai_bot.core.render import render
from geoai_bot.core.shapes import is_alert, is_link_value

# Every example goes through fmt and its reader's-view guard (cmark-gfm on both texts):
# 100 examples a test keep the default suite under 90 s on 2 cores; hunts for new failures
# run with more (`--hypothesis-seed`, a larger max_examples) and keep what they find as
# @example.
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that mean something to Markdown or to the scanner, mixed with plain text,
# full-width punctuation and other scripts.
TRICKY = "#>*-+`~<>/|:：，、,.()[]!$\\_ \t"
CHARS = st.one_of(
    st.sampled_from(list(TRICKY)),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    st.sampled_from(list("abcdefxyz0123456789 ")),
)
FRAGMENTS = st.sampled_from(
    [
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "* ",
        "> ",
        "#### ",
        "### ",
        "```",
        "<!--",
        "-->",
        "Paper:",
        "None",
        "http://",
        "**",
        "\u00a0",
        "\ufeff",
    ]
)


def _piece() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(CHARS, FRAGMENTS), max_size=12).map("".join)


def _one_line(s: str) -> str:
    return " ".join(s.split())


# A value as the parser would store it: one line, inner spaces single, no edge spaces.
TEXT = _piece().map(_one_line)
NONEMPTY = TEXT.filter(bool)
AUTHOR = NONEMPTY.filter(lambda a: not any(c in a for c in ",，、") and not is_alert("> " + a))
PLAIN_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=15).map(
    _one_line
)
# Labels as the parser stores them: known ones in their canonical spelling.
LABEL = st.one_of(
    st.sampled_from(KNOWN_LABELS),
    PLAIN_LABEL.filter(lambda label: bool(label) and canonical_label(label) == label),
)
URL = st.one_of(
    st.none(),
    st.builds(lambda s: f"https://example.org/{s}", st.text("abc/._-?=&%019", max_size=20)),
    NONEMPTY.filter(lambda v: v.lower() not in ("none", "null") and not v.startswith("//")),
)
ABSTRACT = st.one_of(st.none(), NONEMPTY.filter(lambda a: "</details" not in a.lower()))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    links = [
        Link(label=label, url=url)
        for label, url in draw(st.lists(st.tuples(LABEL, URL), max_size=4))
    ]
    authors = draw(st.lists(AUTHOR, max_size=5))
    abstract = draw(ABSTRACT)
    # An entry needs one part a reader sees as a paper's (authors, a link bullet with a
    # known label or a link value, or a <details>): a heading over prose is not a paper.
    real = authors or any(is_link_value(x.label, x.url or "None") for x in links)
    has_details = abstract is not None or draw(st.booleans()) or not real
    return Entry(
        title=draw(NONEMPTY),
        authors=authors,
        links=links,
        abstract=abstract,
        has_details=has_details,
        span=Span(start=0, end=0),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    blocks: list[Verbatim | EntryBlock] = [
        Verbatim(lines=["# <p align=center>`Generated List`</p>", "", "## Papers"], start=1)
    ]
    for entry in draw(st.lists(entries(), min_size=1, max_size=6)):
        entry.section = "Papers"
        blocks.append(EntryBlock(entry=entry, blank_before=2))
    return Document(blocks=blocks)


NOISE = st.one_of(
    _piece(),
    FRAGMENTS,
    st.sampled_from(
        [
            "",
            "   ",
            "#### 6.19 PM",
            "| a | b |",
            "|---|---|",
            "* <details>",
            "  </details>",
            "    <summary>Abstract (Click to expand):</summary>",
            "```",
            "~~~",
            "<!-- x",
            "-->",
            "> ",
            ">  A, B",
            "* Paper:",
            "* code : null",
            "#",
            "###",
            "####  Title",
            "<img src='x.png'>",
            "| :pushpin: Spotlight |",
            "  </details> * Paper: x",
            "</details> > a",
            "<details><summary>s</summary>a</details> #### h",
            "text </details",
            "> tail",
            "<summary>a</details>b</summary>",
            "* Paper: <details>",
            "\t#### T",
            "   #### T",
            "    #### T",
            "####\u00a0T",
            "text\u00a0",
            "\x0b",
            "\x1c",
            "\u2028",
            "\x85",
            "<!-- one line -->",
            "<!-- a --> <!-- b",
            "````",
            "```py ` x",
        ]
    ),
)


def _fields(e: Entry) -> tuple[object, ...]:
    return (e.title, e.authors, [(x.label, x.url) for x in e.links], e.abstract, e.section)


def _meanings(doc: Document) -> list[tuple[object, ...]]:
    return [e.meaning() for e in doc.entries]


def _assert_formats(text: str) -> bool:
    """format_document is lossless and idempotent, or refuses because a reader would see a change.

    Noise lines (a bare `<details>`, text after `</details>`) can make the canonical form
    render differently on GitHub; the reader's-view guard refuses those (core/guard.py).
    The parser's own check must never fail. Returns False when the guard refused.
    """
    try:
        first = format_document(text)
    except ViewChanged:
        return False
    except LosslessError:
        raise AssertionError(f"lossless check failed on {text!r}") from None
    again = format_document(first.text)
    assert again.text == first.text
    assert _meanings(again.source) == _meanings(first.source)
    return True


@SETTINGS
@given(documents())
def test_generated_documents_read_back(doc: Document) -> None:
    text = render(doc)
    parsed = parse_text(text)
    assert [_fields(e) for e in parsed.entries] == [_fields(e) for e in doc.entries]
    # The parser builds models without validation: they must be what validation gives.
    for e in parsed.entries:
        assert Entry.model_validate({k: getattr(e, k) for k in Entry.model_fields}) == e
    assert _assert_formats(text)  # canonical text: nothing for the guard to refuse


@SETTINGS
@given(documents(), st.lists(st.tuples(st.integers(min_value=0), NOISE), max_size=8))
def test_noise_never_breaks_formatting(doc: Document, noise: list[tuple[int, str]]) -> None:
    lines = render(doc).split("\n")
    for pos, line in noise:
        lines.insert(pos % (len(lines) + 1), line)
    text = "\n".join(lines)
    if _assert_formats(text) and "\r" not in text and not text.startswith("\ufeff"):
        # The same file saved with CRLF and a BOM formats to the same text in that style.
        windows = format_document("\ufeff" + text.replace("\n", "\r\n")).text
        assert windows == "\ufeff" + format_document(text).text.replace("\n", "\r\n")


@SETTINGS
@given(
    st.lists(st.one_of(CHARS, FRAGMENTS, st.sampled_from(["\n", "\r\n", "\r"])), max_size=200).map(
        "".join
    )
)
def test_any_text_never_crashes(text: str) -> None:
    parse_text(text)
    _assert_formats(text)


@SETTINGS
@given(st.text(max_size=300))
def test_unicode_text_never_crashes(text: str) -> None:
    parse_text(text)
    _assert_formats(text)


@SETTINGS
@given(st.lists(st.one_of(NOISE, FRAGMENTS), max_size=30).map("\n".join))
# An empty `>` under a heading is no author line: the heading is no paper, and the lines
# after it are not an entry's extra lines for fmt to move.
@example("#### 6.19 PM\n> \n```\n```\n> ")
# A fence after an author line ends the authors: a quote after it is not one of them.
@example("#### \n> \n```\n```\n>  A, B")
def test_line_soup_never_crashes(text: str) -> None:
    parse_text(text)
    _assert_formats(text)
