"""Formatting as a pure function (in the list's own style), with the two checks that guard
every write.

`check_lossless` compares our parser's model of the input and the output (entry fields,
text around them, the log's meaning); `check_view` (core/guard.py) compares what GitHub
shows a reader, with a renderer that shares none of the parser's blind spots.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geoai_bot.core.errors import LosslessError
from geoai_bot.core.guard import LineRange, check_view
from geoai_bot.core.hunks import Hunk, diff_hunks
from geoai_bot.core.model import Document, Entry, Verbatim
from geoai_bot.core.parse import parse_split, parse_text, split_lines
from geoai_bot.core.render import render
from geoai_bot.core.scan import EqualRun, Heading, scan, scan_like
from geoai_bot.core.style import CANONICAL, Style, learn_style
from geoai_bot.core.textio import to_file_text
from geoai_bot.log import log_meaning, normalize_log

if TYPE_CHECKING:
    from geoai_bot.core.config import FormatConfig, LogConfig


@dataclass(frozen=True)
class Formatted:
    """The input and output of one format run."""

    source: Document
    entries: int  # entries read from the output (check_lossless made it source's count)
    text: str  # in the file's own newline style


def check_lossless(
    before: Document,
    after: Document,
    path: str | None = None,
    log_config: LogConfig | None = None,
) -> None:
    """Raise LosslessError naming the first entry whose meaning changed."""
    a, b = before.entries, after.entries
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x is not y and x.meaning() != y.meaning():
            fields = ("title", "authors", "links", "abstract", "extra lines", "section")
            diff = next(
                f for f, u, v in zip(fields, x.meaning(), y.meaning(), strict=True) if u != v
            )
            raise LosslessError(
                f"formatting would change the {diff} of entry {i + 1} ({x.title!r}); "
                "nothing was written. Please report this with the entry's text.",
                path,
                x.span.start,
            )
    if len(a) != len(b):
        line = a[len(b)].span.start if len(a) > len(b) else None
        raise LosslessError(
            f"formatting would change the number of entries from {len(a)} to {len(b)}; "
            "nothing was written. Please report this with the file.",
            path,
            line,
        )
    if _prose(before) != _prose(after):
        raise LosslessError(
            "formatting would change text outside the entries; nothing was written. "
            "Please report this with the file.",
            path,
        )
    # The update log is compared by what it says (dated counts summed per day, free text,
    # unreadable lines), since fmt normalises it: merged, sorted, folded.
    if log_meaning(before, log_config) != log_meaning(after, log_config):
        line = before.update_log.heading_line
        raise LosslessError(
            "formatting would change what the update log says; nothing was written. "
            "Please report this with the log section.",
            path,
            line,
        )


def _prose(doc: Document) -> list[str]:
    """Non-blank verbatim lines outside the update log section."""
    region = doc.update_log.region
    lo, hi = (region.start, region.end) if region else (0, 0)
    return [
        line.strip()
        for b in doc.blocks
        if isinstance(b, Verbatim)
        for n, line in enumerate(b.lines, b.start)
        if line.strip() and not lo < n <= hi
    ]


def keep_trailing_space(source: list[str], out: str) -> str:
    """OUT with each line that is unchanged but for trailing spaces and tabs written as in
    SOURCE again: in a learned style fmt changes what departs from the list's conventions,
    not invisible whitespace (a real list had it on two lines out of three)."""
    lines = out.split("\n")
    final = lines[-1] == ""
    if final:
        lines.pop()
    bare = [line.rstrip(" \t") for line in source]
    i = j = 0
    for a0, a1, b0, b1 in [*diff_hunks(bare, lines), (len(bare), 0, len(lines), 0)]:
        while i < a0 and j < b0:  # an equal run: the same lines, line for line
            lines[j] = source[i]
            i, j = i + 1, j + 1
        i, j = a1, b1
    return "\n".join(lines) + ("\n" if final else "")


def style_for(doc: Document, format_config: FormatConfig | None = None) -> Style:
    """The Style fmt writes DOC in: learned from DOC unless `[format] style = "canonical"`."""
    if format_config is not None and format_config.style == "canonical":
        return CANONICAL
    return learn_style(doc)


def format_document(
    text: str,
    path: str | None = None,
    log_config: LogConfig | None = None,
    format_config: FormatConfig | None = None,
) -> Formatted:
    """Parse, render in the list's style, re-parse and verify; never returns a lossy result.

    The update log gets the same normalisation as `geoai-bot log` (log_config: the
    `[log]` table of geoai-bot.toml; defaults when None). format_config: the `[format]`
    table (None: learn the style from the list).
    """
    src_lines, newline, final, bom = split_lines(text)
    scanned = scan(src_lines)
    source, _ = parse_split(src_lines, newline, final, bom, _Scanned(scanned))
    style = style_for(source, format_config)
    out = normalize_log(render(source, style), log_config).text
    if style.keep_trailing:
        out = keep_trailing_space(src_lines, out)
    file_text = to_file_text(out, source)
    # Check what will be written (BOM and newlines included). Already formatted: the
    # output is the input, and parsing it again would give `source`.
    if file_text == text:
        return Formatted(source=source, entries=len(source.entries), text=file_text)
    out_lines, out_newline, out_final, out_bom = split_lines(file_text)
    raw = diff_hunks(src_lines, out_lines)
    # Re-read the output, but not the entries it has unchanged (most of them, even when a
    # list needs formatting): those read as before (see parse_split).
    known = _Reread(source, scanned, raw, len(src_lines), len(out_lines))
    result, _ = parse_split(out_lines, out_newline, out_final, out_bom, known)
    check_lossless(source, result, path, log_config)
    drop_before, drop_after, same = log_allowance(source, result)
    check_view(
        text,
        file_text,
        path,
        entries=True,
        drop_before=drop_before,
        drop_after=drop_after,
        same_lines=same,
        lines=(src_lines, out_lines, raw),
    )
    return Formatted(source=source, entries=len(result.entries), text=file_text)


class _Scanned:
    """parse_split's `known` for a text scanned already: no entries known."""

    def __init__(self, scanned: tuple[list[Heading], bytearray]) -> None:
        self.scanned = scanned

    def scan(self, lines: list[str]) -> tuple[list[Heading], bytearray]:
        return self.scanned

    def __call__(self, i: int, end: int, section: str | None) -> Entry | None:
        return None


