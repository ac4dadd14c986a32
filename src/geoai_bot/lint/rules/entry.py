"""Entry content rules (GB010-GB019): title, authors, the Paper link, link labels."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import lru_cache

from geoai_bot.core.model import KNOWN_LABELS, Entry, canonical_label
from geoai_bot.core.scan import NORMAL
from geoai_bot.core.style import learn_labels
from geoai_bot.lint.dedupe import authors_repeat_title
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule

RULES = (
    Rule(
        "GB010",
        "empty-title",
        "error",
        "An entry heading has no title.",
        "####\n\n> Ann Lee\n\n* Paper: https://arxiv.org/abs/2501.00001",
        "#### A Paper\n\n> Ann Lee\n\n* Paper: https://arxiv.org/abs/2501.00001",
    ),
    Rule(
        "GB011",
        "title-spaces",
        "warning",
        "A title has trailing spaces.",
        "#### A Paper␠␠",
        "#### A Paper",
        fixable=True,
    ),
    Rule(
        "GB012",
        "authors-repeat-title",
        "error",
        "The author line repeats the title instead of listing the authors.",
        "#### A Paper\n\n> A Paper",
        "#### A Paper\n\n> Ann Lee, Bo Chen",
    ),
    Rule(
        "GB013",
        "authors-missing",
        "error",
        "An entry has no `> authors` line (or it is empty).",
        "#### A Paper\n\n* Paper: https://arxiv.org/abs/2501.00001",
        "#### A Paper\n\n> Ann Lee\n\n* Paper: https://arxiv.org/abs/2501.00001",
    ),
    Rule(
        "GB014",
        "author-separator",
        "warning",
        "Authors are separated by full-width `，` or `、`, or `et.al` is written for `et al.`.",
        "> Ann Lee，Bo Chen、Cy Diaz et.al",
        "> Ann Lee, Bo Chen, Cy Diaz et al.",
        fixable=True,
    ),
    Rule(
        "GB015",
        "author-period",
        "warning",
        "The author line ends with a period.",
        "> Ann Lee, Bo Chen.",
        "> Ann Lee, Bo Chen",
        fixable=True,
    ),
    Rule(
        "GB016",
        "paper-missing",
        "warning",
        "An entry has no `* Paper:` link.",
        "#### A Paper\n\n> Ann Lee\n\n* Code: https://github.com/a/b",
        "#### A Paper\n\n> Ann Lee\n\n* Paper: https://arxiv.org/abs/2501.00001\n"
        "* Code: https://github.com/a/b",
    ),
    Rule(
        "GB017",
        "paper-placeholder",
        "warning",
        "The Paper link is a placeholder (`None`, `Null` or empty). A warning, not an error: "
        "`fmt` itself writes `None` for a missing link; an info where the list marks every "
        "missing paper with `None` (its convention).",
        "* Paper: None",
        "* Paper: https://arxiv.org/abs/2501.00001",
    ),
    Rule(
        "GB018",
        "unknown-label",
        "warning",
        "A link label is not a known label (a misspelling, or add it to `[lint] labels`).",
        "* Priject: https://example.org/project",
        "* Project: https://example.org/project",
    ),
    Rule(
        "GB019",
        "label-case",
        "warning",
        "A known link label is written in another case.",
        "* project: https://example.org/project",
        "* Project: https://example.org/project",
        fixable=True,
    ),
)

_FULLWIDTH = re.compile(r"[，、]")
_ETAL = re.compile(r"\bet\.\s*al\b\.?|\bet\s+al\b(?!\.)", re.IGNORECASE)
_VALUE = re.compile(r"[:：][ \t]*")


def value_column(line: str, raw_label: str) -> int:
    """1-based column where a link bullet's value starts."""
    at = line.find(raw_label) if raw_label else -1
    m = _VALUE.search(line, max(at, 0) + len(raw_label))
    return (m.end() if m else len(line)) + 1


