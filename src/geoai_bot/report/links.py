"""Link results -> text, JSON (a contract), Markdown (issue body / job summary), annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from geoai_bot.links.model import STATES, LinkResult, summarize
from geoai_bot.report.annotations import Annotation, budgeted

PROBLEM_ORDER = {"broken": 0, "timeout": 1, "blocked": 2, "redirect": 3}
MAX_SUMMARY = 1024 * 1024 - 4096  # GitHub's step summary limit is 1 MiB


def problems(results: Sequence[LinkResult]) -> list[LinkResult]:
    probs = [r for r in results if r.state in PROBLEM_ORDER]
    return sorted(
        probs,
        key=lambda r: (PROBLEM_ORDER[r.state], r.locations[0].line if r.locations else 0, r.url),
    )


def _summary_line(summary: dict[str, int], extra: dict[str, int]) -> str:
    parts = [f"{summary[s]} {s}" for s in STATES if summary[s]]
    line = f"{summary['total']} links: " + (", ".join(parts) if parts else "none checked")
    for what, n in extra.items():
        if n:
            line += f"; {n} {what}"
    return line


def _detail(r: LinkResult) -> str:
    o = r.outcome
    if r.state == "redirect" and o.final_url:
        return f"moved to {o.final_url}"
    return o.message or (str(o.code) if o.code else "")


def to_text(results: Sequence[LinkResult], extra: dict[str, int]) -> str:
    lines = []
    for r in problems(results):
        for loc in r.locations:
            lines.append(f"{loc.path}:{loc.line}:{loc.column}: {r.state}: {r.url} ({_detail(r)})")
    lines.append(_summary_line(summarize(list(results)), extra))
    return "\n".join(lines) + "\n"


def to_json(results: Sequence[LinkResult], meta: dict[str, Any]) -> str:
    data: dict[str, Any] = {
        "results": [r.to_json() for r in results],
        "summary": summarize(list(results)),
        **meta,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str | None) -> str:
    t = (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return t.replace("<", "&lt;").replace(">", "&gt;")


def _code(url: str) -> str:
    return "`" + url.replace("`", "%60").replace("|", "%7C") + "`"


def to_markdown(results: Sequence[LinkResult], path: str, extra: dict[str, int]) -> str:
    summary = summarize(list(results))
    out = [f"## Link check: {_cell(path)}", ""]
    broken = [r for r in problems(results) if r.state == "broken"]
    redirects = [r for r in problems(results) if r.state == "redirect"]
    others = [r for r in problems(results) if r.state in ("timeout", "blocked")]
    if broken:
        out += [f"### Broken links ({len(broken)})", "", "| Entry | Line | Link | Problem |"]
        out.append("|---|---|---|---|")
        for r in broken:
            for loc in r.locations:
                entry = _cell(loc.entry) if loc.entry else "(outside entries)"
                out.append(f"| {entry} | {loc.line} | {_code(r.url)} | {_cell(_detail(r))} |")
        out.append("")
    if redirects:
        out += [
            f"### Moved permanently ({len(redirects)})",
            "",
            "| Entry | Line | Link | New URL |",
        ]
        out.append("|---|---|---|---|")
        for r in redirects:
            for loc in r.locations:
                entry = _cell(loc.entry) if loc.entry else "(outside entries)"
                new = _code(r.outcome.final_url or "")
                out.append(f"| {entry} | {loc.line} | {_code(r.url)} | {new} |")
        out.append("")
    if others:
        out += [
            f"### Not confirmed ({len(others)})",
            "",
            "Timeouts and sites that refuse robots; not counted as broken.",
            "",
            "| Entry | Line | Link | State |",
            "|---|---|---|---|",
        ]
        for r in others:
            loc = r.locations[0]
            entry = _cell(loc.entry) if loc.entry else "(outside entries)"
            out.append(
                f"| {entry} | {loc.line} | {_code(r.url)} | {r.state}: {_cell(_detail(r))} |"
            )
        out.append("")
    out += ["### Counts", "", "| " + " | ".join(STATES) + " | total |"]
    out.append("|" + "---|" * (len(STATES) + 1))
    out.append("| " + " | ".join(str(summary[s]) for s in STATES) + f" | {summary['total']} |")
    for what, n in extra.items():
        if n:
            out += ["", f"{n} {what}."]
    text = "\n".join(out) + "\n"
    if len(text.encode("utf-8")) > MAX_SUMMARY:
        cut = text.encode("utf-8")[:MAX_SUMMARY].decode("utf-8", errors="ignore")
        text = cut.rsplit("\n", 1)[0] + "\n\n(report cut to fit GitHub's 1 MiB limit)\n"
    return text


def to_github(results: Sequence[LinkResult], extra: dict[str, int]) -> str:
    level = {"broken": "error", "timeout": "warning", "blocked": "warning", "redirect": "notice"}
    anns = []
    for r in problems(results):
        for loc in r.locations:
            anns.append(
                Annotation(
                    level[r.state],  # type: ignore[arg-type]
                    f"{r.state}: {r.url} ({_detail(r)})",
                    file=loc.path,
                    line=loc.line,
                    col=loc.column,
                    title=f"link {r.state}",
                )
            )
    lines = budgeted(anns, "the job summary or `geoai-bot links --format text`")
    lines.append(_summary_line(summarize(list(results)), extra))
    return "\n".join(lines) + "\n"
