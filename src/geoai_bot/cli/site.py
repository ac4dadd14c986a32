"""`geoai-bot site FILE -o DIR [--links REPORT.json]`: the list as a searchable static page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geoai_bot.cli.common import (
    add_publish_arguments,
    load_link_states,
    load_list,
    report_unread,
    write_files,
)
from geoai_bot.site import build_site


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "site",
        help="build a searchable static web page of the list",
        description="Write a self-contained static site of FILE into DIR: index.html, "
        "papers.js (the data), app.js and style.css. No server or CDN is needed: open "
        "DIR/index.html from disk or publish DIR with GitHub Pages. Search covers titles, "
        "authors and abstracts; filters: section, has code, has a project page, and link "
        "health when --links gives a `links --format json` report.",
    )
    add_publish_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    doc = load_list(args.file)[1]
    for line in report_unread(doc, args.file):
        print(line, file=sys.stderr)
    files = build_site(doc, load_link_states(args.links), source=Path(args.file).name)
    write_files(args.output, files)
    print(f"{args.output}: site of {len(doc.entries)} papers ({len(files)} files)")
    return 0
