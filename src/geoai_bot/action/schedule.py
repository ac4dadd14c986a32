"""The Action's scheduled job: every link (or a merged sharded report), the ONE link-rot
tracking issue, the bot's pull requests (moved links, enrich), the list's statistics in
the job summary and, with the `site-dir` input, the site and badges."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from geoai_bot.action import publish
from geoai_bot.action.env import ActionEnv, append_summary
from geoai_bot.action.report import commands_paused, emit, print_text
from geoai_bot.check import run as checks
from geoai_bot.check.run import CheckReport, LinkReport
from geoai_bot.core.errors import GeoaiError
from geoai_bot.report import annotations as gha
from geoai_bot.report import summary

TRACKING_LABEL = "link-rot"


def link_report_job(
    env: ActionEnv, links_report: str | None, link_values: dict[str, Any]
) -> tuple[int, dict[str, str]]:
    """The scheduled run: all links (or a merged report), the tracking issue, the bot's
    pull requests, the statistics and, with `site-dir`, the site; (exit code, outputs)."""
    path = env.inputs.path
    with commands_paused():
        if links_report:
            report = CheckReport(path=path, links=load_link_report(links_report))
            report.notes.append(f"link results read from {links_report}")
        else:
            report = checks.check(
                path,
                config=env.inputs.config or None,
                lint=False,
                fmt=False,
                log=False,
                **link_values,
            )
        print_text(report)
    outputs = emit(report, env, "geoai-bot link report")
    if report.problems or report.links is None:
        return 2, outputs
    try:
        status = sync_tracking(env, report.links)
    except TrackingFailed as exc:
        print(f"::error title=geoai-bot link-rot issue::{gha.escape_data(str(exc))}")
        append_summary(env.summary_file, f"\nLink-rot tracking issue: failed: {exc}\n")
        return 1, outputs
    print(f"geoai-bot: link-rot tracking issue: {status}", file=sys.stderr)
    append_summary(env.summary_file, f"\nLink-rot tracking issue: {status}\n")
    pulls_failed = bot_pull_requests(env, report.links)
    append_summary(env.summary_file, publish.stats_summary(path))
    if env.inputs.site_dir:
        out, papers = publish.publish_site(path, env.workspace, env.inputs.site_dir, report.links)
        print(f"geoai-bot: site and badges of {papers} papers in {out}", file=sys.stderr)
    # The issue is the report: a scheduled run fails only when it could not do its work.
    return (1 if pulls_failed else 0), outputs


def load_link_report(path: str) -> LinkReport:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise GeoaiError(f"cannot read the link report: {exc}", path) from None
    if not isinstance(data, dict):
        raise GeoaiError("the link report is not a JSON object", path)
    return checks.parse_link_report(data)


def sync_tracking(env: ActionEnv, links: LinkReport) -> str:
    """Open, update or close the ONE link-rot issue through forge; returns what happened."""
    from geoai_bot.github.types import ForgeError

    body = summary.link_issue_body(
        links, env.inputs.path, run_url=env.run_url, line_link=env.line_link()
    )
    try:
        result = _forge(env).sync_tracking_issue(
            label=TRACKING_LABEL,
            title=f"Broken links in {env.inputs.path}",
            body=body,
            broken=bool(links.broken),
        )
    except ForgeError as exc:
        raise TrackingFailed(str(exc)) from None
    if result.number is None:
        return "none open, nothing to do"
    ref = f"[#{result.number}]({result.url})" if result.url else f"#{result.number}"
    return f"{ref} is up to date" if result.action == "none" else f"{result.action} {ref}"


def _forge(env: ActionEnv) -> Any:
    from geoai_bot.github.forge import GitHubForge  # late: PyGithub is slow to import

    if not env.repository:
        raise GeoaiError("GITHUB_REPOSITORY is not set; the bot needs a repository")
    reads, writes = env.api_pauses
    return GitHubForge(
        env.repository,
        env.inputs.token or None,
        env.api_url,
        max_wait=env.api_max_wait,
        seconds_between_requests=reads,
        seconds_between_writes=writes,
    )


def bot_pull_requests(env: ActionEnv, links: LinkReport) -> bool:
    """The moved-links and enrich pull requests (inputs `moved-links`, `enrich`); True
    when one of them failed (the job summary says which and why)."""
    if not (env.inputs.moved_links or env.inputs.enrich):
        return False
    from geoai_bot.action.botpr import bot_pulls
    from geoai_bot.core.config import load_config

    path = env.inputs.path
    lines, failed = bot_pulls(
        _forge(env),
        path,
        links,
        load_config(env.inputs.config or None, near=path),
        moved=env.inputs.moved_links,
        fill=env.inputs.enrich,
    )
    for line in lines:
        print(f"geoai-bot: {line}", file=sys.stderr)
        if "failed:" in line:
            print(f"::error title=geoai-bot pull request::{gha.escape_data(line)}")
    append_summary(env.summary_file, "".join(f"\n{summary.md_text(x, 2000)}\n" for x in lines))
    return failed


class TrackingFailed(Exception):
    """The GitHub API refused the tracking-issue update for good (after forge's retries)."""
