"""Find every link in a list's text with its line and column: bullets, inline, bare, HTML.

Careful regexes over lines rather than mistune's AST, because we need exact columns and
the file is line-oriented; fenced code, inline code spans and HTML comments are skipped
as GitHub does not render links there. Which lines are fenced code or comment blocks is
the scanner's decision (core.scan), the same the parser and lint read; only the inline
parts (code spans, a comment opened inside a paragraph) are found here.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urldefrag

from geoai_bot.core.model import Document
from geoai_bot.core.parse import split_lines
from geoai_bot.core.scan import COMMENT, FENCED, HEAD, is_blank, scan
from geoai_bot.links.model import FoundLink, Location

# Code spans are found by `_blank_code_spans`, not a regex: `(`+)(?:(?!\1).)+?\1` took
# seconds on a line of a few thousand backticks (the opener backtracks into shorter runs).
BACKTICKS = re.compile(r"`+")
INLINE_COMMENT = re.compile(r"<!--.*?(?:-->|$)")  # a comment within one line
REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>", re.IGNORECASE)
TAG = re.compile(r"<[a-zA-Z][^<>]*>?")
ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
BARE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`\[\]]+", re.IGNORECASE)
PLACEHOLDERS = frozenset({"", "none", "null", "n/a", "na", "tbd", "todo", "-", "#"})
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "about:")
TRAILING = ".,;:!?*_~'\""


def _trim_bare(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets, as GitHub's autolinker does."""
    while url:
        last = url[-1]
        unbalanced = last in ")]" and url.count(last) > url.count("(" if last == ")" else "[")
        if last in TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


# A link destination after `](`: `<...>`, or text without spaces whose parentheses nest at
# most one level (CommonMark allows deeper nesting; URLs never need it). A regex rather than
# a hand-written scan so a hostile line of 20,000 `[x](` stays linear.
_CH = r"(?:[^\s()\\]|\\.)"  # a destination character, or a backslash escape
DEST = re.compile(rf"[ \t]*(?:<([^<>\n]*)>|({_CH}*(?:\({_CH}*\){_CH}*)*))")
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _destination(line: str, start: int) -> tuple[str, int] | None:
    """The link destination starting at `start` (just after `](`): (target, column index)."""
    m = DEST.match(line, start)
    if m is None:
        return None
    if m.group(1) is not None:
        return m.group(1), m.start(1)
    end = m.end(2)
    if end < len(line) and line[end] not in " \t)":
        return None  # not followed by a title or `)`: not a link destination
    return (m.group(2), m.start(2)) if m.group(2) else None


def _blank_out(line: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), line)


def _blank_code_spans(line: str) -> str:
    """Code spans blanked out in linear time: a run of n backticks opens a span that the
    next run of exactly n backticks closes (CommonMark 6.1); an unmatched run is text."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    closer: list[int] = [-1] * len(runs)  # index of the next run of the same length
    last: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        n = runs[k][1] - runs[k][0]
        closer[k] = last.get(n, -1)
        last[n] = k
    parts: list[str] = []
    done = 0
    k = 0
    while k < len(runs):
        j = closer[k]
        if j < 0:
            k += 1
            continue
        start, end = runs[k][0], runs[j][1]
        parts.append(line[done:start])
        parts.append(" " * (end - start))
        done = end
        k = j + 1
    parts.append(line[done:])
    return "".join(parts)


def links_in_line(line: str) -> list[tuple[str, int]]:
    """(target as written, 0-based column) for every link on one line of Markdown."""
    line = _blank_code_spans(_blank_out(line, INLINE_COMMENT))
    found: list[tuple[str, int]] = []
    taken: list[tuple[int, int]] = []

    def add(target: str, col: int) -> None:
        found.append((target, col))
        taken.append((col, col + len(target)))

    m = REF_DEF.match(line)
    if m:
        target = m.group(1).strip("<>")
        add(target, m.start(1) + (1 if m.group(1).startswith("<") else 0))
    pos = line.find("](")
    while pos >= 0:
        dest = _destination(line, pos + 2)
        if dest and dest[0]:
            add(html.unescape(ESCAPE.sub(r"\1", dest[0])), dest[1])
        pos = line.find("](", pos + 2)
    for m in AUTOLINK.finditer(line):
        add(m.group(1), m.start(1))
    for tag in TAG.finditer(line):
        for a in ATTR.finditer(tag.group(0)):
            g = 1 if a.group(1) is not None else 2 if a.group(2) is not None else 3
            add(html.unescape(a.group(g)), tag.start() + a.start(g))
    for m in BARE.finditer(line):
        if any(s <= m.start() < e for s, e in taken):
            continue
        url = _trim_bare(m.group(0))
        # `[https://x](https://x)`: the link text repeats the destination; count it once.
        if url and not any(url == t for t, _ in found):
            found.append((url, m.start()))
    return found


def classify(target: str) -> str | None:
    """'web', 'local', 'fragment', 'other' (unsupported scheme), or None for non-links."""
    t = target.strip()
    low = t.lower()
    if low in PLACEHOLDERS or low.startswith(SKIP_SCHEMES):
        return None
    if low.startswith(("http://", "https://")):
        return "web"
    if t.startswith("//"):
        return "web"
    if t.startswith("#"):
        return "fragment"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", t):
        return "other"
    return "local"


def _entry_titles(doc: Document | None) -> list[tuple[int, int, str]]:
    if doc is None:
        return []
    return [(e.span.start, e.span.end, e.title) for e in doc.entries]


def extract(text: str, path: str, doc: Document | None = None) -> list[FoundLink]:
    """Every distinct link in `text` (by target as written), each with all its locations."""
    spans = _entry_titles(doc)
    si = 0
    by_target: dict[str, FoundLink] = {}
    lines = split_lines(text)[0]
    kinds = scan(lines)[1]
    in_comment = False  # inside a comment opened in a paragraph (inline HTML)
    for lineno, line in enumerate(lines, 1):
        line_kind = kinds[lineno - 1]
        if line_kind == FENCED:
            in_comment = False
            continue
        if in_comment and (line_kind in (HEAD, COMMENT) or is_blank(line)):
            in_comment = False  # an inline comment cannot run past its paragraph
        if line_kind == COMMENT or in_comment:
            # Inside a comment block or an inline comment: blank up to its end.
            end = line.find("-->")
            if end < 0:
                continue
            line = " " * (end + 3) + line[end + 3 :]
            in_comment = False
        opened = line.rfind("<!--")
        if opened >= 0 and line.find("-->", opened) < 0:
            line = line[:opened]
            in_comment = True
        while si < len(spans) and spans[si][1] < lineno:
            si += 1
        entry = spans[si][2] if si < len(spans) and spans[si][0] <= lineno else None
        for target, col in links_in_line(line):
            target = target.strip()
            kind = classify(target)
            if kind is None:
                continue
            if target.startswith("//"):
                target = "https:" + target
            link = by_target.get(target)
            if link is None:
                k = "web" if kind in ("web", "other") else kind
                link = by_target[target] = FoundLink(target, k)  # type: ignore[arg-type]
            link.locations.append(Location(path, lineno, col + 1, entry))
    return list(by_target.values())


def web_key(url: str) -> str:
    """What is fetched for a web link: the URL without its #fragment."""
    return urldefrag(url)[0] or url
