"""The one line model: headings, lines inside code fences, comments or `<details>`, blank
lines and the lines that make a heading an entry.

One pass decides, for every line, whether it is ordinary Markdown, part of a code fence or
HTML comment (opaque: kept as written, never a heading or an entry part), or inside a
`<details>` block (abstract text). The entry builder reads these kinds instead of
re-deciding, so the scanner and the builder can never disagree about where a block
starts or ends, which is what keeps formatting lossless on hostile input. The update-log
reader (log/) uses the same facts, which is why they live here, below both.
"""

from __future__ import annotations

import re

# The text group keeps trailing spaces (callers strip): a lazy `(.*?)[ \t]*$` backtracks
# quadratically on a long heading with many inner spaces and tabs.
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
DETAILS_OPEN = re.compile(r"^[ \t]*(?:[*+-][ \t]+)?<details\b[^>]*>(.*)$", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
COMMENT_OPEN = re.compile(r"^ {0,3}<!--")

# The lines that make a heading a paper entry: `> authors` and `* Label: value` bullets.
AUTHORS = re.compile(r"^ {0,3}>[ \t]?(.*)$")
LINK = re.compile(
    r"^ {0,3}[*+-][ \t]+(?![<\[])([^\s:：<>\[\]`*][^:：<>\[\]`*\n]{0,40}?)[ \t]*[:：][ \t]*(.*)$"
)

# A GitHub alert: `> [!NOTE]` (any case) opens a callout, not an author line.
# https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#alerts
ALERT = re.compile(r"^ {0,3}>[ \t]*\[!(?:note|tip|important|warning|caution)\]", re.IGNORECASE)

# Line kinds. The four `<details>` kinds are consecutive (OPEN <= kind <= CLOSE).
NORMAL = 0
OPAQUE = 1  # inside a code fence or a multi-line HTML comment (opening and closing lines too)
OPEN = 2  # `<details>` that stays open after this line
OPEN_CLOSED = 3  # `<details> ... </details>` on one line
INSIDE = 4  # inside `<details>`, not closing it
CLOSE = 5  # inside `<details>`, and closes it
HEAD = 6  # an ATX heading

Heading = tuple[int, int, str]  # (0-based line index, level, text)


def _fence_closes(line: str, fence: str) -> bool:
    f = FENCE.match(line)
    if not f:
        return False
    marker = f.group(1)
    return marker[0] == fence[0] and len(marker) >= len(fence) and not line[f.end() :].strip()


def _fence_opens(line: str) -> str | None:
    f = FENCE.match(line)
    if not f:
        return None
    marker = f.group(1)
    # A backtick fence's info string may not contain a backtick (CommonMark 4.5).
    if marker[0] == "`" and "`" in line[f.end() :]:
        return None
    return marker


def scan(lines: list[str]) -> tuple[list[Heading], bytearray]:
    """Headings outside fences, comments and `<details>`, and the kind of every line."""
    heads: list[Heading] = []
    kinds = bytearray(len(lines))
    fence: str | None = None
    in_comment = False
    in_details = False
    heading_match = HEADING.match
    for i, line in enumerate(lines):
        if fence is not None:
            kinds[i] = OPAQUE
            if _fence_closes(line, fence):
                fence = None
            continue
        if in_comment:
            kinds[i] = OPAQUE
            if "-->" in line:
                in_comment = False
            continue
        # A heading has at most 3 spaces before its `#`: look at 4 characters, not the
        # whole line (abstract lines are long, and most lines are abstract lines).
        if "#" in line[:4]:
            m = heading_match(line)
            if m:
                kinds[i] = HEAD
                heads.append((i, len(m.group(1)), (m.group(2) or "").strip()))
                in_details = False  # a heading ends whatever block was open
                continue
        if in_details:
            if "</" in line and DETAILS_CLOSE.search(line):
                kinds[i] = CLOSE
                in_details = False
            else:
                kinds[i] = INSIDE
            continue
        c = line.lstrip(" \t")[:1]
        if not c:
            continue
        if c == "<" or c in "*+-":
            if "<" in line:
                d = DETAILS_OPEN.match(line)
                if d:
                    if DETAILS_CLOSE.search(d.group(1)):
                        kinds[i] = OPEN_CLOSED
                    else:
                        kinds[i] = OPEN
                        in_details = True
                    continue
            if (
                c == "<"
                and COMMENT_OPEN.match(line)
                and "-->" not in line[line.index("<!--") + 4 :]
            ):
                kinds[i] = OPAQUE
                in_comment = True
        elif c in "`~":
            marker = _fence_opens(line)
            if marker is not None:
                kinds[i] = OPAQUE
                fence = marker
    return heads, kinds


def is_blank(line: str) -> bool:
    """Blank in the Markdown sense: only spaces and tabs."""
    return not line.strip(" \t")


def link_parts(line: str) -> tuple[str, str] | None:
    """(label, value) of a `* Label: value` bullet, or None."""
    m = LINK.match(line)
    if not m:
        return None
    value = m.group(2).strip()
    if value.startswith("//"):  # `* https://...`: a bare URL, not `Label: value`
        return None
    return m.group(1).strip(), value


def is_alert(line: str) -> bool:
    """True for the first line of a GitHub alert (`> [!TIP]`)."""
    return "[!" in line and ALERT.match(line) is not None


def is_entry_part(line: str) -> bool:
    """True for lines that make a heading an entry: authors, a link bullet, `<details>`.

    Context-free: a line inside a code fence or an abstract is not a part, which only
    `parse_text` can tell.
    """
    s = line.lstrip()
    if not s:
        return False
    c = s[0]
    if c == ">":
        return AUTHORS.match(line) is not None and not is_alert(line)
    if c in "*+-":
        return DETAILS_OPEN.match(line) is not None or link_parts(line) is not None
    if c == "<":
        return DETAILS_OPEN.match(line) is not None
    return False
