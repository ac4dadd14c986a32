"""Lint findings -> text, GitHub workflow commands, JSON and SARIF 2.1.0; pure functions."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence

from geoai_bot import __version__
from geoai_bot.lint.findings import ORDER, SEVERITY_RANK, Finding, summarize
from geoai_bot.lint.rules import RULES
from geoai_bot.report.annotations import Annotation, budgeted

FORMATS = ("text", "github", "json", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _DIM = "\033[0m", "\033[2m"


def summary_line(findings: Sequence[Finding], files: int = 1) -> str:
    s = summarize(list(findings))
    if not findings:
        return f"No problems found in {files} file{'s' if files != 1 else ''}."
    parts = [
        f"{s['errors']} error{'s' if s['errors'] != 1 else ''}",
        f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}",
        f"{s['info']} info",
    ]
    fix = f"; {s['fixable']} fixable with --fix" if s["fixable"] else ""
    return f"Found {s['total']} problem{'s' if s['total'] != 1 else ''} ({', '.join(parts)}){fix}."


Groups = dict[str, list[tuple[int, str]]]


def finding_line(f: Finding, colour: bool = False) -> str:
    """`path:line:col: RULE severity [*] message (rule-name)`, as ruff writes it: `[*]` marks
    a finding `--fix` fixes; the name says what the id means without looking it up."""
    sev = f"{_COLOURS[f.severity]}{f.severity}{_RESET}" if colour else f.severity
    mark = "[*] " if f.fix else ""
    rule = RULES.get(f.rule)
    name = f" ({rule.name})" if rule else ""
    if colour and name:
        name = f"{_DIM}{name}{_RESET}"
    return f"{f.path}:{f.line}:{f.column}: {f.rule} {sev} {mark}{f.message}{name}"


def render_lint_text(
    findings: Sequence[Finding],
    files: int = 1,
    colour: bool = False,
    groups: Groups | None = None,
) -> str:
    """`path:line:col: RULE severity message` lines, grouped under the part of the file they
    belong to (`groups`: path -> sorted (first line, heading) pairs, e.g. one per entry), then
    a one-line summary."""
    out: list[str] = []
    current_path: str | None = None
    current_k = -2  # no group yet (-1 is the group before a file's first start)
    groups = groups or {}
    starts = {path: [s for s, _t in pairs] for path, pairs in groups.items()}
    bisect_right = bisect.bisect_right
    # What finding_line writes after the message, per rule: a hostile list has a finding
    # per entry (50,000), and finding_line's lookups and branches were half of this loop.
    names = {rid: f" ({rule.name})" for rid, rule in RULES.items()}
    for f in sorted(findings, key=ORDER):
        path = f.path
        k = bisect_right(starts.get(path, ()), f.line) - 1
        if k != current_k or path != current_path:
            if out:
                out.append("")
            if k >= 0:
                first, title = groups[path][k]
                head = f"-- {title} ({path}:{first})"
                out.append(f"{_DIM}{head}{_RESET}" if colour else head)
            current_path, current_k = path, k
        if colour:
            out.append(finding_line(f, colour))
        else:  # finding_line(f) inlined
            out.append(
                f"{path}:{f.line}:{f.column}: {f.rule} {f.severity} "
                f"{'[*] ' if f.fix else ''}{f.message}{names.get(f.rule, '')}"
            )
    if out:
        out.append("")
    out.append(summary_line(findings, files))
    return "\n".join(out) + "\n"


def format_github(findings: Sequence[Finding], where: str = "the job log") -> str:
    """Workflow commands, most important first, within GitHub's per-step limits."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    ordered = sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], *f.sort_key()))
    annotations = [
        Annotation(
            level=level[f.severity],  # type: ignore[arg-type]
            message=f.message + (f" (fix: {f.fix}; run geoai-bot lint --fix)" if f.fix else ""),
            file=f.path,
            line=f.line,
            end_line=f.end_line,
            col=f.column,
            end_col=f.end_column,
            title=f"{f.rule} {RULES[f.rule].name}" if f.rule in RULES else f.rule,
        )
        for f in ordered
    ]
    lines = budgeted(annotations, where)
    return "\n".join([*lines, summary_line(findings)]) + "\n"


def format_json(findings: Sequence[Finding], files: int = 1) -> str:
    summary: dict[str, object] = dict(summarize(list(findings)))
    summary["files"] = files
    doc = {
        "findings": [f.to_json() for f in sorted(findings, key=Finding.sort_key)],
        "summary": summary,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(rid: str) -> dict[str, object]:
    r = RULES[rid]
    return {
        "id": r.id,
        "name": "".join(p.capitalize() for p in r.name.split("-")),
        "shortDescription": {"text": r.summary},
        "fullDescription": {
            "text": r.summary + (" Fixed by `geoai-bot lint --fix`." if r.fixable else "")
        },
        "help": {
            "text": f"{r.summary}\nWrong:\n{r.wrong}\nRight:\n{r.right}",
            "markdown": f"{r.summary}\n\nWrong:\n\n```markdown\n{r.wrong}\n```\n\n"
            f"Right:\n\n```markdown\n{r.right}\n```",
        },
        "defaultConfiguration": {
            "level": _sarif_level(r.severity),
            "enabled": r.enabled_by_default,
        },
        "properties": {"tags": ["paper-list"], "fixable": r.fixable},
    }


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


_DIGITS = re.compile(r"\d+")


def _fingerprint(f: Finding, seen: dict[str, int]) -> str:
    """Stable across edits elsewhere in the file: rule, file and message with its numbers
    (line references) blanked, plus the occurrence count of that key."""
    key = f"{f.rule}:{f.path}:{_DIGITS.sub('#', f.message)}"
    seen[key] = seen.get(key, 0) + 1
    return f"{key}:{seen[key]}"


def format_sarif(findings: Sequence[Finding]) -> str:
    """A SARIF 2.1.0 log with one run; every rule in tool.driver.rules, results pointing at
    them by id and index. Columns count Unicode code points (declared in columnKind)."""
    rule_ids = sorted(RULES)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results = []
    seen: dict[str, int] = {}
    for f in sorted(findings, key=Finding.sort_key):
        result: dict[str, object] = {
            "ruleId": f.rule,
            "level": _sarif_level(f.severity),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path.replace("\\", "/")},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": max(f.end_column, f.column),
                        },
                    }
                }
            ],
            "partialFingerprints": {"geoaiFinding/v1": _fingerprint(f, seen)},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.fix:
            result["properties"] = {"fix": f.fix}
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "geoai-bot",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": [_sarif_rule(rid) for rid in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
