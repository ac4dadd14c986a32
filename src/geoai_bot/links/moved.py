"""Moved links: which permanent redirects may be rewritten to their final URL, and the
rewrite itself (pure: text in, text out). `geoai-bot links FILE --fix-moved`
and the Action's moved-links pull request (action/botpr.py) use it.

A link is rewritten only when nothing about the move is doubtful: every hop was permanent
(301/308) or the GitHub API reported a rename; the final URL answered 2xx; it is on the
same site (same registrable domain: `www.x.org` -> `x.org` yes, `x.org` -> `y.com` never:
a cross-site permanent redirect is how expired domains reach parking pages); and it is not
a login page or the site's home page standing in for a removed page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from geoai_bot.links.model import LinkResult

# Second-level labels under which registrations happen one level down (x.ac.uk, y.com.cn);
# enough for the sites paper lists link to without shipping the Public Suffix List.
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "net", "org", "or", "ne", "go"})
# What a new URL may contain: RFC 3986 characters minus those Markdown or HTML read as
# syntax around a link (brackets, parentheses, quotes, angle brackets, pipes, backticks).
_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+")
_LOGIN = re.compile(r"/(login|signin|sign-in|sign_in|auth|sso|account|session)s?(/|$|\?)", re.I)


@dataclass(frozen=True)
class Move:
    old: str  # the link as written (fragment included)
    new: str  # the final URL (the old fragment kept)
    line: int  # first line it is written on (for the table)


def site(host: str) -> str:
    """The registrable domain of HOST, approximately (see _SECOND_LEVEL)."""
    host = host.lower().rstrip(".")
    if ":" in host or host.replace(".", "").isdigit():  # an IP address is its own site
        return host
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def why_not(old: str, new: str) -> str | None:
    """Why the move from OLD to NEW must not be rewritten, or None when it may be."""
    try:
        a, b = urlsplit(old), urlsplit(new)
    except ValueError:
        return "not a URL"
    if b.scheme not in ("http", "https") or not b.hostname or not a.hostname:
        return "not an http(s) URL"
    if not _PLAIN_URL.fullmatch(new):
        return "characters Markdown could read as syntax"
    if a.scheme == "https" and b.scheme == "http":
        return "a downgrade to http"
    if site(a.hostname) != site(b.hostname):
        return "another site"
    if _LOGIN.search(b.path):
        return "a login page"
    if b.path in ("", "/") and a.path not in ("", "/"):
        return "the site's home page instead of the page"
    return None


def safe_move(
    url: str, state: str, final_url: str | None, permanent: bool, line: int
) -> Move | None:
    """The rewrite of one checked link, or None when it did not move or the move is doubtful."""
    if state != "redirect" or not final_url or not permanent:
        return None
    frag = url.partition("#")[2]
    new = final_url.partition("#")[0] + (f"#{frag}" if frag else "")
    if new == url or why_not(url, new) is not None:
        return None
    return Move(url, new, line)


def safe_moves(results: list[LinkResult]) -> list[Move]:
    out: list[Move] = []
    for r in results:
        o = r.outcome
        line = min((loc.line for loc in r.locations), default=0)
        m = safe_move(r.url, o.state, o.final_url, o.permanent_chain, line)
        if m is not None:
            out.append(m)
    return out


def rewrite(text: str, moves: list[Move]) -> str:
    """TEXT with every written occurrence of each move's old URL replaced; an occurrence
    that continues as a longer URL (`.../a` inside `.../ab`) is left alone."""
    for m in sorted(moves, key=lambda m: -len(m.old)):  # longest first: no prefix clashes
        pattern = re.compile(re.escape(m.old) + r"(?![A-Za-z0-9/_%~+=&?#.-]*[A-Za-z0-9/_%~+=&?#-])")
        text = pattern.sub(m.new.replace("\\", "\\\\"), text)
    return text


def check_view(before: str, after: str, moves: list[Move], path: str) -> None:
    """Raise ViewChanged unless AFTER shows a reader exactly what BEFORE does with each
    move's old URL replaced by its new one (core/guard.py's idea, for URL rewrites)."""
    from geoai_bot.core.guard import ViewChanged
    from geoai_bot.core.view import reader_view

    pairs: list[tuple[str, str]] = []
    for m in moves:
        pairs.append((m.new, m.old))
        # The renderer may normalise a URL (percent-encoding): map its form too.
        shown = [t.value for t in reader_view(f"[x]({m.new})") if t.value.startswith("<a ")]
        old = [t.value for t in reader_view(f"[x]({m.old})") if t.value.startswith("<a ")]
        if shown and old:
            pairs.append((shown[0][9:-2], old[0][9:-2]))
    pairs.sort(key=lambda p: -len(p[0]))  # longest first, as rewrite() does

    def back(value: str) -> str:
        for new, old in pairs:
            value = value.replace(new, old)
        return value

    a, b = reader_view(before), reader_view(after)
    for x, y in zip(a, b, strict=False):
        # A token that was already the new URL (written both ways before) is fine as is.
        if x.key != y.key and x.key != (y.kind, back(y.value)):
            raise ViewChanged(
                f"rewriting moved links would change what a reader sees ({y.describe()}); "
                "nothing was written",
                path,
                x.line,
            )
    if len(a) != len(b):
        raise ViewChanged("rewriting moved links would change the page's structure", path)
