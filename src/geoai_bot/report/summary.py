"""Markdown for people: the job summary and the link-rot issue body, safe and within size limits.

Everything shown here comes from a README or a web server, so every cell is escaped: no
table breakage (`|`, newlines), no HTML, no @-mentions that would ping strangers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from geoai_bot.check.run import CheckReport, LinkReport, ReportedLink
from geoai_bot.lint.findings import Finding

# GitHub refuses a step summary over 1 MiB; keep a margin for what other steps appended.
# https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#step-isolation-and-limits
SUMMARY_LIMIT = 1024 * 1024
# An issue body is at most 65,536 characters.
ISSUE_BODY_LIMIT = 65_000
_RESERVE = 600  # room kept for the truncation note and the closing lines

_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_SEVERITY_ICON = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}


def md_text(text: str, max_len: int = 300) -> str:
    """Plain text for a table cell: one line, no HTML, no pipes, no pings."""
    one = " ".join(text.split())
    if len(one) > max_len:
        one = one[: max_len - 1] + "…"
    one = one.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    one = one.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    for ch in "*_[]~":  # no emphasis or links made of someone else's text
        one = one.replace(ch, "\\" + ch)
    return _MENTION.sub("@&#8203;", one)


def md_code(text: str, max_len: int = 200) -> str:
    """Inline code for a table cell (URLs): fenced by more backticks than it contains."""
    one = " ".join(text.split())
    if len(one) > max_len:
        one = one[: max_len - 1] + "…"
    one = one.replace("|", "\\|")  # GFM splits cells on | even inside code spans
    longest = max((len(m) for m in re.findall(r"`+", one)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one.startswith("`") or one.endswith("`") else ""
    return f"{fence}{pad}{one}{pad}{fence}"


class Budget:
    """Bytes left for a Markdown document; rows stop when the next one would not fit."""

    def __init__(self, limit: int) -> None:
        self.left = limit - _RESERVE
        self.dropped = 0

    def take(self, text: str) -> bool:
        size = len(text.encode("utf-8")) + 1
        if size > self.left:
            return False
        self.left -= size
        return True


def _table(
    out: list[str], budget: Budget, header: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    head = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    if not all(budget.take(h) for h in head):
        budget.dropped += sum(1 for _ in rows)
        return
    out.extend(head)
    for row in rows:
        line = "| " + " | ".join(row) + " |"
        if budget.left > 0 and budget.take(line):
            out.append(line)
        else:
            budget.left = 0  # keep the table contiguous: once a row is dropped, drop the rest
            budget.dropped += 1
    out.append("")


LineLink = Callable[[int], str]


def _where(line: int, link: LineLink | None = None) -> str:
    if line <= 0:
        return ""
    return f"[{line}]({link(line)})" if link else str(line)


def finding_rows(findings: Iterable[Finding], link: LineLink | None = None) -> Iterable[list[str]]:
    for f in findings:
        rows = [_where(f.line, link), _SEVERITY_ICON.get(f.severity, f.severity), md_code(f.rule)]
        yield [*rows, md_text(f.message)]


def link_rows(results: Iterable[ReportedLink], link: LineLink | None = None) -> Iterable[list[str]]:
    for r in results:
        lines = ", ".join(_where(loc.line, link) for loc in r.locations[:5] if loc.line > 0)
        if len(r.locations) > 5:
            lines += f" (+{len(r.locations) - 5})"
        entry = next((loc.entry for loc in r.locations if loc.entry), None)
        detail = md_text(r.message or (str(r.code) if r.code else ""))
        if r.final_url and r.state == "redirect":
            detail = "moved permanently; new URL: " + md_code(r.final_url)
        elif r.final_url:
            detail = f"{detail}; after redirects: {md_code(r.final_url)}"
        yield [lines, md_text(entry or "", 120), r.state, md_code(r.url), detail]


def _counts(report: CheckReport) -> list[list[str]]:
    rows: list[list[str]] = []
    for name, part in (("Lint", report.lint), ("Format", report.fmt), ("Update log", report.log)):
        if part is None:
            continue
        if not part:
            rows.append([name, "✅ clean"])
            continue
        errs = sum(1 for f in part if f.severity == "error")
        warns = sum(1 for f in part if f.severity == "warning")
        infos = len(part) - errs - warns
        bits = [f"{n} {w}{'s' if n != 1 else ''}" for n, w in ((errs, "error"), (warns, "warning"))]
        if infos:
            bits.append(f"{infos} info")
        rows.append([name, ("❌ " if errs else "⚠️ ") + ", ".join(b for b in bits if b[0] != "0")])
    if report.links is not None:
        rows.append(["Links", link_counts(report.links)])
    return rows


def link_counts(links: LinkReport) -> str:
    broken = links.count("broken")
    parts = [f"{broken} broken"]
    for state in ("timeout", "redirect", "blocked", "ok", "excluded", "skipped"):
        n = links.count(state)
        if n:
            parts.append(f"{n} {state}")
    return ("❌ " if broken else "✅ ") + ", ".join(parts)


_LINK_ORDER = {"broken": 0, "timeout": 1, "redirect": 2, "blocked": 3}


def problem_links(links: LinkReport) -> list[ReportedLink]:
    """Links worth a row: broken first, then timeouts, redirects (with the new URL), blocked."""
    keep = [r for r in links.results if r.state in _LINK_ORDER]
    return sorted(keep, key=lambda r: (_LINK_ORDER[r.state], r.line, r.url))


def job_summary(
    report: CheckReport,
    *,
    title: str = "geoai-bot",
    limit: int = SUMMARY_LIMIT,
    line_link: LineLink | None = None,
) -> str:
    """The step summary: counts, then findings and problem links as tables, within `limit`."""
    budget = Budget(limit)
    out = [f"## {title}: {md_text(report.path)}", ""]
    budget.take("\n".join(out))
    _table(out, budget, ["Check", "Result"], _counts(report))
    for problem in report.problems:
        line = f"> [!WARNING]\n> {md_text(problem, 1000)}\n"
        if budget.take(line):
            out.append(line)
    for note in report.notes:
        if budget.take(f"- {note}"):
            out.append(f"- {md_text(note, 1000)}")
    if report.notes:
        out.append("")
    findings = report.findings
    if findings:
        out += [f"### Findings ({len(findings)})", ""]
        _table(
            out, budget, ["Line", "Severity", "Rule", "Message"], finding_rows(findings, line_link)
        )
    if report.links is not None:
        shown = problem_links(report.links)
        if shown:
            out += ["### Links to fix", ""]
            _table(
                out,
                budget,
                ["Line", "Entry", "State", "URL", "Details"],
                link_rows(shown, line_link),
            )
    if budget.dropped:
        out.append(
            f"_{budget.dropped} more rows not shown: GitHub limits a job summary to 1 MiB. "
            "The full report is in the `report-path` output, or run `geoai-bot check` locally._"
        )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def link_issue_body(
    links: LinkReport,
    path: str,
    *,
    run_url: str | None = None,
    limit: int = ISSUE_BODY_LIMIT,
    line_link: LineLink | None = None,
) -> str:
    """The link-rot tracking issue's body: broken links first, then redirects, then counts."""
    budget = Budget(limit)
    out = [
        f"The scheduled link check of {md_code(path)} found links to fix.",
        "",
        f"**{link_counts(links)}**",
        "",
    ]
    budget.take("\n".join(out))
    shown = problem_links(links)
    if shown:
        _table(
            out, budget, ["Line", "Entry", "State", "URL", "Details"], link_rows(shown, line_link)
        )
    if budget.dropped:
        out.append(f"_{budget.dropped} more links not shown (an issue body is limited in size)._")
    if run_url:
        out.append(f"Last checked by [this run]({run_url}).")
    out.append("This issue is updated by every scheduled run and closed when all links work again.")
    return "\n".join(out).rstrip("\n") + "\n"
