"""Keeping strangers' text inert: invisible characters, HTML, Markdown structure, @mentions.

The policy (docs/submissions.md explains it to contributors):
- invisible and direction-changing characters (bidi controls, zero-width characters,
  other format characters) are rejected with a message, never silently removed;
- HTML tags and Markdown links/images in a title, author or abstract are rejected;
- a title or author that starts with a Markdown block marker is rejected;
- text the bot writes into GitHub prose (PR title, PR body, comments, commit message)
  is "neutralised": `@` becomes the visible full-width `＠` so nobody is pinged,
  and `#123` becomes `＃123` so no issue is cross-referenced or closed by a stranger;
  longer text (the entry preview) goes into a code fence, where GitHub renders no
  mentions, references or closing keywords.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings/overrides/isolates and marks, zero-width characters, the BOM and
# other invisible format characters (Unicode category Cf), plus line/paragraph separators.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e")
_HTML_TAG = re.compile(r"<(?:[A-Za-z]|/|!|\?)")
_MD_LINK = re.compile(r"!?\[[^\]]*\]\s*[\(\[]")
_BLOCK_START = re.compile(r"^\s*(?:[#>*+|=`~-]|\d+[.)](?:\s|$))")


def invisible_characters(text: str) -> list[str]:
    """Names of the invisible or direction-changing characters in TEXT (each once)."""
    found: dict[str, None] = {}
    for i, ch in enumerate(text):
        if ch == "\u200d" and _joins_emoji(text, i):
            continue  # a zero-width joiner inside an emoji sequence (👩‍🔬) is visible as one emoji
        if ch in _BIDI:
            found[f"U+{ord(ch):04X} (bidi control)"] = None
        elif ch in _ZERO_WIDTH or unicodedata.category(ch) == "Cf":
            found[f"U+{ord(ch):04X} (zero-width/invisible)"] = None
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch not in "\n\r\t":
            found[f"U+{ord(ch):04X} (control character)"] = None
    return list(found)


def _pictograph(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x1F000 or 0x2600 <= o <= 0x27BF or o == 0xFE0F


def _joins_emoji(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and _pictograph(text[i - 1]) and _pictograph(text[i + 1])


def html_tag(text: str) -> str | None:
    """The first thing in TEXT that an HTML renderer would treat as a tag or comment."""
    m = _HTML_TAG.search(text)
    if m is None:
        return None
    end = text.find(">", m.start())
    return text[m.start() : end + 1 if end != -1 else m.start() + 20]


def markdown_link(text: str) -> str | None:
    m = _MD_LINK.search(text)
    return m.group(0) if m else None


def block_marker(text: str) -> str | None:
    """The Markdown block marker TEXT starts with (`#`, `>`, `*`, `-`, `|`, `1.`, ...)."""
    m = _BLOCK_START.match(text)
    return m.group(0).strip() if m else None


def neutralize(text: str) -> str:
    """Text safe for GitHub prose: no mentions, no issue references, one line."""
    text = " ".join(text.split())
    text = text.replace("@", "＠")
    return re.sub(r"#(?=\d)", "＃", text)


def code_span(text: str, limit: int = 120) -> str:
    """TEXT shown literally inside an inline code span (one line, shortened)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def code_block(text: str, info: str = "markdown") -> str:
    """TEXT in a fenced code block whose fence is longer than any backtick run inside."""
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"
