"""One combined check of a list (lint, format, update log, links) as data, for `check` and CI.

Each part calls the library the matching subcommand calls (lint engine, formatter, log
normaliser, link pipeline) with the same geoai-bot.toml, so `check` and the subcommands
cannot disagree; settings (the token too) arrive as values. A part that fails to run
becomes a problem in the report, not a crash of the whole check.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geoai_bot.check.fmt import format_findings
from geoai_bot.core.config import load_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.formatter import format_document
from geoai_bot.core.lists import load_list, report_unread
from geoai_bot.core.textio import read_text
from geoai_bot.links import model as links_model
from geoai_bot.links.cache import Cache
from geoai_bot.links.changed import old_text
from geoai_bot.links.progress import Bar
from geoai_bot.links.run import NO_NETWORK, LinkOptions, check_links, settings_from, with_lychee
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.findings import Finding
from geoai_bot.log import logged_total, normalize_log

BROKEN_STATES = ("broken",)
WARNING_STATES = ("timeout",)


@dataclass(frozen=True)
class LinkLocation:
    path: str
    line: int
    column: int = 1
    entry: str | None = None  # the title of the entry the link is in


@dataclass(frozen=True)
class ReportedLink:
    """One URL as `links --format json` reports it."""

    url: str
    state: str
    code: int | None = None
    final_url: str | None = None
    message: str = ""
    locations: tuple[LinkLocation, ...] = ()
    # For a redirect: every hop permanent (or an API-reported rename), so links/moved.py
    # may rewrite it; `links --format json` says so as "permanent" on redirects.
    permanent: bool = False

    @property
    def line(self) -> int:
        return self.locations[0].line if self.locations else 0


@dataclass
class LinkReport:
    results: list[ReportedLink] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    unchanged_skipped: int = 0  # links a --changed-from run did not need to check
    # [links] fail_on: the states that fail the run, as they fail `geoai-bot links`.
    fail_on: frozenset[str] = frozenset(BROKEN_STATES)
    notes: list[str] = field(default_factory=list)  # e.g. which lychee files were used

    @property
    def broken(self) -> list[ReportedLink]:
        return [r for r in self.results if r.state in BROKEN_STATES]

    @property
    def failing(self) -> list[ReportedLink]:
        return [r for r in self.results if r.state in self.fail_on]

    def count(self, state: str) -> int:
        if state in self.summary:
            return int(self.summary[state])
        return sum(1 for r in self.results if r.state == state)

    def to_json(self) -> dict[str, Any]:
        return {
            "results": [
                {
                    "url": r.url,
                    "state": r.state,
                    "code": r.code,
                    "final_url": r.final_url,
                    "message": r.message,
                    **({"permanent": r.permanent} if r.state == "redirect" else {}),
                    "locations": [
                        {
                            "path": loc.path,
                            "line": loc.line,
                            "column": loc.column,
                            "entry": loc.entry,
                        }
                        for loc in r.locations
                    ],
                }
                for r in self.results
            ],
            "summary": dict(self.summary),
            "unchanged_skipped": self.unchanged_skipped,
        }


@dataclass
class CheckReport:
    """Everything one check found in one file; parts that did not run are None."""

    path: str
    lint: list[Finding] | None = None
    fmt: list[Finding] | None = None
    log: list[Finding] | None = None  # update log
    links: LinkReport | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a part that could not run (exit 2)
    # Findings that do not fail: unchanged since --changed-from, or in the baseline.
    quiet: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        out = [*(self.lint or []), *(self.fmt or []), *(self.log or [])]
        return sorted(out, key=lambda f: (_RANK[f.severity], f.line, f.column, f.rule))

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, fail_on: str) -> bool:
        """Whether the findings reach the `fail-on` threshold (error, warning or never)."""
        if fail_on == "never":
            return False
        failing = len(self.links.failing) if self.links else 0
        if self.count("error") or failing:
            return True
        if fail_on == "warning":
            timeouts = sum(self.links.count(s) for s in WARNING_STATES) if self.links else 0
            return bool(self.count("warning") or timeouts)
        return False

    def exit_code(self, fail_on: str = "error") -> int:
        if self.problems:
            return 2
        return 1 if self.failed(fail_on) else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "findings": [f.to_json() for f in self.findings],
            "summary": {
                "errors": self.count("error"),
                "warnings": self.count("warning"),
                "info": self.count("info"),
                "broken_links": len(self.links.broken) if self.links else None,
            },
            "links": self.links.to_json() if self.links else None,
            "notes": list(self.notes),
            "problems": list(self.problems),
            "not_failing": [f.to_json() for f in self.quiet],
        }


_RANK = {"error": 0, "warning": 1, "info": 2}


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def parse_link_report(data: dict[str, Any]) -> LinkReport:
    """`links --format json` (or a merged shard report) -> LinkReport."""
    results: list[ReportedLink] = []
    for item in data.get("results") or []:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        locs = tuple(
            LinkLocation(
                path=str(loc.get("path", "")),
                line=_int(loc.get("line")),
                column=max(1, _int(loc.get("column"), 1)),
                entry=loc["entry"] if isinstance(loc.get("entry"), str) else None,
            )
            for loc in item.get("locations") or []
            if isinstance(loc, dict)
        )
        code = item.get("code")
        final = item.get("final_url")
        results.append(
            ReportedLink(
                url=item["url"],
                state=str(item.get("state", "skipped")),
                code=code if isinstance(code, int) and not isinstance(code, bool) else None,
                final_url=final if isinstance(final, str) else None,
                message=str(item.get("message") or ""),
                locations=locs,
                permanent=item.get("permanent") is True,
            )
        )
    raw = data.get("summary")
    summary = {k: v for k, v in raw.items() if isinstance(v, int)} if isinstance(raw, dict) else {}
    skipped = _int(data.get("unchanged_skipped"))
    return LinkReport(results=results, summary=summary, unchanged_skipped=skipped)


def run_lint(path: str, config: str | None) -> list[Finding]:
    """What `geoai-bot lint PATH` finds, with the same geoai-bot.toml (ungated: the baseline
    and --changed-from apply once, to check's whole report)."""
    cfg = load_config(config, near=path)
    text, doc = load_list(path)
    return lint_text(text, path, cfg, None, None, doc=doc)


def run_fmt(path: str, config: str | None = None, covered: Sequence[Finding] = ()) -> list[Finding]:
    """The format check: a finding per hunk `fmt` would change that lint's fixable findings
    (COVERED) do not already report.

    The log's `date_format` is part of the canonical form: without it this check and
    `geoai-bot fmt` would disagree and the user could never satisfy both."""
    text = read_text(path)
    result = format_document(text, path, log_config=load_config(config, near=path).log)
    return format_findings(text, result.text, path, covered)


def _first_change(old_text: str, new_text: str) -> int:
    """The 1-based line where two versions of a file first differ."""
    old, new = old_text.splitlines(), new_text.splitlines()
    return next(
        (i + 1 for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)) + 1,
    )


