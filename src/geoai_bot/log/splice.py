"""Where the update log sits in a file's text, and splicing new lines back in byte-exactly.

Only the top of the file is split into lines when the log sits there, which keeps `fmt`
cheap on very large lists; the splice keeps every other byte (newline style, BOM).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoai_bot.core.scan import scan
from geoai_bot.log.section import find_log_heading

_NL = re.compile(r"\r\n|\r|\n")
_WORDS = re.compile(r"update|news|change|new", re.I)
_EOL = re.compile(r"[\r\n]")


def candidate(text: str, start: int) -> int | None:
    """Offset of the first `##`/`###` heading line after START that might be the log's.

    A cheap pre-filter (str.find in C, a few Python steps per `##`): a regex over a 17 MB
    list costs 100+ ms, this a few. Every step looks at most at one line, so no input makes
    it quadratic. The exact test runs afterwards on the parser's own heading scan.
    """
    n = len(text)
    i = text.find("##", start)
    while i != -1:
        k = i  # up to three spaces may indent a heading
        while k > 0 and i - k < 3 and text[k - 1] == " ":
            k -= 1
        j = i
        while j < n and text[j] == "#":
            j += 1
        at_line_start = k == 0 or text[k - 1] in "\r\n" or (k == 1 and text[0] == "\ufeff")
        if at_line_start and j - i in (2, 3) and text[j : j + 1] in (" ", "\t"):
            eol = _EOL.search(text, j)
            if _WORDS.search(text, j, eol.start() if eol else n):
                return k
        i = text.find("##", j)
    return None


def newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf  # old Mac files: lone CR
    return "\r\n" if crlf > max(lf, cr) else ("\r" if cr > lf else "\n")


def apply_edits(text: str, where: Where, edits: list[tuple[int, int, list[str]]]) -> str:
    """Replace line ranges [a, b) with new lines; a == b inserts before line a."""
    nl = newline_of(text)
    pieces: list[str] = []
    pos = 0
    lines, starts = where.lines, where.starts
    for a, b, new in sorted(edits, key=lambda e: e[0]):
        if a < b:
            s = starts[a]
            e = starts[b - 1] + len(lines[b - 1])
            pieces += [text[pos:s], nl.join(new)]
            pos = e
        elif a < len(lines):
            s = starts[a]
            pieces += [text[pos:s], nl.join(new) + nl]
            pos = s
        else:  # append at the end of the text
            tail = text[pos:]
            pieces.append(tail)
            ends_nl = tail.endswith(("\n", "\r")) or (not tail and text.endswith(("\n", "\r")))
            if text and not ends_nl:
                pieces.append(nl + nl.join(new))
            else:
                pieces.append(nl.join(new) + nl)
            pos = len(text)
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass
class Where:
    """The split top of the file (or all of it) and where the log section sits in it."""

    lines: list[str]
    starts: list[int]  # character offset of each line in the text
    heads: list[tuple[int, int, str]]
    complete: bool  # lines cover the whole text
    heading: int | None = None  # index into heads of the log heading
    region: tuple[int, int] | None = None  # line indices [a, b) after the log heading


def split_keep(text: str, start: int, stop: int) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    starts: list[int] = []
    pos = start
    for m in _NL.finditer(text, start, stop):
        starts.append(pos)
        lines.append(text[pos : m.start()])
        pos = m.end()
    if pos < stop:
        starts.append(pos)
        lines.append(text[pos:stop])
    return lines, starts


def headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """The parser's own heading scan, so `log` and `fmt` agree on where the log is."""
    return scan(lines)[0]


def locate(text: str, full: bool = False) -> Where:
    """Find the log section, splitting as little of the text as needed."""
    base = 1 if text.startswith("\ufeff") else 0
    n = len(text)
    cand = candidate(text, base)
    if cand is None and not full:
        return Where([], [], [], complete=False)
    end = n if full else max(65536, 2 * (cand if cand is not None else n))
    while True:
        cut = n if end >= n else text.rfind("\n", base, end) + 1
        cut = max(cut, base)
        lines, starts = split_keep(text, base, cut)
        heads = headings(lines)
        complete = cut >= n
        k = find_log_heading(heads, lines)
        if k is not None and (k + 1 < len(heads) or complete):
            a = heads[k][0] + 1
            b = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
            return Where(lines, starts, heads, complete, k, (a, b))
        if complete:
            return Where(lines, starts, heads, complete)
        if k is None and not full and candidate(text, cut) is None:
            return Where(lines, starts, heads, complete)
        end *= 4
