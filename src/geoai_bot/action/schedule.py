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
    env: ActionEnv, links_report: str | None, link_values: dict[str, Any], paths: list[str]
) -> tuple[int, dict[str, str]]:
    """The scheduled run: all links of every list (or a merged report), ONE tracking issue
    for them all, the bot's pull requests (one per list and kind), the statistics and,
    with `site-dir`, the site; (exit code, outputs)."""
    if links_report and len(paths) > 1:
        raise GeoaiError(
            f"--links-report holds one list's links, but input 'path' names {len(paths)} "
            "lists; run link-report once per list, or without --links-report"
        )
    reports = []
    with commands_paused():
        for path in paths:
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
            reports.append(report)
    outputs = emit(reports, env, "geoai-bot link report")
    if any(r.problems or r.links is None for r in reports):
        return 2, outputs
    links = {r.path: r.links for r in reports if r.links is not None}
    # One client for the whole run: PyGithub spaces writes per client, so the tracking
    # issue and every list's pull requests share one pacing (and one look-up of the bot).
    forge = _forge(env)
    try:
        status = sync_tracking(env, forge, links)
    except TrackingFailed as exc:
        print(f"::error title=geoai-bot link-rot issue::{gha.escape_data(str(exc))}")
        append_summary(env.summary_file, f"\nLink-rot tracking issue: failed: {exc}\n")
        return 1, outputs
    print(f"geoai-bot: link-rot tracking issue: {status}", file=sys.stderr)
    append_summary(env.summary_file, f"\nLink-rot tracking issue: {status}\n")
    pulls_failed = False
    for path, list_links in links.items():
        pulls_failed |= bot_pull_requests(env, forge, path, list_links, several=len(links) > 1)
        append_summary(env.summary_file, publish.stats_summary(path))
    if env.inputs.site_dir:
        out, papers = publish.publish_sites(paths, env.workspace, env.inputs.site_dir, links)
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


def sync_tracking(env: ActionEnv, forge: Any, links: dict[str, LinkReport]) -> str:
    """Open, update or close the ONE link-rot issue through forge; returns what happened.
    With several lists, the body has a section per list, each in an equal share of the
    size GitHub allows."""
    from geoai_bot.github.types import ForgeError

    if len(links) == 1:
        ((path, only),) = links.items()
        title = f"Broken links in {path}"
        body = summary.link_issue_body(
            only, path, run_url=env.run_url, line_link=env.line_link(path)
        )
    else:
        title = f"Broken links in {len(links)} lists"
        share = (summary.ISSUE_BODY_LIMIT - 1000) // len(links)
        parts = []
        for path, list_links in links.items():
            parts.append(f"## {summary.md_code(path)}\n")
            if summary.problem_links(list_links):
                parts.append(
                    summary.link_issue_body(
                        list_links, path, limit=share, line_link=env.line_link(path)
                    )
                )
            else:
                parts.append(f"Every link works ({summary.link_counts(list_links)}).\n")
        if env.run_url:
            parts.append(f"Last checked by [this run]({env.run_url}).\n")
        body = "\n".join(parts)
    try:
        result = forge.sync_tracking_issue(
            label=TRACKING_LABEL,
            title=title,
            body=body,
            broken=any(r.broken for r in links.values()),
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


def bot_pull_requests(
    env: ActionEnv, forge: Any, path: str, links: LinkReport, *, several: bool
) -> bool:
    """The moved-links and enrich pull requests (inputs `moved-links`, `enrich`) for the
    list at PATH; True when one of them failed (the job summary says which and why). With
    several lists each list has its own branches (botpr.branch_for)."""
    if not (env.inputs.moved_links or env.inputs.enrich):
        return False
    from geoai_bot.action.botpr import bot_pulls
    from geoai_bot.core.config import load_config

    lines, failed = bot_pulls(
        forge,
        path,
        links,
        load_config(env.inputs.config or None, near=path),
        moved=env.inputs.moved_links,
        fill=env.inputs.enrich,
        per_list=several,
    )
    for line in lines:
        print(f"geoai-bot: {line}", file=sys.stderr)
        if "failed:" in line:
            print(f"::error title=geoai-bot pull request::{gha.escape_data(line)}")
    append_summary(env.summary_file, "".join(f"\n{summary.md_text(x, 2000)}\n" for x in lines))
    return failed


class TrackingFailed(Exception):
    """The GitHub API refused the tracking-issue update for good (after forge's retries)."""
