"""The GitHub Actions runtime: pick the job from the event, run it, and report the GitHub way.

`geoai-bot action` is what action.yml runs. It reads the runner's environment (through
action/env.py), dispatches `command: auto` on the event, writes annotations within GitHub's
per-step limits, the job summary, the step outputs and a JSON report, and returns the exit
code `fail-on` asks for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geoai_bot.action import publish
from geoai_bot.action.args import JobOptions, job_options
from geoai_bot.action.env import ActionEnv, append_summary, write_outputs
from geoai_bot.action.lists import resolve_lists
from geoai_bot.action.report import commands_paused, emit, print_text
from geoai_bot.action.schedule import link_report_job
from geoai_bot.action.submit import submit_job
from geoai_bot.check import run as checks
from geoai_bot.check.gate import gate_report
from geoai_bot.core.config import load_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.paths import confine
from geoai_bot.report import annotations as gha
from geoai_bot.report import summary

ISSUE_ACTIONS = ("opened", "edited", "reopened")


@dataclass
class JobOutcome:
    """What a job produced: an exit code and the step outputs."""

    code: int = 0
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """The job `auto` chose (or the explicit command), and why."""

    job: str  # check | lint | fmt | links | submit | link-report | nothing
    reason: str
    changed_from: str | None = None


def plan(env: ActionEnv) -> Plan:
    """Map (command, event) to a job from `env`; reads only the issue-form template in the
    workspace (for the labels that mark a submission)."""
    command, event_name, event = env.inputs.command, env.event_name, env.event
    if event_name == "pull_request_target":
        # Whatever the command: the checkout may be the pull request's code and files
        # (geoai-bot.toml, symlinks), and the job holds a write token.
        return Plan(
            "nothing",
            "pull_request_target runs with a write token on untrusted code; geoai-bot does "
            f"not run on it (command: {command}). Use the pull_request event",
        )
    base = _base_sha(event) if event_name == "pull_request" else None
    if command == "links" and base:
        return Plan("links", "links added or changed by the pull request", base)
    if command in ("check", "lint") and base:
        # Only new problems fail a pull request: old debt elsewhere in the list is counted.
        return Plan(
            command, f"command: {command}, failing only on what the pull request changed", base
        )
    if command != "auto":
        return Plan(command, f"command: {command}")
    if event_name == "pull_request":
        return Plan("check", "pull request: lint, format, update log, changed links", base)
    if event_name in ("push", "workflow_dispatch"):
        return Plan("check", f"{event_name}: lint, format, update log, all links")
    if event_name == "schedule":
        return Plan("link-report", "schedule: all links, then the link-rot tracking issue")
    if event_name == "issues":
        action = str(event.get("action", ""))
        labels = _issue_labels(event)
        wanted = form_labels(env.workspace)
        if action not in ISSUE_ACTIONS:
            return Plan("nothing", f"issues event '{action}' needs no work (only {ISSUE_ACTIONS})")
        if not set(labels) & set(wanted):
            return Plan(
                "nothing",
                f"the issue has no '{wanted[0]}' label, so it is not a paper submission",
            )
        return Plan("submit", f"issue {action} with the '{wanted[0]}' label: the submission flow")
    shown = event_name or "(no GITHUB_EVENT_NAME)"
    return Plan(
        "nothing",
        f"event {shown} has no automatic job; set `command:` (lint, fmt, links, submit, "
        "link-report) to choose one",
    )


def _base_sha(event: Mapping[str, Any]) -> str | None:
    pr = event.get("pull_request")
    base = pr.get("base") if isinstance(pr, dict) else None
    sha = base.get("sha") if isinstance(base, dict) else None
    if isinstance(sha, str) and len(sha) >= 7 and all(c in "0123456789abcdef" for c in sha):
        return sha
    return None


def _issue_labels(event: Mapping[str, Any]) -> list[str]:
    issue = event.get("issue")
    raw = issue.get("labels") if isinstance(issue, dict) else None
    out = []
    for label in raw if isinstance(raw, list) else []:
        name = label.get("name") if isinstance(label, dict) else label
        if isinstance(name, str):
            out.append(name)
    return out


def form_labels(workspace: Path) -> tuple[str, ...]:
    """The issue form's labels: the repository's own form if checked out, else the default."""
    from geoai_bot.submit.form import DEFAULT_TEMPLATE_PATH, default_template_text, parse_template

    local = workspace / DEFAULT_TEMPLATE_PATH
    try:
        text = local.read_text(encoding="utf-8") if local.is_file() else default_template_text()
    except (OSError, UnicodeDecodeError):
        text = default_template_text()
    try:
        return parse_template(text, str(local)).submission_labels
    except (GeoaiError, ValueError):
        return parse_template(default_template_text()).submission_labels


# -- jobs --------------------------------------------------------------------------------


def _check_job(
    env: ActionEnv,
    p: Plan,
    parts: tuple[bool, bool, bool, bool],
    opts: JobOptions,
    paths: list[str],
) -> JobOutcome:
    changed_from = _usable_base(p.changed_from) if p.changed_from else None
    with commands_paused():
        reports = [
            _check_one(env, p, parts, opts, path, changed_from, len(paths) > 1) for path in paths
        ]
    outputs = emit(reports, env, f"geoai-bot {p.job}")
    # A part that could not run gives 2 whatever fail-on says: it is not a finding. With
    # several lists the worst one decides, as `geoai-bot check A B` does.
    return JobOutcome(max(r.exit_code(env.inputs.fail_on) for r in reports), outputs)


def _check_one(
    env: ActionEnv,
    p: Plan,
    parts: tuple[bool, bool, bool, bool],
    opts: JobOptions,
    path: str,
    changed_from: str | None,
    several: bool,
) -> checks.CheckReport:
    """One list's report; with several lists, one that cannot be read is a problem in its
    report (exit 2) and does not hide the others' findings."""
    lint, fmt, log, links = parts
    links = links and not opts.offline  # `args: --offline`
    try:
        report = checks.check(
            path,
            config=env.inputs.config or None,
            lint=lint,
            fmt=fmt,
            log=log,
            links=links,
            changed_from=changed_from,
            **_link_values(env),
        )
    except GeoaiError as exc:
        if not several:
            raise
        print(f"geoai-bot: {exc}", file=sys.stderr)
        return checks.CheckReport(path=path, problems=[str(exc)])
    if p.changed_from and not changed_from:
        checked = "every link was checked and " if report.links is not None else ""
        report.notes.append(
            f"the pull request's base {p.changed_from[:12]} is not in the checkout (use "
            f"`fetch-depth: 0` in actions/checkout), so {checked}every finding counts"
        )
    if not report.problems and (lint or fmt or log):
        # The same gate as `geoai-bot check --changed-from`: on a pull request only findings
        # in what it changed fail; the baseline (if any) applies to every run.
        config = load_config(env.inputs.config or None, near=path)
        gate_report(report, config, changed_from=changed_from, use_baseline=not opts.no_baseline)
    print_text(report)
    return report


