"""Writing fills into the list's text: only the `Paper:` value and the abstract lines of
the entries concerned change; every other byte stays as it was.

An abstract from arXiv is a stranger's text: it is written as one line with `&`, `<` and
`>` as entities (inside the `<details>` HTML block nothing else is Markdown) and without
invisible or control characters. A new `<details>` block copies the shape the list's own
entries use; a list without any uses the canonical one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from geoai_bot.core.model import Document, Entry
from geoai_bot.core.parse import split_lines
from geoai_bot.enrich.plan import Fill

_PAPER_NONE = re.compile(
    r"^(?P<head>\s*[*+-][ \t]+Paper[ \t]*[:：][ \t]*)(?:none|null)?(?P<tail>[ \t]*)$",
    re.IGNORECASE,
)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_CANONICAL_DETAILS = (
    "* <details>",
    "    <summary>Abstract (Click to expand):</summary>",
    "    {abstract}",
    "  </details>",
)


def inert_abstract(text: str) -> str:
    """One line of plain text: HTML special characters as entities, no invisible chars."""
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    one = " ".join(kept.split())
    return one.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _details_shape(doc: Document, lines: Sequence[str]) -> tuple[str, ...]:
    """The opener, summary, abstract and closing lines of the first entry that has them."""
    for e in doc.entries:
        if not (e.has_details and e.abstract_line and e.details_line):
            continue
        d, a = e.details_line - 1, e.abstract_line - 1
        close = next((k for k in range(a, e.span.end) if _DETAILS_CLOSE.search(lines[k])), None)
        if close is None or not (d < a < close) or a != close - 1 or a - d != 2:
            continue
        indent = lines[a][: len(lines[a]) - len(lines[a].lstrip())]
        return (lines[d], lines[d + 1], indent + "{abstract}", lines[close])
    return _CANONICAL_DETAILS


def _last_line(entry: Entry, lines: Sequence[str]) -> int:
    """0-based index of the entry's last non-blank line."""
    k = entry.span.end - 1
    while k > entry.span.start - 1 and not lines[k].strip():
        k -= 1
    return k


def apply_fills(text: str, doc: Document, fills: Sequence[Fill]) -> tuple[str, list[Fill]]:
    """(new text, the fills applied). A fill whose place is not where the model says (the
    text changed, or the shape is unusual) is skipped, never forced."""
    lines, newline, final, bom = split_lines(text)
    entries = doc.entries
    shape = _details_shape(doc, lines)
    inserts: dict[int, list[str]] = {}  # after 0-based line k, these lines
    applied: list[Fill] = []
    for f in fills:
        e = entries[f.index]
        if f.field == "paper":
            link = next((x for x in e.links if x.label == "Paper" and x.url is None), None)
            if link is None or not link.line:
                continue  # no `Paper: None` line to fill (adding a bullet is not a fill)
            m = _PAPER_NONE.match(lines[link.line - 1])
            if m is None:
                continue
            lines[link.line - 1] = m.group("head") + f.value + m.group("tail")
            applied.append(f)
        elif e.has_details:
            close = next(
                (k for k in range(e.details_line, e.span.end) if _DETAILS_CLOSE.search(lines[k])),
                None,
            )
            if close is None or close == e.details_line - 1 or e.abstract_line:
                continue
            indent = shape[2][: len(shape[2]) - len(shape[2].lstrip())]
            inserts.setdefault(close - 1, []).append(indent + inert_abstract(f.value))
            applied.append(f)
        else:
            block = [s.replace("{abstract}", inert_abstract(f.value)) for s in shape]
            inserts.setdefault(_last_line(e, lines), []).extend(block)
            applied.append(f)
    out: list[str] = []
    for k, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(k, ()))
    body = newline.join(out) + (newline if final else "")
    return ("\ufeff" if bom else "") + body, applied
