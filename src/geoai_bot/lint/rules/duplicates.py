"""Duplicate rules (GB040-GB042): the same arXiv paper, the same title, near-identical titles."""

from __future__ import annotations

from collections.abc import Iterator

from geoai_bot.lint.dedupe import NEAR_THRESHOLD, find_duplicates
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule

RULES = (
    Rule(
        "GB040",
        "duplicate-arxiv",
        "error",
        "Two entries link the same arXiv paper (ignoring abs/pdf, versions and http/https).",
        "#### A Paper\n...\n* Paper: https://arxiv.org/abs/2501.00001\n\n\n#### Another Name\n...\n"
        "* Paper: http://arxiv.org/pdf/2501.00001v2",
        "#### A Paper\n...\n* Paper: https://arxiv.org/abs/2501.00001",
    ),
    Rule(
        "GB041",
        "duplicate-title",
        "error",
        "Two entries have the same title (ignoring case, punctuation and spaces).",
        "#### A Paper: Study\n...\n\n\n#### a paper - study\n...",
        "#### A Paper: Study\n...",
    ),
    Rule(
        "GB042",
        "near-duplicate-title",
        "warning",
        "Two entries have nearly the same title (similarity of 90% or more).",
        "#### Learning Maps from Satellite Images\n...\n\n\n"
        "#### Learning Map from Satellite Images\n...",
        "#### Learning Maps from Satellite Images\n...",
    ),
)

_RULE = {"arxiv": "GB040", "title": "GB041", "near-title": "GB042"}


def check(ctx: Context) -> Iterator[Finding]:
    entries = ctx.entries
    threshold = ctx.config.near_duplicate_threshold or NEAR_THRESHOLD
    lines, path = ctx.lines, ctx.path
    rules = ctx.rules
    said: dict[tuple[str, str, int], str] = {}
    out: list[Finding] = []  # returned as a list's iterator: no generator step per finding
    for d in find_duplicates(entries, threshold):
        first, second = entries[d.first], entries[d.second]
        # Only the wording for this kind (a dict of all three was built per finding).
        if d.kind == "title":
            what = "has the same title"
        elif d.kind == "arxiv":
            what = f"links the same paper ({d.detail})"
        else:
            what = f"has a {d.detail}"
        n = second.span.start
        rid = _RULE[d.kind]
        # Copies of one title all get the same message: made once (a hostile list has
        # 50,000 copies of one title, each reported against the first).
        key = (second.title, what, d.first)
        message = said.get(key)
        if message is None:
            message = said[key] = (
                f"Entry '{second.title[:60]}' {what} as the entry at line {first.span.start} "
                f"('{first.title[:60]}'); remove one of them or merge them"
            )
        # ctx.finding(rid, message, n) inlined: a hostile list has a pair per entry.
        text = lines[n - 1] if 0 < n <= len(lines) else ""
        out.append(
            Finding(rid, rules[rid].severity, message, path, n, 1, n, len(text.rstrip()) + 1)
        )
    return iter(out)
