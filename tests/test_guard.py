"""The reader's-view guard (core/view.py, core/hunks.py, core/guard.py), case by case.

Each case of issue 11 is checked twice: a bad output written by hand must be caught by
`check_view` directly, and today's fmt on a small fixture of that shape must refuse.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoai_bot.core.formatter import format_document
from geoai_bot.core.guard import ViewChanged, check_view, normalise_entries
from geoai_bot.core.hunks import Cuts, diff_hunks, opaque_spans, widen
from geoai_bot.core.view import reader_view

ENTRY = (
    "#### Paper A\n\n> Ann Lee, Bo Li\n\n* Paper: https://arxiv.org/abs/2501.00001\n"
    "* Code: None\n* <details>\n    <summary>Abstract (Click to expand):</summary>\n"
    "    Text.\n  </details>\n"
)
BULLETS = "#### Paper B\n\n> Cy Ng\n\n* Paper: https://example.org/b\n"

# name: (input, a bad output written by hand, what the message must name)
CASES = {
    "alert becomes a paper": (
        ENTRY + "\n\n### How to contribute\n> [!TIP]\n> Open an issue\n> The bot reads it\n",
        ENTRY + "\n\n#### How to contribute\n\n> [!TIP], Open an issue, The bot reads it\n",
        "[!TIP]",
    ),
    "TOC in details open": (
        "### Contents\n<details open>\n<summary>TOC</summary>\n\n- [A](#a)\n- [B](#b)\n\n"
        "</details>\n\n" + ENTRY,
        "#### Contents\n\n* <details>\n    <summary>TOC</summary>\n    - [A](#a) - [B](#b)\n"
        "  </details>\n\n\n" + ENTRY,
        "details",
    ),
    "details loses open": (
        ENTRY.replace("* <details>", "* <details open>"),
        ENTRY,
        "open",
    ),
    "bare details gains a bullet": (ENTRY.replace("* <details>", "<details>"), ENTRY, "li"),
    "hard break vanishes": (
        "Maintainer: Jane Doe  \nContact: jane@example.org\n\n" + ENTRY,
        "Maintainer: Jane Doe\nContact: jane@example.org\n\n" + ENTRY,
        "Maintainer",
    ),
    "anchor moves into a list item": (
        BULLETS + '\n\n<a name="seg"></a>\n# Segmentation\n\n' + ENTRY,
        BULLETS + '<a name="seg"></a>\n\n# Segmentation\n\n' + ENTRY,
        "name",
    ),
    "bold-title paper swallowed": (
        ENTRY
        + "\n**Other Paper**\n- Paper: https://example.org/p\n- Code: https://example.org/c\n",
        ENTRY.replace("* Code: None\n", "* Code: None\n* Paper: https://example.org/p\n"),
        "paper:",
    ),
    "stray > lines folded into authors": (
        ENTRY + "\n>\n> stray\n\n> more\n",
        ENTRY.replace("> Ann Lee, Bo Li", "> Ann Lee, Bo Li, stray, more"),
        "stray",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_hand_written_bad_output_is_caught(name: str) -> None:
    before, after, word = CASES[name]
    with pytest.raises(ViewChanged, match="what a reader sees") as info:
        check_view(before, after, "README.md", entries=True)
    assert word in str(info.value)
    assert info.value.line is not None and info.value.line >= 1
    assert str(info.value).startswith("README.md:")


def _seen(text: str) -> list[tuple[str, str]]:
    return [t.key for t in normalise_entries(reader_view(text))]


@pytest.mark.parametrize("name", CASES)
def test_fmt_keeps_what_a_reader_sees(name: str) -> None:
    # fmt used to write each hand-written bad output above (and the guard refused it);
    # now the parser reads these as a reader does and the style keeps them: the guard
    # lets the result through, the result is not the bad output, and on the whole text
    # (without the guard's cutting) a reader sees the same thing.
    before, bad, _word = CASES[name]
    out = format_document(before, "README.md").text  # raises ViewChanged on a change
    assert out != bad
    assert _seen(out) == _seen(before)
    assert format_document(out, "README.md").text == out


ALLOWED = [
    (
        "heading spacing and level",
        ENTRY.replace("#### ", "###  ") + "\n\n" + BULLETS,
        ENTRY + "\n\n" + BULLETS,
    ),
    ("author separators", ENTRY.replace("Ann Lee, Bo Li", "Ann Lee，Bo Li、 Cy"), None),
    ("label case and colon", ENTRY.replace("* Paper:", "* paper："), None),
    ("empty value", ENTRY.replace("* Code: None", "* Code:"), None),
    ("null value", ENTRY.replace("* Code: None", "* code: null"), None),
    ("bullet character", ENTRY.replace("* Code:", "- Code:"), None),
    ("abstract wrapped and indented", ENTRY.replace("    Text.", "  Text\nwrapped."), None),
    ("blank lines", ENTRY.replace("\n\n", "\n") + "\n\n\n\n" + BULLETS, None),
]


@pytest.mark.parametrize(("name", "before", "expected"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_promised_normalisations_pass(name: str, before: str, expected: str | None) -> None:
    out = format_document(before, "README.md").text
    assert out != before
    if expected is not None:
        assert out == expected
    check_view(before, out, entries=True)


def test_entry_normalisations_apply_only_when_asked() -> None:
    before = ENTRY.replace("* Paper:", "* paper:")
    with pytest.raises(ViewChanged):
        check_view(before, ENTRY)  # e.g. a log edit may not touch entries
    check_view(before, ENTRY, entries=True)


LABELS_ELSEWHERE = {
    "in an abstract's list": ENTRY.replace("    Text.", "\n    - Code: words\n    - more\n"),
    "in a block quote": ENTRY.replace("> Ann Lee, Bo Li", "> - Code: words"),
    "under a `##` heading": "## Notes\n\n- Code: words\n\n" + ENTRY,
}


@pytest.mark.parametrize("name", LABELS_ELSEWHERE)
def test_label_case_counts_outside_link_bullets(name: str) -> None:
    # Only a link bullet's label may change case (the cheap path for lists that write
    # labels in lower case must not let the others through).
    before = LABELS_ELSEWHERE[name]
    lowered = before.replace("- Code: words", "- code: words")
    check_view(before, before.replace("* Code: None", "* code: None"), entries=True)
    with pytest.raises(ViewChanged, match="code: words"):
        check_view(before, lowered, entries=True)


def test_outside_entries_everything_counts() -> None:
    before = "# List\n\nIntro, with a comma.\n\n" + ENTRY
    with pytest.raises(ViewChanged, match="comma"):
        check_view(before, before.replace("with a comma", "with  a comma!"), entries=True)


def test_dropped_lines_and_same_lines() -> None:
    before = "# L\n\nLast Updated on 2025.01.01\n\n## News\n\n- a\n\n" + ENTRY
    after = before.replace("2025.01.01", "2025.02.02").replace("- a\n", "- a\n- b\n")
    with pytest.raises(ViewChanged):
        check_view(before, after)
    check_view(before, after, drop_before=[(5, 8)], drop_after=[(5, 9)], same_lines=[(3, 3)])


def test_link_definitions_must_stay_and_reach_every_piece() -> None:
    head = "[home]: https://example.org/home\n\n# L\n\n"
    before = head + ENTRY + "\n\n#### C\n\n> X\n\nSee [home].\n"
    after = before.replace("See [home].", "See [home][].")
    check_view(before, after)  # the same link either way, though defined far above
    with pytest.raises(ViewChanged, match="link definitions"):
        check_view(before, before.replace("[home]: https://example.org/home", ""))


def test_view_reads_what_github_shows() -> None:
    text = '<a name="x"></a>\n\n## H\n\nA  \nB <!-- hidden -->&amp; C\n\n<details open>\n'
    keys = [t.key for t in reader_view(text)]
    assert ("open", '<a name="x">') in keys
    assert ("open", "<br>") in keys and ("text", "B & C") in keys
    assert ("open", '<details open="">') in keys
    assert all("hidden" not in v for _, v in keys)


def test_opaque_spans_cover_fences_and_html_blocks() -> None:
    text = "a\n```\n\n# x\n```\n<!--\n\n# y\n-->\n~~~~\n# z\n"
    assert opaque_spans(text) == [(1, 5), (5, 9), (9, 12)]


BLOCKS = [
    "# Top\n",
    "## Section\n",
    "Para with *em* and a [link](https://example.org).\n",
    "Line one  \nline two\n",
    "> [!NOTE]\n> Alert body\n",
    "```\n# not a heading\n\n#### nor this\n```\n",
    "<!--\n#### hidden\n\n-->\n",
    "<details open>\n<summary>S</summary>\n\n- [A](#a)\n\n</details>\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    '<a name="n"></a>\n',
    "- one\n\n- two\n",
    ENTRY,
    BULLETS,
]


@given(
    st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=10),
    st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=10),
    st.sampled_from(["\n", "\n\n"]),
)
def test_pieces_render_as_the_whole(a_blocks: list[str], b_blocks: list[str], sep: str) -> None:
    """Where the two texts agree, cutting at the guard's cuts changes no rendering."""
    a_text = sep.join(a_blocks)
    b_text = sep.join(a_blocks[:1] + b_blocks)
    a, b = a_text.rstrip("\n").split("\n"), b_text.rstrip("\n").split("\n")
    hunks = widen(diff_hunks(a, b), Cuts(a, opaque_spans(a_text)), Cuts(b, opaque_spans(b_text)))
    i = j = 0
    pieces_a: list[str] = []
    for a0, a1, b0, b1 in hunks:
        assert a[i:a0] == b[j:b0]  # outside the hunks: equal, line for line
        pieces_a += ["\n".join(a[i:a0]), "\n".join(a[a0:a1])]
        i, j = a1, b1
    assert a[i:] == b[j:]
    pieces_a.append("\n".join(a[i:]))
    whole = [t.key for t in reader_view(a_text)]
    parts = [t.key for p in pieces_a if p for t in reader_view(p + "\n")]
    if "[home]" not in a_text:
        assert parts == whole


def test_rendering_from_several_threads_at_once() -> None:
    # cmark-gfm's extension registry is not thread-safe and its calls drop the GIL: two
    # submissions in one process aborted the interpreter until view.render_html took a lock.
    import threading

    from geoai_bot.core.view import render_html

    text = ENTRY + "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.org\n"
    expected = render_html(text)
    seen: list[str] = []

    def work() -> None:
        seen.extend(render_html(text) for _ in range(30))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [expected] * 240
