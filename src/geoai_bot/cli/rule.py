"""`geoai-bot rule GB017`: explain a lint rule with its wrong and right example."""

from __future__ import annotations

import argparse
import difflib
from typing import Any

from geoai_bot.core.errors import GeoaiError
from geoai_bot.lint.rules import BY_NAME, RULES, matching


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "rule",
        help="explain a lint rule (id like GB017 or name like paper-placeholder)",
        description="Print what a lint rule finds, its default severity, whether --fix "
        "fixes it, and a wrong and a right example. Every rule: docs/rules.md.",
    )
    p.add_argument("rule", metavar="RULE", help="a rule id (GB017) or name (paper-placeholder)")
    p.set_defaults(func=run)


def suggest(pattern: str) -> str:
    """' (did you mean GB017?)' for a near miss, else ''."""
    names = list(RULES) + list(BY_NAME)
    close = difflib.get_close_matches(pattern.strip(), names, n=1, cutoff=0.6)
    close = close or difflib.get_close_matches(pattern.strip().upper(), list(RULES), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def run(args: argparse.Namespace) -> int:
    found = matching(args.rule)
    if len(found) != 1:
        raise GeoaiError(
            f"no rule {args.rule!r}{suggest(args.rule)}; give one id like GB017 or a name "
            "(all rules: docs/rules.md)"
        )
    r = found[0]
    fix = "yes (geoai-bot lint --fix)" if r.fixable else "no"
    print(f"{r.id} {r.name}\n")
    print(f"{r.summary}\n")
    print(f"Default severity: {r.severity}. Fixable: {fix}.")
    print("Enabled by default." if r.enabled_by_default else "Off by default ([lint] select).")
    print("\nWrong:\n")
    print("\n".join("    " + line for line in r.wrong.splitlines()))
    print("\nRight:\n")
    print("\n".join("    " + line for line in r.right.splitlines()))
    print(f"\nSilence it for one entry: <!-- geoai-bot: disable={r.id} --> on the line before.")
    return 0
