"""Lint: find the defects maintainers fix by hand, and fix the mechanical ones.

Owns the engine (rule selection, severities, suppression comments), the rules
(`lint/rules/`, one module per family, and the check that `[lint]` in geoai-bot.toml names
real rules), `--fix`, and duplicate detection (also used by submissions). Works on text and
returns `Finding` values; turning findings into text, JSON or SARIF is `geoai_bot.report`'s.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.lint.dedupe import (
        Duplicate,
        find_duplicates,
        find_match,
    )
    from geoai_bot.lint.engine import (
        enabled_rules,
        lint_text,
    )
    from geoai_bot.lint.findings import (
        Finding,
        Severity,
    )
    from geoai_bot.lint.fix import (
        FixResult,
        fix_text,
    )
    from geoai_bot.lint.rules import (
        RULES,
        Rule,
        check_config,
        matching,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "lint_text": "engine",
    "enabled_rules": "engine",
    "FixResult": "fix",
    "fix_text": "fix",
    "Finding": "findings",
    "Severity": "findings",
    "RULES": "rules",
    "Rule": "rules",
    "check_config": "rules",
    "matching": "rules",
    "Duplicate": "dedupe",
    "find_duplicates": "dedupe",
    "find_match": "dedupe",
}
__all__ = [
    "RULES",
    "Duplicate",
    "Finding",
    "FixResult",
    "Rule",
    "Severity",
    "check_config",
    "enabled_rules",
    "find_duplicates",
    "find_match",
    "fix_text",
    "lint_text",
    "matching",
]
__getattr__ = exports(__name__, _OWNERS)
