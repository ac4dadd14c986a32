"""Duplicate papers: the same arXiv id, the same normalised title, or near-identical titles.

Used by lint (every pair in a list) and by submissions (one new paper against a list).
Near-duplicate search is not quadratic, whatever the list: copies of one normalised title
are one group found by hashing (never compared pairwise); the distinct titles are bucketed
by their rarest words and word pairs, keys shared by more than a few dozen titles are
skipped, and a bucket that is still large (a title with only common words falls back to
its rarest one) compares each title with its few neighbours in sorted order only.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from operator import attrgetter
from typing import Literal

from geoai_bot.core.arxiv_ids import parse_arxiv
from geoai_bot.core.model import Entry
from geoai_bot.lint.confusables import skeleton

NEAR_THRESHOLD = 0.9
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_KEYS = 6  # blocking keys per title: a typo costs three (a word and its two word pairs)
_BUCKET_CAP = 32  # a word or word pair in more titles than this is too common to be a key
_NEIGHBOURS = 8  # in a bucket larger than _BUCKET_CAP, compare with this many sorted neighbours


@functools.lru_cache(maxsize=1 << 16)  # lint normalises each title 3 times; copies repeat
def normalize_title(title: str) -> str:
    """Case, punctuation, accents, whitespace and look-alike letters folded:
    `SAM-2: A Study!` -> `sam 2 a study`, and Cyrillic `Ѕеgmеnt` -> `segment` (lint.confusables,
    after NFKD so full-width and styled letters fold first)."""
    text = title
    if not text.isascii():  # ASCII has no accents to fold: skip the slow per-character pass
        text = skeleton(unicodedata.normalize("NFKD", title))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def authors_repeat_title(title: str, authors: Sequence[str]) -> bool:
    """The author names, joined with `, `, are the title once normalised (lint GB012).

    Shared by lint and by submission validation, so a form is refused for exactly what
    lint would flag in the list.
    """
    raw = ", ".join(authors)
    # Normalising is the costly part: only when the lengths make equality possible.
    if abs(len(raw) - len(title)) > max(8, len(title) // 4):
        return False
    joined = normalize_title(raw)
    return bool(joined) and joined == normalize_title(title)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised titles in [0, 1] (difflib's ratio)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def entry_arxiv_ids(entry: Entry) -> set[str]:
    """Base arXiv ids (no version) of an entry's links."""
    ids = set()
    for link in entry.links:
        url = link.url
        # Most links are not arXiv: skip the id parser unless the text could hold an id.
        if not url or ("://" in url and "arxiv" not in url.lower()):
            continue
        ref = parse_arxiv(url)
        if ref is not None:
            ids.add(ref.base)
    return ids


Kind = Literal["arxiv", "title", "near-title"]


@dataclass(frozen=True, init=False)
class Duplicate:
    """Entry `second` repeats entry `first` (indices into the entries list, first < second)."""

    first: int
    second: int
    kind: Kind
    score: float
    detail: str

    def __init__(self, first: int, second: int, kind: Kind, score: float, detail: str) -> None:
        # Written to the instance dict directly, as Finding is: the frozen dataclass's own
        # __init__ sets each field through object.__setattr__, and a hostile list has a
        # pair per entry (50,000).
        d = self.__dict__
        d["first"] = first
        d["second"] = second
        d["kind"] = kind
        d["score"] = score
        d["detail"] = detail


_PAIR_ORDER = attrgetter("second", "first")  # C-level: a hostile list has 50,000 pairs


def _blocking_keys(words: Sequence[Sequence[str]]) -> list[list[str]]:
    """Each title's _KEYS rarest words and word pairs (prefix filtering: one typo, added or
    dropped word changes at most three of them, so near-duplicates still share a key).
    Keys shared by more than _BUCKET_CAP titles are skipped, as they would make the search
    quadratic; a title left with no key keeps its single rarest word."""
    tokens = []
    for ws in words:
        toks = set(ws)
        toks.update(map(" ".join, itertools.pairwise(ws)))
        tokens.append(toks)
    freq: Counter[str] = Counter(itertools.chain.from_iterable(tokens))
    out: list[list[str]] = []
    for ws, toks in zip(words, tokens, strict=True):
        rare = sorted([(freq[k], k) for k in toks])
        keys = [k for f, k in rare[:_KEYS] if f <= _BUCKET_CAP]
        if not keys and ws:
            keys = [min(ws, key=lambda w: (freq[w], w))]
        out.append(keys)
    return out


