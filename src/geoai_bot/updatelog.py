"""The update log: read the "Latest Updates" section and its "Last Updated" line into the model."""

from __future__ import annotations

import datetime as dt
import re

from .model import LastUpdated, Span, UpdateLine, UpdateLog

LOG_HEADING = re.compile(r"(latest\s+)?updates?|news|change\s*log", re.IGNORECASE)
LAST_UPDATED = re.compile(
    r"Last\s+Updated(?:\s+on)?\s*[:：]?\s*(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[^\s:<]+)?",
    re.IGNORECASE,
)
LOG_LINE = re.compile(
    r"^\s*[-*+][ \t]+(?:\*\*(?P<bold>[^*]+?)\*\*|(?P<plain>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}))"
    r"\s*[:：]?\s*(?P<text>.*?)\s*$"
)
COUNT = re.compile(r"\bUpdate\s+(\d+)\s+papers?\b", re.IGNORECASE)
YMD = re.compile(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$")


def parse_date(raw: str) -> dt.date | None:
    """`2025.06.29`, `2024.9.28`, `2025-06-29` -> date; anything else (or invalid) -> None."""
    m = YMD.match(raw.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _last_updated(line: str, lineno: int) -> LastUpdated | None:
    m = LAST_UPDATED.search(line)
    if not m:
        return None
    raw_date = m.group(1) or ""
    return LastUpdated(
        raw=line,
        date=parse_date(raw_date),
        raw_date=raw_date,
        line=lineno,
        commented="<!--" in line[: m.start()],
    )


def parse_update_log(lines: list[str], heads: list[tuple[int, int, str]]) -> UpdateLog:
    """Find the log heading (`## 📢 Latest Updates`) and read its dated lines."""
    log = UpdateLog()
    for k, (i, level, title) in enumerate(heads):
        if level in (2, 3) and LOG_HEADING.search(title):
            end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
            log.heading_line = i + 1
            last = i + 1
            for j in range(i + 1, end):
                line = lines[j]
                if log.last_updated is None and "updated" in line.lower():
                    lu = _last_updated(line, j + 1)
                    if lu is not None:
                        log.last_updated = lu
                        last = j + 1
                        continue
                m = LOG_LINE.match(line)
                if m:
                    raw_date = (m.group("bold") or m.group("plain") or "").strip()
                    text = m.group("text")
                    c = COUNT.search(text)
                    log.lines.append(
                        UpdateLine(
                            raw=line,
                            date=parse_date(raw_date),
                            raw_date=raw_date,
                            count=int(c.group(1)) if c else None,
                            text=text,
                            line=j + 1,
                        )
                    )
                    last = j + 1
            log.span = Span(start=i + 1, end=last)
            return log
    # No log heading: a "Last Updated" line may still sit in the header.
    stop = heads[1][0] if len(heads) > 1 else min(len(lines), 30)
    for j in range(stop):
        if "updated" in lines[j].lower():
            lu = _last_updated(lines[j], j + 1)
            if lu is not None:
                log.last_updated = lu
                break
    return log
