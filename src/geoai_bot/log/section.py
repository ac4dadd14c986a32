"""Reading the update log: the "Latest Updates" heading, its dated lines, "Last Updated".

The parser (core/parse.py) calls `parse_update_log` to fill the model's `UpdateLog`; the
editing operations (log/edit.py) share the regular expressions and result values defined
here. Depends only on core.model and core.scan: nothing here parses a whole document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geoai_bot.core.fastmodel import new_model
from geoai_bot.core.model import LastUpdated, Span, UpdateLine, UpdateLog
from geoai_bot.core.scan import is_entry_part

# A log heading is made only of these words once emoji, tags and markup are removed:
# "📢 Latest Updates", "News", "Changelog", "What's new" -- never a paper title that
# merely contains "update".
_LOG_TITLE = re.compile(
    r"(?:(?:latest|recent|news|updates?|change\s*log|changes|what['’]?s\s+new|and|&)\s*)+",
    re.IGNORECASE,
)
_TITLE_NOISE = re.compile(r"<[^<>]*>|:[a-z0-9_+-]+:|[`*_]")  # tags as scan.HTML_TAG
LAST_UPDATED = re.compile(
    r"Last\s+Updated(?:\s+on)?\s*[:：]?\s*(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[^\s:<]+)?",
    re.IGNORECASE,
)
LOG_LINE = re.compile(
    r"^\s*[-*+][ \t]+(?:\*\*(?P<bold>[^*]+?)\*\*|(?P<plain>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}))"
    r"\s*[:：]?(?P<text>.*)$"  # `.*` then strip: a lazy `.*?\s*$` is quadratic on long runs
)
COUNT = re.compile(r"\bUpdate\s+(\d+)\s+papers?\b", re.IGNORECASE)
# A line that says nothing but a count; anything else is free text, kept verbatim.
COUNT_ONLY = re.compile(r"Update\s+(\d{1,9})\s+papers?\s*[.。]?", re.IGNORECASE)
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


# Formats that read exactly what parse_date reads: no need for the (slow) strptime.
_YMD_FORMATS = frozenset({"%Y.%m.%d", "%Y-%m-%d", "%Y/%m/%d"})


def read_date(raw: str, date_format: str = "%Y.%m.%d") -> dt.date | None:
    """A log date written in the configured format or as YYYY.MM.DD (any of . / -)."""
    raw = raw.strip()
    if not raw or len(raw) > 40:
        return None
    day: dt.date | None
    if date_format in _YMD_FORMATS:
        day = parse_date(raw)
    else:
        try:
            day = dt.datetime.strptime(raw, date_format).date()
        except ValueError:
            day = parse_date(raw)
    # Years before 1000 are typos, and strftime would not write them back as 4 digits.
    return day if day is not None and day.year >= 1000 else None


def is_log_heading(level: int, title: str) -> bool:
    """`## 📢 Latest Updates`, `### News`, `## Changelog` (level 2 or 3, nothing else in it)."""
    if level not in (2, 3):
        return False
    text = _TITLE_NOISE.sub("", title)
    text = "".join(c for c in text if c.isalnum() or c in " '’&").strip()
    return bool(text) and _LOG_TITLE.fullmatch(text) is not None


def find_log_heading(heads: list[tuple[int, int, str]], lines: list[str]) -> int | None:
    """Index into `heads` of the first log heading, or None.

    A `###` heading whose body the parser reads as an entry (it has `* Label: value`
    lines) is a paper, not the log, even when its title is "News".
    """
    for k, (i, level, title) in enumerate(heads):
        if is_log_heading(level, title):
            if level >= 3:
                end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
                if any(is_entry_part(lines[j]) for j in range(i + 1, end)):
                    continue
            return k
    return None


def last_updated(line: str, lineno: int) -> LastUpdated | None:
    """Read a `Last Updated on YYYY.MM.DD` line (any decoration), or None."""
    if "updated" not in line.lower():
        return None
    m = LAST_UPDATED.search(line)
    if not m:
        return None
    raw_date = m.group(1) or ""
    cut = m.start(1) if m.group(1) else m.end()
    return new_model(
        LastUpdated,
        raw=line,
        date=parse_date(raw_date),
        raw_date=raw_date,
        line=lineno,
        commented="<!--" in line[: m.start()],
        before=line[:cut],
        after=line[m.end(1) if m.group(1) else m.end() :],
    )


def update_line(line: str, lineno: int) -> UpdateLine | None:
    """Read one `- **YYYY.MM.DD**: text` log line, or None."""
    m = LOG_LINE.match(line)
    if not m:
        return None
    raw_date = (m.group("bold") or m.group("plain") or "").strip()
    text = m.group("text").strip()
    c = COUNT.search(text)
    return new_model(
        UpdateLine,
        raw=line,
        date=parse_date(raw_date),
        raw_date=raw_date,
        count=int(c.group(1)) if c else None,
        text=text,
        line=lineno,
        free=COUNT_ONLY.fullmatch(text) is None,
    )


def parse_update_log(lines: list[str], heads: list[tuple[int, int, str]]) -> UpdateLog:
    """Find the log heading (`## 📢 Latest Updates`) and read its dated lines."""
    log = new_model(
        UpdateLog, heading_line=None, last_updated=None, lines=[], span=None, region=None
    )
    k = find_log_heading(heads, lines)
    if k is not None:
        i = heads[k][0]
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        log.heading_line = i + 1
        log.region = new_model(Span, start=i + 1, end=end)
        last = i + 1
        for j in range(i + 1, end):
            line = lines[j]
            if log.last_updated is None:
                lu = last_updated(line, j + 1)
                if lu is not None:
                    log.last_updated = lu
                    last = j + 1
                    continue
            ul = update_line(line, j + 1)
            if ul is not None:
                log.lines.append(ul)
                last = j + 1
        log.span = new_model(Span, start=i + 1, end=last)
        return log
    # No log heading: a "Last Updated" line may still sit in the header.
    stop = heads[1][0] if len(heads) > 1 else min(len(lines), 30)
    for j in range(stop):
        lu = last_updated(lines[j], j + 1)
        if lu is not None:
            log.last_updated = lu
            break
    return log


# --- Values the editing operations (log/edit.py) return ---------------------------


@dataclass(frozen=True)
class LogProblem:
    """Something in the log the tool will not guess about; the line is left untouched."""

    line: int  # 1-based
    message: str  # what is wrong and what to do

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class LogEdit:
    """The result of a log edit: the whole file text and what was done."""

    text: str  # the whole file, in its own newline style, BOM kept
    changed: bool
    messages: list[str] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)