def _near_pairs(titles: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    words = [t.split() for t in titles]
    keys = _blocking_keys(words)
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for key in ks:
            buckets[key].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in buckets.values():
        if len(members) > _BUCKET_CAP:
            # All pairs would be quadratic (8,000 titles of common words: 19 s, 3.4 GB).
            # Near-identical titles sort next to each other more often than not: compare
            # neighbours only. A near-duplicate this misses is still one lint does not
            # invent; an exact copy is found by hashing anyway.
            ranked = sorted(members, key=lambda k: titles[k])
            for pos, x in enumerate(ranked):
                for y in ranked[pos + 1 : pos + 1 + _NEIGHBOURS]:
                    shared[(min(x, y), max(x, y))] += 2  # counted as a strong candidate
        elif len(members) > 1:
            shared.update(itertools.combinations(members, 2))
    candidates = []
    for (i, j), n in shared.items():
        # One edit changes at most 3 of a title's _KEYS keys, so a near-duplicate of a title
        # with a full set shares at least 3; a single shared key is chance.
        if n < 2 and len(keys[i]) == _KEYS and len(keys[j]) == _KEYS:
            continue
        a, b = titles[i], titles[j]
        if a == b or not a or not b:
            continue
        if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):  # ratio can't get there
            continue
        candidates.append((i, j))
    out = []
    # difflib caches its analysis of the second sequence: compare each j against all its i.
    matcher = SequenceMatcher(None, autojunk=False)
    current = -1
    for i, j in sorted(candidates, key=lambda p: (p[1], p[0])):
        if j != current:
            matcher.set_seq2(titles[j])
            current = j
        matcher.set_seq1(titles[i])
        if matcher.quick_ratio() >= threshold:
            score = matcher.ratio()
            if score >= threshold:
                out.append((i, j, score))
    out.sort()
    return out


def find_duplicates(entries: Sequence[Entry], threshold: float = NEAR_THRESHOLD) -> list[Duplicate]:
    """Every duplicate pair in a list, the strongest reason per pair, in entry order."""
    found: dict[tuple[int, int], Duplicate] = {}
    by_id: dict[str, int] = {}
    for i, e in enumerate(entries):
        ids = entry_arxiv_ids(e)
        for aid in sorted(ids) if len(ids) > 1 else ids:
            if aid in by_id and by_id[aid] != i:
                key = (by_id[aid], i)
                found.setdefault(key, Duplicate(key[0], i, "arxiv", 1.0, f"arXiv {aid}"))
            else:
                by_id.setdefault(aid, i)
    titles = [normalize_title(e.title) for e in entries]
    by_title: dict[str, int] = {}
    for i, t in enumerate(titles):
        if not t:
            continue
        if t in by_title:
            key = (by_title[t], i)
            if key not in found:  # built only when kept: a hostile list has 50,000
                found[key] = Duplicate(key[0], i, "title", 1.0, "same title")
        else:
            by_title[t] = i
    # Near duplicates among DISTINCT titles only, each by its first entry: a later copy is
    # already reported as the same title as that first one.
    firsts = list(by_title.values())
    distinct = [titles[i] for i in firsts]
    for a, b, score in _near_pairs(distinct, threshold):
        i, j = firsts[a], firsts[b]
        found.setdefault((i, j), Duplicate(i, j, "near-title", score, f"{score:.0%} similar title"))
    return sorted(found.values(), key=_PAIR_ORDER)


def find_match(
    candidate: Entry, entries: Sequence[Entry], threshold: float = NEAR_THRESHOLD
) -> Duplicate | None:
    """The existing entry that `candidate` duplicates (first = its index), if any."""
    ids = entry_arxiv_ids(candidate)
    title = normalize_title(candidate.title)
    best: Duplicate | None = None
    for i, e in enumerate(entries):
        shared = ids & entry_arxiv_ids(e)
        if shared:
            return Duplicate(i, -1, "arxiv", 1.0, f"arXiv {min(shared)}")
        other = normalize_title(e.title)
        if title and other == title:
            return Duplicate(i, -1, "title", 1.0, "same title")
        if title and other:
            score = similarity(title, other)
            if score >= threshold and (best is None or score > best.score):
                best = Duplicate(i, -1, "near-title", score, f"{score:.0%} similar title")
    return best