def run_log(path: str, config: str | None) -> list[Finding]:
    """What `geoai-bot log FILE --check` fails on, as findings: dates it cannot read, a log
    that counts more papers than the list holds, and a log not in its canonical form."""
    text, doc = load_list(path)
    cfg = load_config(config, near=path).log
    edit = normalize_log(text, cfg)
    out = [
        Finding(rule="log", severity="error", message=p.message, path=path, line=max(1, p.line))
        for p in edit.problems
    ]
    logged = logged_total(text, cfg)[0]
    if logged > len(doc.entries):
        out.append(
            Finding(
                rule="log",
                severity="error",
                message=f"the update log counts {logged} papers but the list has "
                f"{len(doc.entries)}; correct the counts by hand",
                path=path,
                line=doc.update_log.heading_line or 1,
            )
        )
    if edit.changed:
        line = _first_change(text, edit.text)
        what = "; ".join(edit.messages[:3]) or "dates, order or counts"
        out.append(
            Finding(
                rule="log",
                severity="error",
                message=f"the update log is not in order ({what}); run `geoai-bot log {path}`",
                path=path,
                line=line,
            )
        )
    return out


def run_links(
    path: str,
    config: str | None,
    *,
    changed_from: str | None = None,
    cache: str | None = None,
    allow_private: bool = False,
    github_api: str | None = None,
    github_token: str | None = None,
) -> LinkReport:
    """What `geoai-bot links PATH` finds, with the same geoai-bot.toml and cache."""
    cfg = load_config(config, near=path).links
    text, doc = load_list(path)
    for line in report_unread(doc, path):
        print(line, file=sys.stderr)
    opts = LinkOptions(
        settings=settings_from(cfg, allow_private=allow_private),
        exclude=cfg.exclude,
        old_text=old_text(changed_from, path) if changed_from else None,
        github_api=github_api,
        github_token=github_token,
    )
    note = with_lychee(opts, path)
    warn = lambda m: print(f"geoai-bot: warning: {m}", file=sys.stderr)  # noqa: E731
    store = Cache(cache or cfg.cache, cfg.ttl, warn=warn)
    bar = Bar()
    try:
        result = check_links(text, path, doc, opts, store, progress=bar, on_total=bar.start)
    finally:
        bar.close()
        store.close()
    if result.no_network:
        raise GeoaiError(NO_NETWORK, path)
    report = link_report(result.results, result.unchanged_skipped, fail_on=cfg.fail_on)
    if note:
        report.notes.append(note)
    return report


