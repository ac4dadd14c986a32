"""The update-log operations: normalise the log, record additions, reconcile counts, meaning.

Text in, text out (no disk; the clock only when `record_addition` is given no day):
log/splice.py finds the section and splices lines back, log/lines.py turns its lines into
items and back; only the log's lines and "Last Updated" ever change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from geoai_bot.core.config import LogConfig
from geoai_bot.core.model import Document, Verbatim
from geoai_bot.log.lines import (
    Item,
    Log,
    arrange,
    date_problem,
    item_notes,
    plural,
    read_log,
    render_block,
    render_item,
)
from geoai_bot.log.section import (
    LAST_UPDATED,
    LOG_LINE,
    LogEdit,
    LogProblem,
    last_updated,
    read_date,
)
from geoai_bot.log.splice import Where, apply_edits, locate

SEED_HEADING = "## 📢 Latest Updates"
SEED_LAST_UPDATED = ":fire::fire::fire: Last Updated on {date} :fire::fire::fire:"


def today_utc() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


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
        problems.append(LogProblem(lineno, date_problem(raw, config) + " in Last Updated"))
        return line
    notes.append(f"line {lineno}: Last Updated set to {want} (was {raw})")
    return line[: m.start(1)] + want + line[m.end(1) :]


def _rewrite(
    text: str, where: Where, log: Log, items: list[Item], config: LogConfig, notes: list[str]
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
    if lu is not None and (not inside or log.stray):
        edits.append((lu[0], lu[0] + 1, [lu[1]]))
    if log.block is not None and log.stray:
        edits += _line_edits(items, lines, config, log.block[0])
    elif log.block is not None:
        new_block = render_block(items, log.summary, config, lu if inside else None)
        a, b = log.block
        after = lines[b] if b < len(lines) else ""
        if (
            after[:1] in " \t"
            and after.strip()
            and new_block
            and new_block[-1].strip() not in ("", "</details>")
        ):
            # An indented line right after the block (a note after a fold, say) would be
            # read back as part of the last log line once the block ends with one.
            new_block.append("")
        if new_block != lines[a:b]:
            head = f"<details><summary>{log.summary}</summary>"
            at = new_block.index(head) if head in new_block else len(new_block)
            folded = sum(LOG_LINE.match(x) is not None for x in new_block[at:])
            if folded and folded != log.folded:
                notes.append(
                    f"folded {folded} older lines into "
                    f"'<details><summary>{log.summary}</summary>' (visible: {config.visible})"
                )
            elif log.folded and not folded:
                notes.append(f"unfolded the log ({len(items)} lines, visible: {config.visible})")
            edits.append((a, b, new_block))
    out = apply_edits(text, where, edits) if edits else text
    if out != text and not notes:
        notes.append("rewrote the log lines in canonical form")
    return LogEdit(text=out, changed=out != text, messages=notes, problems=problems)


def _line_edits(
    items: list[Item], lines: list[str], config: LogConfig, top: int
) -> list[tuple[int, int, list[str]]]:
    """Rewrite dated lines in place only: a stray `<details>` line makes moving them unsafe."""
    edits: list[tuple[int, int, list[str]]] = []
    dated = [it for it in items if it.kind != "fixed" and not it.new]
    at = dated[0].index if dated else top
    for it in items:
        if it.kind == "fixed":
            continue
        head = render_item(it, config, None)[0]
        if it.new:
            edits.insert(0, (at, at, [head]))  # before any edit of the same line
        elif head != lines[it.index]:
            edits.append((it.index, it.index + 1, [head]))
    return edits


def normalize_log(text: str, config: LogConfig | None = None) -> LogEdit:
    """Canonical log: padded dates, newest first, same-day counts merged, plurals, fold, LU."""
    config = config or LogConfig()
    where = locate(text)
    if where.region is None:
        return LogEdit(text=text, changed=False)
    log = read_log(where.lines, *where.region, config)
    notes: list[str] = []
    items = log.items if log.stray else arrange(log.items, notes)
    # After arranging, in file order: only then does a line know which same-day lines were
    # merged into it (and the merged-away lines need no note of their own).
    item_notes(sorted(items, key=lambda it: it.index), config, notes)
    return _rewrite(text, where, log, items, config, notes)


def record_addition(
    text: str, count: int = 1, day: dt.date | None = None, config: LogConfig | None = None
) -> LogEdit:
    """Add `count` to the day's line, or insert a line for it at the top of the log, and sync
    Last Updated. Only those two lines change: the rest of the log stays as written (the
    `log` command normalises it), so a submission's diff holds only its own change."""
    if count < 1:
        raise ValueError(f"count must be 1 or more, not {count}")
    config = config or LogConfig()
    day = day or today_utc()
    where = locate(text)
    if where.region is None:
        return _create(text, count, day, config)
    log = read_log(where.lines, *where.region, config)
    notes: list[str] = []
    problems = list(log.problems)
    when = day.strftime(config.date_format)
    target = next((it for it in log.items if it.kind == "count" and it.date == day), None)
    edits: list[tuple[int, int, list[str]]] = []
    if target is not None:
        target.count = (target.count or 0) + count
        head = render_item(target, config, None)[0]
        edits.append((target.index, target.index + 1, [head]))
        notes.append(f"line {target.index + 1}: added {count} to the {when} line")
    else:
        # Newest first: before the first older line (the top for today), else after the last.
        dated = sorted((it for it in log.items if it.kind != "fixed"), key=lambda it: it.index)
        older = next((it for it in dated if it.date is not None and it.date < day), None)
        if older is not None:
            at = older.index
        elif dated:
            at = dated[-1].index + len(dated[-1].raw)
        else:
            at = _insert_at(where, log)
        edits.append((at, at, [f"- **{when}**: {plural(count)}"]))
        notes.append(f"line {at + 1}: added '- **{when}**: {plural(count)}'")
    if log.lu_index is not None:
        dates = [it.date for it in log.items if it.date is not None and it.kind != "fixed"]
        old = where.lines[log.lu_index]
        new = _sync_lu(old, log.lu_index + 1, max([*dates, day]), config, notes, problems)
        if new != old:
            edits.append((log.lu_index, log.lu_index + 1, [new]))
    out = apply_edits(text, where, edits)
    return LogEdit(text=out, changed=out != text, messages=notes, problems=problems)


