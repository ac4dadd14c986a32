"""`geoai-bot action`: what the composite GitHub Action runs (reads INPUT_* and GITHUB_*)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from geoai_bot.action.env import COMMANDS, FAIL_ON
from geoai_bot.action.run import main as action_main


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "action",
        help="run as the GitHub Action (reads the runner's environment)",
        description="Run the job the GitHub Action would run. Inputs come from INPUT_COMMAND, "
        "INPUT_PATH, INPUT_TOKEN, INPUT_CONFIG and INPUT_FAIL_ON (action.yml sets them); the "
        "event from GITHUB_EVENT_NAME and GITHUB_EVENT_PATH; the repository and API from "
        "GITHUB_REPOSITORY and GITHUB_API_URL; files are read in GITHUB_WORKSPACE. With "
        "command 'auto': pull_request -> lint, format and update-log checks plus the links "
        "the PR changed; push and workflow_dispatch -> the same with every link; schedule -> "
        "every link, then one 'link-rot' tracking issue is opened, updated or closed; issues "
        "opened/edited/reopened with the form's label -> the submission flow; anything else "
        "-> a notice and exit 0. Writes annotations, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT "
        "(findings, broken-links, pull-request-url, report-path). Options override INPUT_*.",
        epilog="Exit codes: 0 clean (or below fail-on), 1 findings at or above fail-on, "
        "2 usage or input error, or a check that could not run.",
    )
    p.add_argument("--command", choices=COMMANDS, help="overrides INPUT_COMMAND")
    p.add_argument(
        "--path",
        help="the list file, or several: paths and globs separated by spaces, relative to "
        "the workspace (INPUT_PATH)",
    )
    p.add_argument("--config", help="a geoai-bot.toml (INPUT_CONFIG)")
    p.add_argument("--fail-on", choices=FAIL_ON, help="overrides INPUT_FAIL_ON")
    p.add_argument(
        "--links-report",
        metavar="JSON",
        help="with command link-report: use this `links --format json` report (e.g. merged "
        "shard reports) instead of checking the links again",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    environ = dict(os.environ)
    for name, value in (
        ("COMMAND", args.command),
        ("PATH", args.path),
        ("CONFIG", args.config),
        ("FAIL_ON", args.fail_on),
    ):
        if value:
            environ[f"INPUT_{name}"] = value
            environ.pop(f"INPUT_{name.replace('_', '-')}", None)
    links_report = os.path.abspath(args.links_report) if args.links_report else None
    return action_main(environ, links_report=links_report)
