"""Markdown text -> Document: a line scanner for the paper-entry shape; never raises on any text.

Why a line scanner and not mistune's AST: paper lists are line-oriented (`####` title,
`>` authors, `* Label: url` bullets, a `<details>` block), and we need exact source
lines for every field. Building mistune's AST for a 17 MB list costs about 3 s before
any of our work starts; this scanner reads the same file in a fraction of that
(see benchmarks/README.md). mistune is still used where real Markdown inline parsing
is needed (link extraction from prose).
"""

from __future__ import annotations

import re

from .model import (
    Document,
    Entry,
    EntryBlock,
    ExtraLine,
    Link,
    Section,
    Span,
    Unread,
    Verbatim,
    canonical_label,
)
from .updatelog import parse_update_log

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
AUTHORS = re.compile(r"^ {0,3}>[ \t]?(.*)$")
LINK = re.compile(
    r"^ {0,3}[*+-][ \t]+(?![<\[])([^\s:：<>\[\]`*][^:：<>\[\]`*\n]{0,40}?)[ \t]*[:：][ \t]*(.*)$"
)
DETAILS_OPEN = re.compile(r"^[ \t]*(?:[*+-][ \t]+)?<details\b[^>]*>(.*)$", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(.*?)</summary\s*>(.*)$", re.IGNORECASE)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
AUTHOR_SPLIT = re.compile(r"\s*[,，、]\s*")
PLACEHOLDERS = frozenset({"", "none", "null"})
ENTRY_MIN_LEVEL = 3  # `#`/`##` headings are document and section titles, never papers
SECTION_MAX_LEVEL = 3


def split_lines(text: str) -> tuple[list[str], str, bool, bool]:
    """Split text into lines; return (lines, dominant newline, had final newline, had BOM)."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    newline = "\r\n" if crlf > lf else "\n"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    final = text.endswith("\n")
    if final:
        text = text[:-1]
    lines = text.split("\n") if text else []
    return lines, newline, final, bom


def _is_blank(line: str) -> bool:
    return not line.strip()


def _link(line: str, lineno: int) -> Link | None:
    m = LINK.match(line)
    if not m:
        return None
    label, value = m.group(1).strip(), m.group(2).strip()
    if value.startswith("//"):  # `* https://...`: a bare URL, not `Label: value`
        return None
    url = None if value.lower() in PLACEHOLDERS else value
    return Link(
        label=canonical_label(label), url=url, raw_label=label, raw_value=value, line=lineno
    )


def is_entry_part(line: str) -> bool:
    """True for lines that make a heading an entry: authors, a link bullet, `<details>`."""
    s = line.lstrip()
    if not s:
        return False
    c = s[0]
    if c == ">":
        return AUTHORS.match(line) is not None
    if c in "*+-":
        return DETAILS_OPEN.match(line) is not None or _link(line, 0) is not None
    if c == "<":
        return DETAILS_OPEN.match(line) is not None
    return False


def split_authors(text: str) -> list[str]:
    return [a for a in AUTHOR_SPLIT.split(text.strip()) if a]


class _EntryBuilder:
    """Turns the body lines of one entry heading into an Entry."""

    def __init__(self, title: str, level: int, line: int) -> None:
        self.title = title
        self.level = level
        self.line = line
        self.authors: list[str] = []
        self.authors_seen = False
        self.authors_line = 0
        self.links: list[Link] = []
        self.extra: list[tuple[str, int, int]] = []  # text, slot (-1 = after details), line
        self.abstract_parts: list[str] = []
        self.details = False
        self.details_line = 0
        self.abstract_line = 0
        self.summary: str | None = None
        self.in_details = False
        self.last = line

    def slot(self) -> int:
        if self.details and not self.in_details:
            return -1
        if self.links:
            return 1 + len(self.links)
        return 1 if self.authors_seen else 0

    def add_abstract(self, text: str, lineno: int) -> None:
        if self.summary is None and not self.abstract_parts:
            m = SUMMARY.match(text)
            if m:
                self.summary = m.group(1).strip()
                text = m.group(2)
        close = DETAILS_CLOSE.search(text)
        inner = text[: close.start()] if close else text
        if inner.strip():
            if not self.abstract_parts:
                self.abstract_line = lineno
            self.abstract_parts.append(inner.strip())
        if close:
            self.in_details = False
            rest = text[close.end() :].strip()
            if rest:
                self.extra.append((rest, -1, lineno))

    def feed(self, line: str, lineno: int) -> None:
        if self.in_details:
            self.last = lineno
            self.add_abstract(line, lineno)
            return
        if _is_blank(line):
            return
        self.last = lineno
        m = AUTHORS.match(line)
        if m:
            if not self.authors_seen:
                self.authors_line = lineno
            self.authors_seen = True
            self.authors.extend(split_authors(m.group(1)))
            return
        d = DETAILS_OPEN.match(line)
        if d:
            if not self.details:
                self.details_line = lineno
            self.details = True
            self.in_details = True
            self.add_abstract(d.group(1), lineno)
            return
        link = _link(line, lineno)
        if link is not None:
            self.links.append(link)
            return
        self.extra.append((line.rstrip(), self.slot(), lineno))

    def build(self, section: str | None) -> Entry:
        after_details = 2 + len(self.links)
        extra = [
            ExtraLine(text=t, after=after_details if s == -1 else s, line=n)
            for t, s, n in self.extra
        ]
        abstract = " ".join(self.abstract_parts) or None
        return Entry(
            title=self.title,
            authors=self.authors,
            links=self.links,
            abstract=abstract,
            extra=extra,
            section=section,
            span=Span(start=self.line, end=self.last),
            has_authors_line=self.authors_seen,
            has_details=self.details,
            summary=self.summary if self.summary else "Abstract (Click to expand):",
            heading_level=self.level,
            authors_line=self.authors_line,
            details_line=self.details_line,
            abstract_line=self.abstract_line,
        )


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index, level, text) of each ATX heading outside code fences and HTML comments."""
    out: list[tuple[int, int, str]] = []
    fence: str | None = None
    in_comment = False
    for i, line in enumerate(lines):
        if not line:
            continue
        c = line.lstrip()[:1]
        if fence is not None:
            f = FENCE.match(line)
            if (
                f
                and f.group(1)[0] == fence[0]
                and len(f.group(1)) >= len(fence)
                and not line.strip()[len(f.group(1)) :].strip()
            ):
                fence = None
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if c == "#":
            m = HEADING.match(line)
            if m:
                out.append((i, len(m.group(1)), (m.group(2) or "").strip()))
        elif c in "`~":
            f = FENCE.match(line)
            if f and not (f.group(1)[0] == "`" and "`" in line.strip()[len(f.group(1)) :]):
                fence = f.group(1)
        elif c == "<" and "<!--" in line and "-->" not in line[line.index("<!--") + 4 :]:
            in_comment = True
    return out


_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_TAG = re.compile(r"<[^>]*>")


def clean_heading(text: str) -> str:
    """Heading text as a person reads it: no HTML tags, emoji shortcodes or markup."""
    text = _TAG.sub("", text)
    text = _SHORTCODE.sub("", text)
    text = text.replace("`", "").replace("**", "")
    # Drop leading pictographs such as 📢 that decorate section titles.
    text = text.strip()
    while text and not text[0].isalnum() and ord(text[0]) > 0x2000:
        text = text[1:].lstrip()
    return " ".join(text.split())


def _unread(lines: list[str], start: int, out: list[Unread]) -> None:
    """Record verbatim lines that look like paper data the scanner could not place."""
    for k, line in enumerate(lines):
        s = line.lstrip()
        if not s:
            continue
        if s[0] in "*+-":
            link = _link(line, 0)
            if link is not None and link.label in ("Paper", "Code", "Project"):
                out.append(
                    Unread(
                        line=start + k,
                        text=line.strip()[:120],
                        reason="link bullet outside a '#### Title' entry",
                    )
                )
        elif s[0] == "|" and "http" in s:
            out.append(
                Unread(line=start + k, text=s[:120], reason="table row with links (not an entry)")
            )


def parse_text(text: str) -> Document:
    """Parse a paper list. Never raises for any input string."""
    lines, newline, final, bom = split_lines(text)
    heads = _headings(lines)
    n = len(lines)

    # Decide which headings are entries: level >= 3 with an entry part in their body.
    bounds = [h[0] for h in heads] + [n]
    is_entry: list[bool] = []
    for k, (i, level, _t) in enumerate(heads):
        body_end = bounds[k + 1]
        is_entry.append(
            level >= ENTRY_MIN_LEVEL
            and any(is_entry_part(lines[j]) for j in range(i + 1, body_end))
        )

    doc = Document(newline=newline, final_newline=final, bom=bom)
    blocks: list[Verbatim | EntryBlock] = []
    pending: list[str] = []
    pending_start = 1
    section: str | None = None

    def flush_verbatim(upto: int) -> None:
        nonlocal pending, pending_start
        if pending:
            blocks.append(Verbatim(lines=pending, start=pending_start))
            _unread(pending, pending_start, doc.unread)
        pending = []
        pending_start = upto + 1

    pos = 0
    for k, (i, level, title) in enumerate(heads):
        if not is_entry[k]:
            if level <= SECTION_MAX_LEVEL:
                cleaned = clean_heading(title)
                if level == 1 and doc.name is None:
                    doc.name = cleaned or None
                elif level >= 2:
                    doc.sections.append(Section(title=cleaned, level=level, line=i + 1))
                    section = cleaned
            continue
        # Verbatim lines before this entry, minus the blank lines that directly precede it.
        pre = lines[pos:i]
        blank = 0
        while pre and _is_blank(pre[-1]):
            pre.pop()
            blank += 1
        if pre:
            pending_start = pos + 1
            pending = pre
            flush_verbatim(i)
        builder = _EntryBuilder(title, level, i + 1)
        body_end = bounds[k + 1]
        for j in range(i + 1, body_end):
            builder.feed(lines[j], j + 1)
        entry = builder.build(section)
        blocks.append(EntryBlock(entry=entry, blank_before=blank))
        pos = entry.span.end  # lines after the last entry part stay verbatim
    if pos < n:
        pending_start = pos + 1
        pending = lines[pos:]
        flush_verbatim(n)
    doc.blocks = blocks
    doc.tagline = _tagline(lines, heads)
    doc.update_log = parse_update_log(lines, heads)
    return doc


def _tagline(lines: list[str], heads: list[tuple[int, int, str]]) -> str | None:
    """First prose line after the `#` title and before the next heading."""
    if not heads or heads[0][1] != 1:
        return None
    stop = heads[1][0] if len(heads) > 1 else len(lines)
    for line in lines[heads[0][0] + 1 : stop]:
        text = clean_heading(line)
        if text and not line.lstrip().startswith(("<img", "![", "[!", "<a", "<p")):
            return text
    return None