_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _link_values(env: ActionEnv) -> dict[str, Any]:
    """The link checker's settings from the runner, passed as values (never os.environ)."""
    return {
        "allow_private": env.allow_private,
        "github_api": env.link_api_url,
        "github_token": env.inputs.token or None,
    }


def _usable_base(sha: str) -> str | None:
    """SHA when the checkout has it (fetched if shallow and allowed), else None."""
    # The value comes from the event payload: only a full hex object id may reach git's
    # argument list (a leading `-` would be read as an option, e.g. --upload-pack=...).
    if not _OBJECT_ID.fullmatch(sha):
        return None

    # Never wait for a password: a private repository without credentials just fails.
    git_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}

    def has() -> bool:
        r = subprocess.run(
            ["git", "cat-file", "-e", f"{sha}^{{commit}}"],
            capture_output=True,
            check=False,
            env=git_env,
        )
        return r.returncode == 0

    try:
        if has():
            return sha
        subprocess.run(
            ["git", "fetch", "--no-tags", "--depth=1", "origin", sha],
            capture_output=True,
            check=False,
            timeout=120,
            env=git_env,
        )
        return sha if has() else None
    except (OSError, subprocess.SubprocessError):
        return None


def _link_report_job(env: ActionEnv, links_report: str | None, paths: list[str]) -> JobOutcome:
    code, outputs = link_report_job(env, links_report, _link_values(env), paths)
    return JobOutcome(code, outputs)


