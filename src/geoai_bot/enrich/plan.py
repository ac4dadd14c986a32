"""Which entries to enrich and with what: pure decisions over the model and arXiv records.

A record is accepted for an entry only when the normalised titles are equal, or when they
are at least 0.97 similar AND the two share an author (same family name and the same
first initial). Anything less certain is left alone: a wrong abstract in someone's list
is worse than a missing one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from geoai_bot.arxiv.client import ArxivRecord
from geoai_bot.core.model import Document, Entry
from geoai_bot.lint.dedupe import normalize_title, similarity

SIMILAR_ENOUGH = 0.97


@dataclass(frozen=True)
class Fill:
    """One field to fill in one entry, and the arXiv record it comes from."""

    index: int  # the entry's position in doc.entries
    title: str
    field: Literal["paper", "abstract"]
    value: str
    arxiv_id: str


def _paper_missing(e: Entry) -> bool:
    papers = [link for link in e.links if link.label == "Paper"]
    return not papers or all(link.url is None for link in papers)


def wanted(doc: Document) -> list[int]:
    """Indexes of entries with no paper link (`None`) or an empty abstract."""
    return [
        i for i, e in enumerate(doc.entries) if _paper_missing(e) or not (e.abstract or "").strip()
    ]


def _person(name: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    words = "".join(c for c in folded if not unicodedata.combining(c)).replace(".", " ").split()
    if not words:
        return "", ""
    return words[-1], words[0][:1]


def share_an_author(a: Sequence[str], b: Sequence[str]) -> bool:
    left = {_person(x) for x in a if x.strip()}
    return any(_person(y) in left for y in b if y.strip())


def best_match(entry: Entry, records: Sequence[ArxivRecord]) -> ArxivRecord | None:
    """The one record that is surely this entry's paper, or None."""
    title = normalize_title(entry.title)
    exact = [r for r in records if normalize_title(r.title) == title]
    if len(exact) == 1:
        return exact[0]
    if exact:  # two arXiv papers with this exact title: ask the authors to decide
        shared = [r for r in exact if share_an_author(entry.authors, r.authors)]
        return shared[0] if len(shared) == 1 else None
    close = [
        r
        for r in records
        if similarity(normalize_title(r.title), title) >= SIMILAR_ENOUGH
        and share_an_author(entry.authors, r.authors)
    ]
    return close[0] if len(close) == 1 else None


def plan_fills(doc: Document, records: Sequence[ArxivRecord]) -> list[Fill]:
    """Every field to fill, in list order."""
    entries = doc.entries
    fills: list[Fill] = []
    for i in wanted(doc):
        e = entries[i]
        rec = best_match(e, records)
        if rec is None:
            continue
        if _paper_missing(e):
            fills.append(Fill(i, e.title, "paper", f"https://arxiv.org/abs/{rec.id}", rec.id))
        if not (e.abstract or "").strip() and rec.abstract.strip():
            fills.append(Fill(i, e.title, "abstract", " ".join(rec.abstract.split()), rec.id))
    return fills