def _authors(ctx: Context, e: Entry, listed: bool, out: list[Finding]) -> None:
    # Helpers append to OUT rather than yield: a generator per entry and helper cost more
    # than the checks themselves on a list of 50,000 entries.
    n = e.span.start
    if not e.has_authors_line and not listed:
        return  # a list without author lines (its own convention) is not told to add them
    if not e.has_authors_line or not e.authors:
        out.append(
            ctx.finding(
                "GB013",
                "Entry has no author line; add '> Author One, Author Two' under the title",
                e.authors_line or n,
            )
        )
        return
    if authors_repeat_title(e.title, e.authors):
        line = ctx.line(e.authors_line)
        start = line.find(">") + 1
        col = start + (len(line) - start - len(line[start:].lstrip())) + 1
        out.append(
            ctx.finding(
                "GB012",
                "Author line repeats the title; list the authors",
                e.authors_line,
                col,
            )
        )
        return
    lines = ctx.lines
    for n in _author_lines(ctx, e):
        _author_style(ctx, n, lines[n - 1] if 1 <= n <= len(lines) else "", out)


def _author_lines(ctx: Context, e: Entry) -> list[int]:
    """Every `>` line of the entry outside its `<details>` block (the parser reads them all
    as authors; a few lists split authors over two lines)."""
    first = e.authors_line
    out = [first]
    kinds = ctx.kinds
    lines = ctx.lines
    details = e.details_line
    stop = details or e.span.end + 1
    # No `>` anywhere in the lines after the author line (one test in C, most entries):
    # none of them can start with one.
    if not details and ">" not in "".join(lines[first : stop - 1]):
        return out
    for n in range(first + 1, stop):
        # A `>` line inside a code fence or a comment is no author line (scan decides).
        if kinds[n - 1] == NORMAL and lines[n - 1].lstrip()[:1] == ">":
            out.append(n)
    if details:
        close = ctx.details.get(e.span.start, (0, 0, 0))[2]
        for n in range(close + 1, e.span.end + 1) if close else ():
            if kinds[n - 1] == NORMAL and lines[n - 1].lstrip()[:1] == ">":
                out.append(n)
    return out


# (rule, message, column, end column, fix) of one author-line finding, without its line.
_Said = tuple[str, str, int, int, str | None]


def _author_style(ctx: Context, n: int, line: str, out: list[Finding]) -> None:
    for rule, message, col, end, fix in _style_of(line):
        out.append(ctx.finding(rule, message, n, col, end, fix=fix))


# A pure function of the text, so a line repeated in many entries is read once (a hostile
# list repeats one 50,000 times).
@lru_cache(maxsize=4096)
def _style_of(line: str) -> tuple[_Said, ...]:
    """GB014 and GB015 findings of an author line, in the order they are reported."""
    out: list[_Said] = []
    # The full-width separators tested in C first: most author lines have neither.
    m = _FULLWIDTH.search(line) if "，" in line or "、" in line else None
    if m:
        out.append(
            (
                "GB014",
                f"Authors separated by full-width '{m.group()}'; separate them with ', '",
                m.start() + 1,
                m.end() + 1,
                "separate authors with ', '",
            )
        )
    m = _ETAL.search(line)
    if m and m.group() != "et al.":
        out.append(
            (
                "GB014",
                f"'{m.group()}' should be written 'et al.'",
                m.start() + 1,
                m.end() + 1,
                "write 'et al.'",
            )
        )
    body = line.rstrip()
    if body.endswith(".") and not body.endswith("al.") and not _ETAL.search(body[-8:]):
        out.append(
            (
                "GB015",
                "Author line ends with a period; remove it",
                len(body),
                len(body) + 1,
                "remove the final period",
            )
        )
    return tuple(out)


