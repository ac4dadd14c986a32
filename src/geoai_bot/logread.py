"""The log section's lines as items: read them, arrange them (order, merge) and render them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .config import LogConfig
from .updatelog import COUNT, COUNT_ONLY, LAST_UPDATED, LOG_LINE, LogProblem, read_date

_FOLD_OPEN = re.compile(
    r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(?P<summary>.*?)</summary\s*>)?\s*$", re.I
)
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(?P<summary>.*?)</summary\s*>\s*$", re.I)
_FOLD_CLOSE = re.compile(r"^\s*</details\s*>\s*$", re.I)
FOLD_SUMMARY = "Earlier updates"


def example_format(date_format: str) -> str:
    """`%Y.%m.%d` -> `YYYY.MM.DD`, for messages."""
    return date_format.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")


def plural(count: int) -> str:
    return f"Update {count} paper." if count == 1 else f"Update {count} papers."


@dataclass
class Item:
    """One log line (with any indented continuation lines under it)."""

    kind: str  # "count" | "text" (dated) | "fixed" (unreadable date or prose: kept as written)
    index: int  # line index in the text
    raw: list[str]
    date: dt.date | None = None
    raw_date: str = ""
    count: int | None = None  # "count" items; for others the count a text mentions, if any
    text: str = ""
    merged: list[int] = field(default_factory=list)  # line indices merged into this one


@dataclass
class Log:
    items: list[Item]
    block: tuple[int, int] | None  # line indices [first, last + 1) of the log lines and fold
    lu_index: int | None
    summary: str
    problems: list[LogProblem]
    folded: int  # log lines inside a fold as read (0: no fold)


def _fold_opens(lines: list[str], j: int, b: int) -> bool:
    """A `<details>` is our fold when its summary is ours, or log lines sit inside it."""
    m = _FOLD_OPEN.match(lines[j])
    summary = m.group("summary") if m else None
    k = j + 1
    while summary is None and k < b and not lines[k].strip():
        k += 1
    if summary is None and k < b and (s := _SUMMARY.match(lines[k])):
        summary = s.group("summary")
    if summary is not None and summary.strip().lower() == FOLD_SUMMARY.lower():
        return True
    for k in range(j + 1, b):
        if _FOLD_CLOSE.match(lines[k]):
            return False
        if LOG_LINE.match(lines[k]):
            return True
    return False


def read_log(lines: list[str], a: int, b: int, config: LogConfig) -> Log:
    lu_index: int | None = None
    kinds: list[str] = []  # per line in [a, b): lu, log, fold, cont, blank, other
    summary = ""
    folded = 0
    in_fold = False
    prev = "blank"
    for j in range(a, b):
        line = lines[j]
        kind = "other"
        if lu_index is None and "updated" in line.lower() and LAST_UPDATED.search(line):
            lu_index, kind = j, "lu"
        elif LOG_LINE.match(line):
            kind = "log"
            folded += in_fold
        elif not line.strip():
            kind = "blank"
        elif (fm := _FOLD_OPEN.match(line)) and _fold_opens(lines, j, b):
            kind, in_fold = "fold", True
            if fm.group("summary") and not summary:
                summary = fm.group("summary").strip()
        elif (m := _SUMMARY.match(line)) and prev == "fold":
            kind = "fold"
            if not summary:
                summary = m.group("summary").strip()
        elif in_fold and _FOLD_CLOSE.match(line):
            kind, in_fold = "fold", False
        elif line[:1] in " \t" and kinds and kinds[-1] in ("log", "cont"):
            kind = "cont"
        kinds.append(kind)
        if kind != "blank":
            prev = kind
    marked = [j for j, k in enumerate(kinds) if k in ("log", "fold", "cont")]
    problems: list[LogProblem] = []
    if not marked:
        return Log([], None, lu_index, summary or FOLD_SUMMARY, problems, 0)
    first, last = a + marked[0], a + marked[-1]
    items: list[Item] = []
    for j in range(first, last + 1):
        kind = kinds[j - a]
        if kind in ("blank", "fold"):
            continue
        if kind == "cont" and items:
            items[-1].raw.append(lines[j])
            if items[-1].kind == "count":
                items[-1].kind = "text"  # a count line with more under it is free text
            continue
        if kind in ("other", "lu", "cont"):
            items.append(Item("fixed", j, [lines[j]]))
            continue
        items.append(_log_item(lines[j], j, config, problems))
    return Log(items, (first, last + 1), lu_index, summary or FOLD_SUMMARY, problems, folded)


def _log_item(line: str, j: int, config: LogConfig, problems: list[LogProblem]) -> Item:
    m = LOG_LINE.match(line)
    assert m is not None
    raw_date = (m.group("bold") or m.group("plain") or "").strip()
    text = m.group("text").strip()
    day = read_date(raw_date, config.date_format)
    if day is None:
        mention = COUNT.search(text)
        problems.append(LogProblem(j + 1, date_problem(raw_date, config)))
        return Item(
            "fixed", j, [line], None, raw_date, int(mention.group(1)) if mention else None, text
        )
    only = COUNT_ONLY.fullmatch(text)
    if only:
        return Item("count", j, [line], day, raw_date, int(only.group(1)), text)
    mention = COUNT.search(text)
    return Item("text", j, [line], day, raw_date, int(mention.group(1)) if mention else None, text)


def date_problem(raw: str, config: LogConfig) -> str:
    want = example_format(config.date_format)
    if re.fullmatch(r"\d{4}[./-]\d{1,2}[./-]\d{1,2}", raw):
        return f"date {raw} is not a real date; write {want}"
    return f"cannot read the date {raw!r}; write it as {want}"


def arrange(items: list[Item], notes: list[str]) -> list[Item]:
    """Newest first (stable), same-day count lines merged; fixed lines keep their place."""
    dated = [it for it in items if it.kind != "fixed"]
    ordered = sorted(dated, key=lambda it: it.date or dt.date.min, reverse=True)
    if [it.index for it in ordered] != [it.index for it in dated]:
        notes.append("sorted the log newest first")
    out: list[Item] = []
    first_count: dict[dt.date, Item] = {}
    for it in ordered:
        if it.kind == "count" and it.date is not None:
            keep = first_count.get(it.date)
            if keep is not None:
                keep.count = (keep.count or 0) + (it.count or 0)
                keep.merged.append(it.index)
                continue
            first_count[it.date] = it
        out.append(it)
    for pos, it in enumerate(items):  # fixed lines in increasing original position
        if it.kind == "fixed":
            out.insert(min(pos, len(out)), it)
    return out


def _render_item(it: Item, config: LogConfig, lu: tuple[int, str] | None) -> list[str]:
    if it.kind == "fixed":
        if lu is not None and it.index == lu[0]:
            return [lu[1]]  # the Last Updated line sits among the log lines
        return list(it.raw)
    assert it.date is not None
    date = it.date.strftime(config.date_format)
    text = plural(it.count or 0) if it.kind == "count" else it.text
    head = f"- **{date}**: {text}" if text else f"- **{date}**"
    return [head, *it.raw[1:]]


def render_block(
    items: list[Item], summary: str, config: LogConfig, lu: tuple[int, str] | None
) -> list[str]:
    rendered = [_render_item(it, config, lu) for it in items]
    out = _joined(rendered[: config.visible])
    rest = rendered[config.visible :]
    if rest:
        out += ["", f"<details><summary>{summary}</summary>", ""]
        out += _joined(rest)
        out += ["", "</details>"]
    return out


def _joined(rendered: list[list[str]]) -> list[str]:
    out: list[str] = []
    for lines in rendered:
        first = lines[0]
        if out and first[:1] in " \t" and not LOG_LINE.match(first):
            # An indented note right under a log line would be read back as part of it.
            out.append("")
        out.extend(lines)
    return out


def item_notes(items: list[Item], config: LogConfig, notes: list[str]) -> None:
    dates: list[str] = []
    for it in items:
        if it.kind == "fixed" or it.date is None:
            continue
        date = it.date.strftime(config.date_format)
        if it.raw_date and it.raw_date != date:
            dates.append(f"line {it.index + 1}: date {it.raw_date} written as {date}")
        if it.merged:
            lines = ", ".join(str(i + 1) for i in [it.index, *it.merged])
            notes.append(f"lines {lines}: merged the {date} counts into '{plural(it.count or 0)}'")
        elif it.kind == "count" and it.text != plural(it.count or 0):
            notes.append(f"line {it.index + 1}: '{it.text}' written as '{plural(it.count or 0)}'")
    if len(dates) > 3:
        first = ", ".join(d.split(":")[0].removeprefix("line ") for d in dates[:5])
        etc = ", ..." if len(dates) > 5 else ""
        want = example_format(config.date_format)
        notes.insert(0, f"wrote {len(dates)} dates as {want} (lines {first}{etc})")
    else:
        notes[0:0] = dates
