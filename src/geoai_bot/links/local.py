"""Links that need no network: relative paths checked on disk, #fragments against GitHub anchors."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urldefrag

from geoai_bot.core.parse import split_lines
from geoai_bot.core.scan import HEAD, HTML_TAG, OPAQUE_KINDS, scan
from geoai_bot.links.model import LinkOutcome

# Headings, fences and comments are the scanner's (core.scan), so the anchors are those of
# the document the parser and lint read; the heading text's closing #s are stripped by
# `_heading_text`. The patterns below
# never let an unbounded run cross the character that starts another attempt (`<`, `[`),
# so each start scans only to the next one and a line costs linear time.
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
EXPLICIT = re.compile(r"""<[a-zA-Z][^<>]*\b(?:id|name)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# A destination may hold one level of balanced parentheses (Wikipedia-style URLs).
MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\[\]]|\([^()\[\]]*\))*\)")
SHORTCODE = re.compile(r":([a-z0-9_+-]+):")
# GitHub keeps letters, digits, underscore, hyphen and space; spaces become hyphens.
# https://github.com/gjtorikian/html-pipeline (TableOfContentsFilter PUNCTUATION_REGEXP)
PUNCT = re.compile(r"[^\w\- ]", re.UNICODE)


_NOT_TEXT = (*OPAQUE_KINDS, HEAD)  # lines that cannot be a setext heading's text


def _plain(text: str) -> str:
    text = MD_LINK.sub(r"\1", text)
    text = HTML_TAG.sub("", text)
    text = html.unescape(text)
    return text.replace("`", "").replace("*", "").replace("~~", "")


def _heading_text(raw: str | None) -> str:
    """An ATX heading's text without the optional closing sequence of `#`s (CommonMark 4.2)."""
    text = (raw or "").rstrip(" \t")
    bare = text.rstrip("#")
    if len(bare) < len(text) and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return text


def slug(text: str) -> str:
    return PUNCT.sub("", text.strip().lower()).replace(" ", "-")


@lru_cache(maxsize=16)  # a table of contents asks about the same file many times
def anchors(text: str) -> frozenset[str]:
    """Every anchor GitHub makes for this Markdown: heading slugs (with -1, -2 for repeats),
    plus explicit `id`/`name` attributes. Emoji shortcodes are accepted both as written and
    removed, since GitHub renders them before or after slugging depending on the renderer."""
    out: set[str] = set()
    seen: dict[str, int] = {}
    lines = split_lines(text)[0]
    heads, kinds = scan(lines)
    titles = {i: title for i, _level, title in heads}

    def add(title: str) -> None:
        plain = _plain(title)
        base = slug(plain)
        n = seen.get(base, 0)
        seen[base] = n + 1
        suffix = "" if n == 0 else f"-{n}"
        out.add(base + suffix)
        # The emoji itself is punctuation to the slugger: it vanishes, its space stays.
        out.add(slug(SHORTCODE.sub("\u2605", plain)) + suffix)

    for i, line in enumerate(lines):
        kind = kinds[i]
        if kind in OPAQUE_KINDS:  # code and comments make no anchors
            continue
        if kind == HEAD:
            add(_heading_text(titles[i]))
        elif (
            i > 0
            and kinds[i - 1] not in _NOT_TEXT
            and SETEXT.match(line)
            and _setext_title(lines[i - 1])
        ):
            add(lines[i - 1])
        for e in EXPLICIT.finditer(line):
            out.add(e.group(1))
    return frozenset(a.lower() for a in out)


def _setext_title(prev: str) -> bool:
    p = prev.strip()
    return bool(p) and not p.startswith(("*", "-", "+", ">", "<", "|"))


def _has_anchor(fragment: str, text: str) -> bool:
    frag = unquote(fragment).lower()
    if frag.startswith("user-content-"):
        frag = frag[len("user-content-") :]
    return frag == "" or frag == "top" or frag in anchors(text)


def check_fragment(fragment: str, own_text: str) -> LinkOutcome:
    if _has_anchor(fragment, own_text):
        return LinkOutcome("ok", message="anchor found")
    return LinkOutcome("broken", message=f"no heading or anchor '#{fragment}' in this file")


def repo_root(start: Path) -> Path:
    """The git work tree around `start`, or `start` itself: where `/path` links resolve."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def check_relative(target: str, file: Path) -> LinkOutcome:
    """A relative link resolved against FILE's folder (or the repository root for `/...`)."""
    path_part, fragment = urldefrag(target)
    path_part = path_part.split("?", 1)[0]
    base = file.resolve().parent
    root = repo_root(base)
    rel = unquote(path_part)
    candidate = (root / rel.lstrip("/")) if rel.startswith("/") else (base / rel)
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return LinkOutcome("broken", message="cannot resolve the path")
    if resolved != root and root not in resolved.parents:
        return LinkOutcome("broken", message="points outside the repository")
    if not resolved.exists():
        return LinkOutcome("broken", message=f"no such file: {rel}")
    if fragment and resolved.is_file() and resolved.suffix.lower() in (".md", ".markdown"):
        try:
            text = resolved.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return LinkOutcome("broken", message=f"cannot read {rel}: {exc.strerror}")
        if not _has_anchor(fragment, text):
            return LinkOutcome("broken", message=f"no heading or anchor '#{fragment}' in {rel}")
    return LinkOutcome("ok", message="file exists")
