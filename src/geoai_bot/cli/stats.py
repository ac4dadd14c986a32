"""`geoai-bot stats FILE [--format text|json|markdown]`: the list in numbers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from geoai_bot.cli.common import load_list
from geoai_bot.core.stats import compute
from geoai_bot.report import stats as render

FORMATS = {"text": render.to_text, "json": render.to_json, "markdown": render.to_markdown}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "stats",
        help="papers per section, share with code, papers added per month, top authors",
        description="Print statistics of FILE: papers per section; the share with code, a "
        "project page and a dataset; papers added per month (from the update log); the "
        "most frequent authors.",
    )
    p.add_argument("file", metavar="FILE", help="the list's Markdown file, e.g. README.md")
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help="output format")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    doc = load_list(args.file)[1]
    sys.stdout.write(FORMATS[args.format](compute(doc)))
    return 0
