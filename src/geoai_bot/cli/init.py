"""`geoai-bot init [LIST]`: set a list repository up for geoai-bot in one command.

Writes the three workflows, the issue form, geoai-bot.toml and (when the list has findings
today) the baseline, so CI is green on day one and only new problems fail. Never replaces
an existing file without --force; prints what it wrote and the two settings only the
maintainer can make on GitHub.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geoai_bot.action.scaffold import FORM_LABEL, action_ref, plan, valid_sha
from geoai_bot.check.gate import write_baseline
from geoai_bot.cli.common import load_list
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.textio import write_if_changed
from geoai_bot.lint.baseline import DEFAULT_NAME


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "init",
        help="set a list repository up: workflows, issue form, geoai-bot.toml, baseline",
        description="Run in the list's repository. Writes .github/workflows/geoai-bot-pr.yml "
        "(pull-request checks: only new problems fail), geoai-bot-links.yml (weekly link "
        "report), geoai-bot-submit.yml (issue-form submissions), the issue form with a "
        "`section` dropdown from the list's sections, geoai-bot.toml with the conventions "
        "learned from the list, and .geoai-bot-baseline.json when the list has findings today. "
        "Existing files are kept unless --force.",
        epilog="Exit codes: 0 written (or nothing to do), 1 some files exist (use --force), "
        "2 usage or input error.",
    )
    p.add_argument(
        "file", nargs="?", default="README.md", metavar="FILE", help="the list (default: README.md)"
    )
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    p.add_argument(
        "--action-sha",
        metavar="SHA",
        help="pin the workflows to this geoai-bot commit (40 hex digits; recommended)",
    )
    p.set_defaults(func=run)


def _repo_root(list_file: Path) -> Path:
    """The git work tree holding the list, else the list's folder."""
    here = list_file.resolve().parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def run(args: argparse.Namespace) -> int:
    if args.action_sha and not valid_sha(args.action_sha):
        raise GeoaiError(f"--action-sha {args.action_sha!r}: give the full 40-hex commit SHA")
    list_file = Path(args.file)
    _text, doc = load_list(list_file)
    root = _repo_root(list_file)
    rel = list_file.resolve().relative_to(root).as_posix()
    todo = plan(doc, rel, action_ref(args.action_sha))
    wrote: list[str] = []
    kept: list[str] = []
    for name, text in todo.files.items():
        target = root / name
        if target.exists() and not args.force:
            kept.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, "", text)
        wrote.append(name)
    baseline = root / DEFAULT_NAME
    if baseline.exists() and not args.force:
        kept.append(DEFAULT_NAME)
    else:
        config = root / "geoai-bot.toml"
        n, _line = write_baseline(
            [str(list_file)],
            str(baseline),
            str(config) if config.is_file() else None,
            keep_empty=False,
        )
        if n:
            wrote.append(f"{DEFAULT_NAME} ({n} findings of today: they do not fail)")
    for name in wrote:
        print(f"wrote {name}")
    for name in kept:
        print(f"kept {name} (exists; --force replaces it)")
    for fact in todo.learned:
        print(f"learned: {fact}")
    if len(todo.sections) > 1:
        print(f"issue form: section dropdown with {len(todo.sections)} sections")
    print(
        "\nOn GitHub, once:\n"
        f"  1. Issues -> Labels -> create the label '{FORM_LABEL}' (or let the first "
        "submission run create it).\n"
        '  2. Settings -> Actions -> General -> Workflow permissions -> tick "Allow GitHub '
        'Actions to create and approve pull requests".\n'
        "Then commit the files above and push."
    )
    if not args.action_sha:
        print(
            "note: the workflows use the release tag; pin it to the release's commit SHA "
            "with --action-sha (zizmor and Dependabot expect the SHA form)",
            file=sys.stderr,
        )
    return 1 if kept and not wrote else 0
