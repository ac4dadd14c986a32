"""What a reader sees: a text rendered as GitHub renders it, reduced to a comparable sequence.

This is the independent half of every write's safety check (see core/guard.py). It must
not share the parser's blind spots, so it reads nothing from core/parse.py or core/scan.py:
the text is rendered by cmark-gfm (`cmarkgfm`, GitHub's own fork of cmark) with the
options github.com uses for READMEs:

- the GFM extensions `table`, `strikethrough`, `autolink`, `tagfilter`, `tasklist`
  (https://github.github.com/gfm/), and footnotes;
- raw HTML kept (`CMARK_OPT_UNSAFE`): READMEs rely on `<details open>`, `<a name>`,
  `<p align=center>`, `<img>`; GitHub sanitises them later but keeps these;
- `CMARK_OPT_SOURCEPOS`, so every block knows the input line it comes from.

The HTML is then reduced to a flat sequence of tokens, in document order:

- an element start, `<name a="v" ...>`, with all its attributes (sorted, values unescaped),
  minus `data-sourcepos`: so link targets, images (`src`, `alt`), heading levels, tables
  and their alignment, blockquotes (GitHub alerts are blockquotes whose text starts with
  `[!NOTE]`...), `<details>` and its `open`, hard breaks (`<br>`), named anchors
  (`<a name>`) and where they sit relative to headings and list items are all in it;
- an element end, `</name>` (void elements such as `<br>` and `<img>` have none);
- text, with entities decoded and whitespace runs collapsed to one space (a reader does
  not see line breaks inside a paragraph or indentation inside HTML), except inside
  `<pre>`, where it is kept exactly.

HTML comments are dropped (a reader does not see them). Nothing else is dropped: two
texts have the same view exactly when GitHub shows the same elements, attributes and
words in the same nesting and order.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence
from typing import NamedTuple

import cmarkgfm  # type: ignore[import-untyped]
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_FOOTNOTES

# Elements without an end tag in HTML (https://html.spec.whatwg.org/#void-elements).
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

# A start or end tag at a `<`. No `<` inside (not even quoted): each failed attempt then
# stops at the next `<`, which keeps the tokeniser linear on hostile text like `<a<a<a`.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\"[^\"<]*\"|'[^'<]*'|[^'\"<>])*)>")
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_SOURCEPOS = re.compile(r"(\d+):\d+-")


class Token(NamedTuple):
    """One thing a reader sees. `line` (1-based, in the rendered text) is for messages only."""

    kind: str  # "open", "close" or "text"
    value: str  # `<h4>`, `<a href="...">`, `</h4>`, or the text
    line: int

    @property
    def key(self) -> tuple[str, str]:
        """What is compared: the kind and the value, never the line."""
        return self.kind, self.value

    def describe(self) -> str:
        """The token as a person would name it in a message."""
        if self.kind == "text":
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            return f"text {shown!r}"
        return f"{self.value[:80]}"


# cmark-gfm's extension registry is process-global and not thread-safe, and cmarkgfm's
# calls run without the GIL: two threads rendering at once aborted the interpreter (two
# submissions in one process, seen in the test suite). One render at a time.
_CMARK = threading.Lock()


def render_html(text: str) -> str:
    """The HTML GitHub would show for TEXT (before its sanitiser), with source lines."""
    with _CMARK:
        return str(cmarkgfm.github_flavored_markdown_to_html(text, OPTIONS))


def render_pieces(fragments: Sequence[str], prefix: str = "") -> list[tuple[str, int]]:
    """The HTML of PREFIX + each fragment, in one cmark call: (HTML, the line it starts at).

    Each fragment but the last must end where Markdown starts afresh (a blank line before a
    cut, core/hunks.py): the fragments are joined with an HTML comment line, which then
    closes nothing that is open, renders as itself and so marks where each piece's HTML
    ends. PREFIX (link reference definitions) comes once, in front. Sourcepos lines in
    the HTML are lines of the joined text; the int is where the fragment starts in it.
    """
    marker, n = "<!--geoai-bot:cut-->", 0
    while marker in prefix or any(marker in f for f in fragments):
        n += 1  # a text that shows the marker itself: another one
        marker = f"<!--geoai-bot:cut:{n}-->"
    starts, line = [], prefix.count("\n") + 1
    for f in fragments:
        starts.append(line)
        line += f.count("\n") + 1
    parts = render_html(prefix + f"{marker}\n".join(fragments)).split(marker)
    if len(parts) != len(fragments):  # not expected; correct either way
        first = prefix.count("\n") + 1
        return [(render_html(prefix + f), first) for f in fragments]
    return list(zip(parts, starts, strict=True))


def _attrs(raw: str) -> tuple[str, int]:
    """(attributes as `a="v"` sorted, without data-sourcepos; the sourcepos line or 0)."""
    line = 0
    out = []
    for m in _ATTR.finditer(raw):
        name = m.group(1).lower()
        value = m.group(2) if m.group(2) is not None else m.group(3) or m.group(4) or ""
        if name == "data-sourcepos":
            pos = _SOURCEPOS.match(value)
            line = int(pos.group(1)) if pos else 0
            continue
        out.append(f'{name}="{html.unescape(value)}"')
    out.sort()
    return " ".join(out), line


def reduce_html(markup: str, offset: int = 0, start: int | None = None) -> list[Token]:
    """The token sequence of rendered HTML.

    Token lines are source lines plus `offset`; tokens before the first block with a
    source position (raw HTML has none) get `start` (default `offset + 1`).
    """
    tokens: list[Token] = []
    line = offset + 1 if start is None else start
    pre = 0  # depth of <pre>: whitespace there is content
    missing: dict[str, int] = {}  # closer -> a position after which it does not occur

    pending: list[str] = []  # raw text since the last tag (joined once: no quadratic +=)

    def add_text(piece: str) -> None:
        pending.append(piece)

    def flush() -> None:
        if not pending:
            return
        text = html.unescape("".join(pending))
        pending.clear()
        if not pre:
            text = " ".join(text.split())
            if not text:
                return
        tokens.append(Token("text", text, line))

    def skip_to(closer: str, pos: int) -> int:
        """The end of the comment or declaration at pos, or -1 when it never ends."""
        if missing.get(closer, len(markup) + 1) <= pos:
            return -1
        at = markup.find(closer, pos)
        if at < 0:
            missing[closer] = pos
            return -1
        return at + len(closer)

    pos, n = 0, len(markup)
    while pos < n:
        lt = markup.find("<", pos)
        if lt < 0:
            add_text(markup[pos:])
            break
        if lt > pos:
            add_text(markup[pos:lt])
        pos = lt
        if markup.startswith(("<!", "<?"), pos):
            end = skip_to("-->", pos + 4) if markup.startswith("<!--", pos) else skip_to(">", pos)
            if end >= 0:
                pos = end  # comments and declarations: not seen
                continue
        m = _TAG.match(markup, pos)
        if m is None:
            add_text("<")
            pos += 1
            continue
        pos = m.end()
        flush()
        name = m.group(2).lower()
        if m.group(1):  # an end tag
            if name == "pre" and pre:
                pre -= 1
            if name not in VOID:
                tokens.append(Token("close", f"</{name}>", line))
            continue
        attrs, at = _attrs(m.group(3)) if m.group(3).strip(" \t\n/") else ("", 0)
        if at:
            line = at + offset
        if name == "pre":
            pre += 1
        tokens.append(Token("open", f"<{name} {attrs}>" if attrs else f"<{name}>", line))
    flush()
    return tokens


def reader_view(text: str, offset: int = 0, start: int | None = None) -> list[Token]:
    """What a reader sees in TEXT (see the module docstring), in order; lines as reduce_html."""
    return reduce_html(render_html(text), offset, start)
