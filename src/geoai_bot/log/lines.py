"""The log section's lines as items: read them, arrange them (order, merge) and render them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geoai_bot.core.config import LogConfig
from geoai_bot.core.scan import comment_opens, fence_marker, is_blank
from geoai_bot.log.section import COUNT, COUNT_ONLY, LAST_UPDATED, LOG_LINE, LogProblem, read_date

_FOLD_OPEN = re.compile(
    r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(?P<summary>.*?)</summary\s*>\s*)?$", re.I
)
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(?P<summary>.*?)</summary\s*>\s*$", re.I)
_FOLD_CLOSE = re.compile(r"^\s*</details\s*>\s*$", re.I)
FOLD_SUMMARY = "Earlier updates"
SECOND_LU = (
    "a second 'Last Updated' among the log lines; remove it or reword it (the log's lines "
    "are only rewritten in place while it is here)"
)
OPAQUE_STRAY = (
    "a code fence or an unclosed <!-- comment in the log; move it out of the log or close "
    "it (the log's lines are only rewritten in place while it is here)"
)
STRAY = (
    "a <details>, <summary> or </details> line that is not the log's fold; move it out of "
    "the log or remove it (the log is not folded while it is here)"
)


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
    new: bool = False  # added by `log add`, not read from the file


@dataclass
class Log:
    items: list[Item]
    block: tuple[int, int] | None  # line indices [first, last + 1) of the log lines and fold
    lu_index: int | None
    summary: str
    problems: list[LogProblem]
    folded: int  # log lines inside a fold as read (0: no fold)
    stray: bool = False  # a <details>-like line among the items: folding would break


def _fold_at(lines: list[str], j: int, b: int) -> tuple[list[int], str, int] | None:
    """Our fold starting at line j: (its marker lines, its summary, log lines in it), or None.

    A fold is `<details>`, a `<summary>` (same line or next), content with at least one
    log line and no other `<details>`/`<summary>`, then `</details>`. Anything else is not
    ours and is kept as written.
    """
    m = _FOLD_OPEN.match(lines[j])
    if m is None:
        return None
    marks = [j]
    summary = m.group("summary")
    k = j + 1
    if summary is None:
        while k < b and is_blank(lines[k]):
            k += 1
        s = _SUMMARY.match(lines[k]) if k < b else None
        if s is None:
            return None
        marks.append(k)
        summary = s.group("summary")
        k += 1
    logs = 0
    while k < b:
        line = lines[k]
        if _FOLD_CLOSE.match(line):
            return ([*marks, k], summary.strip(), logs) if logs else None
        if _FOLD_OPEN.match(line) or _SUMMARY.match(line):
            return None
        logs += LOG_LINE.match(line) is not None
        k += 1
    return None


def read_log(lines: list[str], a: int, b: int, config: LogConfig) -> Log:
    lu_index: int | None = None
    kinds: list[str] = []  # per line in [a, b): lu, log, fold, cont, blank, other
    summary = ""
    folded = 0
    marks: set[int] = set()
    j = a
    while j < b:
        fold = _fold_at(lines, j, b) if "<" in lines[j] else None
        if fold is not None:
            marks.update(fold[0])
            summary = summary or fold[1]
            folded += fold[2]
            j = fold[0][-1]
        j += 1
    for j in range(a, b):
        line = lines[j]
        kind = "other"
        if j in marks:
            kind = "fold"
        elif lu_index is None and "updated" in line.lower() and LAST_UPDATED.search(line):
            lu_index, kind = j, "lu"
        elif LOG_LINE.match(line):
            kind = "log"
        elif is_blank(line):
            kind = "blank"
        elif line[:1] in " \t" and kinds and kinds[-1] in ("log", "cont"):
            kind = "cont"
        kinds.append(kind)
    marked = [j for j, k in enumerate(kinds) if k in ("log", "fold", "cont")]
    problems: list[LogProblem] = []
    if not marked:
        return Log([], None, lu_index, summary or FOLD_SUMMARY, problems, 0, False)
    # A <details>-like line that is not our fold would break a fold written around it.
    stray = False
    for j in range(a, b):
        if kinds[j - a] in ("other", "cont") and _is_marker(lines[j]):
            stray = True
            problems.append(LogProblem(j + 1, STRAY))
        elif _opens_opaque(lines[j]):
            stray = True
            problems.append(LogProblem(j + 1, OPAQUE_STRAY))
    first, last = a + marked[0], a + marked[-1]
    if lu_index is not None and first <= lu_index <= last:
        # The first "Last Updated" line is the log's; moving a later one above it (sorting,
        # folding) would make that one the log's. Such a log is only rewritten in place.
        for j in range(lu_index + 1, last + 1):
            if "updated" in lines[j].lower() and LAST_UPDATED.search(lines[j]):
                stray = True
                problems.append(LogProblem(j + 1, SECOND_LU))
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
    summary = summary or FOLD_SUMMARY
    return Log(items, (first, last + 1), lu_index, summary, problems, folded, stray)


def _opens_opaque(line: str) -> bool:
    """A code fence or an unclosed HTML comment: what follows it in the file depends on
    where it stands, so moving log lines around it (sorting, folding) could change it."""
    # Any fence-like line (opener or closer): the scanner's own rule, whichever it is here.
    return fence_marker(line) is not None or comment_opens(line)


def _is_marker(line: str) -> bool:
    return bool(_FOLD_OPEN.match(line) or _SUMMARY.match(line) or _FOLD_CLOSE.match(line))


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


def render_item(it: Item, config: LogConfig, lu: tuple[int, str] | None) -> list[str]:
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
    """The log's lines: the newest `config.visible` log lines, the rest in a `<details>` fold."""
    rendered = [render_item(it, config, lu) for it in items]
    # `visible` counts log lines, not the notes among them: a note read as an item here
    # may sit outside the block once folded, and counting it would unfold the log again.
    dated = [k for k, r in enumerate(rendered) if LOG_LINE.match(r[0])]
    visible = dated[config.visible - 1] + 1 if len(dated) >= config.visible else len(rendered)
    if not any(LOG_LINE.match(r[0]) for r in rendered[visible:]):
        visible = len(rendered)  # a fold holds log lines, never only notes
    out = _joined(rendered[:visible])
    rest = rendered[visible:]
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
