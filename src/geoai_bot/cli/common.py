"""Helpers shared by subcommands: link reports given with --links, and writing output folders.

Loading a list (and refusing files that are not paper lists) lives in core/lists.py; the
names are re-exported here for the commands."""

from __future__ import annotations

import argparse
import copy
import os
import sys
from collections.abc import Callable
from typing import TextIO

from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.lists import load_list, load_list_scanned, report_unread, require_entries
from geoai_bot.core.model import Document
from geoai_bot.core.textio import write_files

__all__ = [
    "add_color_option",
    "add_publish_arguments",
    "each_file",
    "load_link_states",
    "load_list",
    "load_list_or_stdin",
    "read_list_or_stdin",
    "report_unread",
    "require_entries",
    "use_colour",
    "write_files",
]


def add_publish_arguments(p: argparse.ArgumentParser) -> None:
    """FILE, `-o DIR` and `--links REPORT`: what the commands that publish a list take."""
    p.add_argument("file", metavar="FILE", help="the list's Markdown file, e.g. README.md")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write")
    p.add_argument("--links", metavar="REPORT", help="a `geoai-bot links --format json` report")


def load_link_states(path: str | None) -> dict[str, str] | None:
    """URL -> state from a `links --format json` report (validated as `links merge` does)."""
    if path is None:
        return None
    from geoai_bot.links.shard import merge_reports  # only commands given --links need it

    return {str(r["url"]): str(r["state"]) for r in merge_reports([path])["results"]}


def add_color_option(p: argparse.ArgumentParser) -> None:
    """--color auto|always|never, as ruff and git spell it."""
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto (default: on a terminal, unless NO_COLOR is set), "
        "always or never",
    )


def use_colour(choice: str, stream: TextIO) -> bool:
    """Whether to colour STREAM: an explicit --color wins; auto honours NO_COLOR
    (https://no-color.org: any non-empty value) and colours only a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def each_file(args: argparse.Namespace, run_one: Callable[[argparse.Namespace], int]) -> int:
    """Run RUN_ONE once per path in `args.files` (as `args.file`): the worst exit code wins,
    and a file that cannot be read is reported (exit 2) without hiding the others' results."""
    worst = 0
    for path in args.files:
        one = copy.copy(args)
        one.file = path
        try:
            code = run_one(one)
        except GeoaiError as exc:
            if len(args.files) == 1:
                raise
            print(f"geoai-bot: {exc}", file=sys.stderr)
            code = 2
        worst = max(worst, code)
    return worst


STDIN_NAME = "<stdin>"  # how a list read from `-` is named in messages


def load_list_or_stdin(path: str) -> tuple[str, str, Document]:
    """(name, text, document) of FILE, or of standard input when FILE is `-` (named
    <stdin>; its geoai-bot.toml is the one nearest the working directory)."""
    return read_list_or_stdin(path)[:3]


def read_list_or_stdin(path: str) -> tuple[str, str, Document, bytearray]:
    """load_list_or_stdin, plus the scanner's line kinds (lint reads them)."""
    if path != "-":
        return (path, *load_list_scanned(path))
    from geoai_bot.core.parse import parse_split, split_lines

    text = sys.stdin.read()
    doc, kinds = parse_split(*split_lines(text))
    require_entries(doc, STDIN_NAME)
    return STDIN_NAME, text, doc, kinds
