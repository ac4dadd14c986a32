"""Document -> JSON / CSV: the export contract other tools read."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, TextIO

from geoai_bot.core.model import Document, Entry, Link


def _link_record(link: Link) -> dict[str, Any]:
    """`label` and `url`; `text` too when the value was written as `[text](url)`."""
    if link.text is None:
        return {"label": link.label, "url": link.url}
    return {"label": link.label, "url": link.url, "text": link.text}


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "authors": list(entry.authors),
        "links": [_link_record(link) for link in entry.links],
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


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_json(doc: Document, fh: TextIO) -> None:
    """Stream the JSON to `fh`: one key per line, one entry or update per line.

    Each piece is encoded by json's C encoder (`indent=` would switch to the pure-Python
    one, 2x slower on a 17 MB list), and the whole JSON never sits in memory at once.
    """
    items = list(document_record(doc).items())
    fh.write("{\n")
    for k, (key, value) in enumerate(items):
        comma = "," if k < len(items) - 1 else ""
        if isinstance(value, list) and value:
            fh.write(f"  {_dumps(key)}: [\n")
            for i, item in enumerate(value):
                fh.write((",\n    " if i else "    ") + _dumps(item))
            fh.write(f"\n  ]{comma}\n")
        else:
            fh.write(f"  {_dumps(key)}: {_dumps(value)}{comma}\n")
    fh.write("}\n")


def to_json(doc: Document) -> str:
    buf = io.StringIO()
    write_json(doc, buf)
    return buf.getvalue()


CSV_FIELDS = ("title", "authors", "paper", "code", "links", "abstract", "section", "line")


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas: list text comes from strangers (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(doc: Document) -> str:
    buf = io.StringIO()
    write_csv(doc, buf)
    return buf.getvalue()


def write_csv(doc: Document, fh: TextIO) -> None:
    """One row per entry; authors joined by `; `, every link as `Label: url` lines."""
    w = csv.writer(fh, lineterminator="\n")
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
