"""Markdown text -> Document: a line scanner for the paper-entry shape; never raises on any text.

Why a line scanner and not mistune's AST: paper lists are line-oriented (`####` title,
`>` authors, `* Label: url` bullets, a `<details>` block), and we need exact source
lines for every field. Building mistune's AST for a 17 MB list takes longer than this
whole parser plus the renderer (figures side by side in benchmarks/README.md).
"""

from __future__ import annotations

import re

from geoai_bot.core.fastmodel import gc_paused, new_model
from geoai_bot.core.model import (
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
from geoai_bot.core.scan import (
    AUTHORS,
    CLOSE,
    DETAILS_CLOSE,
    DETAILS_OPEN,
    HEADING,
    INSIDE,
    NORMAL,
    OPAQUE_KINDS,
    OPEN,
    OPEN_CLOSED,
    Heading,
    is_blank,
    is_entry_part,
    link_parts,
    scan,
)
from geoai_bot.log.section import parse_update_log

__all__ = [
    "HEADING",
    "clean_heading",
    "gc_paused",
    "join_abstract",
    "parse_text",
    "split_authors",
    "split_lines",
]

SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(.*?)</summary\s*>(.*)$", re.IGNORECASE)
AUTHOR_SPLIT = re.compile(r"[,，、]")
PLACEHOLDERS = frozenset({"", "none", "null"})
ENTRY_MIN_LEVEL = 3  # `#`/`##` headings are document and section titles, never papers
SECTION_MAX_LEVEL = 3
DEFAULT_SUMMARY = "Abstract (Click to expand):"


def split_lines(text: str) -> tuple[list[str], str, bool, bool]:
    """Split text into lines; return (lines, dominant newline, had final newline, had BOM)."""
    # No slicing or concatenating of the whole text: one emoji makes a 17 MB list a
    # 68 MB string in memory, and every copy of it counts against the memory target.
    bom = text.startswith("\ufeff")
    newline = "\n"
    if "\r" in text:
        crlf = text.count("\r\n")  # the majority of LF, CRLF, CR-only line ends; LF on a tie
        counts = ((text.count("\n") - crlf, "\n"), (crlf, "\r\n"), (text.count("\r") - crlf, "\r"))
        newline = max(counts, key=lambda c: c[0])[1]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    final = text.endswith("\n")
    lines = text.split("\n")  # never empty
    if final:
        lines.pop()
    if bom:
        lines[0] = lines[0][1:]
    if lines == [""]:
        lines = []  # nothing but a BOM and one newline at most
    return lines, newline, final, bom


_LABELS: dict[str, str] = {}  # label as written -> canonical; a list uses a handful


def _link(line: str, lineno: int) -> Link | None:
    parts = link_parts(line)
    if parts is None:
        return None
    label, value = parts
    head = line.lstrip(" ")
    rest = head[head.find(label) + len(label) :].lstrip(" \t")
    canonical = _LABELS.get(label)
    if canonical is None:
        canonical = canonical_label(label)
        if len(_LABELS) < 1000:
            _LABELS[label] = canonical
    return new_model(
        Link,
        label=canonical,
        url=None if len(value) <= 4 and value.lower() in PLACEHOLDERS else value,
        raw_label=label,
        raw_value=value,
        line=lineno,
        marker=head[0],
        # The separator as written: the colon and the spaces after it (`: `, `：`).
        colon=rest[: len(rest) - len(rest[1:].lstrip(" \t"))] if value else rest[:1],
    )


def split_authors(text: str) -> list[str]:
    """`A, B，C、D` -> ['A', 'B', 'C', 'D']; empty names are dropped."""
    parts = AUTHOR_SPLIT.split(text) if "，" in text or "、" in text else text.split(",")
    return [a for a in map(str.strip, parts) if a]


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


def _extra(line: str, slot: int, lineno: int, blanks: int = 0) -> ExtraLine:
    # Two trailing spaces may be a hard line break (the renderer keeps them when a line
    # follows); other trailing whitespace says nothing.
    text = line if line.endswith("  ") and line.strip() else line.rstrip(" \t")
    return new_model(
        ExtraLine, text=text, after=slot, line=lineno, inline=False, blank_before=blanks
    )


def _build_entry(
    lines: list[str],
    kinds: bytearray,
    i: int,
    end: int,
    title: str,
    level: int,
    section: str | None,
) -> Entry:
    """The entry whose heading is line `i` and whose body runs to line `end` (exclusive)."""
    authors: list[str] = []
    authors_line = 0
    links: list[Link] = []
    extra: list[ExtraLine] = []
    inline: ExtraLine | None = None  # the text after `</details>` on its line
    parts: list[str] = []
    summary: str | None = None
    details_line = abstract_line = 0
    last = i
    n_after_details = -1  # extras after the details block get a slot when the entry ends
    slot = 0
    pending = 0  # blank lines inside a code fence or comment, not yet followed by text
    run = 0  # blank lines since the last non-blank one (the layout style learns from it)
    gap_authors = gap_parts = -1
    details_open = details_close = -1  # the first <details> block, as written
    for j in range(i + 1, end):
        line = lines[j]
        kind = kinds[j]
        if pending and kind not in OPAQUE_KINDS:
            pending = 0
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
            last = j
            if kind in (OPEN, OPEN_CLOSED):
                m = DETAILS_OPEN.match(line)
                text = m.group(1) if m else ""
                if not details_line:
                    details_line = j + 1
                    details_open = j
                    if gap_parts < 0:
                        gap_parts = run
            else:
                text = line
            if kind in (CLOSE, OPEN_CLOSED) and details_close < 0 and details_open >= 0:
                details_close = j
            run = 0
            rest = ""
            if kind in (CLOSE, OPEN_CLOSED):
                c = DETAILS_CLOSE.search(text)
                if c:
                    text, rest = text[: c.start()], text[c.end() :].strip()
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
                    inline = new_model(
                        ExtraLine,
                        text=rest,
                        after=n_after_details,
                        line=j + 1,
                        inline=True,
                        blank_before=0,
                    )
                    extra.append(inline)
                else:
                    inline.text += " " + rest
            continue
        if kind in OPAQUE_KINDS:
            if is_blank(line):
                pending += 1  # kept only if the fence or comment goes on after it
            else:
                last = j
                run = 0
                for _ in range(pending):
                    extra.append(_extra("", slot, j))
                pending = 0
                extra.append(_extra(line, slot, j + 1))
            continue
        stripped = line.lstrip(" \t")
        if not stripped:
            run += 1
            continue  # blank
        last = j
        blanks, run = run, 0
        c0 = stripped[0]
        if c0 == ">":
            m = AUTHORS.match(line)
            if m:
                if not authors_line:
                    authors_line = j + 1
                    gap_authors = blanks
                authors.extend(split_authors(m.group(1)))
                if slot == 0:
                    slot = 1
                continue
        elif c0 in "*+-":
            link = _link(line, j + 1)
            if link is not None:
                if gap_parts < 0:
                    gap_parts = blanks
                links.append(link)
                if slot >= 0:
                    slot = 1 + len(links)
                continue
        extra.append(_extra(line, slot, j + 1, blanks))
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
    return new_model(
        Entry,
        title=title,
        authors=authors,
        links=links,
        abstract=join_abstract(parts),
        extra=extra,
        section=section,
        span=new_model(Span, start=i + 1, end=last + 1),
        has_authors_line=authors_line > 0,
        has_details=details_line > 0,
        summary=summary or DEFAULT_SUMMARY,
        heading_level=level,
        authors_line=authors_line,
        details_line=details_line,
        abstract_line=abstract_line,
        details_raw=(
            lines[details_open : (details_close if details_close >= 0 else last) + 1]
            if details_open >= 0
            else []
        ),
        blank_before_authors=max(gap_authors, 0) if gap_authors >= 0 else 1,
        blank_before_parts=gap_parts if gap_parts >= 0 else 1,
    )


_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_TAG = re.compile(r"<[^<>]*>")  # not `<[^>]*>`: quadratic on a run of `<`


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
            parts = link_parts(line)
            if parts is not None and canonical_label(parts[0]) in ("Paper", "Code", "Project"):
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


def _is_entry(lines: list[str], kinds: bytearray, i: int, level: int, end: int) -> bool:
    """A heading at level 3+ is an entry when its body has an authors line, link or details."""
    if level < ENTRY_MIN_LEVEL:
        return False
    for j in range(i + 1, end):
        kind = kinds[j]
        if kind in (OPEN, OPEN_CLOSED):
            return True
        if kind == NORMAL and is_entry_part(lines[j]):
            return True
    return False


def parse_text(text: str) -> Document:
    """Parse a paper list. Never raises for any input string."""
    with gc_paused():
        return _parse(text)


def _parse(text: str) -> Document:
    lines, newline, final, bom = split_lines(text)
    heads, kinds = scan(lines)
    n = len(lines)
    doc = Document(newline=newline, final_newline=final, bom=bom)
    blocks: list[Verbatim | EntryBlock] = []
    section: str | None = None
    pos = 0  # first line not yet in a block

    def verbatim(upto: int) -> None:
        if upto > pos:
            chunk = lines[pos:upto]
            blocks.append(new_model(Verbatim, kind="verbatim", lines=chunk, start=pos + 1))
            _unread(chunk, pos + 1, doc.unread)

    for k, (i, level, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else n
        if not _is_entry(lines, kinds, i, level, end):
            if level <= SECTION_MAX_LEVEL:
                cleaned = clean_heading(title)
                if level == 1 and doc.name is None:
                    doc.name = cleaned or None
                elif level >= 2:
                    doc.sections.append(Section(title=cleaned, level=level, line=i + 1))
                    section = cleaned
            continue
        # Verbatim lines before this entry, minus the blank lines that directly precede it.
        top = i
        while top > pos and is_blank(lines[top - 1]) and kinds[top - 1] not in OPAQUE_KINDS:
            top -= 1
        verbatim(top)
        entry = _build_entry(lines, kinds, i, end, title, level, section)
        blocks.append(new_model(EntryBlock, kind="entry", entry=entry, blank_before=i - top))
        pos = entry.span.end  # lines after the last entry part stay verbatim (blank ones)
    verbatim(n)
    doc.blocks = blocks
    doc.tagline = _tagline(lines, heads)
    doc.update_log = parse_update_log(lines, heads)
    return doc


def _tagline(lines: list[str], heads: list[Heading]) -> str | None:
    """First prose line after the `#` title and before the next heading."""
    if not heads or heads[0][1] != 1:
        return None
    stop = heads[1][0] if len(heads) > 1 else len(lines)
    for line in lines[heads[0][0] + 1 : stop]:
        text = clean_heading(line)
        if text and not line.lstrip().startswith(("<img", "![", "[!", "<a", "<p")):
            return text
    return None
