"""`geoai-bot badges FILE -o DIR [--links REPORT.json]`: SVG badges and shields.io JSON."""

from __future__ import annotations

import argparse
from typing import Any

from geoai_bot.cli.common import add_publish_arguments, load_link_states, load_list, write_files
from geoai_bot.core.stats import compute
from geoai_bot.report.badges import badge_files


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "badges",
        help="write SVG badges (papers, with code, link health) and shields.io JSON",
        description="Write NAME.svg and NAME.json (a shields.io endpoint) into DIR for: "
        "papers (the number of papers), code (share with a code link) and, with --links, "
        "links (share of checked links that work).",
    )
    add_publish_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    doc = load_list(args.file)[1]
    files = badge_files(compute(doc), load_link_states(args.links))
    for path in write_files(args.output, files):
        print(path)
    return 0
