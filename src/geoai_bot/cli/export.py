"""`geoai-bot export FILE... [--format json|csv|bibtex|csl-json]`: the list as data for other
tools. `-` reads standard input. Several FILEs make one output: a JSON array of the per-file
objects, one CSV (one header), one BibTeX file, one CSL-JSON array."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from geoai_bot.cli.common import each_file, load_list_or_stdin, report_unread
from geoai_bot.core.cite import csl_items, to_bibtex, to_csl_json
from geoai_bot.core.config import load_config
from geoai_bot.core.export import to_csv, to_json, write_csv, write_json
from geoai_bot.core.fastmodel import gc_paused
from geoai_bot.core.model import Document
from geoai_bot.core.textio import atomic_writer
from geoai_bot.log.section import read_date


def _text_writer(render: Callable[[Document], str]) -> Callable[[Document, TextIO], None]:
    def write(doc: Document, fh: TextIO) -> None:
        fh.write(render(doc))

    return write


def _csv_rows(doc: Document) -> str:
    return to_csv(doc).split("\n", 1)[1]  # the header is one line (CSV_FIELDS)


# Several documents as one output, per format.
JOINERS: dict[str, Callable[[list[Document]], str]] = {
    "json": lambda docs: "[\n" + ",\n".join(to_json(d).rstrip("\n") for d in docs) + "\n]\n",
    "csv": lambda docs: to_csv(docs[0]) + "".join(_csv_rows(d) for d in docs[1:]),
    "bibtex": lambda docs: "\n".join(to_bibtex(d) for d in docs),
    "csl-json": lambda docs: to_csl_json_items([i for d in docs for i in csl_items(d)]),
}


def to_csl_json_items(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


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
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the list's Markdown file(s), e.g. README.md; `-`: standard input",
    )
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
    docs: list[Document] = []

    def read_one(one: argparse.Namespace) -> int:
        # The config before reading: a bad config is exit 2.
        config = load_config(args.config, near="." if one.file == "-" else one.file)
        path, _, doc = load_list_or_stdin(one.file)
        read_log_dates(doc, config.log.date_format)
        for line in report_unread(doc, path):
            print(line, file=sys.stderr)
        docs.append(doc)
        return 0

    code = each_file(args, read_one)  # an unreadable file: said, exit 2, the others exported
    if not docs:
        return code
    if args.output:
        with atomic_writer(args.output) as fh:  # never a half-written file
            _write(args, docs, fh)
    else:
        _write(args, docs, sys.stdout)
    return code


def _write(args: argparse.Namespace, docs: list[Document], fh: TextIO) -> None:
    if len(args.files) == 1:
        WRITERS[args.format](docs[0], fh)
    else:
        fh.write(JOINERS[args.format](docs))


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
