"""Statistics of a list: papers per section, shares with code / project page / dataset,
papers added per month (from the update log) and the most frequent authors. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from geoai_bot.core.model import Document, Entry

# Labels that count as "has a dataset" (the parser stores canonical spellings).
_DATASET_LABELS = frozenset({"Dataset", "Data", "Dataset and code", "Dataset and models"})
_CODE_LABELS = frozenset({"Code", "Dataset and code"})
TOP_AUTHORS = 10


@dataclass(frozen=True)
class Stats:
    """The numbers `geoai-bot stats` reports; every count is of papers (entries)."""

    papers: int
    per_section: tuple[tuple[str, int], ...]
    with_code: int
    with_project: int
    with_dataset: int
    per_month: tuple[tuple[str, int], ...]  # ("2025-06", papers logged that month), oldest first
    top_authors: tuple[tuple[str, int], ...]

    def share(self, count: int) -> float:
        return count / self.papers if self.papers else 0.0


def _has(entry: Entry, labels: frozenset[str]) -> bool:
    return any(link.label in labels and link.url for link in entry.links)


def _author_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def compute(doc: Document) -> Stats:
    entries = doc.entries
    sections = Counter(e.section or "(no section)" for e in entries)
    months: Counter[str] = Counter()
    for u in doc.update_log.lines:
        if u.date is not None and u.count:
            months[f"{u.date.year:04d}-{u.date.month:02d}"] += u.count
    # Count each author once per paper, under the spelling seen first.
    spelled: dict[str, str] = {}
    authors: Counter[str] = Counter()
    for e in entries:
        for key in {_author_key(a): a for a in e.authors if a.strip()}.items():
            spelled.setdefault(key[0], key[1].strip())
            authors[key[0]] += 1
    top = sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_AUTHORS]
    return Stats(
        papers=len(entries),
        per_section=tuple(sections.items()),
        with_code=sum(_has(e, _CODE_LABELS) for e in entries),
        with_project=sum(_has(e, frozenset({"Project", "Homepage"})) for e in entries),
        with_dataset=sum(_has(e, _DATASET_LABELS) for e in entries),
        per_month=tuple(sorted(months.items())),
        top_authors=tuple((spelled[k], n) for k, n in top if n > 1),
    )
