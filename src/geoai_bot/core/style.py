"""A list's own writing conventions (Style), learned from its majority by a pure function.

`fmt` normalises entries to a Style instead of to one fixed shape: a list written with
`-` bullets, full-width colons, empty values for missing links, bare `<details>` blocks
or hard-wrapped abstracts keeps them, and only the entries that depart from the list's
majority are rewritten. A list that follows the seed's bones (`####` titles, `* Label: `
bullets, `* <details>` abstracts) gets the seed's canonical form (CANONICAL), exactly
as before learning existed; `[format] style = "canonical"` forces it on any list.

What a reader sees is never a convention: a block's `open` attribute and whether a
`<details>` sits in a list item are kept per entry (core/render.py), not normalised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from geoai_bot.core.model import Document, Entry, EntryBlock, Link
from geoai_bot.core.parse import join_abstract
from geoai_bot.core.scan import DETAILS_CLOSE

_TAG = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_SUMMARY = re.compile(r"^([ \t]*)<summary\b[^>]*>.*?</summary\s*>[ \t]*$", re.IGNORECASE)
_INDENT = re.compile(r"^[ \t]*")

T = TypeVar("T")


@dataclass(frozen=True)
class Style:
    """How entries are written. The defaults are the seed's canonical form."""

    marker: str = "*"  # link bullet: `*`, `-` or `+`
    colon: str = ": "  # separator between label and value, spaces after it included
    missing: str = "None"  # value written for a missing link (`None`, `Null` or ``)
    between: int = 2  # blank lines between two entries
    gap_authors: int = 1  # blank lines between the title and the author line
    gap_parts: int = 1  # blank lines before the first link bullet or `<details>`
    summary_inline: bool = False  # `<details><summary>...` on one line
    summary_indent: str = "    "
    abstract_indent: str = "    "
    close_indent: str = "  "
    # Abstracts keep their line breaks as written (learned styles: joining them changes no
    # rendering but most lines of a hard-wrapped list) instead of one line (canonical).
    wrapped: bool = False
    # Trailing spaces and tabs stay as written on every line fmt does not otherwise change
    # (learned styles: they are invisible, and stripping them rewrites most lines of some
    # lists); the canonical form strips them.
    keep_trailing: bool = False
    # Fewest blank lines kept before an entry that follows prose or a heading.
    min_blank_before: int = 1
    # Canonical label -> the spelling this list writes (`code` for Code); absent: canonical.
    labels: dict[str, str] = field(default_factory=dict)
    # For entries that have no `<details>` of their own (new submissions).
    details_bullet: bool = True
    details_tag: str = "<details>"

    def label(self, canonical: str) -> str:
        return self.labels.get(canonical, canonical)

    def link_line(self, label: str, url: str | None) -> str:
        """`* Paper: url` in this style; a missing link gets the list's placeholder."""
        value = url if url is not None else self.missing
        if not value:
            return f"{self.marker} {self.label(label)}{self.colon.rstrip()}"
        return f"{self.marker} {self.label(label)}{self.colon}{value}"


CANONICAL = Style()


@dataclass(frozen=True)
class DetailsShape:
    """The layout of one entry's `<details>` block as written."""

    bullet: bool  # inside a list item (`* <details>`)
    tag: str  # the opening tag as written, attributes included (`<details open>`)
    summary_inline: bool
    summary_indent: str
    body: list[str]  # lines between the summary and the closing tag, as written
    close_indent: str
    regular: bool  # summary and `</details>` each on a line of their own (or inline summary)

    @property
    def body_indent(self) -> str:
        indents = [_INDENT.match(line).group() for line in self.body if line.strip()]  # type: ignore[union-attr]
        return min(indents, key=len) if indents else "    "


def details_head(raw: list[str]) -> tuple[bool, str] | None:
    """(in a list item, opening tag as written) of a `<details>` block; the renderer's fast
    path (most lists write `* <details>` on every entry)."""
    if not raw:
        return None
    first = raw[0]
    if first == "* <details>":
        return True, "<details>"
    tag = _TAG.search(first)
    if tag is None:
        return None
    return first.lstrip(" \t")[:1] in ("*", "+", "-"), tag.group()


def details_shape(raw: list[str]) -> DetailsShape | None:
    """The shape of a `<details>` block given its lines as written; None when there is none."""
    if not raw:
        return None
    first = raw[0]
    tag = _TAG.search(first)
    if tag is None:
        return None
    bullet = first.lstrip(" \t")[:1] in ("*", "+", "-")
    rest = first[tag.end() :]
    inline = _SUMMARY.match(rest) is not None
    start, summary_indent, regular = 1, "    ", inline or not rest.strip()
    if not inline and len(raw) > 1 and (m := _SUMMARY.match(raw[1])) is not None:
        start, summary_indent = 2, m.group(1)
    elif not inline:
        regular = False
    last = raw[-1]
    close = DETAILS_CLOSE.search(last) if len(raw) > start else None
    if close is None or last[: close.start()].strip():
        return DetailsShape(bullet, tag.group(), inline, summary_indent, [], "  ", False)
    close_indent = last[: close.start()]
    return DetailsShape(
        bullet, tag.group(), inline, summary_indent, raw[start:-1], close_indent, regular
    )


