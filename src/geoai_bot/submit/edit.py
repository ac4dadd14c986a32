"""Insert one new entry into a list's text, touching no other byte, then log "+1 paper".

Where: the section the contributor chose (form field `section`), else `[submit] section`,
else the paper-list section (the last section heading that holds entries); at its end
(`[submit] position = "bottom"`, the default) or before its first entry (`"top"`).
The lines are inserted between existing lines in the file's own newline style, so every
existing line keeps its bytes; the update log is then edited by log.record_addition.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from geoai_bot.core.arxiv_ids import parse_arxiv
from geoai_bot.core.config import Config
from geoai_bot.core.formatter import check_log_edit
from geoai_bot.core.guard import ViewChanged, check_view
from geoai_bot.core.model import Document, Entry
from geoai_bot.core.parse import clean_heading, parse_text
from geoai_bot.core.parse import split_lines as _split_lines
from geoai_bot.core.render import dominant_level, render_entry
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.findings import Finding
from geoai_bot.log import record_addition


def parse_lines(text: str) -> list[str]:
    """Lines numbered as the parser numbers them (BOM and line ends removed)."""
    return _split_lines(text)[0]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass
class Edit:
    """The edited file text, where the entry landed, and what else happened."""

    text: str
    line: int  # first line of the new entry (1-based) in `text`
    entry_lines: list[str]
    section: str | None
    messages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # lint findings on the new entry
    problems: list[str] = field(default_factory=list)  # why no edit could be made


def _sections_with_entries(doc: Document) -> list[str]:
    seen: list[str] = []
    for e in doc.entries:
        if e.section is not None and e.section not in seen:
            seen.append(e.section)
    return seen


def choose_section(doc: Document, wanted: str | None) -> tuple[str | None, str | None]:
    """(section title, problem). `wanted` matches a section title case-insensitively."""
    if wanted:
        key = clean_heading(wanted).casefold()
        for s in doc.sections:
            if s.title.casefold() == key:
                return s.title, None
        names = ", ".join(f"'{s.title}'" for s in doc.sections if s.title) or "none"
        return None, f"the list has no section '{wanted}'; choose one of: {names}"
    with_entries = _sections_with_entries(doc)
    if with_entries:
        return with_entries[-1], None
    if doc.entries:
        return None, None  # entries without any section heading: add after the last one
    if doc.sections:
        return doc.sections[-1].title, None
    return None, None


def _insertion(doc: Document, section: str | None, position: str) -> tuple[int, bool]:
    """(0-based index of the line before which to insert, whether it follows an entry)."""
    members = [e for e in doc.entries if e.section == section]
    if members:
        if position == "top":
            return members[0].span.start - 1, False
        return members[-1].span.end, True
    heading = next((s for s in doc.sections if s.title == section), None)
    if heading is not None:
        return heading.line, False
    return -1, False  # end of file


def add_entry(
    text: str,
    entry: Entry,
    config: Config | None = None,
    day: dt.date | None = None,
    section: str | None = None,
    path: str = "README.md",
) -> Edit:
    """TEXT with ENTRY inserted and the update log recorded; `problems` set if impossible."""
    config = config or Config()
    doc = parse_text(text)
    target, problem = choose_section(doc, section or config.submit.section)
    if problem:
        return Edit(text, 0, [], None, problems=[problem])
    level = dominant_level(doc)
    entry = _house_style(entry, doc, config)
    new = _reindent(render_entry(entry, level), _details_indents(text, doc))
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = _LINE.findall(text[len(bom) :])
    nl = doc.newline
    at, after_entry = _insertion(doc, target, config.submit.position)
    if at < 0 or at > len(lines):
        at = len(lines)
    if at == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        # The old last line needs an end before ours follows; our entry, now last, ends
        # with a newline (lint GB007 asks for one).
        lines[-1] += nl
    # Blank lines: two before an entry heading that follows an entry (the seed's spacing),
    # one after a section heading or prose; none added where blank lines already are.
    prev_blank = at == 0 or not lines[at - 1].strip()
    block: list[str] = [] if prev_blank else [""] * (2 if after_entry else 1)
    block += new
    following = lines[at] if at < len(lines) else None
    if following is not None and following.strip():
        before_entry = any(e.span.start == at + 1 for e in doc.entries)
        block += [""] * (2 if before_entry else 1)
    inserted = [line + nl for line in block]
    out = bom + "".join(lines[:at] + inserted + lines[at:])
    first_line = at + block.index(new[0]) + 1
    inserted_at = at + 1  # 1-based first inserted line
    guard = _guard(text, out, (inserted_at, inserted_at + len(inserted) - 1), path)
    log = record_addition(out, count=1, day=day, config=config.log)
    problems = [str(p) for p in log.problems]
    if guard is None and log.changed:
        guard = _guard_log(out, log.text, path)
    if guard is not None:
        return Edit(text, 0, [], target, problems=[guard])
    if log.changed:
        first_line += _shift(out, log.text, first_line)
        out = log.text
    where = f" in '{target}'" if target else ""
    messages = [f"added '{entry.title}' at line {first_line}{where}", *log.messages]
    edit = Edit(out, first_line, new, target, messages=messages, problems=problems)
    _verify(edit, doc, entry, path, config)
    if any(f.rule == "GB023" for f in edit.findings) and _has_version(entry):
        # The list never pins arXiv versions (lint GB023): follow its style, and say so.
        again = add_entry(text, _unversioned(entry), config, day, section, path)
        again.messages.append("dropped the arXiv version to match the list's other links")
        return again
    return edit


def _guard(before: str, after: str, inserted: tuple[int, int], path: str) -> str | None:
    """Why the insertion changes what a reader sees beyond the new entry, or None."""
    try:
        check_view(before, after, path, drop_after=[inserted], what="adding the entry")
    except ViewChanged as exc:
        return str(exc)
    return None


def _guard_log(before: str, after: str, path: str) -> str | None:
    """Why recording the addition changes what a reader sees outside the log, or None."""
    try:
        check_log_edit(before, after, path, "recording the addition in the log")
    except ViewChanged as exc:
        return str(exc)
    return None


def _has_version(entry: Entry) -> bool:
    return any((ref := parse_arxiv(x.url)) is not None and ref.version for x in entry.links)


def _unversioned(entry: Entry) -> Entry:
    links = []
    for x in entry.links:
        ref = parse_arxiv(x.url)
        if ref is not None and ref.version:
            url = ref.pdf_url(False) if ref.kind == "pdf" else ref.abs_url(False)
            x = x.model_copy(update={"url": url})
        links.append(x)
    return entry.model_copy(update={"links": links})


def _house_style(entry: Entry, doc: Document, config: Config) -> Entry:
    """The entry in the list's own conventions: its `<summary>` text, its arXiv link style."""
    summaries = Counter(e.summary for e in doc.entries if e.has_details)
    links = [
        x.model_copy(update={"url": ref.pdf_url()})
        if config.lint.arxiv_style == "pdf" and (ref := parse_arxiv(x.url)) is not None
        else x
        for x in entry.links
    ]
    update: dict[str, object] = {"links": links}
    if summaries:
        update["summary"] = summaries.most_common(1)[0][0]
    return entry.model_copy(update=update)


