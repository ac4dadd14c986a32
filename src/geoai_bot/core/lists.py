"""Loading a paper list: read and parse a file, refuse a file that is not a paper list
(exit 2, saying what was found), and the notes on paper-like lines that were not read."""

from __future__ import annotations

from pathlib import Path

from geoai_bot.core.errors import NotAPaperList
from geoai_bot.core.model import Document
from geoai_bot.core.parse import parse_split, split_lines
from geoai_bot.core.textio import read_text


def require_entries(doc: Document, path: str | Path) -> None:
    """A file with no entries is a NotAPaperList error (exit 2) saying what was found."""
    if doc.entries:
        return
    hint = ""
    if doc.unread:
        first = doc.unread[0]
        hint = (
            f" ({len(doc.unread)} paper-like lines are in another shape, "
            f"first at line {first.line}: {first.reason})"
        )
    raise NotAPaperList(
        "not a paper list: no '#### Title' entries followed by '> authors', "
        f"'* Label: url' or '* <details>' lines{hint}",
        str(path),
    )


def load_list(path: str | Path) -> tuple[str, Document]:
    """Read and parse FILE; a file with no entries is a NotAPaperList error (exit 2)."""
    text, doc, _kinds = load_list_scanned(path)
    return text, doc


def load_list_scanned(path: str | Path) -> tuple[str, Document, bytearray]:
    """load_list, plus the scanner's line kinds (lint reads them instead of scanning again)."""
    text = read_text(path)
    doc, kinds = parse_split(*split_lines(text))
    require_entries(doc, path)
    return text, doc, kinds


def report_unread(doc: Document, path: str, limit: int = 5) -> list[str]:
    """Lines telling the user what could not be read as entries (kept verbatim)."""
    if not doc.unread:
        return []
    out = [
        f"{path}:{u.line}: note: {u.reason}; kept as written: {u.text}" for u in doc.unread[:limit]
    ]
    if len(doc.unread) > limit:
        out.append(f"{path}: note: {len(doc.unread) - limit} more lines like these")
    return out
