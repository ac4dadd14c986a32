"""The update-log editing engine: normalise the log, record additions, reconcile counts.

Works on the file text directly and splices only the log's lines and the "Last Updated"
line back in, so every other byte (newline style, BOM, trailing spaces) stays as it was.
Only the top of the file is split into lines when the log sits there, which keeps `fmt`
cheap on very large lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from .config import LogConfig
from .updatelog import (
    COUNT,
    COUNT_ONLY,
    LAST_UPDATED,
    LOG_LINE,
    LogEdit,
    LogProblem,
    find_log_heading,
    read_date,
)

_NL = re.compile(r"\r\n|\r|\n")
# A heading that might be a log heading; the exact test is is_log_heading on the real scan.
_CANDIDATE = re.compile(
    r"(?:^|(?<=\r)) {0,3}#{2,3}[ \t][^\r\n]*?(?:update|news|change|new)", re.I | re.M
)
_FOLD_OPEN = re.compile(
    r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(?P<summary>.*?)</summary\s*>)?\s*$", re.I
)
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(?P<summary>.*?)</summary\s*>\s*$", re.I)
_FOLD_CLOSE = re.compile(r"^\s*</details\s*>\s*$", re.I)
FOLD_SUMMARY = "Earlier updates"
SEED_HEADING = "## 📢 Latest Updates"
SEED_LAST_UPDATED = ":fire::fire::fire: Last Updated on {date} :fire::fire::fire:"


def today_utc() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def example_format(date_format: str) -> str:
    """`%Y.%m.%d` -> `YYYY.MM.DD`, for messages."""
    return date_format.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")


def plural(count: int) -> str:
    return f"Update {count} paper." if count == 1 else f"Update {count} papers."


# --- Locating the log in the text ---------------------------------------------------


@dataclass
class _Where:
    """The split top of the file (or all of it) and where the log section sits in it."""

    lines: list[str]
    starts: list[int]  # character offset of each line in the text
    heads: list[tuple[int, int, str]]
    complete: bool  # lines cover the whole text
    heading: int | None = None  # index into heads of the log heading
    region: tuple[int, int] | None = None  # line indices [a, b) after the log heading


def _split(text: str, start: int, stop: int) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    starts: list[int] = []
    pos = start
    for m in _NL.finditer(text, start, stop):
        starts.append(pos)
        lines.append(text[pos : m.start()])
        pos = m.end()
    if pos < stop:
        starts.append(pos)
        lines.append(text[pos:stop])
    return lines, starts


def _heads(lines: list[str]) -> list[tuple[int, int, str]]:
    """The parser's own heading scan, so `log` and `fmt` agree on where the log is."""
    from . import parse  # late import: parse imports updatelog

    legacy = getattr(parse, "_headings", None)
    if legacy is not None:
        return list(legacy(lines))
    from .scan import scan

    return scan(lines)[0]


def _locate(text: str, full: bool = False) -> _Where:
    """Find the log section, splitting as little of the text as needed."""
    base = 1 if text.startswith("\ufeff") else 0
    n = len(text)
    cand = _CANDIDATE.search(text, base)
    if cand is None and not full:
        return _Where([], [], [], complete=False)
    end = n if full else max(65536, 2 * (cand.end() if cand else n))
    while True:
        cut = n if end >= n else text.rfind("\n", base, end) + 1
        cut = max(cut, base)
        lines, starts = _split(text, base, cut)
        heads = _heads(lines)
        complete = cut >= n
        k = find_log_heading(heads, lines)
        if k is not None and (k + 1 < len(heads) or complete):
            a = heads[k][0] + 1
            b = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
            return _Where(lines, starts, heads, complete, k, (a, b))
        if complete:
            return _Where(lines, starts, heads, complete)
        if k is None and not full and _CANDIDATE.search(text, cut) is None:
            return _Where(lines, starts, heads, complete)
        end *= 4


# --- Reading the log's lines into items ---------------------------------------------


@dataclass
class _Item:
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
class _Log:
    items: list[_Item]
    block: tuple[int, int] | None  # line indices [first, last + 1) of the log lines and fold
    lu_index: int | None
    summary: str
    problems: list[LogProblem]
    folded: int  # log lines inside a fold as read (0: no fold)


def _fold_opens(lines: list[str], j: int, b: int) -> bool:
    """A `<details>` is our fold only when log lines sit between it and its `</details>`."""
    for k in range(j + 1, b):
        if _FOLD_CLOSE.match(lines[k]):
            return False
        if LOG_LINE.match(lines[k]):
            return True
    return False


