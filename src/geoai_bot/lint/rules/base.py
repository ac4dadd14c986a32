"""What every rule family shares: the Rule record (id, severity, docs) and the lint Context."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from geoai_bot.core.config import LintConfig
from geoai_bot.core.model import Document, Entry
from geoai_bot.core.scan import CLOSE, OPEN_CLOSED, scan
from geoai_bot.lint.findings import Finding, Severity

_SUMMARY = re.compile(r"^\s*<summary\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """A rule's stable id and metadata; `wrong`/`right` are Markdown examples for docs/rules.md."""

    id: str
    name: str
    severity: Severity
    summary: str
    wrong: str
    right: str
    fixable: bool = False
    enabled_by_default: bool = True


def leading_spaces(line: str) -> int:
    """Indentation width of a line (a tab counts as 4, as CommonMark's tab stops do)."""
    stripped = line.lstrip(" ")
    if not stripped.startswith("\t"):
        return len(line) - len(stripped)  # spaces only: the common case
    width = 0
    for c in line:
        if c == " ":
            width += 1
        elif c == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def indent_chars(line: str) -> int:
    """Number of leading whitespace characters (for columns)."""
    return len(line) - len(line.lstrip(" \t"))


@dataclass
class Context:
    """One file being linted: its text split into lines, its Document and the [lint] config."""

    path: str
    lines: list[str]
    doc: Document
    config: LintConfig
    final_newline: bool = True
    trailing_blank_lines: int = 0
    rules: dict[str, Rule] = field(default_factory=dict)
    enabled: frozenset[str] = frozenset()
    date_format: str = "%Y.%m.%d"
    # The scanner's line kinds when the parser already computed them (None: scan again).
    scanned: bytearray | None = None
    # Facts about the whole list a rule computes once (e.g. the list's conventions).
    memo: dict[str, object] = field(default_factory=dict)

    @cached_property
    def entries(self) -> list[Entry]:
        return self.doc.entries

    @cached_property
    def heading_level(self) -> int:
        levels = Counter(e.heading_level for e in self.entries)
        if not levels:
            return 4
        return max(sorted(levels), key=lambda lvl: (levels[lvl], lvl == 4))

    @cached_property
    def kinds(self) -> bytearray:
        """The scanner's kind of every line (0-based), the same the parser read."""
        return self.scanned if self.scanned is not None else scan(self.lines)[1]

    def closes_details(self, n: int) -> bool:
        """Whether line n (1-based) closes a `<details>` block, as the parser reads it."""
        kinds = self.kinds
        return 0 < n <= len(kinds) and kinds[n - 1] in (CLOSE, OPEN_CLOSED)

    @cached_property
    def details(self) -> dict[int, tuple[int, int, int]]:
        """Entry heading line -> lines of its `<summary>`, first abstract line and
        `</details>` (0 when absent or not on a line of its own); computed once per file."""
        return {e.span.start: self._details_lines(e) for e in self.entries if e.has_details}

    def _details_lines(self, e: Entry) -> tuple[int, int, int]:
        summary = close = 0
        for n in range(e.details_line, e.span.end + 1):
            text = self.line(n)
            if not summary and n != e.details_line and _SUMMARY.match(text):
                summary = n
            if self.closes_details(n):
                close = n
                break
        abstract = e.abstract_line
        if abstract in (summary, close, e.details_line) or not abstract:
            abstract = 0
        if close and self.line(close).lstrip()[:2] != "</":
            close = 0  # `</details>` ends the abstract line: it has no indentation of its own
        return summary, abstract, close

    def line(self, n: int) -> str:
        """Source line n (1-based); '' outside the file."""
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""

    def finding(
        self,
        rule_id: str,
        message: str,
        line: int,
        column: int = 1,
        end_column: int | None = None,
        end_line: int | None = None,
        fix: str | None = None,
    ) -> Finding:
        """A Finding with the rule's default severity; the end defaults to the end of the line."""
        if end_column is None:
            n = end_line or line
            lines = self.lines
            text = lines[n - 1] if 0 < n <= len(lines) else ""
            end_column = max(column, len(text.rstrip()) + 1)
        # Positional: a hostile list makes a finding per entry, and keywords cost more.
        severity = self.rules[rule_id].severity
        return Finding(
            rule_id, severity, message, self.path, line, column, end_line or line, end_column, fix
        )


def match_in(rules: Mapping[str, Rule], pattern: str) -> list[Rule]:
    """Rules in RULES named by `pattern`: an id (`GB012`), an id prefix (`GB01`) or a name
    (`authors-repeat-title`); case-insensitive."""
    p = pattern.strip()
    by_name = [r for r in rules.values() if r.name == p.lower()]
    if by_name:
        return by_name
    up = p.upper()
    return [r for rid, r in rules.items() if up and rid.startswith(up)]


def suggest_in(rules: Mapping[str, Rule], pattern: str) -> str:
    """' (did you mean GB017?)' for a near miss of an id or name in RULES, else ''."""
    names = list(rules) + [r.name for r in rules.values()]
    close = difflib.get_close_matches(pattern.strip(), names, n=1, cutoff=0.6)
    close = close or difflib.get_close_matches(pattern.strip().upper(), list(rules), n=1)
    return f" (did you mean {close[0]}?)" if close else ""
