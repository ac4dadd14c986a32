"""`geoai-bot fmt FILE... [--check] [--diff]`: rewrite lists in their own style, losslessly.

`-` as FILE reads standard input and writes the result to standard output."""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from geoai_bot.cli.common import each_file, require_entries
from geoai_bot.core.config import load_config
from geoai_bot.core.fastmodel import gc_paused
from geoai_bot.core.formatter import format_document
from geoai_bot.core.textio import read_text, write_if_changed


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "fmt",
        help="rewrite the list in its own style (losslessly)",
        description="Rewrite FILE in the list's own style, learned from the majority of its "
        "entries (bullet marker, colon, None or empty for a missing link, blank lines, "
        "<details> layout, label spelling); only entries that depart from it change. Lists "
        "of the '#### title / > authors / * Label: url / * <details> abstract' shape, and any "
        'list with [format] style = "canonical" in geoai-bot.toml, get the canonical form. '
        "Trailing whitespace goes (hard line breaks stay); one final newline; line endings "
        "are kept. The file is written only when it changes, and never when the entries "
        "would change meaning.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the list's Markdown file(s), e.g. README.md; `-` reads standard input and "
        "writes the formatted list to standard output",
    )
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if FILE would change"
    )
    p.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    p.add_argument("--config", metavar="PATH", help="geoai-bot.toml to use (default: the nearest)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with gc_paused():  # a short-lived process holding one big parsed list
        return each_file(args, _run)


def _run(args: argparse.Namespace) -> int:
    path: str = args.file
    stdin = path == "-"
    if stdin:
        path = "<stdin>"  # named so in messages; the config is the one nearest the cwd
        text = sys.stdin.read()
    else:
        text = read_text(path)
    config = load_config(args.config, near="." if stdin else path)
    result = format_document(text, path, log_config=config.log, format_config=config.format)
    require_entries(result.source, path)
    changed = result.text != text
    if stdin and not (args.check or args.diff):
        sys.stdout.write(result.text)  # a filter: the formatted list, changed or not
        return 0
    if args.diff and changed:
        sys.stdout.writelines(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    if args.check or args.diff:
        if changed:
            print(f"{path}: would be reformatted", file=sys.stderr)
            return 1
        print(f"{path}: already formatted", file=sys.stderr)
        return 0
    if write_if_changed(path, text, result.text):
        print(f"{path}: reformatted ({result.entries} entries)", file=sys.stderr)
    else:
        print(f"{path}: already formatted", file=sys.stderr)
    return 0