def _read_log(lines: list[str], a: int, b: int, config: LogConfig) -> _Log:
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
        elif (m := _FOLD_OPEN.match(line)) and _fold_opens(lines, j, b):
            kind, in_fold = "fold", True
            if m.group("summary") and not summary:
                summary = m.group("summary").strip()
        elif (m := _SUMMARY.match(line)) and prev == "fold":
            kind = "fold"
            if not summary:
                summary = m.group("summary").strip()
        elif in_fold and _FOLD_CLOSE.match(line):
            kind, in_fold = "fold", False
        elif line[:1] in " \t" and prev in ("log", "cont"):
            kind = "cont"
        kinds.append(kind)
        if kind != "blank":
            prev = kind
    marked = [j for j, k in enumerate(kinds) if k in ("log", "fold", "cont")]
    problems: list[LogProblem] = []
    if not marked:
        return _Log([], None, lu_index, summary or FOLD_SUMMARY, problems, 0)
    first, last = a + marked[0], a + marked[-1]
    items: list[_Item] = []
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
            items.append(_Item("fixed", j, [lines[j]]))
            continue
        items.append(_log_item(lines[j], j, config, problems))
    return _Log(items, (first, last + 1), lu_index, summary or FOLD_SUMMARY, problems, folded)


def _log_item(line: str, j: int, config: LogConfig, problems: list[LogProblem]) -> _Item:
    m = LOG_LINE.match(line)
    assert m is not None
    raw_date = (m.group("bold") or m.group("plain") or "").strip()
    text = m.group("text").strip()
    day = read_date(raw_date, config.date_format)
    if day is None:
        mention = COUNT.search(text)
        problems.append(LogProblem(j + 1, _date_problem(raw_date, config)))
        return _Item(
            "fixed", j, [line], None, raw_date, int(mention.group(1)) if mention else None, text
        )
    only = COUNT_ONLY.fullmatch(text)
    if only:
        return _Item("count", j, [line], day, raw_date, int(only.group(1)), text)
    mention = COUNT.search(text)
    return _Item("text", j, [line], day, raw_date, int(mention.group(1)) if mention else None, text)


def _date_problem(raw: str, config: LogConfig) -> str:
    want = example_format(config.date_format)
    if re.fullmatch(r"\d{4}[./-]\d{1,2}[./-]\d{1,2}", raw):
        return f"date {raw} is not a real date; write {want}"
    return f"cannot read the date {raw!r}; write it as {want}"


# --- Arranging and rendering --------------------------------------------------------


def _arrange(items: list[_Item], notes: list[str]) -> list[_Item]:
    """Newest first (stable), same-day count lines merged; fixed lines keep their place."""
    dated = [it for it in items if it.kind != "fixed"]
    ordered = sorted(dated, key=lambda it: it.date or dt.date.min, reverse=True)
    if [it.index for it in ordered] != [it.index for it in dated]:
        notes.append("sorted the log newest first")
    out: list[_Item] = []
    first_count: dict[dt.date, _Item] = {}
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


def _render_item(it: _Item, config: LogConfig, lu: tuple[int, str] | None) -> list[str]:
    if it.kind == "fixed":
        if lu is not None and it.index == lu[0]:
            return [lu[1]]  # the Last Updated line sits among the log lines
        return list(it.raw)
    assert it.date is not None
    date = it.date.strftime(config.date_format)
    text = plural(it.count or 0) if it.kind == "count" else it.text
    head = f"- **{date}**: {text}" if text else f"- **{date}**"
    return [head, *it.raw[1:]]


def _render_block(
    items: list[_Item], summary: str, config: LogConfig, lu: tuple[int, str] | None
) -> list[str]:
    rendered = [_render_item(it, config, lu) for it in items]
    out = [line for r in rendered[: config.visible] for line in r]
    rest = rendered[config.visible :]
    if rest:
        out += ["", f"<details><summary>{summary}</summary>", ""]
        out += [line for r in rest for line in r]
        out += ["", "</details>"]
    return out


def _item_notes(items: list[_Item], config: LogConfig, notes: list[str]) -> None:
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


# --- Splicing edits back into the text ----------------------------------------------


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf  # old Mac files: lone CR
    return "\r\n" if crlf > max(lf, cr) else ("\r" if cr > lf else "\n")


def _apply(text: str, where: _Where, edits: list[tuple[int, int, list[str]]]) -> str:
    """Replace line ranges [a, b) with new lines; a == b inserts before line a."""
    nl = _newline(text)
    pieces: list[str] = []
    pos = 0
    lines, starts = where.lines, where.starts
    for a, b, new in sorted(edits, key=lambda e: e[0]):
        if a < b:
            s = starts[a]
            e = starts[b - 1] + len(lines[b - 1])
            pieces += [text[pos:s], nl.join(new)]
            pos = e
        elif a < len(lines):
            s = starts[a]
            pieces += [text[pos:s], nl.join(new) + nl]
            pos = s
        else:  # append at the end of the text
            tail = text[pos:]
            pieces.append(tail)
            ends_nl = tail.endswith(("\n", "\r")) or (not tail and text.endswith(("\n", "\r")))
            if text and not ends_nl:
                pieces.append(nl + nl.join(new))
            else:
                pieces.append(nl.join(new) + nl)
            pos = len(text)
    pieces.append(text[pos:])
    return "".join(pieces)