class _Reread:
    """parse_split's `known` for fmt's output, whose changes from the source are HUNKS.

    An entry is read from the lines from its heading to the next heading and its section;
    their line kinds follow from those lines alone (at a heading no fence or comment is
    open, and the scanner forgets an open `<details>`), so equal lines are equal entries.
    """

    def __init__(
        self, source: Document, scanned: tuple[list[Heading], bytearray], hunks: list[Hunk],
        n_src: int, n_out: int,
    ) -> None:  # fmt: skip
        # The equal runs between the hunks: output lines [b0, b1) are source lines + shift.
        self.runs: list[EqualRun] = []
        a = b = 0
        for _a0, a1, b0, b1 in [*hunks, (n_src, n_src, n_out, n_out)]:
            if b0 > b:
                self.runs.append((b, b0, a - b))
            a, b = a1, b1
        self.starts = [r[0] for r in self.runs]
        self.scanned, self.n_src, self.n_out = scanned, n_src, n_out
        self.by_heading = {e.span.start - 1: e for e in source.entries}

    def scan(self, lines: list[str]) -> tuple[list[Heading], bytearray]:
        return scan_like(lines, self.runs, *self.scanned)

    def __call__(self, i: int, end: int, section: str | None) -> Entry | None:
        k = bisect_right(self.starts, i) - 1
        if k < 0:
            return None
        _start, stop, shift = self.runs[k]
        # The heading, the body and the next heading line (or the end of both texts).
        last = end if end < self.n_out else end - 1
        if last >= stop or (end == self.n_out and end + shift != self.n_src):
            return None
        entry = self.by_heading.get(i + shift)
        if entry is None or entry.section != section:
            return None
        return entry


def check_log_edit(before: str, after: str, path: str | None, what: str) -> None:
    """Raise ViewChanged when a log edit (`log`, `log add`, `reconcile`, lint --fix, a
    submission's count) changes what a reader sees outside the log region; the region
    and a "Last Updated" line whose decoration is kept may change: that is the edit."""
    drop_before, drop_after, same = log_allowance(parse_text(before), parse_text(after))
    check_view(
        before,
        after,
        path,
        drop_before=drop_before,
        drop_after=drop_after,
        same_lines=same,
        what=what,
    )


def log_allowance(
    before: Document, after: Document
) -> tuple[list[LineRange], list[LineRange], list[tuple[int, int]]]:
    """check_view's drop_before, drop_after, same_lines for a log edit (see core/guard.py).

    For a normalisation compare log_meaning too (check_lossless does).

    The log region (heading to next heading) is left out of the view on both sides, and
    the "Last Updated" line may change its date (its decoration must stay as written).
    """
    drop_before: list[LineRange] = []
    drop_after: list[LineRange] = []
    same: list[tuple[int, int]] = []
    for doc, drop in ((before, drop_before), (after, drop_after)):
        region = doc.update_log.region
        if region is not None:
            drop.append((region.start, region.end))
    x, y = before.update_log.last_updated, after.update_log.last_updated
    if x is not None and y is not None and (x.before, x.after) == (y.before, y.after):
        same.append((x.line, y.line))
    return drop_before, drop_after, same
