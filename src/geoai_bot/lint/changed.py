"""Which findings are new: lines added or changed since an older version of the same list.

`--changed-from REF` lets only new problems fail. Entries are matched by identity (their
arXiv id, else their normalised title), not by line number, so moving an entry, or adding
one above it, changes nothing about it. An entry is changed when no entry of the old text has
the same identity and the same lines. Lines outside entries (header, update log) are changed
when the old text has no line with the same content. Pure: two texts in, a predicate out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geoai_bot.core.model import Document, Entry
from geoai_bot.core.parse import parse_text, split_lines
from geoai_bot.lint.dedupe import entry_arxiv_ids, normalize_title
from geoai_bot.lint.findings import Finding


def entry_identity(entry: Entry) -> str:
    """`arxiv:2501.00001` for an entry with an arXiv link (the smallest id), else
    `title:<normalised title>`: what stays the same when an entry moves or is reformatted."""
    ids = entry_arxiv_ids(entry)
    if ids:
        return "arxiv:" + min(ids)
    return "title:" + normalize_title(entry.title)


def entry_lines(lines: Sequence[str], entry: Entry) -> tuple[str, ...]:
    """The entry's source lines without the blank lines that end its span."""
    block = list(lines[entry.span.start - 1 : entry.span.end])
    while block and not block[-1].strip():
        block.pop()
    return tuple(block)


def entry_at(doc: Document) -> Callable[[int], Entry | None]:
    """Line number -> the entry whose span holds it (None outside entries)."""
    owner: dict[int, Entry] = {}
    for e in doc.entries:
        for n in range(e.span.start, e.span.end + 1):
            owner[n] = e
    return owner.get


@dataclass(frozen=True)
class Changes:
    """The lines of the new text that are added or changed (1-based)."""

    new_lines: frozenset[int]

    def is_new(self, finding: Finding) -> bool:
        return finding.line in self.new_lines


def changes(old_text: str, new_text: str) -> Changes:
    """Compare two versions of a list; an empty old text makes every line new."""
    new_lines, *_ = split_lines(new_text)
    if not old_text:
        return Changes(frozenset(range(1, len(new_lines) + 1)))
    old_lines, *_ = split_lines(old_text)
    old_doc, new_doc = parse_text(old_text), parse_text(new_text)
    # A multiset, consumed in order: a verbatim copy of an existing entry is still new.
    old_entries = Counter((entry_identity(e), entry_lines(old_lines, e)) for e in old_doc.entries)
    in_entry: set[int] = set()
    out: set[int] = set()
    for e in new_doc.entries:
        span = range(e.span.start, e.span.end + 1)
        in_entry.update(span)
        key = (entry_identity(e), entry_lines(new_lines, e))
        if old_entries[key] > 0:
            old_entries[key] -= 1
        else:
            out.update(span)
    # Outside entries a line is identified by its content (header, log lines, prose).
    old_outside = {line.strip() for line in old_lines}
    for n, line in enumerate(new_lines, 1):
        if n not in in_entry and line.strip() not in old_outside:
            out.add(n)
    # A finding past the last line (a missing final newline, trailing blanks) is about the
    # end of the file: new when the end changed.
    if old_lines[-1:] != new_lines[-1:] or len(new_lines) != len(old_lines):
        out.add(len(new_lines) + 1)
    return Changes(frozenset(out))


def split_new(findings: Sequence[Finding], changed: Changes) -> tuple[list[Finding], list[Finding]]:
    """(findings on added or changed lines, findings elsewhere)."""
    new = [f for f in findings if changed.is_new(f)]
    old = [f for f in findings if not changed.is_new(f)]
    return new, old