# --- The three operations -----------------------------------------------------------


def _sync_lu(
    line: str,
    lineno: int,
    newest: dt.date,
    config: LogConfig,
    notes: list[str],
    problems: list[LogProblem],
) -> str:
    m = LAST_UPDATED.search(line)
    if m is None:
        return line
    want = newest.strftime(config.date_format)
    raw = m.group(1)
    if raw is None:
        notes.append(f"line {lineno}: Last Updated set to {want}")
        sep = "" if line[m.end() : m.end() + 1].isspace() or m.end() == len(line) else " "
        spacer = "" if line[m.end() - 1 : m.end()].isspace() else " "
        return line[: m.end()] + spacer + want + sep + line[m.end() :]
    if raw == want:
        return line
    if read_date(raw, config.date_format) is None:
        problems.append(LogProblem(lineno, _date_problem(raw, config) + " in Last Updated"))
        return line
    notes.append(f"line {lineno}: Last Updated set to {want} (was {raw})")
    return line[: m.start(1)] + want + line[m.end(1) :]


def _rewrite(
    text: str, where: _Where, log: _Log, items: list[_Item], config: LogConfig, notes: list[str]
) -> LogEdit:
    """Render the arranged items and the synced LU line back into the text."""
    problems = list(log.problems)
    lines = where.lines
    dates = [it.date for it in items if it.date is not None and it.kind != "fixed"]
    edits: list[tuple[int, int, list[str]]] = []
    lu_new: str | None = None
    if log.lu_index is not None and dates:
        old = lines[log.lu_index]
        new = _sync_lu(old, log.lu_index + 1, max(dates), config, notes, problems)
        if new != old:
            lu_new = new
    inside = (
        log.block is not None
        and log.lu_index is not None
        and log.block[0] <= log.lu_index < log.block[1]
    )
    lu = (log.lu_index, lu_new) if lu_new is not None and log.lu_index is not None else None
    if lu is not None and not inside:
        edits.append((lu[0], lu[0] + 1, [lu[1]]))
    if log.block is not None:
        new_block = _render_block(items, log.summary, config, lu if inside else None)
        a, b = log.block
        if new_block != lines[a:b]:
            folded = max(0, len(items) - config.visible)
            if folded and folded != log.folded:
                notes.append(
                    f"folded {folded} older lines into "
                    f"'<details><summary>{log.summary}</summary>' (visible: {config.visible})"
                )
            elif log.folded and not folded:
                notes.append(f"unfolded the log: its {len(items)} lines fit the visible limit")
            edits.append((a, b, new_block))
    out = _apply(text, where, edits) if edits else text
    if out != text and not notes:
        notes.append("rewrote the log lines in canonical form")
    return LogEdit(text=out, changed=out != text, messages=notes, problems=problems)


def normalize(text: str, config: LogConfig | None = None) -> LogEdit:
    config = config or LogConfig()
    where = _locate(text)
    if where.region is None:
        return LogEdit(text=text, changed=False)
    log = _read_log(where.lines, *where.region, config)
    notes: list[str] = []
    _item_notes(log.items, config, notes)
    items = _arrange(log.items, notes)
    return _rewrite(text, where, log, items, config, notes)


def record(
    text: str, count: int = 1, day: dt.date | None = None, config: LogConfig | None = None
) -> LogEdit:
    if count < 1:
        raise ValueError(f"count must be 1 or more, not {count}")
    config = config or LogConfig()
    day = day or today_utc()
    where = _locate(text)
    if where.region is None:
        return _create(text, count, day, config)
    log = _read_log(where.lines, *where.region, config)
    notes: list[str] = []
    _item_notes(log.items, config, notes)
    items = list(log.items)
    target = next((it for it in items if it.kind == "count" and it.date == day), None)
    when = day.strftime(config.date_format)
    if target is not None:
        target.count = (target.count or 0) + count
        notes.insert(0, f"added {count} to the {when} line")
    else:
        assert where.region is not None
        top = log.block[0] if log.block else _insert_at(where, log)
        new = _Item("count", top, [""], day, when, count, plural(count))
        items.insert(0, new)
        notes.insert(0, f"added '- **{when}**: {plural(count)}'")
        if log.block is None:
            # No log lines yet: the new line goes under the heading / Last Updated line.
            log = _Log(items, (top, top), log.lu_index, log.summary, log.problems, 0)
    arranged = _arrange(items, [])
    edit = _rewrite(text, where, log, arranged, config, notes)
    return edit


