"""`geoai-bot check FILE`: lint, format check, update-log check and links, one report, one code."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from geoai_bot.action import report as action_report
from geoai_bot.check import run as checks
from geoai_bot.check.gate import gate_report, write_baseline
from geoai_bot.cli.common import add_color_option, each_file, use_colour
from geoai_bot.cli.lint import add_gate_options
from geoai_bot.core.config import load_config
from geoai_bot.report import annotations as gha
from geoai_bot.report import summary
from geoai_bot.report.lint import finding_line


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="lint + format check + update-log check + link check, one combined report",
        description="Check FILE the way CI does: lint findings, whether `geoai-bot fmt` would "
        "change it, the update log, and (unless --offline) every link. One combined report; "
        "exit 1 if any part found an error or a broken link.",
        epilog="Exit codes: 0 clean (warnings allowed), 1 errors or broken links, 2 usage or "
        "input error, or a part that could not run (e.g. no network: use --offline).",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="the list's Markdown file(s), e.g. README.md"
    )
    p.add_argument(
        "--offline",
        action="store_true",
        help="skip the link check (for machines without network access)",
    )
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="let the link check reach private and loopback addresses (refused by default)",
    )
    p.add_argument("--config", metavar="PATH", help="a geoai-bot.toml (default: the nearest)")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown", "github"),
        default="text",
        help="text (default), json, markdown (a job summary) or github (annotations)",
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="the lowest severity that makes the exit code 1 (default: error)",
    )
    add_color_option(p)
    add_gate_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.write_baseline:  # one baseline over every FILE; the reports follow, ungated
        print(write_baseline(args.files, args.write_baseline, args.config)[1], file=sys.stderr)
    return each_file(args, _run_one)


def _run_one(args: argparse.Namespace) -> int:
    report = checks.check(
        args.file,
        config=args.config,
        links=not args.offline,
        changed_from=args.changed_from,
        allow_private=args.allow_private,
        # The command line's edge reads the token; the library only takes it as a value.
        github_token=os.environ.get("GITHUB_TOKEN") or None,
    )
    if args.offline:
        report.notes.append("links not checked (--offline)")
    if not report.problems and not args.write_baseline:
        gate_report(
            report,
            load_config(args.config, near=args.file),
            changed_from=args.changed_from,
            use_baseline=not args.no_baseline,
        )
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        sys.stdout.write(summary.job_summary(report, title="geoai-bot check"))
    elif args.format == "github":
        for line in gha.budgeted(action_report.annotations_for(report), "`geoai-bot check` output"):
            print(line)
    else:
        print_text(report, args.show_all, use_colour(args.color, sys.stdout))
    return report.exit_code(args.fail_on)


def print_text(report: checks.CheckReport, show_all: bool = False, colour: bool = False) -> None:
    shown = report.findings + (report.quiet if show_all else [])
    for f in shown:
        print(finding_line(f, colour))
    if report.links is not None:
        for r in summary.problem_links(report.links):
            where = ", ".join(f"{loc.path}:{loc.line}" for loc in r.locations[:3]) or report.path
            extra = f" -> {r.final_url}" if r.final_url else ""
            print(f"{where}: link {r.state} {r.url}{extra} {r.message}".rstrip())
    for note in report.notes:
        print(f"note: {note}")
    for problem in report.problems:
        print(f"could not run: {problem}")
    parts = [plural(report.count("error"), "error"), plural(report.count("warning"), "warning")]
    if report.links is not None:
        parts.append(plural(len(report.links.broken), "broken link"))
    status = (
        "could not finish"
        if report.problems
        else ("ok" if not report.failed("error") else "failed")
    )
    print(f"{report.path}: {', '.join(parts)} ({status})")


def plural(n: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {word}{'' if n == 1 else 's'}"
