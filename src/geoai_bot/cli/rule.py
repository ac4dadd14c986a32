"""`geoai-bot rule GB017`: explain a lint rule with its wrong and right example."""

from __future__ import annotations

import argparse
from typing import Any

from geoai_bot.core.errors import GeoaiError
from geoai_bot.lint.rules import matching, suggest


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "rule",
        help="explain a lint rule (id like GB017 or name like paper-placeholder)",
        description="Print what a lint rule finds, its default severity, whether --fix "
        "fixes it, and a wrong and a right example. Every rule: docs/rules.md.",
    )
    p.add_argument("rule", metavar="RULE", help="a rule id (GB017) or name (paper-placeholder)")
    p.set_defaults(func=run)


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
