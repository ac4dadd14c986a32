"""`geoai-bot enrich FILE [--write]`: fill missing paper links and abstracts from arXiv."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from geoai_bot.arxiv.client import ArxivError, search_titles
from geoai_bot.cli.common import load_list
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.textio import write_if_changed
from geoai_bot.enrich import Fill, apply_fills, plan_fills, wanted


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "enrich",
        help="fill missing paper links and abstracts from arXiv",
        description="For entries whose Paper link is None or whose abstract is empty, search "
        "arXiv by title (one request every 3 seconds, 10 titles per request) and fill the "
        "arXiv abs link and/or the abstract, only where the normalised titles are equal (or "
        "at least 0.97 similar with an author in common). Prints what it would change; "
        "--write edits FILE. Exit 0 whether or not anything was found; 2 when arXiv cannot "
        "be reached. The API address can be changed with GEOAI_BOT_ARXIV_API_URL.",
    )
    p.add_argument("file", metavar="FILE", help="the list's Markdown file, e.g. README.md")
    p.add_argument("--write", action="store_true", help="edit FILE instead of only printing")
    p.set_defaults(func=run)


def describe(fills: list[Fill]) -> list[str]:
    return [
        f"{f.title}: {f.field} <- arXiv {f.arxiv_id}"
        + (f" ({f.value})" if f.field == "paper" else f" ({len(f.value)} characters)")
        for f in fills
    ]


def run(args: argparse.Namespace) -> int:
    text, doc = load_list(args.file)
    todo = wanted(doc)
    if not todo:
        print(f"{args.file}: every entry has a paper link and an abstract")
        return 0
    try:
        records = search_titles([doc.entries[i].title for i in todo])
    except ArxivError as exc:
        raise GeoaiError(f"{exc}; nothing was changed", args.file) from None
    new, applied = apply_fills(text, doc, plan_fills(doc, records))
    for line in describe(applied):
        print(f"{args.file}: {line}")
    print(
        f"{args.file}: {len(applied)} fields filled for {len({f.index for f in applied})} of "
        f"{len(todo)} entries missing a paper link or an abstract"
        + ("" if args.write or not applied else " (use --write to edit the file)"),
        file=sys.stderr,
    )
    if args.write and applied:
        write_if_changed(args.file, text, new)
    return 0
