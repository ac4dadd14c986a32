"""Suppression comment rules (GB060): a `disable=` comment naming no rule is reported.

`<!-- geoai-bot: disable=GB012,GB017 -->` on the line before an entry silences those rules
for it (lint/engine.py). A misspelt id would silence nothing while looking as if it did, so
each name that matches no rule is a finding with the nearest real one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule, match_in, suggest_in

# No `\s*` around the lazy id list (the split below drops blanks): blanks matched by both
# backtracked quadratically on a long comment of spaces; `[^<>]` stops at the next comment.
SUPPRESS = re.compile(r"<!--\s*geoai-bot\s*:\s*disable\s*=([^<>]*?)-->", re.IGNORECASE)
_NAME = re.compile(r"[^,\s]+")

RULES = (
    Rule(
        "GB060",
        "unknown-disable",
        "warning",
        "A `geoai-bot: disable=` comment names a rule that does not exist, so it silences nothing.",
        "<!-- geoai-bot: disable=GB170 -->\n#### A Paper",
        "<!-- geoai-bot: disable=GB017 -->\n#### A Paper",
    ),
)


def names(comment: str) -> list[str]:
    """The rule patterns a disable comment's value lists."""
    return [p for p in re.split(r"[,\s]+", comment) if p]


def check(ctx: Context) -> Iterator[Finding]:
    lines = ctx.lines
    # Substring tests first (most lists have few comments): the regex on every line cost more.
    if "<!--" not in "\n".join(lines):
        return
    for n in [n for n, line in enumerate(lines, 1) if "<!--" in line]:
        for m in SUPPRESS.finditer(lines[n - 1]):
            for name in _NAME.finditer(m.group(1)):
                if not match_in(ctx.rules, name.group()):
                    hint = suggest_in(ctx.rules, name.group())
                    start = m.start(1) + name.start() + 1
                    yield ctx.finding(
                        "GB060",
                        f"Unknown rule {name.group()!r} in a disable comment"
                        f"{hint}; it silences nothing. Use an id like "
                        "GB017 or a name like paper-placeholder (`geoai-bot rule ID`)",
                        n,
                        start,
                        start + len(name.group()),
                    )
