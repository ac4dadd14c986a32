"""`geoai-bot export FILE [--format json|csv] [--config PATH]`: the list as data for other tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

from geoai_bot.cli.common import load_list, report_unread
from geoai_bot.core.cite import to_bibtex, to_csl_json
from geoai_bot.core.config import load_config
from geoai_bot.core.export import write_csv, write_json
from geoai_bot.core.fastmodel import gc_paused
from geoai_bot.core.model import Document
from geoai_bot.core.textio import atomic_writer
from geoai_bot.log.section import read_date


def _text_writer(render: Callable[[Document], str]) -> Callable[[Document, TextIO], None]:
    def write(doc: Document, fh: TextIO) -> None:
        fh.write(render(doc))

    return write


WRITERS: dict[str, Callable[[Document, TextIO], None]] = {
    "json": write_json,
    "csv": write_csv,
    "bibtex": _text_writer(to_bibtex),
    "csl-json": _text_writer(to_csl_json),
}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "export",
        help="print the list as JSON or CSV",
        description="Print FILE's name, update log and entries as JSON (the default) or CSV, "
        "or its papers as citations: BibTeX (keys like lee2025geochat, arXiv eprints) or "
        "CSL-JSON (Zotero, pandoc). Missing URLs and abstracts are null. Lines are 1-based.",
    )
    p.add_argument("file", metavar="FILE", help="the list's Markdown file, e.g. README.md")
    p.add_argument(
        "--format",
        choices=tuple(WRITERS),
        default="json",
        help="output format: json (the contract), csv, bibtex or csl-json (citations)",
    )
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    p.add_argument(
        "--config",
        metavar="PATH",
        help="geoai-bot.toml to use (default: the nearest); its [log] date_format reads the "
        "log's dates",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with gc_paused():  # a short-lived process holding one big parsed list
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    config = load_config(args.config, near=args.file)  # before reading: a bad config is exit 2
    doc = load_list(args.file)[1]  # drop the text: only the model is needed from here
    read_log_dates(doc, config.log.date_format)
    for line in report_unread(doc, args.file):
        print(line, file=sys.stderr)
    write = WRITERS[args.format]
    if args.output:
        with atomic_writer(args.output) as fh:  # never a half-written file
            write(doc, fh)
    else:
        write(doc, sys.stdout)
    return 0


def read_log_dates(doc: Document, date_format: str) -> None:
    """Re-read the log's dates in the configured format.

    The parser reads YYYY.MM.DD (any of . / -) without a configuration; a list that writes
    `29/06/2025` under `date_format = "%d/%m/%Y"` would otherwise export null dates.
    """
    log = doc.update_log
    for line in log.lines:
        if line.raw_date:
            line.date = read_date(line.raw_date, date_format)
    if log.last_updated is not None and log.last_updated.raw_date:
        log.last_updated.date = read_date(log.last_updated.raw_date, date_format)