def body_as_written(entry: Entry, shape: DetailsShape, indent: str) -> list[str] | None:
    """The abstract's lines as written, re-indented to INDENT, when they still say what the
    entry's abstract says (None: render it from the model)."""
    if not shape.regular or not shape.body:
        return None
    text = join_abstract([line.strip() for line in shape.body if line.strip()])
    if text != entry.abstract:
        return None
    if any(not line.strip() for line in shape.body):
        # After a blank line the body is Markdown again: indentation decides between a
        # paragraph and a code block, so it stays as written.
        return shape.body
    cut = len(shape.body_indent)
    return [indent + line[cut:] for line in shape.body]


def _majority(values: Iterable[T], default: T) -> T:
    """The most common value; the default wins ties (so a split list stays canonical)."""
    return _top(Counter(values), default)


def _top(counts: Counter[T], default: T) -> T:
    """_majority of values already counted (in the order they first appeared)."""
    if not counts:
        return default
    top = max(counts.values())
    if counts.get(default, 0) == top:
        return default
    return next(v for v, n in counts.items() if n == top)


def follows_seed(doc: Document) -> bool:
    """True when the list's majority writes the seed's bones: `*` bullets with `: `, and
    `* <details>` abstracts. Such a list is formatted to CANONICAL, as before learning."""
    links = [link for e in doc.entries for link in e.links]
    if _majority((link.marker for link in links), "*") != "*":
        return False
    if _majority((link.colon for link in links if link.url is not None), ": ") != ": ":
        return False
    heads = [h for e in doc.entries if (h := details_head(e.details_raw)) is not None]
    return _majority((bullet for bullet, _tag in heads), True)


def _learn_labels(links: Iterable[Link]) -> dict[str, str]:
    """Known label -> the spelling most of its bullets use, where that is not the canonical."""
    # One C-level count of (label, spelling) pairs, in the order they first appear.
    pairs = Counter((link.label, link.raw_label or link.label) for link in links)
    spelled: dict[str, Counter[str]] = {}
    for (canonical, written), n in pairs.items():
        spelled.setdefault(canonical, Counter())[written] = n
    labels = {}
    for canonical, counts in spelled.items():
        written = _top(counts, canonical)  # counted already: not 50,000 elements again
        if written != canonical:
            labels[canonical] = written
    return labels


def learn_labels(doc: Document) -> dict[str, str]:
    """`learn_style(doc).labels` without learning the rest (lint needs only the labels)."""
    labels = _learn_labels(link for e in doc.entries for link in e.links)
    # A list that follows the seed's bones gets CANONICAL's labels: only when the learned
    # ones differ is that worth finding out (three passes over the entries).
    if labels != CANONICAL.labels and follows_seed(doc):
        return CANONICAL.labels
    return labels


def learn_style(doc: Document) -> Style:
    """The conventions most of the list's entries follow; CANONICAL for seed-shaped lists."""
    if follows_seed(doc):
        return CANONICAL
    entries = doc.entries
    links = [link for e in entries for link in e.links]
    shapes = [s for e in entries if (s := details_shape(e.details_raw)) is not None]
    regular = [s for s in shapes if s.regular]
    labels = _learn_labels(links)
    prev_entry = [
        b.blank_before
        for a, b in zip(doc.blocks, doc.blocks[1:], strict=False)
        if isinstance(a, EntryBlock) and isinstance(b, EntryBlock)
    ]
    return Style(
        marker=_majority((link.marker for link in links), "*"),
        colon=_majority((link.colon for link in links if link.url is not None), ": "),
        missing=_majority((link.raw_value for link in links if link.url is None), "None"),
        between=max(1, min(2, _majority(prev_entry, 2))),
        gap_authors=min(
            2, _majority((e.blank_before_authors for e in entries if e.authors_line), 1)
        ),
        gap_parts=min(
            2, _majority((e.blank_before_parts for e in entries if e.links or e.details_line), 1)
        ),
        summary_inline=_majority((s.summary_inline for s in regular), False),
        summary_indent=_majority(
            (s.summary_indent for s in regular if not s.summary_inline), "    "
        ),
        abstract_indent=_majority((s.body_indent for s in regular if s.body), "    "),
        close_indent=_majority((s.close_indent for s in regular), "  "),
        wrapped=True,
        keep_trailing=True,
        min_blank_before=0,
        labels=labels,
        details_bullet=_majority((s.bullet for s in shapes), True),
        details_tag=_majority((s.tag for s in shapes), "<details>"),
    )
