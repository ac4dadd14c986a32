"""Keeping strangers' text inert: invisible characters, HTML, Markdown structure, @mentions.

The policy (docs/submissions.md explains it to contributors):
- invisible and direction-changing characters (bidi controls, zero-width characters,
  other format characters) are rejected with a message, never silently removed;
- HTML tags and Markdown links/images in a title, author or abstract are rejected, and so
  are link reference definitions (`[x]: url`, which apply to the WHOLE README) and HTML
  character references (`&#x202E;`, `&#101;`: GitHub shows the character they stand for,
  which would slip past every check made on the text as typed);
- a title or author that starts with a Markdown block marker is rejected;
- text the bot writes into GitHub prose (PR title, PR body, comments, commit message)
  is "neutralised": `@` becomes the visible full-width `＠` so nobody is pinged,
  `#123` becomes `＃123`, `GH-123` becomes `GH‑123` (a non-breaking hyphen) and an issue or
  pull request URL loses its working `/` before the number, so no issue is
  cross-referenced or closed by a stranger;
  longer text (the entry preview) goes into a code fence, where GitHub renders no
  mentions, references or closing keywords.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Bidi embeddings/overrides/isolates and marks, zero-width characters, the BOM and
# other invisible format characters (Unicode category Cf), plus line/paragraph separators.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e")
# Letters and marks that render as nothing or as a blank although they are not format
# characters: Hangul fillers, the Braille blank, the combining grapheme joiner, Khmer
# inherent vowels. A title padded with them looks identical to one without.
_FILLERS = set("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
_HTML_TAG = re.compile(r"<(?:[A-Za-z]|/|!|\?)")
# `](`, `][` (and with blanks between, which some renderers accept): the end of a link or
# image. Searched on its own, then a `[` looked for before it: a pattern that starts at
# every `[` and scans on would be quadratic on a body of 65,000 `[`.
_MD_LINK_END = re.compile(r"\]\s*[\(\[]")
# A link label (CommonMark: no unescaped brackets inside), as `[label]`; with a `:` after
# it, a link reference definition. Bracket-free, so each `[` scans only to the next one.
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\]")
_DEFINITION = re.compile(r"\[(?:[^\[\]\\]|\\.)+\]\s*:")
# `&#101;`, `&#x202E;`, `&eacute;`: decoded by every Markdown renderer.
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_GH_REF = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)
# .../issues/7, .../pull/7, .../discussions/7 on any host spelling: GitHub links them and
# acts on them after "fixes"; the `/` before the number becomes a look-alike `∕` (U+2215).
_ISSUE_URL = re.compile(r"/(issues|pulls?|discussions)/(?=\d)", re.IGNORECASE)
_BLOCK_START = re.compile(r"^\s*(?:[#>*+|=`~-]|\d+[.)](?:\s|$))")


def invisible_characters(text: str) -> list[str]:
    """Names of the invisible or direction-changing characters in TEXT (each once)."""
    found: dict[str, None] = {}
    for i, ch in enumerate(text):
        if ch == "\u200d" and _joins_emoji(text, i):
            continue  # a zero-width joiner inside an emoji sequence (👩‍🔬) is visible as one emoji
        if ch in _BIDI:
            found[f"U+{ord(ch):04X} (bidi control)"] = None
        elif ch in _ZERO_WIDTH or ch in _FILLERS or unicodedata.category(ch) == "Cf":
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
    """The first `[...](` or `[...][` in TEXT (the start of a link or image), in linear time."""
    for m in _MD_LINK_END.finditer(text):
        start = text.rfind("[", 0, m.start())
        if start != -1:
            if start > 0 and text[start - 1] == "!":
                start -= 1
            return text[start : m.end()]
    return None


def link_definition(text: str) -> str | None:
    """The first `[label]:` in TEXT: a link reference definition where a line starts with it
    (an author line does), which would define or repoint a link for the whole README."""
    m = _DEFINITION.search(text)
    return m.group(0) if m else None


def normalize_label(label: str) -> str:
    """A link label as CommonMark matches it: case-folded, inner whitespace collapsed."""
    return " ".join(label.split()).casefold()


def bracketed_labels(text: str) -> list[str]:
    """Every `[label]` in TEXT, normalised: each is a link if the document defines it."""
    return [normalize_label(m.group(1)) for m in _LABEL.finditer(text)]


def character_reference(text: str) -> str | None:
    """The first HTML character reference in TEXT that a renderer would decode."""
    for m in _CHAR_REF.finditer(text):
        if html.unescape(m.group(0)) != m.group(0):
            return m.group(0)
    return None


def block_marker(text: str) -> str | None:
    """The Markdown block marker TEXT starts with (`#`, `>`, `*`, `-`, `|`, `1.`, ...)."""
    m = _BLOCK_START.match(text)
    return m.group(0).strip() if m else None


def neutralize(text: str) -> str:
    """Text safe for GitHub prose: no mentions, no issue references, one line."""
    text = " ".join(text.split())
    text = text.replace("@", "＠")
    text = _GH_REF.sub("\\1\u2011", text)
    text = _ISSUE_URL.sub("/\\1\u2215", text)
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
