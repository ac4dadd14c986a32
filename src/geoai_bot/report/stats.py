"""`geoai-bot stats` output: the Stats value as text, JSON or Markdown (the job summary)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from geoai_bot.core.stats import Stats
from geoai_bot.report.summary import md_text


def _pct(stats: Stats, n: int) -> str:
    return f"{n} ({stats.share(n):.0%})"


def to_json(stats: Stats) -> str:
    return (
        json.dumps(
            {
                "papers": stats.papers,
                "sections": [{"section": s, "papers": n} for s, n in stats.per_section],
                "with_code": stats.with_code,
                "with_project": stats.with_project,
                "with_dataset": stats.with_dataset,
                "added_per_month": [{"month": m, "papers": n} for m, n in stats.per_month],
                "top_authors": [{"author": a, "papers": n} for a, n in stats.top_authors],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def to_text(stats: Stats) -> str:
    lines = [
        f"papers: {stats.papers}",
        f"with code: {_pct(stats, stats.with_code)}",
        f"with project page: {_pct(stats, stats.with_project)}",
        f"with dataset: {_pct(stats, stats.with_dataset)}",
        "",
        "papers per section:",
        *(f"  {n:>5}  {s}" for s, n in stats.per_section),
    ]
    if stats.per_month:
        lines += ["", "papers added per month (update log):"]
        lines += [f"  {m}  {n:>5}" for m, n in stats.per_month]
    if stats.top_authors:
        lines += ["", "most frequent authors:"]
        lines += [f"  {n:>5}  {a}" for a, n in stats.top_authors]
    return "\n".join(lines) + "\n"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def to_markdown(stats: Stats) -> str:
    """Every cell escaped (section names and authors come from the README)."""
    lines = [
        "## Paper list statistics",
        "",
        *_table(
            ("papers", "with code", "with project page", "with dataset"),
            [
                (
                    str(stats.papers),
                    _pct(stats, stats.with_code),
                    _pct(stats, stats.with_project),
                    _pct(stats, stats.with_dataset),
                )
            ],
        ),
        "",
        "### Papers per section",
        "",
        *_table(("section", "papers"), [(md_text(s), str(n)) for s, n in stats.per_section]),
    ]
    if stats.per_month:
        lines += ["", "### Papers added per month", ""]
        lines += _table(("month", "papers"), [(m, str(n)) for m, n in stats.per_month])
    if stats.top_authors:
        lines += ["", "### Most frequent authors", ""]
        lines += _table(("author", "papers"), [(md_text(a), str(n)) for a, n in stats.top_authors])
    return "\n".join(lines) + "\n"
