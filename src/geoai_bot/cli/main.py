"""Command line: argparse subcommands -> exit codes, and the one top-level error handler."""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys
from collections.abc import Sequence

from geoai_bot import __version__
from geoai_bot.core.errors import GeoaiError

# Each name is a module in geoai_bot.cli with `register(subparsers)`; the
# module's parser sets `func(args) -> int`. One line here per subcommand.
COMMANDS: tuple[str, ...] = (
    "fmt",
    "export",
    "log",
    "links",
    "lint",
    "check",
    "action",
    "submit",
    "site",
    "badges",
    "stats",
    "enrich",
    "init",
    "rule",
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with `only` one subcommand's (importing just that module)."""
    parser = argparse.ArgumentParser(
        prog="geoai-bot",
        description="Keep a curated paper-list README healthy: format, lint, check links, "
        "keep the update log true, and turn issue-form submissions into pull requests.",
        epilog="Exit codes: 0 clean, 1 findings or changes needed, 2 usage or input error.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"geoai-bot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        importlib.import_module(f"geoai_bot.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    # Import only the command being run: the others pull in PyGithub and requests, which
    # cost half a second of start-up that `fmt` and `export` do not need.
    if first is not None and first not in COMMANDS and argv and argv[0] == first:
        close = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        print(
            f"geoai-bot: unknown command '{first}'{hint} (commands: {', '.join(COMMANDS)})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    parser = build_parser(first if first in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except GeoaiError as exc:
        print(f"geoai-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("geoai-bot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