def none_convention(ctx: Context) -> bool:
    """The list marks missing papers with `Paper: None` throughout: at least two do, and
    every placeholder Paper link is spelt `None` (not `Null` or empty)."""
    cached = ctx.memo.get("none_convention")
    if cached is None:
        spelt = [
            link.raw_value.strip()
            for e in ctx.entries
            for link in e.links
            if link.label.lower() == "paper" and link.url is None
        ]
        cached = len(spelt) >= 2 and all(v == "None" for v in spelt)
        ctx.memo["none_convention"] = cached
    return bool(cached)


def known_labels(ctx: Context) -> list[str]:
    return list(KNOWN_LABELS) + [label for label in ctx.config.labels if label]


def _links(
    ctx: Context,
    e: Entry,
    known: dict[str, str],
    wanted_of: dict[str, str | None],
    out: list[Finding],
) -> None:
    """Paper link findings (GB016, GB017) and label findings (GB018, GB019) of one entry.
    KNOWN: folded label -> its spelling; WANTED_OF caches label as written -> its known
    spelling (None: unknown), as a list writes a handful of labels many times."""
    papers = [link for link in e.links if link.label.lower() == "paper"]
    if not papers:
        out.append(
            ctx.finding(
                "GB016",
                "Entry has no '* Paper:' link; add one with the paper's URL",
                e.span.start,
            )
        )
    for link in papers:
        if link.url is None and link.line:
            line = ctx.line(link.line)
            col = value_column(line, link.raw_label)
            found = ctx.finding(
                "GB017",
                f"Paper link is a placeholder ('{link.raw_value or 'empty'}'); add the paper's URL",
                link.line,
                col,
                max(col + 1, len(line.rstrip()) + 1),
            )
            out.append(found.with_severity("info") if none_convention(ctx) else found)
    for link in e.links:
        if not link.line:
            continue
        raw = link.raw_label or link.label
        if raw in wanted_of:
            wanted = wanted_of[raw]
        else:
            wanted = wanted_of[raw] = known.get(" ".join(raw.split()).lower())
        if wanted == raw:
            continue  # written as it should be: the common case
        line = ctx.line(link.line)
        col = line.find(raw) + 1 if raw in line else 1
        if wanted is None:
            close = difflib.get_close_matches(raw.lower(), list(known), n=1, cutoff=0.75)
            hint = (
                f"did you mean '{known[close[0]]}'?"
                if close
                else "use a known label or add it to [lint] labels in geoai-bot.toml"
            )
            out.append(
                ctx.finding(
                    "GB018",
                    f"Unknown link label '{raw}'; {hint}",
                    link.line,
                    col,
                    col + len(raw),
                )
            )
        else:
            out.append(
                ctx.finding(
                    "GB019",
                    f"Link label '{raw}' should be written '{wanted}'",
                    link.line,
                    col,
                    col + len(raw),
                    fix=f"write '{wanted}'",
                )
            )


def check(ctx: Context) -> Iterator[Finding]:
    known = {label.lower(): canonical_label(label) for label in known_labels(ctx)}
    # Label spellings the list writes by majority (`code` throughout) are its convention.
    known.update({w.lower(): w for w in learn_labels(ctx.doc).values()})
    # Author lines: expected when at least half of the list's entries have one.
    listed = 2 * sum(1 for e in ctx.entries if e.has_authors_line) >= len(ctx.entries)
    wanted_of: dict[str, str | None] = {}
    out: list[Finding] = []
    lines = ctx.lines
    for e in ctx.entries:
        n = e.span.start
        head = lines[n - 1] if 1 <= n <= len(lines) else ""  # ctx.line(n), without the call
        if not e.title.strip():
            out.append(
                ctx.finding(
                    "GB010", "Entry heading has no title; write the paper's title", e.span.start
                )
            )
        elif head != head.rstrip():
            out.append(
                ctx.finding(
                    "GB011",
                    "Title has trailing spaces; remove them",
                    e.span.start,
                    head.find(e.title) + 1 if e.title in head else 1,
                    len(head) + 1,
                    fix="trim the title's spaces",
                )
            )
        _authors(ctx, e, listed, out)
        _links(ctx, e, known, wanted_of, out)
    return iter(out)
