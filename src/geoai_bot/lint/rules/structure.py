"""Structure rules (GB001-GB009): headings, spacing, `<details>` indents, whitespace, stray text."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from operator import methodcaller

from geoai_bot.core.model import Entry, EntryBlock
from geoai_bot.core.scan import hard_break, is_blank, is_comment_line
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule, indent_chars, leading_spaces

RULES = (
    Rule(
        "GB001",
        "heading-level",
        "warning",
        "An entry heading uses a different level from the other entries.",
        "### A Paper\n\n> Ann Lee\n\n* Paper: https://arxiv.org/abs/2501.00001",
        "#### A Paper\n\n> Ann Lee\n\n* Paper: https://arxiv.org/abs/2501.00001",
        fixable=True,
    ),
    Rule(
        "GB002",
        "heading-spacing",
        "warning",
        "An entry heading has more than one space (or a tab) after the `#` marks, or is indented.",
        "####  A Paper",
        "#### A Paper",
        fixable=True,
    ),
    Rule(
        "GB003",
        "details-indent",
        "warning",
        "`<summary>`, the abstract or `</details>` is indented differently from the rest of the "
        "file.",
        "* <details>\n    <summary>Abstract (Click to expand):</summary>\n  We study things.\n"
        "  </details>",
        "* <details>\n    <summary>Abstract (Click to expand):</summary>\n    We study things.\n"
        "  </details>",
        fixable=True,
    ),
    Rule(
        "GB004",
        "split-list",
        "warning",
        "A blank line splits an entry's bullet list in two.",
        "* Paper: https://arxiv.org/abs/2501.00001\n\n* <details>",
        "* Paper: https://arxiv.org/abs/2501.00001\n* <details>",
        fixable=True,
    ),
    Rule(
        "GB005",
        "trailing-whitespace",
        "warning",
        "A line ends with spaces or tabs.",
        "* Code: https://github.com/a/b␠␠",
        "* Code: https://github.com/a/b",
        fixable=True,
    ),
    Rule(
        "GB006",
        "authors-blank-line",
        "warning",
        "No blank line between the author line and the link bullets.",
        "> Ann Lee, Bo Chen\n* Paper: https://arxiv.org/abs/2501.00001",
        "> Ann Lee, Bo Chen\n\n* Paper: https://arxiv.org/abs/2501.00001",
        fixable=True,
    ),
    Rule(
        "GB007",
        "final-newline",
        "warning",
        "The file does not end with exactly one newline.",
        "  </details>⏎⏎⏎ (several blank lines at the end, or none at all)",
        "  </details>⏎ (one newline at the end)",
        fixable=True,
    ),
    Rule(
        "GB009",
        "entry-spacing",
        "warning",
        "An entry heading follows the previous entry with no blank line (after `</details>`, "
        "GitHub then shows the heading as raw text inside the HTML block).",
        "  </details>\n#### Next Paper",
        "  </details>\n\n\n#### Next Paper",
        fixable=True,
    ),
    Rule(
        "GB008",
        "unknown-line",
        "warning",
        "A line inside an entry is not a title, author line, link bullet or abstract.",
        "#### A Paper\n\n> Ann Lee\n\nSee also our other work.\n\n* Paper: https://x.org/p",
        "#### A Paper\n\n> Ann Lee\n\n* Paper: https://x.org/p\n* Project: https://x.org/other",
    ),
)

_HEADING_SPACING = re.compile(r"^( *)(#+)([ \t]*)")
_BULLET = re.compile(r"^ {0,3}[*+-][ \t]")
_ANCHOR = re.compile(r"^\s*<a\s+(?:name|id)\s*=\s*\"[^\"<>]*\"\s*>\s*</a>\s*$", re.IGNORECASE)


def _usual(widths: Counter[int], canonical: int) -> int:
    """The most common indentation; the canonical one wins a tie."""
    if not widths:
        return canonical
    return max(sorted(widths), key=lambda w: (widths[w], w == canonical))


def _indent_findings(ctx: Context) -> Iterator[Finding]:
    parts = ("<summary>", "abstract", "</details>")
    per_entry: list[tuple[Entry, tuple[int, int, int]]] = []
    counts: list[Counter[int]] = [Counter(), Counter(), Counter()]
    for e in ctx.entries:
        if not e.has_details:
            continue
        found = ctx.details[e.span.start]
        per_entry.append((e, found))
        for k, n in enumerate(found):
            if n:
                counts[k][leading_spaces(ctx.line(n))] += 1
    canonical = (4, 4, 2)
    usual = [_usual(c, canonical[k]) for k, c in enumerate(counts)]
    for _e, found in per_entry:
        for k, n in enumerate(found):
            if not n:
                continue
            width = leading_spaces(ctx.line(n))
            if width != usual[k]:
                yield ctx.finding(
                    "GB003",
                    f"{parts[k].capitalize() if k == 1 else parts[k]} is indented {width} "
                    f"spaces but this file uses {usual[k]}; indent it by {usual[k]} spaces",
                    n,
                    1,
                    indent_chars(ctx.line(n)) + 1,
                    fix=f"indent by {usual[k]} spaces",
                )


def _glued(ctx: Context, heading: int) -> bool:
    """True when no blank line separates the heading from the text above it (HTML comments
    directly above, such as disable comments, belong to the heading)."""
    lines = ctx.lines
    for n in range(min(heading - 1, len(lines)), 0, -1):
        text = lines[n - 1]
        if not is_comment_line(text):
            return not is_blank(text)
    return False


def _split_list(ctx: Context, e: Entry) -> Iterator[Finding]:
    if len(e.links) + (e.details_line > 0) < 2:
        return  # one bullet at most: nothing to split (most entries of a hostile list)
    bullets = [link.line for link in e.links if link.line]
    if e.details_line and _BULLET.match(ctx.line(e.details_line)):
        bullets.append(e.details_line)
    bullets.sort()
    for a, b in itertools.pairwise(bullets):
        between = [ctx.line(n) for n in range(a + 1, b)]
        # Blank in the Markdown sense (spaces and tabs only), as the parser reads it: a
        # form-feed line is an unknown line inside the entry (GB008), not a blank one.
        if between and all(is_blank(t) for t in between):
            yield ctx.finding(
                "GB004",
                f"A blank line splits this entry's bullet list (lines {a} and {b}); "
                "remove the blank line",
                a + 1,
                1,
                1,
                end_line=b - 1,
                fix="remove the blank line",
            )


def check(ctx: Context) -> Iterator[Finding]:
    level = ctx.heading_level
    title_lines: set[int] = set()
    lines = ctx.lines
    for e in ctx.entries:
        n = e.span.start
        head = lines[n - 1] if n <= len(lines) else ""
        k = e.heading_level
        # `#### Title`, written as it should be, needs no regex (most headings of any list).
        plain = head[k : k + 1] == " " and head[k + 1 : k + 2] not in (" ", "\t")
        m = None if plain and head[:1] == "#" else _HEADING_SPACING.match(head)
        if e.heading_level != level:
            yield ctx.finding(
                "GB001",
                f"Entry heading uses {'#' * e.heading_level} but the other entries use "
                f"{'#' * level}; write `{'#' * level} {e.title}`",
                n,
                1,
                len(head.rstrip()) + 1,
                fix=f"use {'#' * level}",
            )
        if m and (m.group(1) or m.group(3) not in (" ", "")) and e.title:
            yield ctx.finding(
                "GB002",
                "Entry heading has extra spaces around the `#` marks; write "
                f"`{'#' * len(m.group(2))} {e.title}` with one space",
                n,
                1,
                m.end() + 1,
                fix="one space after the # marks",
            )
        if head != head.rstrip():
            title_lines.add(n)
        if e.authors_line:
            nxt = lines[e.authors_line] if e.authors_line < len(lines) else ""
            # Only a line that belongs to the entry counts: a heading, or a fence that runs
            # on past the entry, ends it right after the authors (and renders the same with
            # or without a blank line), and the formatter rightly leaves such lines alone.
            if (
                e.authors_line < e.span.end
                and nxt.strip(" \t")  # is_blank(nxt), without the call
                and not nxt.lstrip().startswith(">")
            ):
                yield ctx.finding(
                    "GB006",
                    "No blank line between the author line and the next line; add one",
                    e.authors_line + 1,
                    fix="insert a blank line",
                )
        if len(e.links) + (e.details_line > 0) > 1:
            yield from _split_list(ctx, e)
        for x in e.extra:
            # HTML comments (such as disable comments) and named anchors (`<a name="x"></a>`,
            # link targets for a table of contents) are invisible on GitHub: not a defect.
            if x.line and not x.text.lstrip().startswith("<!--") and not _ANCHOR.match(x.text):
                yield ctx.finding(
                    "GB008",
                    f"Line is not part of an entry's shape (title, '> authors', '* Label: url', "
                    f"<details> abstract) in entry '{e.title[:60]}'; make it a '* Label: url' "
                    "bullet or move it out of the entry",
                    x.line,
                    indent_chars(ctx.line(x.line)) + 1,
                )
    prev_entry = False
    for block in ctx.doc.blocks:
        if not isinstance(block, EntryBlock):
            prev_entry = False
            continue
        if prev_entry:
            n = block.entry.span.start
            # A blank line right above (the usual case) is not glued: skip the close look.
            above = lines[n - 2] if 1 < n <= len(lines) + 1 else ""
            if above.strip(" \t") and _glued(ctx, n):
                yield ctx.finding(
                    "GB009",
                    "No blank line between the previous entry and this heading; add two blank "
                    "lines before it",
                    n,
                    fix="insert blank lines",
                )
        prev_entry = True
    yield from _indent_findings(ctx)
    # Only lines ending in a space or tab can have trailing whitespace: find those first
    # (one C-level test per line), then look at each closely.
    ends = (" ", "\t")
    # (compress and map run the test in C: no Python step per line of a 350,000-line list)
    for i in itertools.compress(itertools.count(), map(methodcaller("endswith", ends), lines)):
        text = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else None
        if hard_break(text, following):
            continue  # a hard line break, which renders (fmt keeps it too)
        if (i + 1) not in title_lines and not is_blank(text):
            stripped = len(text.rstrip(" \t"))
            extra = len(text) - stripped
            yield ctx.finding(
                "GB005",
                f"Trailing whitespace ({extra} character{'s' if extra != 1 else ''}); remove it",
                i + 1,
                stripped + 1,
                len(text) + 1,
                fix="remove trailing whitespace",
            )
        elif (i + 1) not in title_lines:
            yield ctx.finding(
                "GB005",
                "Line has only whitespace; make it empty",
                i + 1,
                1,
                len(text) + 1,
                fix="remove trailing whitespace",
            )
    last = len(ctx.lines)
    if last and not ctx.final_newline:
        yield ctx.finding(
            "GB007",
            "File does not end with a newline; add one",
            last,
            len(ctx.lines[-1]) + 1,
            len(ctx.lines[-1]) + 1,
            fix="add a final newline",
        )
    elif ctx.trailing_blank_lines:
        start = last - ctx.trailing_blank_lines + 1
        yield ctx.finding(
            "GB007",
            f"File ends with {ctx.trailing_blank_lines} blank lines; end it with exactly one "
            "newline",
            start,
            1,
            1,
            end_line=last,
            fix="remove the blank lines at the end",
        )
