"""The rule registry: every rule family, and every rule by its stable id (GB001...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from geoai_bot.core.config import Config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules import (
    comments,
    duplicates,
    entry,
    links_format,
    structure,
    text,
    update_log,
)
from geoai_bot.lint.rules.base import Context, Rule, match_in, suggest_in

Check = Callable[[Context], Iterator[Finding]]

FAMILIES: tuple[tuple[str, tuple[Rule, ...], Check], ...] = (
    ("Structure", structure.RULES, structure.check),
    ("Entry content", entry.RULES, entry.check),
    ("Links", links_format.RULES, links_format.check),
    ("Abstract text", text.RULES, text.check),
    ("Duplicates", duplicates.RULES, duplicates.check),
    ("Update log and header", update_log.RULES, update_log.check),
    ("Suppression comments", comments.RULES, comments.check),
)

RULES: dict[str, Rule] = {r.id: r for _name, rules, _check in FAMILIES for r in rules}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES.values()}


def matching(pattern: str) -> list[Rule]:
    """Rules named by `pattern`: an id (`GB012`), an id prefix (`GB01`) or a name
    (`authors-repeat-title`); case-insensitive."""
    return match_in(RULES, pattern)


def suggest(pattern: str) -> str:
    """' (did you mean GB017?)' for a near miss, else ''."""
    return suggest_in(RULES, pattern)


def unknown_rule(pattern: str) -> str:
    """What to say about a rule pattern that names no rule."""
    return (
        f"unknown rule {pattern!r}; use an id like GB012, a prefix like GB01, or a rule "
        "name (see docs/rules.md)"
    )


def check_config(config: Config) -> None:
    """Every rule `[lint] select`, `ignore` and `severity` name exists, else a GeoaiError
    naming the file and each bad key. Lives here, not in core/config.py, because the rule
    registry is lint's: the configuration layer knows nothing above it."""
    lint = config.lint
    keyed = [("lint.select", p) for p in lint.select] + [("lint.ignore", p) for p in lint.ignore]
    keyed += [(f"lint.severity.{p}", p) for p in lint.severity]
    problems = [f"{key}: {unknown_rule(p)}" for key, p in keyed if not matching(p)]
    if problems:
        raise GeoaiError("invalid configuration: " + "; ".join(problems), config.source)


__all__ = [
    "FAMILIES",
    "RULES",
    "Context",
    "Rule",
    "check_config",
    "matching",
    "suggest",
    "unknown_rule",
]
