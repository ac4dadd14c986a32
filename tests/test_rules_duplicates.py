"""Duplicate rules at scale: found among thousands of entries made of common words, both lines
named, and the search stays sub-quadratic (the candidate count, not time, is asserted)."""

from __future__ import annotations

import random

import pytest

from conftest import entry
from geoai_bot.lint.engine import lint_text

VOCAB = [
    "remote",
    "sensing",
    "image",
    "segmentation",
    "detection",
    "change",
    "model",
    "network",
    "spatial",
    "temporal",
    "spectral",
    "scale",
    "feature",
    "learning",
    "representation",
    "foundation",
    "urban",
    "land",
    "cover",
    "building",
    "road",
    "cloud",
    "ocean",
    "crop",
    "forest",
    "river",
    "terrain",
    "radar",
    "optical",
    "lidar",
    "point",
    "text",
    "retrieval",
    "dataset",
    "benchmark",
    "transformer",
    "diffusion",
    "masked",
    "encoder",
    "attention",
    "token",
    "prompt",
]


def big_list(n: int, seed: int = 7) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    titles = []
    seen = set()
    while len(titles) < n:
        t = " ".join(rng.choices(VOCAB, k=rng.randint(6, 10))).capitalize()
        if t.lower() not in seen:
            seen.add(t.lower())
            titles.append(t)
    body = "".join(
        entry(t, "Ann Lee", ("Paper", f"https://example.org/p/{i}")) for i, t in enumerate(titles)
    )
    return "# Big\n\n## Papers\n\n" + body, titles


def variants(titles: list[str], rng: random.Random) -> list[str]:
    """Near-duplicates of some titles: a typo, a dropped word, an added word, a plural."""
    out = []
    for k in range(0, 40, 4):
        words = titles[k].split()
        w = rng.randrange(len(words))
        edit = k % 16
        if edit == 0:
            words[w] = words[w][:-1] + ("x" if words[w][-1] != "x" else "y")
        elif edit == 4:
            del words[w]
        elif edit == 8:
            words.insert(w, "new")
        else:
            words[w] += "s"
        out.append(" ".join(words))
    return out


@pytest.mark.slow  # the brute force compares every pair of 610 titles: ~30 s of CPU
def test_near_duplicate_search_finds_what_brute_force_finds() -> None:
    from geoai_bot.core.parse import parse_text
    from geoai_bot.lint.dedupe import NEAR_THRESHOLD, find_duplicates, normalize_title, similarity

    text, titles = big_list(600)
    for t in variants(titles, random.Random(3)):
        text += entry(t, "Ann Lee", ("Paper", "https://example.org/v"))
    entries = parse_text(text).entries
    norm = [normalize_title(e.title) for e in entries]
    brute = {
        (i, j)
        for i in range(len(norm))
        for j in range(i + 1, len(norm))
        if norm[i] != norm[j] and similarity(norm[i], norm[j]) >= NEAR_THRESHOLD
    }
    assert len(brute) >= 8  # the variants are near-duplicates
    got = {(d.first, d.second) for d in find_duplicates(entries) if d.kind == "near-title"}
    assert got == brute


def test_duplicate_rules_on_a_large_list() -> None:
    text, titles = big_list(1500)
    text += entry(
        titles[30].upper() + "!", "Ann Lee", ("Paper", "https://example.org/x3")
    )  # same title
    text += entry(
        "Something Else Entirely", "Ann Lee", ("Paper", "http://arxiv.org/pdf/2501.00040v2")
    )
    text += entry(
        "Another Thing Entirely", "Ann Lee", ("Paper", "https://arxiv.org/abs/2501.00040")
    )
    found = [f for f in lint_text(text, "README.md", select=["GB04"])]
    lines = [n + 1 for n, line in enumerate(text.splitlines()) if line.startswith("#### ")]
    assert [(f.rule, f.line) for f in found] == [("GB041", lines[-3]), ("GB040", lines[-1])]
    assert f"line {lines[30]}" in found[0].message
    assert f"line {lines[-2]}" in found[1].message and "2501.00040" in found[1].message


def test_finding_names_both_lines() -> None:
    text, titles = big_list(50)
    text += entry(titles[3], "Ann Lee", ("Paper", "https://example.org/z"))
    (f,) = [f for f in lint_text(text, "README.md") if f.rule == "GB041"]
    first = [n + 1 for n, line in enumerate(text.splitlines()) if line == f"#### {titles[3]}"]
    assert f.line == first[1] and f"line {first[0]}" in f.message
