"""Which lines are paper parts as a reader sees them, and which paper-like lines are not read.

The parser asks this module, line by line, whether something is an author line (and not
a GitHub alert), a link bullet whose value is a link, an abstract `<details>` (and not a
table of contents folded into one), or the start of a paper written in another shape
(`**Bold title**` over link bullets). Lines in another shape are kept verbatim and
reported as `Unread`, never merged into the entry above them.
"""

from __future__ import annotations

import re

from geoai_bot.core.fastmodel import model_of
from geoai_bot.core.model import KNOWN_LABELS, Link, Unread, canonical_label
from geoai_bot.core.scan import (
    AUTHORS,
    CLOSE,
    INSIDE,
    OPEN,
    OPEN_CLOSED,
    is_alert,
    is_blank,
    link_parts,
)

# A value that is exactly one inline link `[text](url)`: no title, no spaces or brackets
# in the URL, so writing `[text](url)` back gives the value as written.
MD_LINK = re.compile(r"\[((?:[^\[\]\\\n]|\\.){0,500})\]\(([^\s()<>\[\]]{1,2000})\)")
# A line that is bold and nothing else: `**Title**` or `__Title__` (trailing spaces kept).
BOLD_LINE = re.compile(r" {0,3}(\*\*|__)(?=\S)(.{1,1000}?\S)\1[ \t]*")
# `- **[Title](url)**`: a paper written as a bullet (auto-generated lists).
BOLD_LINK_BULLET = re.compile(r" {0,3}[*+-][ \t]+\*\*\[[^\]]{1,1000}\]\(https?://")
# `- **Label**：value` with a link: bullets of an entry shape geoai-bot does not read.
BOLD_LABEL_LINK = re.compile(r" {0,3}[*+-][ \t]+\*\*[^*\n]{1,60}\*\*[ \t]*[:：].*https?://")
# List items that are links, and table rows: a `<details>` holding these is not an abstract.
_LIST_OR_TABLE = re.compile(r"[ \t]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+!?\[|\|)")
PLACEHOLDERS = frozenset({"", "none", "null"})
ENTRY_MIN_LEVEL = 3  # `#`/`##` headings are document and section titles, never papers
_KNOWN = frozenset(KNOWN_LABELS)
# How far a bold title may sit above its first link bullet (blank and author lines).
_BOLD_LOOKAHEAD = 6


def split_value(value: str) -> tuple[str | None, str | None]:
    """(url, link text) of a bullet's value: `None`/`Null`/empty have no URL.

    `[text](url)` gives the URL and keeps the text as written; anything else is the URL.
    """
    if len(value) <= 4 and value.lower() in PLACEHOLDERS:
        return None, None
    if value.startswith("[") and value.endswith(")"):
        m = MD_LINK.fullmatch(value)
        if m:
            return m.group(2), m.group(1)
    return value, None


def read_link(line: str, lineno: int, parts: tuple[str, str] | None = None) -> Link | None:
    """The Link of a `* Label: value` bullet on line `lineno`, as written, or None.
    PARTS: link_parts(line), when the caller has it already."""
    if parts is None:
        parts = link_parts(line)
    if parts is None:
        return None
    label, value = parts
    # split_value's answer for most values (a bare URL), without the call.
    url, text = split_value(value) if len(value) <= 4 or value[:1] == "[" else (value, None)
    head = line.lstrip(" ")
    rest = head[head.find(label) + len(label) :].lstrip(" \t")
    canonical = canonical_label(label)
    return model_of(
        Link,
        {
            "label": canonical,
            "url": url,
            "text": text,
            "raw_label": label,
            "raw_value": value,
            "line": lineno,
            "marker": head[0],
            # The separator as written: the colon and the spaces after it (`: `, `：`).
            "colon": rest[: len(rest) - len(rest[1:].lstrip(" \t"))] if value else rest[:1],
        },
    )


