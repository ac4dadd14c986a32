"""`geoai-bot links FILE`: check every link in a list; `geoai-bot links merge REPORT...`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from geoai_bot.cli.common import each_file, load_list, report_unread
from geoai_bot.core.config import load_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.paths import confine, repository_root, runner_roots
from geoai_bot.core.textio import write_if_changed
from geoai_bot.links.model import LinkResult
from geoai_bot.links.progress import Bar
from geoai_bot.links.run import NO_NETWORK, LinkOptions, check_links, settings_from, with_lychee
from geoai_bot.links.shard import merge_reports, parse_shard
from geoai_bot.report import links as report

FORMATS = ("text", "json", "markdown", "github")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "links",
        help="check the health of every link in a list",
        description="Check every link in FILE: entry bullets, inline and bare URLs, HTML href/src, "
        "relative paths (on disk) and #anchors (GitHub's heading anchors). github.com "
        "repositories go through the GitHub API (GITHUB_TOKEN if set), arXiv links through the "
        "arXiv API in batches. States: ok, redirect, broken, timeout, blocked, excluded, "
        "skipped. `geoai-bot links merge REPORT...` joins --shard JSON reports.",
        epilog="Exit codes: 0 nothing broken, 1 broken links found, 2 usage or input error "
        "(also when there is no network at all).",
    )
    p.add_argument("file", metavar="FILE", help="the list's Markdown file(s), or `merge`")
    p.add_argument("reports", nargs="*", metavar="FILE", help=argparse.SUPPRESS)
    p.add_argument("--format", choices=FORMATS, default="text", help="report format")
    p.add_argument("-o", "--output", metavar="PATH", help="write the report to PATH")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="per-request timeout")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="check links to private, loopback and link-local addresses (refused by default)",
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument("--cache", metavar="PATH", help="cache file (default .geoai-bot/cache.sqlite)")
    p.add_argument(
        "--changed-from",
        metavar="GIT_REF",
        help="check only links added or changed since FILE at GIT_REF",
    )
    p.add_argument("--shard", metavar="K/N", help="check only the K-th of N shards of the hosts")
    p.add_argument("--offline", action="store_true", help="no network: web links are skipped")
    p.add_argument("--config", metavar="PATH", help="geoai-bot.toml to use")
    p.add_argument(
        "--fix-moved",
        action="store_true",
        help="rewrite links that moved permanently (301/308 or a GitHub rename) to their new "
        "URL in FILE, when the new URL works and is on the same site; answers are fetched "
        "fresh (the cache is not read)",
    )
    p.set_defaults(func=run)


def _write(args: argparse.Namespace, text: str) -> None:
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            msg = f"cannot write the report: {exc.strerror}; check -o"
            raise GeoaiError(msg, args.output) from None
    else:
        sys.stdout.write(text)


def _merge(args: argparse.Namespace) -> int:
    if not args.reports:
        raise GeoaiError("links merge: give the shard JSON reports to merge")
    data = merge_reports(args.reports)
    _write(args, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 1 if data["summary"]["broken"] else 0


def fix_moved(path: str, text: str, results: list[LinkResult]) -> None:
    """Rewrite FILE's safely moved links (links/moved.py) and say what changed on stderr."""
    # Imported here: only --fix-moved needs it, and every run pays for its start-up.
    from geoai_bot.links.moved import check_view, rewrite, safe_moves

    moves = safe_moves(results)
    new = rewrite(text, moves)
    check_view(text, new, moves, path)  # a reader sees only the new URLs, or nothing is written
    if moves and write_if_changed(path, text, new):
        print(f"geoai-bot: {path}: {len(moves)} moved link(s) rewritten:", file=sys.stderr)
        for m in moves:
            print(f"  {m.old} -> {m.new}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.file == "merge" and (args.reports or not os.path.exists("merge")):
        return _merge(args)
    # Several FILEs: one report (text and Markdown one after another, JSON an array of the
    # per-file reports), the worst exit code; an unreadable file does not hide the others.
    if args.timeout is not None and not 0 < args.timeout <= 300:
        raise GeoaiError("--timeout must be between 0 and 300 seconds")
    args.files, args.outputs = [args.file, *args.reports], []
    code = each_file(args, _run_one)
    if args.outputs:
        if args.format == "json" and len(args.files) > 1:
            docs = ",\n".join(o.rstrip("\n") for o in args.outputs)
            _write(args, f"[\n{docs}\n]\n")
        else:
            _write(args, "".join(args.outputs))
    return code


def _run_one(args: argparse.Namespace) -> int:
    cfg = load_config(args.config, near=args.file).links
    shard = parse_shard(args.shard) if args.shard else None
    if args.changed_from:
        from geoai_bot.links.changed import old_text  # runs git; only --changed-from needs it
    text, doc = load_list(args.file)
    for line in report_unread(doc, args.file):
        print(line, file=sys.stderr)
    opts = LinkOptions(
        settings=settings_from(cfg, timeout=args.timeout, allow_private=args.allow_private),
        exclude=cfg.exclude,
        offline=args.offline,
        old_text=old_text(args.changed_from, args.file) if args.changed_from else None,
        shard=shard,
        github_token=os.environ.get("GITHUB_TOKEN") or None,
    )
    note = with_lychee(opts, args.file)
    if note:
        print(f"geoai-bot: {note}", file=sys.stderr)
    cache = None
    if not args.no_cache and not args.offline and not args.fix_moved:
        warn = lambda m: print(f"geoai-bot: warning: {m}", file=sys.stderr)  # noqa: E731
        # --cache is the operator's own choice; [links] cache comes from geoai-bot.toml,
        # which in a pull request's checks is the pull request's file: keep it inside the
        # repository (or the runner's temp/cache folders), symlinks followed.
        where = args.cache or confine(
            cfg.cache,
            [repository_root(args.file), *runner_roots()],
            "[links] cache in geoai-bot.toml",
        )
        from geoai_bot.links.cache import Cache  # sqlite3: not loaded for --no-cache

        cache = Cache(where, cfg.ttl, warn=warn)
    bar = Bar()
    try:
        result = check_links(text, args.file, doc, opts, cache, progress=bar, on_total=bar.start)
    finally:
        bar.close()
        if cache is not None:
            cache.close()
    if args.fix_moved and not result.no_network:
        fix_moved(args.file, text, result.results)
    if result.no_network:
        print(f"geoai-bot: {NO_NETWORK}", file=sys.stderr)
        return 2
    extra = {
        f"unchanged links not checked (--changed-from {args.changed_from})": (
            result.unchanged_skipped
        ),
        f"links on other shards (--shard {args.shard})": result.other_shards,
    }
    meta: dict[str, Any] = {"file": args.file, "unchanged_skipped": result.unchanged_skipped}
    if args.shard:
        meta["shard"] = args.shard
    if args.format == "json":
        out = report.to_json(result.results, meta)
    elif args.format == "markdown":
        out = report.to_markdown(result.results, args.file, extra)
    elif args.format == "github":
        out = report.to_github(result.results, extra)
    else:
        out = report.to_text(result.results, extra)
    if args.format == "text" and len(args.files) > 1:
        out = f"{args.file}:\n{out}"  # which list each text report is about
    args.outputs.append(out)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY") if args.format == "github" else None
    if summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as fh:
                fh.write(report.to_markdown(result.results, args.file, extra))
        except OSError as exc:
            print(
                f"geoai-bot: warning: cannot append to GITHUB_STEP_SUMMARY: {exc}", file=sys.stderr
            )
    failing = set(cfg.fail_on)
    return 1 if any(r.state in failing for r in result.results) else 0
