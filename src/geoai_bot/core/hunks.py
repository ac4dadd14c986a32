"""Where two versions of a text differ, cut at places where Markdown starts afresh.

The reader's-view guard renders only what changed (rendering a 17 MB list twice and
walking its HTML takes seconds). That is sound only if each changed piece is cut where
the rendering of the whole text is the rendering of the pieces one after another:

- a *cut* is an ATX heading in column 0 that follows a blank line. After a blank line
  such a line closes every open container (list items need indentation, block quotes
  need `>`, paragraphs and HTML blocks of kinds 6-7 end at the blank line: CommonMark
  0.31, sections 4.6, 5.1, 5.2), and a heading cannot continue a list. Cutting only at
  headings also gives every piece its heading, which is what tells the guard whether a
  line belongs to a paper entry;
- except inside what a blank line does not end: a fenced code block or an HTML block of
  kinds 1-5 (`<!--`, `<script|pre|style|textarea`, `<?`, `<!X`, `<![CDATA[`) opened at
  the top level. Those are tracked here with regular expressions, independently of
  core/scan.py (the guard must not share the parser's blind spots). A fence-like line
  inside a container is taken as an opener too: that only removes cuts.

Known limit: a fence-like line inside a raw HTML block (kind 6-7) is taken as a fence
opener; if a real fence opens later, the two are paired wrongly. Lists that do this are
not known; the cost of tracking HTML blocks exactly is a full Markdown parser.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Top-level openers of blocks that blank lines do not end, and what ends each one. Each
# pattern matches within one line: `_OPENER` at the `\n` before it, `_OPENER_AT` at its start.
_OPENS = (
    r" {0,3}(?:(?P<fence>`{3,}(?=[^`\n]*(?:\n|$))|~{3,})"
    r"|(?P<comment><!--)|(?P<pi><\?)|(?P<cdata><!\[CDATA\[)|(?P<decl><![A-Za-z])"
    r"|(?P<raw><(?:script|pre|style|textarea)(?=[\s>]|$)))"
)
_OPENER = re.compile(r"\n" + _OPENS, re.IGNORECASE)
_OPENER_AT = re.compile(_OPENS, re.IGNORECASE)
# A cheap first look (no case folding, literal prefixes) before the full opener pattern.
_MAYBE = re.compile(r"\n {0,3}(?:```|~~~|<[!?sSpPtT])")
_ENDS = {
    "comment": re.compile(r"-->"),
    "pi": re.compile(r"\?>"),
    "cdata": re.compile(r"\]\]>"),
    "decl": re.compile(r">"),
    "raw": re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
}
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")

Hunk = tuple[int, int, int, int]  # (a0, a1, b0, b1): lines a[a0:a1] became b[b0:b1]


def opens_block(line: str) -> bool:
    """True when LINE would open a fence or an HTML block of kinds 1-5 at the top level.

    Line by line, what `opaque_spans` looks for: a text none of whose lines does this has
    no opaque spans.
    """
    return _OPENER_AT.match(line) is not None


def opaque_spans(text: str) -> list[tuple[int, int]]:
    """0-based line ranges [start, end) inside top-level fences and HTML blocks of kinds 1-5.

    `text` has `\\n` line ends. The opening and the closing line are inside. The text is
    searched where it is, never copied (a 17 MB list with one emoji is a 68 MB string).
    """
    spans: list[tuple[int, int]] = []
    counted = newlines = 0  # text[:counted] holds `newlines` line ends

    def line_of(pos: int) -> int:
        nonlocal counted, newlines
        newlines += text.count("\n", counted, pos)
        counted = pos
        return newlines

    pos = 0
    m = _OPENER_AT.match(text)  # the first line has no `\n` in front of it
    while True:
        if m is None:
            maybe = _MAYBE.search(text, pos)
            if maybe is None:
                return spans
            m = _OPENER.match(text, maybe.start())
            if m is None:
                pos = maybe.start() + 1
                continue
        start_line = line_of(m.start() + 1 if text[m.start()] == "\n" else 0)
        kind = m.lastgroup or ""
        if kind == "fence":
            marker = m.group("fence")
            close = re.compile(rf"\n {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*(?=\n|$)")
            eol = text.find("\n", m.end())
            c = close.search(text, eol) if eol >= 0 else None
            end = c.end() if c else -1
        else:
            c = _ENDS[kind].search(text, m.end())
            end = text.find("\n", c.end() - 1) if c else -1
            end = len(text) if c and end < 0 else end
        if c is None:
            spans.append((start_line, line_of(len(text)) + 1))
            return spans
        spans.append((start_line, line_of(end) + 1))
        pos, m = end, None


class Cuts:
    """Which lines of one text are cuts (see the module docstring)."""

    def __init__(self, lines: list[str], spans: list[tuple[int, int]]) -> None:
        self.lines = lines
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def _opaque(self, i: int) -> bool:
        k = bisect_right(self.starts, i) - 1
        return k >= 0 and self.spans[k][0] <= i < self.spans[k][1]

    def is_cut(self, i: int) -> bool:
        """True when line i (0-based) starts afresh; the start and the end of the text do."""
        lines = self.lines
        if i <= 0 or i >= len(lines):
            return True
        line = lines[i]
        if not line or line[0] in " \t" or lines[i - 1].strip(" \t"):
            return False
        return _ATX.match(line) is not None and not self._opaque(i)


def _equal_run(a: list[str], b: list[str], i: int, j: int) -> int:
    """How many lines from a[i] and b[j] on are equal (galloping over list slices)."""
    n = 0
    step = 64
    limit = min(len(a) - i, len(b) - j)
    while n < limit:
        k = min(step, limit - n)
        if a[i + n : i + n + k] == b[j + n : j + n + k]:
            n += k
            step *= 2
        elif k == 1:
            return n
        else:
            step = max(1, k // 2)
    return n


def _resync(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int]:
    """The nearest (i2, j2) after a difference where the texts agree again for a few lines."""
    window = 8  # fmt's changes are a line or two; grow the window when they are not
    while True:
        a_end, b_end = min(len(a), i + window), min(len(b), j + window)
        where: dict[str, int] = {}
        seen: set[str] = set()
        for k in range(j, b_end):
            line = b[k]
            if line in where:
                seen.add(line)  # not unique in the window: a poor anchor
            else:
                where[line] = k
        best: tuple[int, int] | None = None
        cost = len(a) + len(b)
        for p in range(i, a_end):
            if p - i >= cost:
                break
            line = a[p]
            if not line.strip() or line in seen:
                continue
            at = where.get(line)
            if at is not None and (p - i) + (at - j) < cost and a[p : p + 3] == b[at : at + 3]:
                best, cost = (p, at), (p - i) + (at - j)
        if best is not None:
            return best
        if a_end == len(a) and b_end == len(b):
            return len(a), len(b)
        window *= 4


def diff_hunks(a: list[str], b: list[str]) -> list[Hunk]:
    """Changed line ranges; everything outside them is equal, line for line, in order."""
    hunks: list[Hunk] = []
    i = j = 0
    while True:
        run = _equal_run(a, b, i, j)
        i, j = i + run, j + run
        if i == len(a) and j == len(b):
            return hunks
        i2, j2 = _resync(a, b, i, j)
        hunks.append((i, i2, j, j2))
        i, j = i2, j2


def widen(hunks: list[Hunk], a_cuts: Cuts, b_cuts: Cuts) -> list[Hunk]:
    """Grow each hunk over equal lines to cuts in both texts, merging hunks that meet."""

    def cut(i: int, j: int) -> bool:
        return a_cuts.is_cut(i) and b_cuts.is_cut(j)

    out: list[Hunk] = []
    k, n = 0, len(hunks)
    while k < n:
        a0, a1, b0, b1 = hunks[k]
        k += 1
        floor = out[-1][1] if out else 0  # the previous hunk ends at a cut (or the start)
        while a0 > floor and not cut(a0, b0):
            a0, b0 = a0 - 1, b0 - 1
        while True:
            stop = hunks[k][0] if k < n else len(a_cuts.lines)
            while a1 < stop and not cut(a1, b1):
                a1, b1 = a1 + 1, b1 + 1
            if k < n and a1 >= hunks[k][0]:  # ran into the next hunk: take it in
                a1, b1 = hunks[k][1], hunks[k][3]
                k += 1
                continue
            break
        out.append((a0, a1, b0, b1))
    return out
