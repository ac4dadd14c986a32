"""One entry's body -> Entry: authors, link bullets, the `<details>` abstract and the lines
kept verbatim in place (extras), read line by line from the scanner's line kinds.

core/parse.py finds the headings that are entries and where each body ends; this module
owns what is read inside one body, and the small readers the formatter shares with it
(split_authors, join_abstract).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geoai_bot.core.fastmodel import model_of
from geoai_bot.core.model import Entry, ExtraLine, Link, Span
from geoai_bot.core.scan import (
    AUTHORS,
    CLOSE,
    DETAILS_CLOSE,
    DETAILS_OPEN,
    INSIDE,
    OPAQUE_KINDS,
    OPEN,
    OPEN_CLOSED,
    is_alert,
    is_blank,
)
from geoai_bot.core.shapes import details_end, is_abstract, last_link_or_details, read_link

SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(.*?)</summary\s*>(.*)$", re.IGNORECASE)
AUTHOR_SPLIT = re.compile(r"[,，、]")
DEFAULT_SUMMARY = "Abstract (Click to expand):"


def split_authors(text: str) -> list[str]:
    """`A, B，C、D` -> ['A', 'B', 'C', 'D']; empty names are dropped."""
    parts = AUTHOR_SPLIT.split(text) if "，" in text or "、" in text else text.split(",")
    return [a for a in map(str.strip, parts) if a]


# A pure function of the line, so copies are read once: a list may repeat one author
# line in every entry (a hostile list does, 50,000 times).
@lru_cache(maxsize=4096)
def _author_line(line: str) -> tuple[bool, tuple[str, ...]]:
    """(AUTHORS matches LINE, the names split_authors reads from it)."""
    m = AUTHORS.match(line)
    return (True, tuple(split_authors(m.group(1)))) if m else (False, ())


def join_abstract(parts: list[str]) -> str | None:
    """The abstract as the model keeps it: lines joined with spaces (see below)."""
    if not parts:
        return None
    joined = " ".join(parts)
    # Joining must not create a `</details >` from `</details` + `>` on two lines; then
    # keep the lines apart (the renderer writes one line per part).
    if "</" in joined and DETAILS_CLOSE.search(joined):
        return "\n".join(parts)
    return joined


def _extra(
    extra: list[ExtraLine], floating: list[ExtraLine], line: str, slot: int, n: int, blanks: int = 0
) -> None:
    """Keep LINE (1-based N) as an extra line of the entry; one with no slot yet floats."""
    # Two trailing spaces may be a hard line break (the renderer keeps them when a line
    # follows); other trailing whitespace says nothing.
    text = line if line.endswith("  ") and line.strip() else line.rstrip(" \t")
    x = model_of(
        ExtraLine, {"text": text, "after": slot, "line": n, "inline": False, "blank_before": blanks}
    )
    extra.append(x)
    if slot < 0:
        floating.append(x)


def _settle(floating: list[ExtraLine], slot: int) -> None:
    """A part follows the floating extras: they take SLOT, the one before the details block."""
    for x in floating:
        x.after = slot
    floating.clear()


def build_entry(
    lines: list[str],
    kinds: bytearray,
    i: int,
    end: int,
    title: str,
    level: int,
    section: str | None,
) -> Entry:
    """The entry whose heading is line `i`, read from its body (lines up to `end`).

    The entry ends at its last part. Lines after it stay in the entry only when they run
    on from a last link bullet without a blank line (a reader sees them inside that item);
    the rest (an anchor before the next heading, a stray quote, prose) is verbatim.
    """
    authors: list[str] = []
    authors_line = 0
    # Authors: one run of `>` lines before the last link or abstract line; any other line
    # (prose, a fence) ends the quote a reader sees, and later `>` lines are stray ones.
    strong, strong_parts = last_link_or_details(lines, kinds, i, end)
    authors_done = False
    in_alert = False  # inside a `> [!NOTE]` callout: its lines are not authors
    links: list[Link] = []
    extra: list[ExtraLine] = []
    inline: ExtraLine | None = None  # the text after `</details>` on its line
    parts: list[str] = []
    summary: str | None = None
    details_line = abstract_line = 0
    last = i  # the last part
    last_is_link = False
    n_after_details = -1  # extras after the details block get a slot when the entry ends
    slot = 0
    before_details = 0  # the slot when the details block began
    # Extras after the details block that a later author line or link follows: they take
    # the slot before the details block, so the renderer keeps them before that part.
    floating: list[ExtraLine] = []

    pending = 0  # blank lines inside a code fence or comment, not yet followed by text
    skip = -1  # the last line of a `<details>` block that is not an abstract
    run = 0  # blank lines since the last non-blank one (the layout style learns from it)
    gap_authors = gap_parts = -1
    details_open = details_close = -1  # the first <details> block, as written
    for j in range(i + 1, end):
        line = lines[j]
        kind = kinds[j]
        if kind:  # a NORMAL line (most lines) goes straight to the checks below
            if pending and kind not in OPAQUE_KINDS:
                pending = 0
            if j <= skip:
                _extra(extra, floating, line, slot, j + 1)
                continue
            if kind == INSIDE and (parts or summary is not None or "<" not in line):
                # The common case, an abstract line: keep it fast.
                last = j
                run = 0
                text = line.strip()
                if text:
                    if not parts:
                        abstract_line = j + 1
                    parts.append(text)
                continue
            if OPEN <= kind <= CLOSE:  # the <details> kinds
                if kind in (OPEN, OPEN_CLOSED):
                    if not is_abstract(lines, kinds, j, end):
                        # A folded table of contents or table: kept as written, in place.
                        skip = details_end(kinds, j, end)
                        _extra(extra, floating, line, slot, j + 1, run)
                        run = 0
                        continue
                    if floating:
                        _settle(floating, before_details)
                    m = DETAILS_OPEN.match(line)
                    text = m.group(1) if m else ""
                    if not details_line:
                        details_line = j + 1
                        details_open = j
                        if gap_parts < 0:
                            gap_parts = run
                else:
                    text = line
                last, last_is_link = j, False
                if kind in (CLOSE, OPEN_CLOSED) and details_close < 0 and details_open >= 0:
                    details_close = j
                run = 0
                rest = ""
                if kind in (CLOSE, OPEN_CLOSED):
                    c = DETAILS_CLOSE.search(text)
                    if c:
                        text, rest = text[: c.start()], text[c.end() :].strip()
                    if slot >= 0:
                        before_details = slot
                    slot = n_after_details
                if summary is None and not parts and "<" in text:
                    s = SUMMARY.match(text)
                    if s:
                        summary = s.group(1).strip()
                        text = s.group(2)
                text = text.strip()
                if text:
                    if not parts:
                        abstract_line = j + 1
                    parts.append(text)
                if rest:
                    if inline is None:
                        inline = model_of(
                            ExtraLine,
                            {
                                "text": rest,
                                "after": n_after_details,
                                "line": j + 1,
                                "inline": True,
                                "blank_before": 0,
                            },
                        )
                        extra.append(inline)
                    else:
                        inline.text += " " + rest
                continue
            if kind in OPAQUE_KINDS:
                if is_blank(line):
                    pending += 1  # kept only if the fence or comment goes on after it
                else:
                    run = 0
                    for _ in range(pending):
                        _extra(extra, floating, "", slot, j)
                    pending = 0
                    authors_done = authors_done or authors_line > 0
                    _extra(extra, floating, line, slot, j + 1)
                continue
        elif pending:
            pending = 0
        stripped = line.lstrip(" \t")
        if not stripped:
            run += 1
            in_alert = False  # a blank line ends a blockquote
            if authors_line:
                authors_done = True
            continue
        blanks, run = run, 0
        c0 = stripped[0]
        if c0 == ">":
            if "[!" in line and is_alert(line):  # the test is_alert starts with, without a call
                in_alert = True
            if not in_alert and not authors_done and (j < strong or strong == i):
                is_author, names = _author_line(line)
            else:
                is_author = False
            if is_author:
                if not authors_line:
                    authors_line = j + 1
                    gap_authors = blanks
                authors.extend(names)
                last, last_is_link = j, False
                if floating:
                    _settle(floating, before_details)
                if slot <= 0:
                    slot = 1 + len(links) if links else 1
                continue
        elif c0 in "*+-":
            link = read_link(line, j + 1, strong_parts if j == strong else None)
            if link is not None:
                if gap_parts < 0:
                    gap_parts = blanks
                links.append(link)
                last, last_is_link = j, True
                if floating:
                    _settle(floating, before_details)
                slot = 1 + len(links)
                continue
        if authors_line:
            authors_done = True  # a line that is not an author line ends the authors
        _extra(extra, floating, line, slot, j + 1, blanks)
    keep = last + 1  # lines from here on (0-based) are not the entry's
    if last_is_link and not details_line:
        # The link is the last part the renderer writes too: what runs on from it stays
        # right after it (after a details block, it would go after a blank line).
        while keep < end and (kinds[keep] in OPAQUE_KINDS or lines[keep].strip(" \t")):
            keep += 1
    if extra and extra[-1].line > keep:
        extra = [x for x in extra if x.line <= keep]
        if inline is not None and inline not in extra:
            inline = None
    if extra:
        last = max(last, extra[-1].line - 1)
    if inline is not None and len(extra) > 1:
        # The renderer writes the text after `</details>` on the closing line, before any
        # other line that follows the details block: keep that order in the model too.
        extra.remove(inline)
        first = next((k for k, x in enumerate(extra) if x.after < 0), len(extra))
        extra.insert(first, inline)
    after_details = 2 + len(links)
    for x in extra:
        if x.after < 0:
            x.after = after_details
    return model_of(
        Entry,
        {
            "title": title,
            "authors": authors,
            "links": links,
            "abstract": join_abstract(parts) if parts else None,
            "extra": extra,
            "section": section,
            "span": model_of(Span, {"start": i + 1, "end": last + 1}),
            "has_authors_line": authors_line > 0,
            "has_details": details_line > 0,
            "summary": summary or DEFAULT_SUMMARY,
            "heading_level": level,
            "authors_line": authors_line,
            "details_line": details_line,
            "abstract_line": abstract_line,
            "details_raw": (
                lines[details_open : (details_close if details_close >= 0 else last) + 1]
                if details_open >= 0
                else []
            ),
            "blank_before_authors": max(gap_authors, 0) if gap_authors >= 0 else 1,
            "blank_before_parts": gap_parts if gap_parts >= 0 else 1,
        },
    )
