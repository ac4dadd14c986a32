"""`geoai-bot log [add|reconcile] FILE...`: normalise the update log, record additions."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from typing import Any

from geoai_bot.cli.common import each_file, load_list
from geoai_bot.core.config import load_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.formatter import check_log_edit
from geoai_bot.core.textio import read_text, write_if_changed
from geoai_bot.log import (
    LogEdit,
    logged_total,
    normalize_log,
    read_date,
    reconcile,
    record_addition,
)

ACTIONS = ("add", "reconcile")

DESCRIPTION = """\
Keep the "Latest Updates" log of a paper list true and tidy. Only the log's lines and the
"Last Updated" line change; every other byte of FILE stays as it was.

  geoai-bot log FILE              normalise the log: zero-padded dates in the configured
                                  format, newest first, same-day counts merged, "Update 1
                                  paper." / "Update N papers.", free-text lines kept,
                                  "Last Updated" set to the newest date, lines beyond the
                                  visible limit folded into <details>
  geoai-bot log add FILE          add --count papers (default 1) to --date's line (default
                                  today, UTC), or a new line at the top; creates the
                                  section after the header if FILE has none
  geoai-bot log reconcile FILE    when the log counts fewer papers than FILE lists, add a
                                  line for today with the difference (never removes)

A file literally named "add" or "reconcile" can be given as ./add.
"""

EPILOG = """\
Exit codes: 0 done or nothing to do; 1 with --check when FILE would change, when dates
cannot be read (reported with their line, left untouched), or when the log counts more
papers than the list holds; 2 for input errors. Settings: [log] date_format and visible in
geoai-bot.toml (see docs/log.md).
"""


class _Intermixed(argparse.ArgumentParser):
    """Lets options sit between the action and FILE (`log reconcile --check FILE`).

    A plain `nargs="+"` positional stops at the first option, so argparse would reject
    the FILE after it; the intermixed parse reads all positionals wherever they are.
    """

    _mixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Any = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._mixing:  # the intermixed parse calls back into this method
            return super().parse_known_args(args, namespace)
        self._mixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "log",
        help="normalise the update log, record additions, reconcile counts",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="geoai-bot log [add|reconcile] FILE... [--check] [--count N] [--date YYYY-MM-DD] "
        "[--config PATH]",
    )
    p.add_argument(
        "words",
        nargs="+",
        metavar="[add|reconcile] FILE",
        help="an action (optional) and FILE(s)",
    )
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if FILE would change"
    )
    p.add_argument(
        "--count", type=int, default=None, metavar="N", help="log add: papers added (default 1)"
    )
    p.add_argument(
        "--date",
        default=None,
        metavar="YYYY-MM-DD",
        help="log add / reconcile: the day of the new line (default today, UTC)",
    )
    p.add_argument("--config", metavar="PATH", help="geoai-bot.toml to use (default: nearest)")
    p.set_defaults(func=run)
    p.__class__ = _Intermixed


def _parse_words(words: list[str]) -> tuple[str, list[str]]:
    """(action, FILEs): `[add|reconcile] FILE...` (a file named like an action: ./add)."""
    if words[0] in ACTIONS:
        if len(words) < 2:
            raise GeoaiError(f"'log {words[0]}' needs a FILE")
        action, files = words[0], words[1:]
    elif len(words) > 1 and not os.path.exists(words[0]):
        # A mistyped action must not be read as a missing file while the others are edited.
        raise GeoaiError(
            f"unknown log action {words[0]!r}; use 'log FILE...', 'log add FILE...' or "
            "'log reconcile FILE...'"
        )
    else:
        action, files = "normalize", words
    seen = [os.path.realpath(f) for f in files]
    twice = next((f for f, r in zip(files, seen, strict=True) if seen.count(r) > 1), None)
    if twice is not None:  # `log add` would record the same papers twice
        raise GeoaiError(f"{twice} is given more than once", twice)
    return action, files


def _day(raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    day = read_date(raw, "%Y-%m-%d")
    if day is None:
        raise GeoaiError(f"--date {raw!r} is not a real date; write it as YYYY-MM-DD")
    return day


def run(args: argparse.Namespace) -> int:
    action, args.files = _parse_words(list(args.words))
    if action != "add" and args.count is not None:
        raise GeoaiError("--count belongs to 'log add FILE'")
    if action == "normalize" and args.date is not None:
        raise GeoaiError("--date belongs to 'log add FILE' and 'log reconcile FILE'")
    count = 1 if args.count is None else args.count
    if count < 1:
        raise GeoaiError(f"--count must be 1 or more, not {count}")
    args.action, args.day, args.count = action, _day(args.date), count
    # Several FILEs: each edited or checked in turn, the worst exit code; an unreadable
    # file is said without hiding the others.
    return each_file(args, _run_one)


def _run_one(args: argparse.Namespace) -> int:
    action, path, day, count = args.action, args.file, args.day, args.count
    config = load_config(args.config, near=path).log
    over = False  # reconcile: the log counts more papers than the list holds
    if action == "reconcile":
        text, doc = load_list(path)  # the entries are what the log is reconciled with
        over = logged_total(text, config)[0] > len(doc.entries)
        edit = reconcile(text, len(doc.entries), day, config)
    elif action == "add":
        text = read_text(path)
        edit = record_addition(text, count, day, config)
    else:
        text = read_text(path)
        edit = normalize_log(text, config)
    if edit.changed:
        check_log_edit(text, edit.text, path, "the log edit")
    return _finish(path, text, edit, action == "add", args.check, over)


_AT_LINE = re.compile(r"line (\d+): (.*)", re.DOTALL)


def _finish(path: str, text: str, edit: LogEdit, add: bool, check: bool, over: bool) -> int:
    err = sys.stderr
    for problem in edit.problems:
        print(f"{path}:{problem.line}: {problem.message}", file=err)
    for message in edit.messages:
        # The log module says "line 4: ..."; the command line says FILE:4: like the others.
        at = _AT_LINE.match(message)
        print(f"{path}:{at.group(1)}: {at.group(2)}" if at else f"{path}: {message}", file=err)
    if check:
        if edit.changed:
            print(f"{path}: the update log would change (--check: nothing written)", file=err)
        elif not edit.messages:
            print(f"{path}: the update log is already in order", file=err)
        return 1 if edit.changed or edit.problems or over else 0
    if write_if_changed(path, text, edit.text):
        print(f"{path}: update log written", file=err)
    elif not edit.messages:
        print(f"{path}: the update log is already in order", file=err)
    if add:  # the addition is recorded; unreadable dates elsewhere are only reported
        return 0
    return 1 if edit.problems or over else 0
