"""Heading text as a reader reads it, and the tagline under the list's title."""

from __future__ import annotations

import re

from geoai_bot.core.scan import HTML_TAG, Heading

_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")


def clean_heading(text: str) -> str:
    """Heading text as a person reads it: no HTML tags, emoji shortcodes or markup."""
    text = HTML_TAG.sub("", text)
    text = _SHORTCODE.sub("", text)
    text = text.replace("`", "").replace("**", "")
    # Drop leading pictographs such as 📢 that decorate section titles.
    text = text.strip()
    while text and not text[0].isalnum() and ord(text[0]) > 0x2000:
        text = text[1:].lstrip()
    return " ".join(text.split())


def tagline(lines: list[str], heads: list[Heading]) -> str | None:
    """First prose line after the `#` title and before the next heading."""
    if not heads or heads[0][1] != 1:
        return None
    stop = heads[1][0] if len(heads) > 1 else len(lines)
    for line in lines[heads[0][0] + 1 : stop]:
        text = clean_heading(line)
        if text and not line.lstrip().startswith(("<img", "![", "[!", "<a", "<p")):
            return text
    return None