def _details_indents(text: str, doc: Document) -> tuple[int, int, int]:
    """The usual indentation of `<summary>`, the abstract and `</details>` in this list."""
    lines = parse_lines(text)
    counts: list[Counter[int]] = [Counter(), Counter(), Counter()]
    for e in doc.entries:
        if not e.has_details:
            continue
        for n in range(e.details_line + 1, e.span.end + 1):
            line = lines[n - 1]
            width = len(line) - len(line.lstrip(" "))
            low = line.strip().lower()
            if low.startswith("<summary"):
                counts[0][width] += 1
            elif low.startswith("</details"):
                counts[2][width] += 1
                break
            elif n == e.abstract_line:
                counts[1][width] += 1
    canonical = (4, 4, 2)
    usual = [_most_common(c, canonical[k]) for k, c in enumerate(counts)]
    return usual[0], usual[1], usual[2]


def _most_common(counts: Counter[int], default: int) -> int:
    if not counts:
        return default
    return max(sorted(counts), key=lambda w: (counts[w], w == default))


def _reindent(lines: list[str], indents: tuple[int, int, int]) -> list[str]:
    """Re-indent the `<details>` block rendered with the canonical 4/4/2 spaces."""
    out = list(lines)
    try:
        start = out.index("* <details>")
    except ValueError:
        return out
    for i in range(start + 1, len(out)):
        body = out[i].lstrip(" ")
        low = body.lower()
        k = 0 if low.startswith("<summary") else 2 if low.startswith("</details") else 1
        out[i] = " " * indents[k] + body
    return out


def _shift(before: str, after: str, line: int) -> int:
    """How many lines the log edit added above LINE (the log sits above the entries)."""
    a = _LINE.findall(before)
    b = _LINE.findall(after)
    target = a[line - 1] if 0 < line <= len(a) else None
    delta = len(b) - len(a)
    if target is not None and line - 1 + delta < len(b) and b[line - 1 + delta] == target:
        return delta
    return 0


def _verify(edit: Edit, before: Document, entry: Entry, path: str, config: Config) -> None:
    """The edited text must read back as the old entries plus exactly the new one."""
    doc = parse_text(edit.text)
    ours = [e for e in doc.entries if e.span.start == edit.line]
    if len(doc.entries) != len(before.entries) + 1 or not ours:
        edit.problems.append("the new entry did not read back as one entry; nothing was changed")
        return
    got = ours[0]
    if (got.title, got.authors, [(x.label, x.url) for x in got.links], got.abstract) != (
        entry.title,
        entry.authors,
        [(x.label, x.url) for x in entry.links],
        entry.abstract,
    ):
        edit.problems.append("the new entry read back differently; nothing was changed")
        return
    findings = lint_text(edit.text, path, config)
    edit.findings = [f for f in findings if got.span.start <= f.line <= got.span.end]
