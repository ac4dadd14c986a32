"""An `issues` event -> exactly one pull request (or one comment saying what to fix).

The steps, each safe to repeat: read the default branch's head, the form template, the
config and the list; validate the form (arXiv autofill); stop with a comment on problems
or a duplicate; insert the entry; build branch `geoai-bot/issue-<n>` as ONE commit on the
current default branch (skipped when the branch already holds exactly that); open or
update the one PR; edit the one bot comment in place; set the labels. A conflict (the
base moved under us) re-reads everything and tries once more. Nothing from the issue
reaches a shell: the body is data from the event file, parsed in Python.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from geoai_bot.core.config import CONFIG_NAME, Config, parse_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.parse import parse_text
from geoai_bot.github.botpr import TRAILER, content_digest, up_to_date
from geoai_bot.github.types import BaseCommit, Forge, ForgeConflict, ForgeError
from geoai_bot.lint.dedupe import find_match
from geoai_bot.submit.edit import Edit, add_entry
from geoai_bot.submit.form import (
    DEFAULT_LABEL,
    DEFAULT_TEMPLATE_PATH,
    default_template_text,
    parse_body,
    parse_template,
)
from geoai_bot.submit.inert import code_block, code_span, neutralize
from geoai_bot.submit.validate import ArxivFetch, Problem, prepare

MARKER = "<!-- geoai-bot:submission -->"
LABEL_NEW, LABEL_INVALID, LABEL_DUPLICATE = DEFAULT_LABEL, "invalid", "duplicate"
Status = Literal[
    "opened", "updated", "unchanged", "invalid", "duplicate", "ignored", "closed-pr", "failed"
]


@dataclass
class SubmitOutcome:
    """What one run did; `exit_code` is 1 only when GitHub work failed."""

    status: Status
    message: str
    pr_url: str | None = None
    comment_url: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "failed" else 0


@dataclass(frozen=True)
class SubmitOptions:
    readme: str = "README.md"
    template: str = DEFAULT_TEMPLATE_PATH
    config: str = CONFIG_NAME
    # Only issues with this label are submissions; None: the repository form's `labels:`
    # (as the Action picks the job), "" : every issue.
    label: str | None = None
    today: dt.date | None = None
    fetch: ArxivFetch | None = None


def branch_name(number: int) -> str:
    return f"geoai-bot/issue-{number}"


def _labels(issue: Mapping[str, Any]) -> set[str]:
    return {str(x.get("name")) for x in issue.get("labels") or [] if isinstance(x, dict)}


def submit_issue(
    forge: Forge, event: Mapping[str, Any], options: SubmitOptions | None = None
) -> SubmitOutcome:
    """Handle one `issues` event payload. Never raises for GitHub failures: a failed run
    leaves a comment saying what failed and that re-running is safe."""
    opts = options or SubmitOptions()
    issue = event.get("issue")
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        raise GeoaiError("the event has no issue; run this on an `issues` event", "event")
    number = issue["number"]
    labels = _labels(issue)
    if issue.get("pull_request") is not None:
        return SubmitOutcome("ignored", f"#{number} is a pull request, not a submission")
    if issue.get("state") == "closed" or event.get("action") in ("closed", "deleted"):
        return SubmitOutcome("ignored", f"issue #{number} is closed; nothing to do")
    if opts.label and opts.label not in labels:
        return SubmitOutcome(
            "ignored", f"issue #{number} has no '{opts.label}' label; not a submission"
        )
    if opts.label is None and not labels:  # a form always names a label: no need to read it
        return SubmitOutcome(
            "ignored", f"issue #{number} has no label (no '{LABEL_NEW}' label); not a submission"
        )
    author = str((issue.get("user") or {}).get("login") or "") or None
    try:
        try:
            return _run(forge, event, issue, opts, labels, author)
        except ForgeConflict:
            return _run(forge, event, issue, opts, labels, author)  # re-read, retry once
    except (ForgeError, GeoaiError) as exc:
        if isinstance(exc, ForgeError):
            step, reason = exc.step, exc.reason
        else:  # the repository's form, config or list could not be used
            step, reason = f"reading {exc.path or 'the repository files'}", exc.message
        body = _failure_comment(step, reason)
        url = None
        with contextlib.suppress(ForgeError):  # GitHub down for good: exit code and log say so
            url = forge.upsert_comment(number, MARKER, body, author).html_url
        return SubmitOutcome("failed", f"{step} failed: {reason}", comment_url=url)


def _run(
    forge: Forge,
    event: Mapping[str, Any],
    issue: Mapping[str, Any],
    opts: SubmitOptions,
    labels: set[str],
    author: str | None,
) -> SubmitOutcome:
    number = int(issue["number"])
    repo_info = event.get("repository") or {}
    default = str(repo_info.get("default_branch") or "") or forge.default_branch()
    base = forge.read_base(default)
    template_text = forge.read_file(opts.template, base.sha) or default_template_text()
    template = parse_template(template_text, opts.template)
    wanted = template.submission_labels
    if opts.label is None and not labels & set(wanted):
        return SubmitOutcome(
            "ignored", f"issue #{number} has no '{wanted[0]}' label; not a submission"
        )
    config_text = forge.read_file(opts.config, base.sha)
    config = parse_config(config_text, opts.config) if config_text is not None else Config()
    readme = forge.read_file(opts.readme, base.sha)
    if readme is None:
        raise GeoaiError(f"no {opts.readme} on {default}; check the workflow's `path`", opts.readme)

    form = parse_body(str(issue.get("body") or ""), template)
    prepared = prepare(form, template, opts.fetch, readme)
    notes = prepared.notes
    sub = prepared.submission
    if sub is None:
        return _invalid(forge, number, labels, author, prepared.problems, notes, opts)
    entry = sub.entry()
    doc = parse_text(readme)
    dup = find_match(entry, doc.entries)
    if dup is not None:
        existing = doc.entries[dup.first]
        return _duplicate(
            forge,
            number,
            labels,
            author,
            existing.title,
            existing.span.start,
            dup.detail,
            base,
            opts,
            notes,
        )
    edit = add_entry(readme, entry, config, opts.today or _utc_today(), sub.section, opts.readme)
    if edit.problems:
        problems = [Problem("section", "Section", p) for p in edit.problems]
        return _invalid(forge, number, labels, author, problems, notes, opts)

    branch = branch_name(number)
    pulls = forge.find_pulls(branch)
    open_pr = next((p for p in pulls if p.state == "open"), None)
    if open_pr is None and pulls:
        closed = pulls[0]
        body = _comment(
            "closed",
            f"The pull request #{closed.number} for this issue was "
            "closed, so the bot leaves it alone. Ask a maintainer to reopen it.",
            notes,
        )
        c = forge.upsert_comment(number, MARKER, body, author)
        return SubmitOutcome(
            "closed-pr", f"pull request #{closed.number} was closed", closed.html_url, c.html_url
        )
    digest = content_digest(opts.readme, edit.text)
    title = neutralize(f"Add paper: {sub.title}")[:250]
    message = f"{title}\n\nCloses #{number}.\n\n{TRAILER}: {digest}\n"
    status: Status = "opened"
    if open_pr is not None and up_to_date(forge, open_pr.head_sha, base, digest):
        status = "unchanged"
    else:
        sha = forge.commit_files(base, {opts.readme: edit.text}, message)
        # Without an open PR the branch may still exist (a run stopped after pushing):
        # set_branch then force-moves it.
        forge.set_branch(branch, sha, exists=open_pr is not None)
    body = _pr_body(edit, number, notes)
    if open_pr is None:
        pr = forge.open_pull(branch, base.branch, title, body)
    else:
        pr = open_pr
        changed = forge.edit_pull(pr, title, body)
        if status != "unchanged" or changed:
            status = "updated"
    comment = _comment(
        "ok",
        f"Thanks! The pull request {pr.html_url} adds this paper; a maintainer will review it. "
        "Edit this issue to change the submission: the pull request follows.",
        notes,
    )
    c = forge.upsert_comment(number, MARKER, comment, author)
    forge.set_labels(number, labels, set(), {LABEL_INVALID, LABEL_DUPLICATE})
    return SubmitOutcome(status, f"pull request {status}: {pr.html_url}", pr.html_url, c.html_url)


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def _invalid(
    forge: Forge,
    number: int,
    labels: set[str],
    author: str | None,
    problems: list[Problem],
    notes: list[str],
    opts: SubmitOptions,
) -> SubmitOutcome:
    lines = [f"- **{neutralize(p.label)}**: {neutralize(p.message)}" for p in problems]
    text = (
        "This submission cannot be added yet. Please edit the issue to fix:\n\n"
        + "\n".join(lines)
        + "\n\nThe bot checks again after every edit."
    )
    c = forge.upsert_comment(number, MARKER, _comment("invalid", text, notes), author)
    forge.set_labels(number, labels, {LABEL_INVALID}, {LABEL_DUPLICATE})
    return SubmitOutcome(
        "invalid", f"{len(problems)} problem(s)", None, c.html_url, [str(p) for p in problems]
    )


def _duplicate(
    forge: Forge,
    number: int,
    labels: set[str],
    author: str | None,
    title: str,
    line: int,
    why: str,
    base: BaseCommit,
    opts: SubmitOptions,
    notes: list[str],
) -> SubmitOutcome:
    where = f"{opts.readme} line {line}"
    text = (
        f"This paper is already in the list ({neutralize(why)}): {where}, "
        f"{code_span(f'#### {title}')}. No pull request was opened. If this is a different "
        "paper, say so here and a maintainer will take a look."
    )
    c = forge.upsert_comment(number, MARKER, _comment("duplicate", text, notes), author)
    forge.set_labels(number, labels, {LABEL_DUPLICATE}, {LABEL_INVALID})
    return SubmitOutcome(
        "duplicate", f"already listed at {where}", None, c.html_url, [f"duplicate of {where}"]
    )


def _comment(kind: str, text: str, notes: list[str]) -> str:
    head = {"ok": "✅", "invalid": "⚠️", "duplicate": "ℹ️", "closed": "ℹ️"}.get(kind, "")
    extra = "".join(f"\n- {neutralize(n)}" for n in notes)
    return f"{MARKER}\n{head} {text}" + (f"\n\narXiv:{extra}" if extra else "") + "\n"


def _failure_comment(step: str, reason: str) -> str:
    return (
        f"{MARKER}\n❌ The bot could not finish: {neutralize(step)} failed "
        f"({neutralize(reason)[:300]}). Nothing is left half-done: re-running the workflow "
        "(or editing the issue) is safe and picks up where this stopped.\n"
    )


def _pr_body(edit: Edit, number: int, notes: list[str]) -> str:
    if edit.findings:
        lint = "\n".join(
            f"- line {f.line}: {f.rule} {neutralize(f.message)}" for f in edit.findings
        )
    else:
        lint = "No lint findings on the new entry."
    log = "\n".join(f"- {neutralize(m)}" for m in edit.messages)
    parts = [
        f"Adds the paper submitted in issue #{number}.",
        "### Entry\n\n" + code_block("\n".join(edit.entry_lines)),
        "### Changes\n\n" + log,
        "### Lint\n\n" + lint,
    ]
    if notes:
        parts.append("### arXiv\n\n" + "\n".join(f"- {neutralize(n)}" for n in notes))
    parts.append(f"Closes #{number}")
    parts.append(MARKER)
    return "\n\n".join(parts) + "\n"
