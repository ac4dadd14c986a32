"""Document -> JSON / CSV: the export contract other tools read."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Document, Entry


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "authors": list(entry.authors),
        "links": [{"label": link.label, "url": link.url} for link in entry.links],
        "abstract": entry.abstract,
        "section": entry.section,
        "line": entry.span.start,
        "end_line": entry.span.end,
    }


def document_record(doc: Document) -> dict[str, Any]:
    """The JSON contract: name, last_updated, updates, entries (more keys are allowed)."""
    last = doc.last_updated
    return {
        "name": doc.name,
        "tagline": doc.tagline,
        "last_updated": last.isoformat() if last else None,
        "updates": [
            {
                "date": u.date.isoformat() if u.date else None,
                "raw_date": u.raw_date,
                "text": u.text,
                "count": u.count,
                "line": u.line,
            }
            for u in doc.update_log.lines
        ],
        "sections": [s.title for s in doc.sections],
        "entries": [entry_record(e) for e in doc.entries],
    }


def to_json(doc: Document) -> str:
    return json.dumps(document_record(doc), ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = ("title", "authors", "paper", "code", "links", "abstract", "section", "line")


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas: list text comes from strangers (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(doc: Document) -> str:
    """One row per entry; authors joined by `; `, every link as `Label: url` lines."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for e in doc.entries:
        first = {link.label: link.url for link in reversed(e.links)}
        w.writerow(
            _cell(v)
            for v in [
                e.title,
                "; ".join(e.authors),
                first.get("Paper") or "",
                first.get("Code") or "",
                "\n".join(f"{link.label}: {link.url or 'None'}" for link in e.links),
                e.abstract or "",
                e.section or "",
                e.span.start,
            ]
        )
    return buf.getvalue()
