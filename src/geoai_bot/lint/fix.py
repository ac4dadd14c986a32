"""`lint --fix`: apply the mechanical fixes (line edits, the update log, canonical formatting).

Order matters: line edits use the columns the rules found in the original text, so they go
first; then the update log is normalised; then the formatter rewrites the layout and its
lossless check guards everything that is not one of the intended edits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from geoai_bot.core.arxiv_ids import parse_arxiv
from geoai_bot.core.config import Config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.formatter import check_log_edit, format_document
from geoai_bot.core.guard import check_view
from geoai_bot.core.parse import split_lines
from geoai_bot.core.scan import is_blank
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.findings import Finding
from geoai_bot.log import normalize_log

# Rules fixed by editing one line in place; the rest of the fixable ones by the log
# normaliser or by the formatter.
LINE_RULES = frozenset({"GB014", "GB015", "GB019", "GB021", "GB022"})
LOG_RULES = frozenset({"GB051", "GB052", "GB054", "GB055"})
FORMAT_RULES = frozenset(
    {"GB001", "GB002", "GB003", "GB004", "GB005", "GB006", "GB007", "GB009", "GB011"}
)
_LABEL_IN_FIX = re.compile(r"write '(.+)'$")


@dataclass
class FixResult:
    """The fixed text, what was changed and what could not be done."""

    text: str
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _edit(f: Finding, line: str, config: Config) -> tuple[int, int, str] | None:
    """(start, end, replacement) as 0-based offsets into `line`, or None."""
    start, end = f.column - 1, f.end_column - 1
    span = line[start:end]
    if f.rule == "GB019":
        m = _LABEL_IN_FIX.search(f.fix or "")
        return (start, end, m.group(1)) if m else None
    if f.rule == "GB021":
        return (start, end, "https://") if span.lower() == "http://" else None
    if f.rule == "GB022":
        ref = parse_arxiv(span)
        if ref is None:
            return None
        # The rule names the style it asks for (the configured one or the list's majority).
        url = ref.pdf_url() if "arXiv pdf" in (f.fix or "") else ref.abs_url()
        return start, end, url
    if f.rule == "GB014":
        if span in ("，", "、"):
            # Swallow spaces around the separator so the result reads `A, B`.
            while start > 0 and line[start - 1] == " ":
                start -= 1
            while end < len(line) and line[end] == " ":
                end += 1
            return start, end, ", "
        return start, end, "et al."
    if f.rule == "GB015" and span == ".":
        return start, end, ""
    return None


def _line_edits(
    text: str, findings: Sequence[Finding], config: Config
) -> tuple[str, list[str], list[int]]:
    lines, newline, final, bom = split_lines(text)
    per_line: dict[int, list[Finding]] = {}
    for f in findings:
        if f.rule in LINE_RULES and f.fix is not None and f.line == f.end_line:
            per_line.setdefault(f.line, []).append(f)
    if not per_line:
        return text, [], []
    changes = []
    edited: list[int] = []
    for n, fs in per_line.items():
        line = lines[n - 1]
        edits = [e for f in fs if (e := _edit(f, line, config)) is not None]
        # Right to left so earlier offsets stay valid; of two overlapping edits the wider one
        # wins (the arXiv abs link also fixes `http://`), the other is skipped.
        edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
        limit = len(line) + 1
        for start, end, new in edits:
            if end > limit:
                continue
            line = line[:start] + new + line[end:]
            limit = start
        if line != lines[n - 1]:
            lines[n - 1] = line
            edited.append(n)
            for f in fs:
                if f.rule in LINE_RULES and f.fix is not None:
                    changes.append(f"{f.path}:{f.line}:{f.column}: {f.rule} fixed: {f.fix}")
    out = newline.join(lines) + (newline if final else "")
    return ("\ufeff" + out if bom else out), changes, edited


def _blocks(text: str, edited: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) 1-based lines of the non-blank run around each edited line."""
    lines = split_lines(text)[0]
    out: list[tuple[int, int]] = []
    for n in sorted(set(edited)):
        if out and out[-1][0] <= n <= out[-1][1]:
            continue
        a = b = n
        while a > 1 and not is_blank(lines[a - 2]):
            a -= 1
        while b < len(lines) and not is_blank(lines[b]):
            b += 1
        out.append((a, b))
    return out


def _normalize_log(text: str, config: Config) -> tuple[str, list[str], list[str]]:
    try:
        edit = normalize_log(text, config.log)
    except GeoaiError as exc:
        return text, [], [f"update log not normalised: {exc.message}"]
    notes = [str(p) for p in edit.problems]
    if not edit.changed:
        return text, [], notes
    return edit.text, [f"update log: {m}" for m in edit.messages], notes


def fix_text(
    text: str,
    path: str = "README.md",
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> FixResult:
    """Apply every mechanical fix; pure. Running it again on its output changes nothing."""
    config = config or Config()
    findings = lint_text(text, path, config, select, ignore)
    out, changes, edited = _line_edits(text, findings, config)
    # Each line edit changes what a reader sees on its own line (that is the fix), and
    # nothing else: the guard leaves those lines out and compares the rest. A line is read
    # as part of its paragraph (two `>` author lines render as one), so the whole run of
    # non-blank lines around an edited line is left out: line edits add no lines, so the
    # run is the same in both texts.
    spans = _blocks(text, edited)
    check_view(text, out, path, drop_before=spans, drop_after=spans, what="lint --fix")
    notes: list[str] = []
    if any(f.rule in LOG_RULES for f in findings):
        logged, log_changes, log_notes = _normalize_log(out, config)
        if logged != out:
            check_log_edit(out, logged, path, "lint --fix (update log)")
        out = logged
        changes += log_changes
        notes += log_notes
    try:
        formatted = format_document(
            out, path, log_config=config.log, format_config=config.format
        ).text
    except GeoaiError as exc:  # ViewChanged too: the layout is left as it was, with a note
        notes.append(f"layout not reformatted: {exc}")
        formatted = out
    if formatted != out:
        fixed = sorted({f.rule for f in findings if f.rule in FORMAT_RULES})
        count = sum(1 for f in findings if f.rule in FORMAT_RULES)
        what = f" ({count} findings: {', '.join(fixed)})" if fixed else ""
        changes.append(f"{path}: reformatted in the list's style{what}")
    return FixResult(text=formatted, changes=changes, notes=notes)
