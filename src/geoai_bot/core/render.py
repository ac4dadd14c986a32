"""Document -> canonical Markdown: entries in the seed's shape, everything else as written."""

from __future__ import annotations

from collections import Counter

from geoai_bot.core.model import Document, Entry, EntryBlock, Link

BETWEEN_ENTRIES = 2  # blank lines before an entry heading that follows another entry
MAX_BLANK_RUN = 2
DEFAULT_SUMMARY = "Abstract (Click to expand):"


def dominant_level(doc: Document) -> int:
    """The heading level most entries use; entries at other levels are moved to it."""
    levels = Counter(e.heading_level for e in doc.entries)
    if not levels:
        return 4
    return max(sorted(levels), key=lambda lvl: (levels[lvl], lvl == 4))


def _value(link: Link) -> str:
    """A link's value as written back: `None`, the URL, or `[text](url)` as it was written."""
    if link.url is None:
        return "None"
    if link.text is not None:
        return f"[{link.text}]({link.url})"
    return link.url


def render_entry(entry: Entry, level: int = 4) -> list[str]:
    """The canonical lines of one entry (no blank lines around it)."""
    slots: dict[int, list[str]] = {}
    tail = ""  # text written after `</details>` on the same line
    for x in entry.extra:
        if x.inline:
            tail = f"{tail} {x.text}" if tail else x.text
        else:
            slots.setdefault(x.after, []).append(x.text.rstrip(" \t"))
    out = [f"{'#' * level} {entry.title}".rstrip(" \t")]
    if slots:
        out.extend(slots.pop(0, []))
    if entry.authors or entry.has_authors_line:
        out.append("")
        out.append(("> " + ", ".join(entry.authors)).rstrip(" \t"))
    slot1 = slots.pop(1, []) if slots else []
    if slot1:
        out.append("")
        out.extend(slot1)
    details = entry.has_details or entry.abstract is not None or bool(tail)
    if entry.links or details:
        out.append("")
    for i, link in enumerate(entry.links):
        out.append(f"* {link.label}: {_value(link)}")
        if slots:
            out.extend(slots.pop(2 + i, []))
    if details:
        out.append("* <details>")
        out.append(f"    <summary>{entry.summary or DEFAULT_SUMMARY}</summary>")
        if entry.abstract:
            out.extend(f"    {part}" for part in entry.abstract.split("\n"))
        out.append(f"  </details> {tail}" if tail else "  </details>")
    if slots:
        # Whatever is left sits after the last part (slot numbers beyond the links),
        # apart from the details block so it is not read as part of its HTML.
        if details:
            out.append("")
        for key in sorted(slots):
            out.extend(slots[key])
    return out


def _verbatim(lines: list[str]) -> list[str]:
    """Lines as written, minus trailing spaces/tabs and blank runs over two."""
    out: list[str] = []
    blank = 0
    for line in lines:
        line = line.rstrip(" \t")
        if not line:
            blank += 1
            if blank > MAX_BLANK_RUN:
                continue
        else:
            blank = 0
        out.append(line)
    return out


def render_lines(doc: Document) -> list[str]:
    level = dominant_level(doc)
    out: list[str] = []
    prev: str | None = None  # kind of the previous block
    for block in doc.blocks:
        if isinstance(block, EntryBlock):
            if prev == "entry":
                blanks = BETWEEN_ENTRIES
            elif prev is None:
                blanks = 0
            else:
                blanks = max(1, min(MAX_BLANK_RUN, block.blank_before))
            _trim_trailing_blanks(out)
            if out:
                out.extend([""] * blanks)
            out.extend(render_entry(block.entry, level))
            prev = "entry"
        else:
            lines = _verbatim(block.lines)
            if prev == "entry":
                # An HTML block (`</details>`) swallows the next line unless a blank ends it.
                lead = 0
                while lead < len(lines) and not lines[lead]:
                    lead += 1
                if lead == len(lines):
                    continue  # only blank lines: trailing space of the entry
                lines = [""] * max(1, min(MAX_BLANK_RUN, lead)) + lines[lead:]
            out.extend(lines)
            prev = "verbatim"
    _trim_trailing_blanks(out)
    return out


def _trim_trailing_blanks(out: list[str]) -> None:
    while out and not out[-1]:
        out.pop()


def render(doc: Document) -> str:
    """Canonical text with `\\n` line endings and exactly one final newline."""
    lines = render_lines(doc)
    if not lines:
        return ""
    lines.append("")  # the final newline, without copying the whole text once more
    return "\n".join(lines)
