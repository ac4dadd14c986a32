"""`geoai-bot lint FILE... [--format] [--fix] [--select] [--ignore] [--config] [--strict]`."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

from geoai_bot.check.gate import gate, write_baseline
from geoai_bot.cli.common import add_color_option, read_list_or_stdin, use_colour
from geoai_bot.core.config import load_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.model import Document
from geoai_bot.core.parse import gc_paused, parse_split, split_lines
from geoai_bot.core.textio import write_if_changed
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules import matching, unknown_rule
from geoai_bot.report.lint import (
    FORMATS,
    Groups,
    format_github,
    format_json,
    format_sarif,
    render_lint_text,
)


def _rules(value: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    for item in items:
        if not matching(item):
            raise argparse.ArgumentTypeError(unknown_rule(item))
    return items


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "lint",
        help="find defects in a paper list (exact locations, fixes, several report formats)",
        description="Check FILE for the defects maintainers fix by hand: entry structure and "
        "spacing, empty or repeated fields, placeholder and misspelt links, http and arXiv "
        "link style, raw LaTeX and lost formulas in abstracts, duplicate papers, and a stale "
        "update log. Every rule is listed with examples in docs/rules.md. Settings come from "
        "[lint] in the nearest geoai-bot.toml (or --config). A comment "
        "'<!-- geoai-bot: disable=GB012,GB017 -->' on the line before an entry silences those "
        "rules for that entry.",
        epilog="Exit codes: 0 no errors (warnings allowed), 1 errors found (or warnings with "
        "--strict), 2 usage error or unreadable input.",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="the list's Markdown file(s); `-`: standard input"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), github (workflow annotations), json, or sarif (code scanning)",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the mechanical fixes in place (formatting, label case, https, arXiv link "
        "style, author separators, update-log dates and plurals), print what changed, then "
        "report what is left",
    )
    p.add_argument(
        "--select",
        type=_rules,
        default=None,
        metavar="RULES",
        help="comma-separated rules to run (ids, id prefixes like GB01, or names)",
    )
    p.add_argument(
        "--ignore",
        type=_rules,
        default=None,
        metavar="RULES",
        help="comma-separated rules to skip (added to [lint] ignore)",
    )
    p.add_argument("--config", metavar="PATH", help="geoai-bot.toml to use")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    add_color_option(p)
    add_gate_options(p)
    p.set_defaults(func=run)


def add_gate_options(p: argparse.ArgumentParser) -> None:
    """--changed-from, --all, --write-baseline, --no-baseline: shared with `check`."""
    p.add_argument(
        "--changed-from",
        metavar="GIT_REF",
        help="only findings in entries, log lines and header lines added or changed since "
        "FILE at GIT_REF (e.g. origin/main) decide the exit code; entries are matched by "
        "arXiv id or title, so moving one is not a change",
    )
    p.add_argument(
        "--all",
        action="store_true",
        dest="show_all",
        help="also list the findings that do not fail (unchanged entries, baselined)",
    )
    p.add_argument(
        "--write-baseline",
        metavar="PATH",
        help="record today's findings in PATH (e.g. .geoai-bot-baseline.json) and exit 0; "
        "later runs fail only on findings not recorded there",
    )
    p.add_argument(
        "--no-baseline", action="store_true", help="ignore the baseline: every finding counts"
    )


def _groups(doc: Document) -> list[tuple[int, str]]:
    """Entry headings that group the text report's lines."""
    return [(e.span.start, e.title[:70] or "(untitled entry)") for e in doc.entries]


def run(args: argparse.Namespace) -> int:
    if "-" in args.files and (args.fix or args.changed_from or args.write_baseline):
        raise GeoaiError(
            "`-` (standard input) cannot be used with --fix, --changed-from or --write-baseline"
        )
    if args.write_baseline:
        if args.fix:
            _lint_files(args)  # fix first, then record what is left
        print(write_baseline(args.files, args.write_baseline, args.config)[1], file=sys.stderr)
        return 0
    args.unreadable = False
    findings, failing, groups, notes = _lint_files(args)
    with gc_paused():
        out = _report(args, findings, groups)
    sys.stdout.write(out)
    for note in notes:
        print(note, file=sys.stderr if args.format != "text" else sys.stdout)
    if args.unreadable:
        return 2
    if any(f.severity == "error" for f in failing):
        return 1
    if args.strict and any(f.severity == "warning" for f in failing):
        return 1
    return 0


def _report(args: argparse.Namespace, findings: list[Finding], groups: Groups) -> str:
    """The report in the chosen format. Run with the collector paused: a finding per entry
    of a large list sits in the young generations, and the report's many short-lived
    tuples and dicts would make each collection walk them all again (they make no cycles)."""
    return {
        "text": lambda: render_lint_text(
            findings, len(args.files), colour=use_colour(args.color, sys.stdout), groups=groups
        ),
        "github": lambda: format_github(
            findings, where="the text report: run `geoai-bot lint " + " ".join(args.files) + "`"
        ),
        "json": lambda: format_json(findings, len(args.files)),
        "sarif": lambda: format_sarif(findings),
    }[args.format]()


def _lint_files(
    args: argparse.Namespace,
) -> tuple[list[Finding], list[Finding], Groups, list[str]]:
    """(findings to show, findings that fail, entry groups, notes) over every FILE."""
    findings: list[Finding] = []
    failing: list[Finding] = []
    groups: Groups = {}
    notes: list[str] = []
    for name in args.files:
        try:
            config = load_config(args.config, near="." if name == "-" else name)
            path, text, doc, kinds = read_list_or_stdin(name)
            # The parsed list lives until the command ends: keep the cyclic collector from
            # walking its objects again at every collection (the report makes many objects).
            gc.freeze()
        except GeoaiError as exc:
            if len(args.files) == 1:
                raise
            # One unreadable file does not hide the others' findings; it still fails the run.
            print(f"geoai-bot: {exc}", file=sys.stderr)
            args.unreadable = True
            continue
        if args.fix:
            # Imported here: --fix needs the formatter and the reader's-view guard, which
            # plain lint does not (a tenth of its start-up).
            from geoai_bot.lint.fix import fix_text

            result = fix_text(text, path, config, args.select, args.ignore)
            # Refuse to write text that is no longer a paper list (never half-write).
            if result.text != text:
                write_if_changed(path, text, result.text)
                text = result.text
                doc, kinds = parse_split(*split_lines(text))
            for line in result.changes:
                print(line, file=sys.stderr)
            for note in result.notes:
                print(f"{path}: note: {note}", file=sys.stderr)
            if not result.changes:
                print(f"{path}: nothing to fix", file=sys.stderr)
        found = lint_text(text, path, config, args.select, args.ignore, doc=doc, kinds=kinds)
        if not args.no_baseline or args.changed_from:
            g = gate(
                found,
                path,
                text,
                config,
                changed_from=args.changed_from,
                use_baseline=not args.no_baseline,
                lint_only=True,
            )
            failing.extend(g.failing)
            found = g.failing
            if args.show_all:
                found = sorted([*found, *g.quiet], key=Finding.sort_key)
            notes.extend(f"{path}: {n}" for n in g.notes(args.changed_from))
        else:
            failing.extend(found)
        findings.extend(found)
        if args.format == "text":
            groups[path] = _groups(doc)
    return findings, failing, groups, notes


__all__ = ["GeoaiError", "register", "run"]
