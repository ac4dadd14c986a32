"""Command line: argparse subcommands -> exit codes, and the one top-level error handler."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn, TextIO

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


def _close(word: str, known: Sequence[str]) -> list[str]:
    """The nearest known spelling, for "did you mean" (difflib only on this error path)."""
    from difflib import get_close_matches

    return get_close_matches(word, known, n=1, cutoff=0.6)


class Parser(argparse.ArgumentParser):
    """argparse with a "did you mean" for a mistyped option (`--fixx`: `--fix`)."""

    def error(self, message: str) -> NoReturn:
        m = re.match(r"unrecognized arguments: (.*)", message)
        if m:
            known = _options(self)
            for word in m.group(1).split():
                flag = word.split("=", 1)[0]
                close = _close(flag, known)
                if flag.startswith("-") and close:
                    message += f"; did you mean '{close[0]}' for '{flag}'?"
        super().error(message)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Every option string of PARSER and its subcommands' parsers (only the command being
    run is registered when main() builds the parser, so these are that command's)."""
    out: list[str] = []
    for action in parser._actions:
        out.extend(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out.extend(_options(sub))
    return [o for o in out if o.startswith("--")]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with `only` one subcommand's (importing just that module)."""
    parser = Parser(
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
    """Run one command; ARGV None means this process is the program (console script, -m)."""
    code = _main(argv)
    if argv is None:
        # The process ends next. Its last garbage collections would walk every object the
        # imports made (pydantic's schemas, urllib3, ...) only to find nothing to free: ~70
        # of the ~80 ms interpreter teardown of a `links` run. Frozen objects are skipped
        # by that walk; reference counting still frees (and flushes) everything as the
        # modules are cleared. In-process callers pass argv and keep a normal collector.
        gc.freeze()
    return code


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["-V"], ["--version"]):  # answered before any command module is imported
        print(f"geoai-bot {__version__}")
        return EXIT_OK
    first = next((a for a in argv if not a.startswith("-")), None)
    # Import only the command being run: the others pull in PyGithub and requests, which
    # cost half a second of start-up that `fmt` and `export` do not need.
    if first is not None and first not in COMMANDS and argv and argv[0] == first:
        close = _close(first, COMMANDS)
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
    stdout = sys.stdout
    sys.stdout = guard = PipeGuard(stdout)
    try:
        return int(args.func(args))
    except GeoaiError as exc:
        print(f"geoai-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("geoai-bot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # a write PipeGuard does not see (e.g. through sys.__stdout__)
        guard.silence()
        return EXIT_OK
    finally:
        sys.stdout = stdout


class PipeGuard:
    """stdout that goes quiet when the reader closes the pipe (`fmt --diff | head`): the
    command finishes its work and exits with its own code, with no traceback and no
    "Exception ignored" from the interpreter's last flush."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._closed = False

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self.silence()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self.silence()

    def silence(self) -> None:
        """Drop further output; point the real descriptor at /dev/null so the buffered rest
        can be flushed at exit without an error."""
        self._closed = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