def link_report(
    results: Sequence[links_model.LinkResult], unchanged_skipped: int, fail_on: Iterable[str]
) -> LinkReport:
    """The link checker's results as the report `check` keeps (what `links --format json`
    says about each link, and which states fail the run)."""
    return LinkReport(
        results=[
            ReportedLink(
                url=r.url,
                state=r.state,
                code=r.outcome.code,
                final_url=r.outcome.final_url,
                message=r.outcome.message,
                permanent=r.outcome.permanent_chain,
                locations=tuple(
                    LinkLocation(loc.path, loc.line, loc.column, loc.entry) for loc in r.locations
                ),
            )
            for r in results
        ],
        summary=links_model.summarize(list(results)),
        unchanged_skipped=unchanged_skipped,
        fail_on=frozenset(fail_on),
    )


def check(
    path: str,
    *,
    config: str | None = None,
    lint: bool = True,
    fmt: bool = True,
    log: bool = True,
    links: bool = True,
    changed_from: str | None = None,
    cache: str | None = None,
    allow_private: bool = False,
    github_api: str | None = None,
    github_token: str | None = None,
) -> CheckReport:
    """Run the selected parts on PATH; a part that cannot run is recorded in `problems`."""
    if not Path(path).is_file():
        raise GeoaiError("file not found; give the list's Markdown file, e.g. README.md", path)
    # A bad geoai-bot.toml is one usage error, not the same problem once per part.
    load_config(config, near=path)
    report = CheckReport(path=path)
    if lint:
        report.lint = _part(report, "lint", lambda: run_lint(path, config))
    if fmt:
        report.fmt = _part(report, "format check", lambda: run_fmt(path, config, report.lint or ()))
    if log:
        report.log = _part(report, "update-log check", lambda: run_log(path, config))
    if links:
        report.links = links_report = _part(
            report,
            "link check",
            lambda: run_links(
                path,
                config,
                changed_from=changed_from,
                cache=cache,
                allow_private=allow_private,
                github_api=github_api,
                github_token=github_token,
            ),
        )
        if links_report is not None:
            report.notes += links_report.notes
        if links_report is not None and changed_from:
            report.notes.append(
                f"{links_report.unchanged_skipped} unchanged links not checked "
                f"(only links added or changed since {changed_from[:12]})"
            )
    return report


def _part(report: CheckReport, name: str, fn: Any) -> Any:
    try:
        return fn()
    except GeoaiError as exc:
        report.problems.append(f"{name}: {exc}")
        print(f"geoai-bot: {name}: {exc}", file=sys.stderr)
        return None
