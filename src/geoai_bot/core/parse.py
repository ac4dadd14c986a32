"""Markdown text -> Document: a line scanner for the paper-entry shape; never raises on any text.

Why a line scanner and not mistune's AST: paper lists are line-oriented (`####` title,
`>` authors, `* Label: url` bullets, a `<details>` block), and we need exact source
lines for every field. Building mistune's AST for a 17 MB list takes longer than this
whole parser plus the renderer (figures side by side in benchmarks/README.md).
"""

from __future__ import annotations

from typing import Protocol

from geoai_bot.core.entry_read import build_entry, join_abstract, split_authors
from geoai_bot.core.fastmodel import gc_paused, model_of
from geoai_bot.core.headings import clean_heading, tagline
from geoai_bot.core.lines import split_lines
from geoai_bot.core.model import Document, Entry, EntryBlock, Section, Verbatim, blank_document
from geoai_bot.core.scan import (
    HEADING,
    OPAQUE_KINDS,
    Heading,
    is_blank,
    is_entry_part,
    scan,
)
from geoai_bot.core.shapes import body_end, find_unread, is_entry, unread_heading
from geoai_bot.log.section import parse_update_log

__all__ = ["HEADING", "clean_heading", "gc_paused", "is_blank", "is_entry_part"]
__all__ += ["join_abstract", "parse_split", "parse_text", "split_authors", "split_lines"]

SECTION_MAX_LEVEL = 3


def parse_text(text: str) -> Document:
    """Parse a paper list. Never raises for any input string."""
    return parse_split(*split_lines(text))[0]


class Known(Protocol):
    """What fmt knows of its own output from the input (core/formatter.py): parse_split."""

    def scan(self, lines: list[str]) -> tuple[list[Heading], bytearray]: ...
    def __call__(self, i: int, end: int, section: str | None) -> Entry | None: ...


def parse_split(
    lines: list[str], newline: str, final: bool, bom: bool, known: Known | None = None
) -> tuple[Document, bytearray]:
    """parse_text on split_lines' result, and the scanner's line kinds (lint reads them).

    KNOWN (a nearly equal text read before) scans LINES and gives each entry whose lines,
    heading to next heading, and section are as before (an entry is a function of those:
    `_build_entry` and `body_end` look nowhere else): that object, line numbers and all.
    """
    with gc_paused():
        return _parse(lines, newline, final, bom, known)


def _parse(
    lines: list[str], newline: str, final: bool, bom: bool, known: Known | None = None
) -> tuple[Document, bytearray]:
    heads, kinds = scan(lines) if known is None else known.scan(lines)
    n = len(lines)
    doc = blank_document(newline, final, bom, parse_update_log(lines, heads))
    blocks: list[Verbatim | EntryBlock] = []
    section: str | None = None
    title_section: Section | None = None  # the `#` title, while entries sit right under it
    pos = 0  # first line not yet in a block

    def verbatim(upto: int) -> None:
        if upto > pos:
            chunk = lines[pos:upto]
            blocks.append(
                model_of(Verbatim, {"kind": "verbatim", "lines": chunk, "start": pos + 1})
            )
            find_unread(lines, kinds, pos, upto, doc.unread)

    for k, (i, level, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else n
        entry = known(i, end, section) if known is not None else None
        stop = body_end(lines, kinds, i, end) if entry is None else end
        if entry is None and not is_entry(lines, kinds, i, level, stop):
            if level <= SECTION_MAX_LEVEL:
                # Every `#`..`###` heading that is not a paper groups what follows it; the
                # first `#` is also the list's name (entries right under it are in it).
                cleaned = clean_heading(title)
                heading = model_of(Section, {"title": cleaned, "level": level, "line": i + 1})
                if level == 1 and doc.name is None:
                    doc.name = cleaned or None
                    title_section = heading
                else:
                    doc.sections.append(heading)
                    title_section = None
                section = cleaned or None if level == 1 else cleaned
            elif level > SECTION_MAX_LEVEL:
                note = unread_heading(lines, kinds, i, title, end)
                if note is not None:
                    doc.unread.append(note)
            continue
        if title_section is not None:
            doc.sections.insert(0, title_section)
            title_section = None
        # Verbatim lines before this entry, minus the blank lines that directly precede it.
        top = i
        # (is_blank inlined, and no call when nothing is verbatim: once per entry)
        while top > pos and not lines[top - 1].strip(" \t") and kinds[top - 1] not in OPAQUE_KINDS:
            top -= 1
        if top > pos:
            verbatim(top)
        if entry is None:
            entry = build_entry(lines, kinds, i, stop, title, level, section)
            pos = entry.span.end  # lines after the last entry part stay verbatim
        else:  # the same lines as a known entry: it ends as far after its heading
            pos = i + entry.span.end - entry.span.start + 1
        blocks.append(
            model_of(EntryBlock, {"kind": "entry", "entry": entry, "blank_before": i - top})
        )
    verbatim(n)
    doc.unread.sort(key=lambda u: u.line)
    doc.blocks = blocks
    doc.tagline = tagline(lines, heads)
    return doc, kinds
