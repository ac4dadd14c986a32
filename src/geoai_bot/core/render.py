"""Document -> Markdown: entries in the list's Style (core/style.py), everything else as written."""

from __future__ import annotations

from collections import Counter

from geoai_bot.core.model import Document, Entry, EntryBlock, Link
from geoai_bot.core.scan import hard_break
from geoai_bot.core.style import (
    CANONICAL,
    Style,
    body_as_written,
    details_head,
    details_shape,
)

BETWEEN_ENTRIES = 2  # blank lines before an entry heading that follows another entry
MAX_BLANK_RUN = 2
DEFAULT_SUMMARY = "Abstract (Click to expand):"


def dominant_level(doc: Document) -> int:
    """The heading level most entries use; entries at other levels are moved to it."""
    levels = Counter(e.heading_level for e in doc.entries)
    if not levels:
        return 4
    return max(sorted(levels), key=lambda lvl: (levels[lvl], lvl == 4))


def _value(link: Link) -> str | None:
    """A link's value as written back: the URL, or `[text](url)` as it was written."""
    if link.url is None or link.text is None:
        return link.url
    return f"[{link.text}]({link.url})"


def render_entry(entry: Entry, level: int = 4, style: Style = CANONICAL) -> list[str]:
    """The lines of one entry in STYLE (no blank lines around it)."""
    slots: dict[int, list[str]] = {}
    tail = ""  # text written after `</details>` on the same line
    lead: dict[int, int] = {}  # slot -> blank lines written before its first line
    for x in entry.extra:
        if x.inline:
            tail = f"{tail} {x.text}" if tail else x.text
        else:
            blanks = min(MAX_BLANK_RUN, x.blank_before)
            if x.after not in slots:
                lead[x.after] = blanks
                slots[x.after] = [x.text]
            else:
                # Blank lines between two such lines separate paragraphs: keep them.
                slots[x.after].extend([""] * blanks + [x.text])
    out = [f"{'#' * level} {entry.title}".rstrip(" \t")]
    if slots:
        out.extend(slots.pop(0, []))
    if entry.authors or entry.has_authors_line:
        out.extend([""] * style.gap_authors)
        out.append(("> " + ", ".join(entry.authors)).rstrip(" \t"))
    slot1 = slots.pop(1, []) if slots else []
    if slot1:
        out.append("")
        out.extend(slot1)
    details = entry.has_details or entry.abstract is not None or bool(tail)
    if entry.links or details:
        out.extend([""] * style.gap_parts)
    last = len(entry.links) - 1
    for i, link in enumerate(entry.links):
        out.append(style.link_line(link.label, _value(link)))
        if slots and 2 + i in slots:
            if i == last and not details:
                # After the last bullet: blank lines written there stay (an anchor set
                # apart from the list must not become part of its last item).
                out.extend([""] * lead[2 + i])
            out.extend(slots.pop(2 + i))
    if details:
        out.extend(_details(entry, style, tail))
    if slots:
        # Whatever is left sits after the last part (slot numbers beyond the links),
        # apart from the details block so it is not read as part of its HTML.
        out.extend([""] * max(1 if details else 0, lead[min(slots)]))
        for key in sorted(slots):
            out.extend(slots[key])
    return out


def _details(entry: Entry, style: Style, tail: str) -> list[str]:
    """The `<details>` block: its bullet and tag as the entry wrote them (both change what a
    reader sees), the summary, abstract and closing tag laid out in STYLE."""
    bullet, tag = details_head(entry.details_raw) or (style.details_bullet, style.details_tag)
    head = f"{style.marker} {tag}" if bullet else tag
    summary = f"<summary>{entry.summary or DEFAULT_SUMMARY}</summary>"
    out = [head + summary] if style.summary_inline else [head, style.summary_indent + summary]
    body = None
    if style.wrapped and (shape := details_shape(entry.details_raw)) is not None:
        body = body_as_written(entry, shape, style.abstract_indent)
    if body is not None:
        out.extend(body)
    elif entry.abstract:
        out.extend(f"{style.abstract_indent}{part}" for part in entry.abstract.split("\n"))
    close = f"{style.close_indent}</details>"
    out.append(f"{close} {tail}" if tail else close)
    return out


def _verbatim(lines: list[str]) -> list[str]:
    """Lines as written, minus blank runs over two (trailing spaces: see _hard_breaks)."""
    out: list[str] = []
    blank = 0
    for line in lines:
        if not line.strip(" \t"):
            blank += 1
            if blank > MAX_BLANK_RUN:
                continue
            line = ""
        else:
            blank = 0
        out.append(line)
    return out


def _hard_breaks(out: list[str]) -> None:
    """Drop trailing spaces and tabs, except two or more spaces before a following line:
    a hard line break, which GitHub renders (`Maintainer: Jane Doe  ` + `Contact: ...`)."""
    last = len(out) - 1
    for i, line in enumerate(out):
        if line and line[-1] in " \t":
            if hard_break(line, out[i + 1] if i < last else None):
                continue
            out[i] = line.rstrip(" \t")


def render_lines(doc: Document, style: Style = CANONICAL) -> list[str]:
    level = dominant_level(doc)
    out: list[str] = []
    prev: str | None = None  # kind of the previous block
    for block in doc.blocks:
        if isinstance(block, EntryBlock):
            if prev == "entry":
                blanks = style.between
            elif prev is None:
                blanks = 0
            else:
                blanks = max(style.min_blank_before, min(MAX_BLANK_RUN, block.blank_before))
            _trim_trailing_blanks(out)
            if out:
                out.extend([""] * blanks)
            out.extend(render_entry(block.entry, level, style))
            prev = "entry"
        else:
            lines = _verbatim(block.lines)
            if prev == "entry":
                # An HTML block (`</details>`) swallows the next line unless a blank ends
                # it; elsewhere the blank lines stay as written (none between an anchor
                # and its heading).
                lead = 0
                while lead < len(lines) and not lines[lead]:
                    lead += 1
                if lead == len(lines):
                    continue  # only blank lines: trailing space of the entry
                least = 1 if out and "</details>" in out[-1].lower() else 0
                lines = [""] * max(least, min(MAX_BLANK_RUN, lead)) + lines[lead:]
            out.extend(lines)
            prev = "verbatim"
    _trim_trailing_blanks(out)
    _hard_breaks(out)
    return out


def _trim_trailing_blanks(out: list[str]) -> None:
    while out and not out[-1]:
        out.pop()


def render(doc: Document, style: Style = CANONICAL) -> str:
    """Text in STYLE with `\\n` line endings and exactly one final newline."""
    lines = render_lines(doc, style)
    if not lines:
        return ""
    lines.append("")  # the final newline, without copying the whole text once more
    return "\n".join(lines)
