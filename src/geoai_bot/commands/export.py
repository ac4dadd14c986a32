"""`geoai-bot export FILE [--format json|csv]`: the list as data for other tools."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..export import to_csv, to_json
from .common import load_list, report_unread


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "export",
        help="print the list as JSON or CSV",
        description="Print FILE's name, update log and entries as JSON (the default) or CSV. "
        "Missing URLs and abstracts are null. Lines are 1-based.",
    )
    p.add_argument("file", metavar="FILE", help="the list's Markdown file, e.g. README.md")
    p.add_argument("--format", choices=("json", "csv"), default="json", help="output format")
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    _text, doc = load_list(args.file)
    for line in report_unread(doc, args.file):
        print(line, file=sys.stderr)
    out = to_json(doc) if args.format == "json" else to_csv(doc)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(out)
    else:
        sys.stdout.write(out)
    return 0
