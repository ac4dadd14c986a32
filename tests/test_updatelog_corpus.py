"""The update log on every real list in ../shared/corpus: idempotent, nothing dropped."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from conftest import LIST_FILES, OTHER_FILES, needs_corpus
from geoai_bot.core.formatter import format_document
from geoai_bot.core.model import Document
from geoai_bot.core.parse import parse_text
from geoai_bot.log import normalize_log, reconcile, record_addition

FILES = LIST_FILES + OTHER_FILES
IDS = [p.name for p in FILES]
DAY = dt.date(2031, 1, 15)  # later than anything in the corpus


def listed(text: str) -> int:
    """The papers the list holds: what the log is reconciled with."""
    return len(parse_text(text).entries)


def said(doc: Document) -> tuple[Counter[dt.date], Counter[str], Counter[str]]:
    """Per-day counts, free texts and unreadable lines, as the parser reads them."""
    counts: Counter[dt.date] = Counter()
    texts: Counter[str] = Counter()
    unread: Counter[str] = Counter()
    for u in doc.update_log.lines:
        if u.date is None:
            unread[u.raw.strip()] += 1
        elif u.free:
            texts[f"{u.date} {u.text}"] += 1
        else:
            counts[u.date] += u.count or 0
    return counts, texts, unread


def outside(text: str, doc: Document) -> list[str]:
    region = doc.update_log.region
    lo, hi = (region.start, region.end) if region else (0, 0)
    lu = doc.update_log.last_updated
    skip = lu.line if lu else 0
    return [x for n, x in enumerate(text.splitlines(), 1) if not lo < n <= hi and n != skip]


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_normalize_is_idempotent_and_drops_nothing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    edit = normalize_log(text)
    again = normalize_log(edit.text)
    assert again.text == edit.text and not again.changed
    before, after = parse_text(text), parse_text(edit.text)
    assert said(after) == said(before)
    assert outside(edit.text, after) == outside(text, before)
    lu = after.update_log.last_updated
    dates = [u.date for u in after.update_log.lines if u.date]
    if lu is not None and lu.date is not None and dates:
        assert lu.date == max(dates)


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_record_addition_adds_exactly_the_count(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    edit = record_addition(text, 3, DAY)
    before, after = parse_text(text), parse_text(edit.text)
    counts_before, texts, unread = said(before)
    counts_before[DAY] += 3
    assert said(after) == (counts_before, texts, unread)
    assert after.last_updated == DAY
    assert [e.meaning() for e in after.entries] == [e.meaning() for e in before.entries]


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_reconcile_makes_the_log_true_once(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_text(text)
    logged = sum(u.count or 0 for u in doc.update_log.lines)
    edit = reconcile(text, listed(text), DAY)
    assert edit.changed is (logged < len(doc.entries))
    after = parse_text(edit.text)
    assert sum(u.count or 0 for u in after.update_log.lines) == max(logged, len(doc.entries))
    assert not reconcile(edit.text, listed(edit.text), DAY).changed


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_fmt_normalises_the_log_and_stays_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_document(text, str(path)).text
    assert format_document(once, str(path)).text == once
    assert not normalize_log(once).changed
