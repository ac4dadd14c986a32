"""Line kinds for the parser: headings, and lines inside code fences, comments or `<details>`.

One pass decides, for every line, whether it is ordinary Markdown, part of a code fence or
HTML comment (opaque: kept as written, never a heading or an entry part), or inside a
`<details>` block (abstract text). The entry builder reads these kinds instead of
re-deciding, so the scanner and the builder can never disagree about where a block
starts or ends, which is what keeps formatting lossless on hostile input.
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


def hard_break(line: str, following: str | None) -> bool:
    """True when LINE ends in a hard line break GitHub renders: two or more trailing spaces
    on a text line followed by another non-blank, non-heading line (CommonMark 6.7).
    fmt keeps these spaces and lint does not call them trailing whitespace."""
    return (
        line.endswith("  ")
        and bool(line.strip())
        and following is not None
        and bool(following.strip())
        and HEADING.match(line) is None
        and HEADING.match(following) is None
    )
