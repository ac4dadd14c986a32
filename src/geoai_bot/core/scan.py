"""The one Markdown line model: headings, code fences, HTML comments, `<details>`, blank
lines, and the lines that make a heading an entry.

One pass decides, for every line, whether it is ordinary Markdown, part of a code fence or
an HTML comment (opaque: kept as written, never a heading or an entry part), or inside a
`<details>` block (abstract text). Everything that needs these facts reads them from here:
the parser and the entry builder, the log reader, lint, link extraction, the anchor checker
and the issue-form reader. They used to decide them each on their own and disagreed (a
four-backtick fence closed by three backticks, a form feed counted as blank), so the
formatter, lint and the link checker saw different documents.

Rules (CommonMark 0.31, as GitHub renders them):
- A fence is 3+ backticks or 3+ tildes after at most 3 spaces; a backtick fence's info
  string may not contain a backtick. Only a fence of the same character, at least as long,
  with nothing after it but spaces and tabs closes it; an unclosed fence runs to the end.
- An HTML comment block starts with `<!--` after at most 3 spaces and ends on the line
  holding `-->`.
- A blank line holds only spaces and tabs (a form feed is text).

The update-log reader (log/) uses the same facts, which is why they live here, below both.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# The text group keeps trailing spaces (callers strip): a lazy `(.*?)[ \t]*$` backtracks
# quadratically on a long heading with many inner spaces and tabs.
# An HTML tag to strip from a heading or a line of text, e.g. `<b>`, `<a name="x">`. Not
# `<[^>]*>`: that pattern backtracks quadratically on a long run of `<` (hostile lines).
HTML_TAG = re.compile(r"<[^<>]*>")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
DETAILS_OPEN = re.compile(r"^[ \t]*(?:[*+-][ \t]+)?<details\b[^>]*>(.*)$", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
COMMENT_OPEN = re.compile(r"^ {0,3}<!--")

# The lines that make a heading a paper entry: `> authors` and `* Label: value` bullets.
AUTHORS = re.compile(r"^ {0,3}>[ \t]?(.*)$")
LINK = re.compile(
    r"""
    ^[ ]{0,3} [*+-] [ \t]+          # a bullet: `*`, `-` or `+`, up to 3 spaces in
    (?![<\[])                       # not `* <details>` nor `* [text](url)`
    ( [^\s:：<>\[\]`*]               # the label: starts with a visible character,
      [^:：<>\[\]`*\n]{0,40}? )       # at most ~40 more, no markup (bounded: linear)
    [ \t]* [:：] [ \t]*              # `:` or the full-width `：`, spaces around
    (.*)$                           # the value (a URL, `None`, `[text](url)`, ...)
    """,
    re.VERBOSE,
)

# A GitHub alert: `> [!NOTE]` (any case) opens a callout, not an author line.
# https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#alerts
ALERT = re.compile(r"^ {0,3}>[ \t]*\[!(?:note|tip|important|warning|caution)\]", re.IGNORECASE)

# Line kinds. The four `<details>` kinds are consecutive (OPEN <= kind <= CLOSE); the
# opaque kinds (kept as written, never read as Markdown) are OPAQUE_KINDS.
NORMAL = 0  # ordinary Markdown
FENCED = 1  # a code fence, its opening and closing lines included
OPEN = 2  # `<details>` that stays open after this line
OPEN_CLOSED = 3  # `<details> ... </details>` on one line
INSIDE = 4  # inside `<details>`, not closing it
CLOSE = 5  # inside `<details>`, and closes it
HEAD = 6  # an ATX heading
COMMENT = 7  # a multi-line HTML comment, its opening and closing lines included
OPAQUE_KINDS = (FENCED, COMMENT)

Heading = tuple[int, int, str]  # (0-based line index, level, text)


def is_blank(line: str) -> bool:
    """Blank in the Markdown sense: only spaces and tabs (a form feed or NBSP is text)."""
    return not line.strip(" \t")


def is_comment_line(line: str) -> bool:
    """The whole line is HTML comments (`<!-- a -->`, `<!-- a --> <!-- b -->`)."""
    text = line.strip(" \t")
    return text.startswith("<!--") and text.endswith("-->") and len(text) >= 7


def fence_marker(line: str) -> str | None:
    """The run of backticks or tildes that starts a fence-like line (opener or closer)."""
    f = FENCE.match(line)
    return f.group(1) if f else None


def fence_opens(line: str) -> str | None:
    """The marker when LINE opens a code fence, else None."""
    f = FENCE.match(line)
    if not f:
        return None
    marker = f.group(1)
    # A backtick fence's info string may not contain a backtick (CommonMark 4.5).
    if marker[0] == "`" and "`" in line[f.end() :]:
        return None
    return marker


def fence_closes(line: str, fence: str) -> bool:
    """Whether LINE closes the fence opened by FENCE: same character, at least as long,
    nothing after it but spaces and tabs."""
    f = FENCE.match(line)
    if not f:
        return False
    marker = f.group(1)
    return marker[0] == fence[0] and len(marker) >= len(fence) and is_blank(line[f.end() :])


def comment_opens(line: str) -> bool:
    """Whether LINE starts an HTML comment block that goes on to later lines."""
    return bool(COMMENT_OPEN.match(line)) and "-->" not in line[line.index("<!--") + 4 :]


def scan(lines: list[str]) -> tuple[list[Heading], bytearray]:
    """Headings outside fences and comments, and the kind of every line (0: ordinary)."""
    heads: list[Heading] = []
    kinds = bytearray(len(lines))
    _scan(lines, kinds, heads, 0, len(lines))
    return heads, kinds


# The lines [start, end) of a text are lines [start + shift, end + shift) of another one.
EqualRun = tuple[int, int, int]


def scan_like(
    lines: list[str], runs: list[EqualRun], heads: list[Heading], kinds: bytearray
) -> tuple[list[Heading], bytearray]:
    """scan(lines) for a text that shares RUNS of lines with one scanned before (its HEADS
    and KINDS): fmt re-reading its own output. The lines from one earlier heading to the
    last earlier heading in a run are copied, not read, when nothing is open at the first
    of them: a heading is read the same on the same line when no fence or comment is open
    before it, and after it the scanner's state is the same in both texts."""
    at = [h[0] for h in heads]
    out_heads: list[Heading] = []
    out = bytearray(len(lines))
    pos = 0
    state: _State = (None, False, False)
    for b0, b1, shift in runs:
        lo, hi = bisect_left(at, b0 + shift), bisect_left(at, b1 + shift) - 1
        if hi <= lo:
            continue  # fewer than two earlier headings in the run: nothing to copy
        first, last = at[lo] - shift, at[hi] - shift
        if first < pos:
            continue
        state = _scan(lines, out, out_heads, pos, first, state)
        pos = first
        if state[0] is None and not state[1]:
            out[first:last] = kinds[first + shift : last + shift]
            out_heads.extend((i - shift, level, text) for i, level, text in heads[lo:hi])
            state, pos = (None, False, False), last  # `last` is a heading: read it
    _scan(lines, out, out_heads, pos, len(lines), state)
    return out_heads, out


_State = tuple[str | None, bool, bool]  # (open fence marker, in a comment, in <details>)


def _scan(
    lines: list[str],
    kinds: bytearray,
    heads: list[Heading],
    start: int,
    end: int,
    state: _State = (None, False, False),
) -> _State:
    """Read lines [start, end) into KINDS and HEADS, from STATE; the state after them."""
    fence, in_comment, in_details = state
    heading_match = HEADING.match
    for i in range(start, end):
        line = lines[i]
        if fence is not None:
            kinds[i] = FENCED
            if fence_closes(line, fence):
                fence = None
            continue
        if in_comment:
            kinds[i] = COMMENT
            if "-->" in line:
                in_comment = False
            continue
        if not line:  # an empty line (a third or more of a list's lines): nothing to read
            if in_details:
                kinds[i] = INSIDE
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
            if c == "<" and comment_opens(line):
                kinds[i] = COMMENT
                in_comment = True
        elif c in "`~":
            marker = fence_opens(line)
            if marker is not None:
                kinds[i] = FENCED
                fence = marker
    return fence, in_comment, in_details


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
        # An empty `>` shows a reader nothing: it is no author line.
        m = AUTHORS.match(line)
        return m is not None and bool(m.group(1).strip()) and not is_alert(line)
    if c in "*+-":
        return DETAILS_OPEN.match(line) is not None or link_parts(line) is not None
    if c == "<":
        return DETAILS_OPEN.match(line) is not None
    return False


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
