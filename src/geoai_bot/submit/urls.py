"""A submitted link -> one absolute http(s) URL, normalised (arXiv as its `abs` page, no
`utm_*` parameters), or an error saying what to do. Shared by every link field."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from pydantic_core import PydanticCustomError

from geoai_bot.core.arxiv_ids import looks_like_arxiv, parse_arxiv
from geoai_bot.submit.inert import code_span, invisible_characters

MAX_URL = 2000
_URL_BAD = re.compile(r"[<>\"`{}|\\^\s]")


def submission_error(message: str) -> PydanticCustomError:
    """A validation error whose message is shown to the contributor as written."""
    return PydanticCustomError("submission", message)


_err = submission_error


def strip_tracking(query: str) -> str:
    """Drop `utm_*` parameters, keeping every other parameter exactly as written."""
    kept = [p for p in query.split("&") if p and not p.split("=", 1)[0].lower().startswith("utm_")]
    return "&".join(kept)


def normalize_url(value: str) -> str:
    """An absolute http(s) URL without tracking parameters; arXiv as its `abs` page.
    Raises PydanticCustomError with what to do."""
    url = value.strip()
    bad = invisible_characters(url)
    if bad:
        raise _err(f"contains invisible characters ({', '.join(bad)}); paste the link again")
    m = _URL_BAD.search(url)
    if m:
        what = "spaces" if m.group(0).isspace() else f"the character {code_span(m.group(0))}"
        raise _err(f"contains {what}; give one link, as copied from the browser's address bar")
    if len(url) > MAX_URL:
        raise _err(f"is {len(url)} characters long; the limit is {MAX_URL}")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise _err("is not a valid URL; copy it from the browser's address bar") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise _err(
            f"{code_span(url, 60)} is not an absolute http(s) link; "
            "start it with https:// and include the site"
        )
    if parts.username is not None or parts.password is not None:
        raise _err("contains a user name or password; remove the part before `@`")
    if "." not in host and host != "localhost":
        raise _err(f"has no valid host name ({code_span(host)}); check the link")
    url = urlunsplit(parts._replace(query=strip_tracking(parts.query)))
    if looks_like_arxiv(url):
        ref = parse_arxiv(url)
        if ref is None:
            raise _err(
                "is an arXiv link without a valid arXiv id; use the form "
                "https://arxiv.org/abs/2501.01234"
            )
        url = ref.abs_url()  # keeps the version only when one was given
    return url
