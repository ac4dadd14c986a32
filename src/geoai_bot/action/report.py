"""Reporting a check the GitHub way: annotations within the per-step limits, the job summary,
the JSON report file and the step outputs."""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from geoai_bot.action.env import ActionEnv, append_summary, summary_room
from geoai_bot.check.run import CheckReport
from geoai_bot.report import annotations as gha
from geoai_bot.report import summary

REPORT_NAME = "geoai-bot-report.json"


@contextmanager
def commands_paused() -> Iterator[None]:
    """Print text from READMEs, web servers and issues while GitHub's workflow commands are
    off, so a line such as `::add-mask::` or `::error::` in it is shown, never obeyed.
    https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands
    """
    token = secrets.token_hex(16)
    sys.stderr.flush()
    print(f"::stop-commands::{token}", flush=True)
    try:
        yield
    finally:
        sys.stderr.flush()
        print(f"::{token}::", flush=True)


_LEVEL: dict[str, gha.Level] = {"error": "error", "warning": "warning", "info": "notice"}
_LINK_LEVEL: dict[str, gha.Level] = {
    "broken": "error",
    "timeout": "warning",
    "redirect": "notice",
    "blocked": "notice",
}


_RANK = {"error": 0, "warning": 1, "notice": 2}


def annotations_for(report: CheckReport) -> list[gha.Annotation]:
    """Findings and problem links as annotations, most important first."""
    out: list[tuple[int, int, gha.Annotation]] = []
    rank = _RANK
    for f in report.findings:
        level = _LEVEL[f.severity]
        a = gha.Annotation(
            level,
            f.message,
            file=f.path,
            line=f.line,
            end_line=f.end_line,
            col=f.column if f.end_line == f.line else None,
            end_col=f.end_column if f.end_line == f.line and f.end_column > f.column else None,
            title=f"geoai-bot {f.rule}",
        )
        out.append((rank[level], f.line, a))
    if report.links is not None:
        for r in summary.problem_links(report.links):
            level = _LINK_LEVEL[r.state]
            loc = r.locations[0] if r.locations else None
            msg = f"{r.state}: {r.url}"
            if r.message:
                msg += f" ({r.message})"
            if r.final_url and r.final_url not in msg:
                msg += f"; it moved to {r.final_url}"
            if r.final_url:
                msg += "; update the link"
            if len(r.locations) > 1:
                msg += f"; also on {len(r.locations) - 1} more lines"
            a = gha.Annotation(
                level,
                msg,
                file=loc.path if loc else report.path,
                line=loc.line if loc and loc.line else None,
                col=loc.column if loc and loc.line else None,
                title=f"geoai-bot link {r.state}",
            )
            out.append((rank[level], loc.line if loc else 0, a))
    out.sort(key=lambda t: (t[0], t[1]))
    return [a for _, _, a in out]


def emit(reports: Sequence[CheckReport], env: ActionEnv, title: str) -> dict[str, str]:
    """Annotations to stdout, the job summary, the JSON report; returns the step outputs.

    With several lists the step's annotation budget and summary size are shared: one
    budget over every list's annotations (most important first), an equal share of the
    summary's room for each list, and one JSON file `{"reports": [...]}` (one list keeps
    the single report's shape)."""
    ranked: list[tuple[int, gha.Annotation]] = []
    for report in reports:
        ranked += [(_RANK[a.level], a) for a in annotations_for(report)]
    ranked.sort(key=lambda t: t[0])  # stable: each list's own order within a level
    for line in gha.budgeted([a for _, a in ranked], "the job summary"):
        print(line)
    for i, report in enumerate(reports):
        room = summary_room(env.summary_file, summary.SUMMARY_LIMIT) // (len(reports) - i)
        markdown = summary.job_summary(
            report, title=title, limit=room, line_link=env.line_link(report.path)
        )
        append_summary(env.summary_file, markdown)
    report_path = env.temp_dir / REPORT_NAME
    report_path.parent.mkdir(parents=True, exist_ok=True)
    data = (
        reports[0].to_json() if len(reports) == 1 else {"reports": [r.to_json() for r in reports]}
    )
    report_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return {
        "findings": str(sum(len(r.findings) for r in reports)),
        "broken-links": str(sum(len(r.links.broken) for r in reports if r.links is not None)),
        "report-path": str(report_path),
    }


def print_text(report: CheckReport) -> None:
    """A short plain-text account for the log (the summary has the tables)."""
    for f in report.findings:
        print(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.severity} {f.message}", file=sys.stderr)
    if report.links is not None:
        for r in summary.problem_links(report.links):
            print(f"{report.path}:{r.line}: link {r.state} {r.url} {r.message}", file=sys.stderr)