def _insert_at(where: _Where, log: _Log) -> int:
    """Where the first log line goes in a log section that has none: after Last Updated."""
    assert where.region is not None
    if log.lu_index is not None:
        return log.lu_index + 1
    return where.region[0]


def _create(text: str, count: int, day: dt.date, config: LogConfig) -> LogEdit:
    """No log section: add one after the header in the seed's style, and say so."""
    from .updatelog import last_updated

    where = _locate(text, full=True)
    lines, heads = where.lines, where.heads
    when = day.strftime(config.date_format)
    notes: list[str] = []
    problems: list[LogProblem] = []
    edits: list[tuple[int, int, list[str]]] = []
    # Header = the `#` title and what follows it, up to the next heading.
    if heads and heads[0][1] == 1:
        at = heads[1][0] if len(heads) > 1 else len(lines)
    else:
        at = heads[0][0] if heads else 0
    lu_line = None
    for j in range(at):
        if last_updated(lines[j], j + 1) is not None:
            lu_line = j
            break
    block = [SEED_HEADING]
    if lu_line is None:
        block.append(SEED_LAST_UPDATED.format(date=when))
    else:
        new = _sync_lu(lines[lu_line], lu_line + 1, day, config, notes, problems)
        if new != lines[lu_line]:
            edits.append((lu_line, lu_line + 1, [new]))
    block.append(f"- **{when}**: {plural(count)}")
    if at < len(lines):
        block += ["", ""]
    if at > 0 and lines[at - 1].strip():
        block.insert(0, "")
    edits.append((at, at, block))
    notes.insert(
        0,
        f"created a Latest Updates section at line {at + 1 + (block[0] == '')} "
        f"with '- **{when}**: {plural(count)}'",
    )
    out = _apply(text, where, edits)
    return LogEdit(text=out, changed=out != text, messages=notes, problems=problems)


def logged_total(text: str, config: LogConfig | None = None) -> tuple[int, list[LogProblem]]:
    """The papers the log says were added (count lines plus counts free text mentions)."""
    config = config or LogConfig()
    where = _locate(text)
    if where.region is None:
        return 0, []
    log = _read_log(where.lines, *where.region, config)
    return sum(it.count or 0 for it in log.items), log.problems


def reconcile_counts(
    text: str, day: dt.date | None = None, config: LogConfig | None = None
) -> LogEdit:
    from .parse import parse_text

    config = config or LogConfig()
    entries = len(parse_text(text).entries)
    total, problems = logged_total(text, config)
    if total < entries:
        diff = entries - total
        edit = record(text, diff, day, config)
        head = (
            f"the log counts {total} papers but the list holds {entries}; "
            f"recorded the missing {diff}"
        )
        return LogEdit(edit.text, edit.changed, [head, *edit.messages], edit.problems)
    if total > entries:
        msg = (
            f"the log counts {total} papers but the list holds {entries}; nothing changed "
            "(papers may have been removed on purpose: edit the log by hand if not)"
        )
        return LogEdit(text, False, [msg], problems)
    return LogEdit(
        text, False, [f"the log is true: {total} papers logged, {entries} listed"], problems
    )


def meaning(lines: list[str], config: LogConfig | None = None) -> tuple[object, ...]:
    """What a log section's lines say, independent of layout (see updatelog.log_meaning)."""
    config = config or LogConfig()
    log = _read_log(lines, 0, len(lines), config)
    counts: Counter[dt.date] = Counter()
    said: Counter[tuple[object, ...]] = Counter()
    for it in log.items:
        if it.kind == "count" and it.date is not None:
            counts[it.date] += it.count or 0
        elif it.index == log.lu_index:
            continue
        elif it.kind == "text":
            more = tuple(x.strip() for x in it.raw[1:])
            said[("text", it.date, it.text.strip(), more)] += 1
        else:
            said[("line", it.raw[0].strip())] += 1
    a, b = log.block or (0, 0)
    for j, line in enumerate(lines):
        if line.strip() and not a <= j < b and j != log.lu_index:
            said[("line", line.strip())] += 1
    decoration = None
    if log.lu_index is not None:
        m = LAST_UPDATED.search(lines[log.lu_index])
        assert m is not None
        line = lines[log.lu_index]
        decoration = (
            (line[: m.start(1)] if m.group(1) else line[: m.end()]).strip(),
            (line[m.end(1) :] if m.group(1) else line[m.end() :]).strip(),
        )
    return (
        decoration,
        tuple(sorted(counts.items())),
        tuple(sorted(said.items(), key=repr)),
    )
