"""arXiv links: ids validated offline, then checked in batches through the arXiv API."""

from __future__ import annotations

import requests

from ..arxiv import ArxivError, fetch
from ..arxiv_ids import ArxivRef, looks_like_arxiv, parse_arxiv
from .model import Outcome


def arxiv_ref(url: str) -> ArxivRef | None:
    return parse_arxiv(url)


def malformed(url: str) -> Outcome | None:
    """A broken outcome for an arXiv paper URL whose id cannot exist (checked offline)."""
    if not looks_like_arxiv(url) or parse_arxiv(url) is not None:
        return None
    path = url.split("arxiv.org", 1)[-1].lower()
    if path.startswith(("/abs/", "/pdf/", "/html/")):
        return Outcome(
            "broken", None, None, "malformed arXiv id (see arxiv.org/help/arxiv_identifier)"
        )
    return None


def check_batch(
    urls: dict[str, ArxivRef], session: requests.Session, timeout: float
) -> dict[str, Outcome] | str:
    """Outcome per URL from one API request per 100 ids; an error string if the API fails."""
    try:
        records = fetch({r.base for r in urls.values()}, session=session, timeout=timeout)
    except ArxivError as exc:
        return str(exc)
    out: dict[str, Outcome] = {}
    for url, ref in urls.items():
        rec = records.get(ref.base)
        if rec is None:
            out[url] = Outcome("broken", 404, None, f"arXiv has no paper {ref.base}")
        elif ref.version and rec.version and ref.version > rec.version:
            msg = f"arXiv {ref.base} has no v{ref.version} (latest is v{rec.version})"
            out[url] = Outcome("broken", 404, None, msg)
        else:
            out[url] = Outcome("ok", 200, None, f"arXiv: {rec.title}"[:200])
    return out