def is_link_value(label: str, value: str) -> bool:
    """A bullet that makes a heading a paper: a known label, or a value that is a link."""
    if canonical_label(label) in _KNOWN:
        return True
    v = value.lower()
    if v in PLACEHOLDERS or "://" in v or v.startswith("www."):
        return True
    return MD_LINK.fullmatch(value) is not None


def is_bold_line(line: str) -> bool:
    return BOLD_LINE.fullmatch(line) is not None


def bold_paper_at(lines: list[str], kinds: bytearray, j: int, end: int) -> bool:
    """True when line `j` is a `**Title**` paragraph over link bullets (a paper in that shape).

    The title may be followed by blank lines and `> author` lines before its first bullet.
    """
    if kinds[j] or not is_bold_line(lines[j]):
        return False
    for k in range(j + 1, min(end, j + 1 + _BOLD_LOOKAHEAD)):
        line = lines[k]
        if kinds[k]:
            return False
        if is_blank(line) or (AUTHORS.match(line) and not is_alert(line)):
            continue
        return link_parts(line) is not None
    return False


def details_end(kinds: bytearray, j: int, end: int) -> int:
    """The last line of the `<details>` block opened on line `j` (before `end`)."""
    if kinds[j] == OPEN_CLOSED:
        return j
    k = j
    while k + 1 < end and kinds[k + 1] in (INSIDE, CLOSE):
        k += 1
        if kinds[k] == CLOSE:
            break
    return k


def is_abstract(lines: list[str], kinds: bytearray, j: int, end: int) -> bool:
    """A `<details>` block on line `j` reads as an abstract.

    A bulleted `* <details>` is the seed's abstract shape, whatever it holds. A bare
    `<details>` needs a `<summary>` over text: one holding a list or a table (a folded
    table of contents) is not an abstract, whatever its summary says.
    """
    first = lines[j]
    if first.lstrip(" \t")[:1] in ("*", "+", "-"):
        return True
    summary = "<summary" in first.lower()
    if kinds[j] == OPEN:
        last = details_end(kinds, j, end)
        for k in range(j + 1, last + 1):
            line = lines[k]
            if "<summary" in line.lower():
                summary = True
            elif _LIST_OR_TABLE.match(line):
                return False
        if kinds[last] != CLOSE:
            # Never closed: it holds the rest of the body, an abstract whatever its shape
            # (the renderer closes it, with a summary: it reads the same way again).
            return True
    return summary


def is_part(lines: list[str], kinds: bytearray, j: int, end: int) -> bool:
    """True when line `j` (outside fences and `<details>` bodies) makes a heading a paper."""
    kind = kinds[j]
    if kind in (OPEN, OPEN_CLOSED):
        return is_abstract(lines, kinds, j, end)
    if kind:
        return False
    line = lines[j]
    c = line.lstrip(" \t")[:1]
    if c == ">":
        # An empty `>` shows a reader nothing: it is no author line.
        m = AUTHORS.match(line)
        return m is not None and bool(m.group(1).strip()) and not is_alert(line)
    if c in ("*", "+", "-"):
        parts = link_parts(line)
        return parts is not None and is_link_value(*parts)
    return False


