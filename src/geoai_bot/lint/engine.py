"""Run the lint rules over a list's text: rule selection, severities, suppression comments."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from geoai_bot.core.config import Config
from geoai_bot.core.model import Document
from geoai_bot.core.parse import gc_paused, parse_split, split_lines
from geoai_bot.core.scan import is_blank, is_comment_line
from geoai_bot.lint.findings import ORDER, Finding, Severity
from geoai_bot.lint.rules import FAMILIES, RULES, Context, check_config, matching
from geoai_bot.lint.rules.comments import SUPPRESS, names

# `<!-- geoai-bot: disable=GB012,GB017 -->` on the lines before an entry (its grammar is
# owned by rules/comments.py, which reports names that match no rule).


def _expand(patterns: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for p in patterns:
        out.update(r.id for r in matching(p))
    return out


def enabled_rules(
    config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> frozenset[str]:
    """Rule ids that run: `select` (CLI, else config, else the default set) minus `ignore`
    (config and CLI) minus rules whose severity is set to "off". A configuration naming an
    unknown rule is a GeoaiError naming the file and key."""
    check_config(config)
    lint = config.lint
    chosen = list(select) if select else list(lint.select)
    ids = _expand(chosen) if chosen else {rid for rid, r in RULES.items() if r.enabled_by_default}
    if lint.check_language:
        ids.add("GB034")
    ids -= _expand(list(lint.ignore) + list(ignore or ()))
    for pattern, sev in lint.severity.items():
        if sev == "off":
            ids -= _expand([pattern])
    return frozenset(ids)


def severities(config: Config) -> dict[str, Severity]:
    """Rule id -> severity after `[lint] severity` overrides (later, more specific keys win).
    Only overridden rules are in the result: without an override a finding keeps the
    severity its rule gave it (GB017 is an info where `None` is the list's convention)."""
    out: dict[str, Severity] = {}
    # Apply prefixes before exact ids so `GB01 = "info"` plus `GB012 = "error"` does what it says.
    for pattern, sev in sorted(config.lint.severity.items(), key=lambda kv: len(kv[0])):
        if sev != "off":
            for r in matching(pattern):
                out[r.id] = sev
    return out


def suppressed_ranges(lines: list[str], doc: Document) -> list[tuple[int, int, frozenset[str]]]:
    """(first line, last line, rule ids) for each entry preceded by a disable comment."""
    out: list[tuple[int, int, frozenset[str]]] = []
    for e in doc.entries:
        ids: set[str] = set()
        n = e.span.start - 1
        # The comment may sit inside the previous entry's span (the parser keeps it there as
        # an extra line), so scan back over blank and comment lines only.
        while n > 0:
            line = lines[n - 1]
            if is_blank(line):
                n -= 1
                continue
            if "<!--" not in line:  # neither a disable comment nor a comment line
                break
            m = SUPPRESS.search(line)
            if m:
                ids.update(_expand(names(m.group(1))))
            elif not is_comment_line(line):
                break
            n -= 1
        if ids:
            out.append((n + 1, e.span.end, frozenset(ids)))
    return out


def _filter_suppressed(
    findings: list[Finding], ranges: list[tuple[int, int, frozenset[str]]]
) -> list[Finding]:
    if not ranges:
        return findings
    starts = [r[0] for r in ranges]
    kept = []
    for f in findings:
        k = bisect.bisect_right(starts, f.line) - 1
        if k >= 0 and ranges[k][0] <= f.line <= ranges[k][1] and f.rule in ranges[k][2]:
            continue
        kept.append(f)
    return kept


def make_context(
    text: str,
    path: str,
    config: Config,
    enabled: frozenset[str],
    doc: Document | None = None,
    kinds: bytearray | None = None,
) -> Context:
    lines, newline, final, bom = split_lines(text)
    if doc is None:
        doc, kinds = parse_split(lines, newline, final, bom)
    trailing = 0
    for line in reversed(lines):
        if not is_blank(line):  # as the parser reads it: a form-feed line is text
            break
        trailing += 1
    return Context(
        path=path,
        lines=lines,
        doc=doc,
        config=config.lint,
        final_newline=final,
        trailing_blank_lines=trailing if trailing < len(lines) else 0,
        rules=RULES,
        enabled=enabled,
        date_format=config.log.date_format,
        scanned=kinds,
    )


def lint_text(
    text: str,
    path: str = "README.md",
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    doc: Document | None = None,
    kinds: bytearray | None = None,
) -> list[Finding]:
    """All findings for one file, sorted by position; pure (no I/O). Pass `doc` when the
    caller has already parsed `text` (parsing is most of the cost on a large list), and
    with it `kinds`, the line kinds parse_split returned, if the caller has them."""
    config = config or Config()
    enabled = enabled_rules(config, select, ignore)
    sev = severities(config)
    found: list[Finding] = []
    # The rules make many short-lived objects while the parsed list's many long-lived ones
    # sit in the collector's young generation: each collection would walk them all again
    # for nothing (about a tenth of lint's time on a 50,000-entry list). Rules make no cycles.
    with gc_paused():
        ctx = make_context(text, path, config, enabled, doc, kinds)
        for _name, rules, check in FAMILIES:
            if not any(r.id in enabled for r in rules):
                continue
            for f in check(ctx):
                if f.rule in enabled:
                    want = sev.get(f.rule, f.severity)
                    found.append(f if f.severity == want else f.with_severity(want))
        # A disable comment starts with `<!--`: a list without one (most) has nothing to
        # suppress, and one test of the text spares walking back from every entry.
        if "<!--" in text:
            found = _filter_suppressed(found, suppressed_ranges(ctx.lines, ctx.doc))
    found.sort(key=ORDER)
    return found
