"""Re-reading a nearly equal text (fmt checking its own output) with the entries it kept.

`parse_split(..., known=...)` copies the scan of unchanged runs of lines and skips
entries whose lines and section are as before (core/formatter.py `_Reread`,
core/scan.py `scan_like`). Whatever the edit, that reading must be the one a fresh parse
gives, or fmt's lossless check would compare the wrong things.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoai_bot.core.errors import LosslessError
from geoai_bot.core.formatter import _Reread, format_document
from geoai_bot.core.hunks import diff_hunks
from geoai_bot.core.model import Document, Entry, Verbatim
from geoai_bot.core.parse import parse_split, parse_text, split_lines
from geoai_bot.core.render import render
from geoai_bot.core.scan import scan
from test_properties import NOISE, SETTINGS, documents

# The module, not core's lazily exported function of the same name.
render_mod = importlib.import_module("geoai_bot.core.render")


def _reading(doc: Document) -> tuple[object, ...]:
    """Everything the lossless check and fmt's report look at, line numbers aside."""
    return (
        [e.meaning() for e in doc.entries],
        [b.lines for b in doc.blocks if isinstance(b, Verbatim)],
        [(s.title, s.level) for s in doc.sections],
        doc.name,
        [(u.text, u.reason) for u in doc.unread],
    )


def _reuse(before: str, after: str) -> tuple[Document, int]:
    """AFTER read with the entries of BEFORE it has unchanged; how many were reused."""
    a_lines = split_lines(before)[0]
    scanned = scan(a_lines)
    source, _ = parse_split(*split_lines(before))
    b_lines, nl, final, bom = split_lines(after)
    hunks = diff_hunks(a_lines, b_lines)
    known = _Reread(source, scanned, hunks, len(a_lines), len(b_lines))
    # The scan that copies what it can from BEFORE's is the scan of AFTER.
    assert known.scan(b_lines) == scan(b_lines)
    doc, _ = parse_split(b_lines, nl, final, bom, known)
    ids = {id(e) for e in source.entries}
    return doc, sum(1 for e in doc.entries if id(e) in ids)


ENTRY = """#### {t}
> A. Author, B. Author
* Paper: https://arxiv.org/abs/2601.0000{n}
* Code: None
"""


def _list(*titles: str, head: str = "## Papers\n\n") -> str:
    return "# List\n\n" + head + "\n".join(ENTRY.format(t=t, n=n) for n, t in enumerate(titles))


def test_unchanged_entries_are_reused_and_changed_ones_read_again() -> None:
    before = _list("One", "Two", "Three")
    after = before.replace("* Code: None\n", "* code:\n", 1)  # the first entry changes
    doc, reused = _reuse(before, after)
    assert reused == 2
    assert _reading(doc) == _reading(parse_text(after))


def test_a_renamed_section_is_read_again() -> None:
    before = _list("One", "Two")
    after = before.replace("## Papers", "## Other papers")
    doc, reused = _reuse(before, after)
    assert reused == 0
    assert [e.section for e in doc.entries] == ["Other papers", "Other papers"]


def test_same_lines_inside_a_new_fence_are_not_reused() -> None:
    # The entries' lines are unchanged, but a fence opened above them makes them code
    # (their headings are no headings: nothing to reuse).
    before = _list("One", "Two")
    after = before.replace("## Papers\n", "## Papers\n\n```\n")
    doc, reused = _reuse(before, after)
    assert reused == 0
    assert doc.entries == [] == parse_text(after).entries


def test_a_changed_line_after_the_entry_body_is_read_again() -> None:
    # The entry's own lines are equal, but the line that ends its body is not.
    before = _list("One", "Two") + "\nA closing note.\n"
    after = before.replace("A closing note.", "* Slides: https://example.org/s")
    doc, reused = _reuse(before, after)
    assert reused == 1
    assert _reading(doc) == _reading(parse_text(after))
    assert [len(e.links) for e in doc.entries] == [2, 3]


def test_fmt_still_refuses_a_lossy_render_of_a_changed_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The reuse must not hide a renderer that drops a field of an entry it rewrote.
    text = _list("One", "Two").replace("* Code: None", "* code : None", 1)
    real = render_mod.render_entry

    def lossy(entry: Entry, *args: Any, **kwargs: Any) -> list[str]:
        out = real(entry, *args, **kwargs)
        return [x.replace("A. Author, ", "") for x in out] if entry.title == "One" else out

    monkeypatch.setattr(render_mod, "render_entry", lossy)
    with pytest.raises(LosslessError, match="authors of entry 1"):
        format_document(text)


EDIT = st.tuples(
    st.integers(min_value=0),
    st.sampled_from(["insert", "delete", "replace"]),
    st.one_of(NOISE, st.sampled_from(["## Other", "### Topic", "```", "<!--", "#### New"])),
)


# Half the usual examples: drawing the documents is most of the cost, and the default
# suite must stay under 90 s on 2 cores.
@settings(SETTINGS, max_examples=50)
@given(documents(), st.lists(EDIT, max_size=6))
def test_reuse_reads_any_edit_as_a_fresh_parse(
    doc: Document, edits: list[tuple[int, str, str]]
) -> None:
    before = render(doc)
    lines = before.split("\n")
    for pos, op, line in edits:
        k = pos % (len(lines) + 1)
        if op == "insert" or k == len(lines):
            lines.insert(k, line)
        elif op == "delete":
            del lines[k]
        else:
            lines[k] = line
    after = "\n".join(lines)
    doc_after, _ = _reuse(before, after)
    assert _reading(doc_after) == _reading(parse_text(after))