def _insert_at(where: Where, log: Log) -> int:
    """Where the first log line goes in a log section that has none: after Last Updated."""
    assert where.region is not None
    if log.lu_index is not None:
        return log.lu_index + 1
    return where.region[0]


def _create(text: str, count: int, day: dt.date, config: LogConfig) -> LogEdit:
    """No log section: add one after the header in the seed's style, and say so."""
    where = locate(text, full=True)
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
    out = apply_edits(text, where, edits)
    return LogEdit(text=out, changed=out != text, messages=notes, problems=problems)


def logged_total(text: str, config: LogConfig | None = None) -> tuple[int, list[LogProblem]]:
    """The papers the log says were added (count lines plus counts free text mentions)."""
    config = config or LogConfig()
    where = locate(text)
    if where.region is None:
        return 0, []
    log = read_log(where.lines, *where.region, config)
    return sum(it.count or 0 for it in log.items), log.problems


def reconcile(
    text: str, entries: int, day: dt.date | None = None, config: LogConfig | None = None
) -> LogEdit:
    """Make the log's counts add up to the `entries` papers the list holds (only ever adds).

    The caller counts the entries (it has parsed the list): the log package reads the log's
    own lines and never the whole document."""
    config = config or LogConfig()
    total, problems = logged_total(text, config)
    if total < entries:
        diff = entries - total
        edit = record_addition(text, diff, day, config)
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
    """What a log section's lines say, independent of layout (see `log_meaning`)."""
    config = config or LogConfig()
    log = read_log(lines, 0, len(lines), config)
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
            # Every line, continuation lines included: nothing in the log may go unchecked.
            for x in it.raw:
                said[("line", x.strip())] += 1
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


def log_meaning(doc: Document, config: LogConfig | None = None) -> tuple[object, ...]:
    """What the log section says, whatever its layout: for fmt's lossless check."""
    region = doc.update_log.region
    if region is None:
        return ()
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Verbatim):
            if b.start > region.end:
                break
            for n, line in enumerate(b.lines, b.start):
                if region.start < n <= region.end:
                    lines.append(line)
    return meaning(lines, config)
