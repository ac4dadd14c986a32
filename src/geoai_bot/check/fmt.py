"""The format check as findings: one per place `geoai-bot fmt` would change, reported once.

A change that a lint finding with a mechanical fix already reports (a trailing space, a
label's case) is not reported again: `check` and `lint` then say the same thing once, with
the same severity, and `fail-on` means the same in both. One finding per changed hunk, so
`--changed-from` and the baseline can tell a new formatting problem from an old one.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from geoai_bot.lint.findings import Finding


def format_findings(
    text: str, formatted: str, path: str, covered: Sequence[Finding] = ()
) -> list[Finding]:
    """Findings for the hunks between TEXT and FORMATTED not explained by COVERED."""
    if formatted == text:
        return []
    old, new = text.splitlines(), formatted.splitlines()
    fixed_lines = {n for f in covered if f.fix is not None for n in range(f.line, f.end_line + 1)}
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1 and all(n in fixed_lines for n in range(i1 + 1, i2 + 1)):
            continue  # lint already reports every line of it, with its fix
        first = min(i1 + 1, len(old) + 1)  # 1-based; an insertion points at the line after
        what = {"delete": "remove", "insert": "add lines", "replace": "rewrite"}[tag]
        n = i2 - i1
        span = f"{n} line{'s' if n != 1 else ''}" if tag != "insert" else "before this line"
        out.append(
            Finding(
                rule="fmt",
                severity="error",
                message=f"not in canonical form (fmt would {what}: {span}); run "
                f"`geoai-bot fmt {path}` (or `fmt --diff` to see the changes)",
                path=path,
                line=max(1, first),
                end_line=max(1, first, i2),
            )
        )
    if old == new and not fixed_lines.intersection({len(old), len(old) + 1}):
        # Only the line endings or the final newline differ.
        out.append(
            Finding(
                rule="fmt",
                severity="error",
                message=f"line endings or the final newline are not canonical; run "
                f"`geoai-bot fmt {path}`",
                path=path,
                line=max(1, len(old)),
            )
        )
    return out
