"""`geoai-bot submit`: turn an `issues` event (an issue-form submission) into one pull request."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from geoai_bot.action.env import MAX_WAIT_ENV, PAUSE_ENV, parse_max_wait, parse_pauses, read_event
from geoai_bot.core.config import CONFIG_NAME
from geoai_bot.core.errors import GeoaiError
from geoai_bot.github.forge import DEFAULT_API_URL, GitHubForge
from geoai_bot.submit.flow import LABEL_NEW, SubmitOptions, submit_issue
from geoai_bot.submit.form import DEFAULT_TEMPLATE_PATH


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "submit",
        help="turn an issue-form submission into a pull request",
        description="Read an `issues` event (GITHUB_EVENT_PATH or --event), validate the "
        "issue form, and open or update ONE pull request from branch geoai-bot/issue-<n> "
        "adding the paper to the list; or comment what to fix (label 'invalid') or where the "
        "paper already is (label 'duplicate'). Safe to re-run. Needs a token with contents, "
        "pull-requests and issues write permission.",
        epilog="Exit codes: 0 handled (PR, invalid, duplicate, ignored), 1 a GitHub call "
        "failed (a comment says so; re-running is safe), 2 usage error.",
    )
    p.add_argument("--event", metavar="PATH", help="event JSON (default: $GITHUB_EVENT_PATH)")
    p.add_argument("--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)")
    p.add_argument(
        "--api-url",
        metavar="URL",
        help=f"REST API root (default: $GITHUB_API_URL or {DEFAULT_API_URL})",
    )
    p.add_argument(
        "--token", metavar="TOKEN", help="API token (default: $GITHUB_TOKEN); prefer the variable"
    )
    p.add_argument(
        "--path", "--list", default="README.md", help="the list file (default: README.md)"
    )
    p.add_argument(
        "--template",
        default=None,
        help=f"issue form in the repository (default: {DEFAULT_TEMPLATE_PATH}; "
        "the packaged form if absent)",
    )
    p.add_argument(
        "--config", default=None, help="config file in the repository (default: geoai-bot.toml)"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="try a submission locally: with --body, print the validation, the entry, the "
        "diff of the list and the comment the bot would post; no GitHub, no token, no writes",
    )
    p.add_argument(
        "--body",
        metavar="ISSUE.md",
        help="with --dry-run: the issue body as GitHub renders the form ('-' = stdin)",
    )
    p.add_argument(
        "--arxiv",
        action="store_true",
        help="with --dry-run: fill an empty title, authors or abstract from arXiv, as the bot "
        "does (the only network use of a dry run)",
    )
    p.add_argument(
        "--label",
        default=None,
        help="only issues with this label are submissions (default: the labels of the "
        f"repository's issue form, {LABEL_NEW} if it sets none; '' = all)",
    )
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.dry_run or args.body:
        return dry(args)
    event_path = args.event or os.environ.get("GITHUB_EVENT_PATH")
    repo = args.repo or os.environ.get("GITHUB_REPOSITORY")
    api_url = args.api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL
    token = args.token or os.environ.get("GITHUB_TOKEN")
    if not event_path:
        raise GeoaiError("no event: pass --event PATH or set GITHUB_EVENT_PATH")
    event = read_event(event_path)
    if not repo:
        repo = str((event.get("repository") or {}).get("full_name") or "")
    if not repo or "/" not in repo:
        raise GeoaiError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    if not token:
        raise GeoaiError("no token: set GITHUB_TOKEN (the workflow's token needs write access)")
    reads, writes = parse_pauses(os.environ.get(PAUSE_ENV, ""))
    max_wait = parse_max_wait(os.environ.get(MAX_WAIT_ENV, ""))
    forge = GitHubForge(
        repo,
        token,
        api_url,
        max_wait=max_wait,
        seconds_between_requests=reads,
        seconds_between_writes=writes,
    )
    options = SubmitOptions(
        readme=args.path,
        template=args.template or DEFAULT_TEMPLATE_PATH,
        config=args.config or CONFIG_NAME,
        label=args.label,
    )
    outcome = submit_issue(forge, event, options)
    if args.json:
        print(
            json.dumps(
                {
                    "status": outcome.status,
                    "message": outcome.message,
                    "pull_request_url": outcome.pr_url,
                    "comment_url": outcome.comment_url,
                    "problems": outcome.problems,
                },
                indent=2,
            )
        )
    else:
        print(f"geoai-bot submit: {outcome.message}")
        for problem in outcome.problems:
            print(f"  - {problem}")
    if outcome.exit_code:
        print(f"geoai-bot submit: {outcome.message}; re-running is safe", file=sys.stderr)
    return outcome.exit_code


def dry(args: argparse.Namespace) -> int:
    """`--dry-run --body ISSUE.md`: what the bot would answer, from local files only."""
    from geoai_bot.core.textio import read_text
    from geoai_bot.submit.dryrun import dry_run

    if not (args.dry_run and args.body):
        raise GeoaiError("--dry-run and --body go together: submit --dry-run --body ISSUE.md")
    body = sys.stdin.read() if args.body == "-" else read_text(args.body)
    fetch = None
    if args.arxiv:
        from geoai_bot.arxiv.client import fetch as arxiv_fetch

        fetch = arxiv_fetch
    result = dry_run(body, args.path, template=args.template, config=args.config, fetch=fetch)
    o = result.outcome
    if args.json:
        print(
            json.dumps(
                {
                    "status": "would-open" if result.pull else o.status,
                    "problems": o.problems,
                    "diff": result.diff,
                    "pull_request": {"title": result.pull[0], "body": result.pull[1]}
                    if result.pull
                    else None,
                    "comment": result.comment,
                    "labels": list(result.labels),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return result.exit_code
    verdict = {
        "invalid": f"rejected: {len(o.problems)} problem(s) to fix in the issue",
        "duplicate": f"duplicate: {o.message}",
        "failed": f"could not run: {o.message}",
    }.get(o.status, "valid: the bot would open a pull request")
    print(f"Validation: {verdict}")
    for problem in o.problems:
        print(f"  - {problem}")
    if result.pull:
        title, pr_body = result.pull
        print(f"\nPull request: {title}\n")
        print(pr_body.rstrip())
        print(f"\nDiff of {args.path}:\n")
        sys.stdout.write(result.diff)
    if result.comment:
        print("\nThe comment the bot would post on the issue:\n")
        print(result.comment.rstrip())
    if result.labels:
        print(f"\nLabels the bot would add: {', '.join(result.labels)}")
    return result.exit_code
