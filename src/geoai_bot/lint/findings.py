"""A lint finding: which rule, how bad, what is wrong and how to fix it, and exactly where."""

from __future__ import annotations

from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


# The order findings are reported in, as a sort key (C-level: no Python call per finding).
ORDER = attrgetter("path", "line", "column", "rule")


@dataclass(frozen=True, init=False)
class Finding:
    """One problem in one file.

    Lines and columns are 1-based; `end_column` is one past the last character (as in
    SARIF), counted in Unicode code points. `fix` describes the mechanical fix that
    `--fix` applies, or is None when fixing needs judgement.
    """

    rule: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int = 1
    end_line: int = 0
    end_column: int = 0
    fix: str | None = None

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        path: str,
        line: int,
        column: int = 1,
        end_line: int = 0,
        end_column: int = 0,
        fix: str | None = None,
    ) -> None:
        # Default the end to the start so every finding has a complete region.
        if end_line < line:
            end_line = line
        if end_column < 1 or (end_line == line and end_column < column):
            end_column = column
        # Written to the instance dict directly: the frozen dataclass's own __init__ sets
        # each field through object.__setattr__, three times slower, and a hostile list
        # makes a finding per entry (50,000).
        d = self.__dict__
        d["rule"] = rule
        d["severity"] = severity
        d["message"] = message
        d["path"] = path
        d["line"] = line
        d["column"] = column
        d["end_line"] = end_line
        d["end_column"] = end_column
        d["fix"] = fix

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return ORDER(self)

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": self.fix,
        }


def summarize(findings: list[Finding]) -> dict[str, int]:
    """Counts by severity, plus the total and how many have a mechanical fix."""
    out = {"errors": 0, "warnings": 0, "info": 0}
    key = {"error": "errors", "warning": "warnings", "info": "info"}
    for f in findings:
        out[key[f.severity]] += 1
    out["total"] = len(findings)
    out["fixable"] = sum(1 for f in findings if f.fix is not None)
    return out