def _submit_job(env: ActionEnv) -> JobOutcome:
    code, url = submit_job(env)
    return JobOutcome(code, {"pull-request-url": url})


def _site_job(env: ActionEnv, paths: list[str]) -> JobOutcome:
    out, papers = publish.publish_sites(
        paths, env.workspace, env.inputs.site_dir or publish.DEFAULT_SITE_DIR
    )
    print(f"geoai-bot: site and badges of {papers} papers in {out}", file=sys.stderr)
    for path in paths:
        append_summary(env.summary_file, publish.stats_summary(path))
    return JobOutcome()


# -- entry point -------------------------------------------------------------------------

# Which parts each job runs: (lint, fmt, update log, links).
PARTS: dict[str, tuple[bool, bool, bool, bool]] = {
    "check": (True, True, True, True),
    "lint": (True, False, False, False),
    "fmt": (False, True, False, False),
    "links": (False, False, False, True),
}


def run(env: ActionEnv, *, links_report: str | None = None) -> int:
    """Run the planned job in the workspace; write outputs even when there is nothing to do."""
    p = plan(env)
    print(f"geoai-bot: {p.reason}", file=sys.stderr)
    outcome = JobOutcome()
    try:
        opts = job_options(env.inputs.args, p.job)  # the `args` input, refused before any work
        paths = list_paths(env) if p.job in (*PARTS, "link-report", "site") else []
        if p.job == "nothing":
            print(f"::notice title=geoai-bot::{gha.escape_data(p.reason)}")
            append_summary(env.summary_file, f"geoai-bot: {summary.md_text(p.reason, 500)}\n")
        elif p.job in PARTS:
            outcome = _check_job(env, p, PARTS[p.job], opts, paths)
        elif p.job == "link-report":
            outcome = _link_report_job(env, links_report, paths)
        elif p.job == "submit":
            outcome = _submit_job(env)
        elif p.job == "site":
            outcome = _site_job(env, paths)
    finally:
        outputs = {"findings": "0", "broken-links": "0", "pull-request-url": "", "report-path": ""}
        outputs.update(outcome.outputs)
        write_outputs(env.output_file, outputs)
    return outcome.code


def list_paths(env: ActionEnv) -> list[str]:
    """The lists the `path` input names (paths and globs, action/lists.py), relative to
    the workspace; the `config` input must lie inside it too. Neither may lead out of the
    workspace, not even through a symlink a pull request committed."""
    paths = resolve_lists(env.inputs.path, env.workspace)
    if env.inputs.config:
        config = Path(env.inputs.config)
        where = config if config.is_absolute() else env.workspace / config
        confine(where, [env.workspace], "input 'config'")
    print(f"geoai-bot: {len(paths)} list(s): {', '.join(paths)[:2000]}", file=sys.stderr)
    return paths


def main(environ: Mapping[str, str] | None = None, **kwargs: Any) -> int:
    """Build the environment, move into the workspace, run the job. The token and the API
    roots travel inside `env` as values; os.environ is read once and never changed."""
    environ = os.environ if environ is None else environ
    env = ActionEnv.from_environ(environ)
    if env.workspace.is_dir():
        os.chdir(env.workspace)
    return run(env, **kwargs)