def find_unread(
    lines: list[str], kinds: bytearray, start: int, stop: int, out: list[Unread]
) -> None:
    """Report lines `start..stop` (0-based, kept verbatim) that look like paper data."""
    j = start
    while j < stop:
        line = lines[j]
        s = line.lstrip(" \t")
        c = s[:1]
        if not c or kinds[j]:
            j += 1
            continue
        if c in ("*", "_") and bold_paper_at(lines, kinds, j, stop):
            out.append(
                Unread(
                    line=j + 1,
                    text=s.rstrip()[:120],
                    reason="paper written as '**Title**' over link bullets, not as a "
                    "'#### Title' entry",
                )
            )
            j += 1
            # Its own bullets and authors belong to the paper just reported.
            while j < stop and (
                is_blank(lines[j]) or link_parts(lines[j]) or AUTHORS.match(lines[j])
            ):
                j += 1
            continue
        if c in ("*", "+", "-"):
            parts = link_parts(line)
            if parts is not None and canonical_label(parts[0]) in ("Paper", "Code", "Project"):
                out.append(
                    Unread(
                        line=j + 1,
                        text=s.strip()[:120],
                        reason="link bullet outside a '#### Title' entry",
                    )
                )
            elif BOLD_LINK_BULLET.match(line):
                out.append(
                    Unread(
                        line=j + 1,
                        text=s.strip()[:120],
                        reason="paper written as a '- **[Title](url)**' bullet, not as a "
                        "'#### Title' entry",
                    )
                )
        elif c == "|" and "http" in s:
            out.append(
                Unread(line=j + 1, text=s[:120], reason="table row with links (not an entry)")
            )
        j += 1


def unread_heading(
    lines: list[str], kinds: bytearray, i: int, title: str, end: int
) -> Unread | None:
    """A heading over `- **Label**：link` bullets: a paper in a shape that is not read."""
    for j in range(i + 1, end):
        line = lines[j]
        if not kinds[j] and "**" in line and BOLD_LABEL_LINK.match(line):
            return Unread(
                line=i + 1,
                text=title[:120],
                reason="heading over '- **Label**: link' bullets, a paper shape geoai-bot "
                "does not read",
            )
    return None


def last_link_or_details(
    lines: list[str], kinds: bytearray, i: int, end: int
) -> tuple[int, tuple[str, str] | None]:
    """The last line in `i+1..end` that is a link bullet or a `<details>` line, else `i`;
    with the bullet's link_parts when it is a link (the caller reads it again otherwise)."""
    j = end - 1
    while j > i:
        kind = kinds[j]
        if OPEN <= kind <= CLOSE:
            top = j  # the block's opening line: only an abstract counts
            while top > i and kinds[top] not in (OPEN, OPEN_CLOSED):
                top -= 1
            if top > i and is_abstract(lines, kinds, top, end):
                return j, None
            j = top - 1
            continue
        if not kind and lines[j] and lines[j].lstrip(" \t")[:1] in ("*", "+", "-"):
            parts = link_parts(lines[j])
            if parts:
                return j, parts
        j -= 1
    return i, None


def is_entry(lines: list[str], kinds: bytearray, i: int, level: int, end: int) -> bool:
    """A heading at level 3+ is a paper when its body has a part a reader sees as one."""
    if level < ENTRY_MIN_LEVEL:
        return False
    in_alert = False
    for j in range(i + 1, end):
        line = lines[j]
        if not line:  # blank: no part, and it ends an alert
            in_alert = False
            continue
        if not kinds[j] and line[:4].lstrip(" ")[:1] == ">":
            # A quote line (most entries' second part): is_part's test for it, inlined.
            if is_alert(line):
                in_alert = True
            elif not in_alert:
                m = AUTHORS.match(line)
                if m is not None and m.group(1).strip():
                    return True
            continue
        if in_alert:
            in_alert = not is_blank(line)
            continue
        if is_part(lines, kinds, j, end):
            return True
    return False


def body_end(lines: list[str], kinds: bytearray, i: int, end: int) -> int:
    """Where the body of the heading on line `i` ends: the next heading, or a paper written
    as `**Title**` over link bullets (never part of the entry above it)."""
    body = "".join(lines[i + 1 : end])  # one test in C for the body of most entries
    if "**" not in body and "__" not in body:
        return end
    for j in range(i + 1, end):
        if (
            not kinds[j]
            and lines[j][:5].lstrip(" ")[:2] in ("**", "__")
            and (j == i + 1 or is_blank(lines[j - 1]))
            and bold_paper_at(lines, kinds, j, end)
        ):
            return j
    return end
