"""Update log and header rules (GB050-GB055): counts, Last Updated, dates, order, plurals."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator

from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule

RULES = (
    Rule(
        "GB050",
        "log-count",
        "warning",
        "The paper counts in the update log do not add up to the number of entries.",
        "- **2025.06.29**: Update 9 papers.   (the list has 10 entries)",
        "- **2025.07.01**: Update 1 paper.\n- **2025.06.29**: Update 9 papers.",
    ),
    Rule(
        "GB051",
        "last-updated",
        "warning",
        '"Last Updated" is not the date of the newest log line.',
        "Last Updated on 2025.06.01\n- **2025.06.29**: Update 9 papers.",
        "Last Updated on 2025.06.29\n- **2025.06.29**: Update 9 papers.",
        fixable=True,
    ),
    Rule(
        "GB052",
        "date-format",
        "warning",
        "A log date is not written in the list's format (zero-padded `YYYY.MM.DD` by default).",
        "- **2024.9.28**: Update 3 papers.",
        "- **2024.09.28**: Update 3 papers.",
        fixable=True,
    ),
    Rule(
        "GB053",
        "invalid-date",
        "error",
        "A log date cannot be read or does not exist.",
        "- **2025.02.30**: Update 3 papers.",
        "- **2025.02.28**: Update 3 papers.",
    ),
    Rule(
        "GB054",
        "log-order",
        "warning",
        "Update log lines are not newest first.",
        "- **2025.05.01**: Update 2 papers.\n- **2025.06.01**: Update 3 papers.",
        "- **2025.06.01**: Update 3 papers.\n- **2025.05.01**: Update 2 papers.",
        fixable=True,
    ),
    Rule(
        "GB055",
        "log-plural",
        "warning",
        '"1 papers" or "3 paper" in the update log.',
        "- **2025.06.01**: Update 1 papers.",
        "- **2025.06.01**: Update 1 paper.",
        fixable=True,
    ),
)

_PLURAL = re.compile(r"\b(\d+)\s+(papers?)\b", re.IGNORECASE)
_COUNT = re.compile(r"\bUpdate\s+\d+\s+papers?\b", re.IGNORECASE)


def _date_finding(
    ctx: Context, raw: str, date: dt.date | None, n: int, fixable: bool
) -> Iterator[Finding]:
    if not raw:
        return
    line = ctx.line(n)
    col = line.find(raw) + 1 if raw in line else 1
    end = col + len(raw)
    if date is None:
        yield ctx.finding(
            "GB053",
            f"Date '{raw}' cannot be read or does not exist; write a real date as "
            f"{dt.date(2025, 6, 29).strftime(ctx.date_format)}",
            n,
            col,
            end,
        )
        return
    want = date.strftime(ctx.date_format)
    if raw != want:
        yield ctx.finding(
            "GB052",
            f"Date '{raw}' should be written '{want}'",
            n,
            col,
            end,
            fix=f"write '{want}'" if fixable else None,
        )


def check(ctx: Context) -> Iterator[Finding]:
    log = ctx.doc.update_log
    dated = [u for u in log.lines if u.date is not None]
    for u in log.lines:
        yield from _date_finding(ctx, u.raw_date, u.date, u.line, True)
        for m in _PLURAL.finditer(u.text):
            number, word = int(m.group(1)), m.group(2)
            want = "paper" if number == 1 else "papers"
            if word.lower() != want:
                line = ctx.line(u.line)
                at = line.find(m.group())
                col = at + len(m.group(1)) + 2 if at >= 0 else 1
                yield ctx.finding(
                    "GB055",
                    f"'{m.group()}': write '{number} {want}'",
                    u.line,
                    col,
                    col + len(word),
                    fix=f"write '{want}'",
                )
    lu = log.last_updated
    if lu is not None and not lu.commented:
        yield from _date_finding(ctx, lu.raw_date, lu.date, lu.line, True)
        newest = max((u.date for u in dated if u.date is not None), default=None)
        if lu.date is not None and newest is not None and lu.date != newest:
            line = ctx.line(lu.line)
            col = line.find(lu.raw_date) + 1 if lu.raw_date in line else 1
            yield ctx.finding(
                "GB051",
                f"Last Updated says {lu.raw_date} but the newest log line is "
                f"{newest.strftime(ctx.date_format)}; set it to the newest log date",
                lu.line,
                col,
                col + len(lu.raw_date),
                fix="set Last Updated to the newest log date",
            )
    for prev, cur in itertools.pairwise(dated):
        assert prev.date is not None and cur.date is not None
        if cur.date > prev.date:
            yield ctx.finding(
                "GB054",
                f"Log line dated {cur.raw_date} comes after an older one ({prev.raw_date}, "
                f"line {prev.line}); order the log newest first",
                cur.line,
                fix="sort the log newest first",
            )
            break
    counted = [u for u in log.lines if u.count is not None]
    if counted:
        total = sum(u.count or 0 for u in counted)
        entries = len(ctx.entries)
        if total != entries:
            first = counted[0]
            line = ctx.line(first.line)
            cm = _COUNT.search(line)
            col, end = (cm.start() + 1, cm.end() + 1) if cm else (1, len(line) + 1)
            advice = (
                "run `geoai-bot log reconcile` to log the missing papers"
                if total < entries
                else "correct the counts (papers may have been removed)"
            )
            yield ctx.finding(
                "GB050",
                f"The update log counts {total} paper{'s' if total != 1 else ''} but the list "
                f"has {entries} entries; {advice}",
                first.line,
                col,
                end,
            )
