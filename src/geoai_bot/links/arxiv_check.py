"""arXiv links: ids validated offline, then checked in batches through the arXiv API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from geoai_bot.arxiv.client import BATCH, ArxivError, ArxivRecord, fetch
from geoai_bot.core.arxiv_ids import ArxivRef, looks_like_arxiv, parse_arxiv
from geoai_bot.links.clock import REAL_CLOCK, Clock
from geoai_bot.links.model import LinkOutcome

if TYPE_CHECKING:  # the session is the HTTP layer's; this module only passes it on
    import requests

PAUSE = 3.0  # seconds between arXiv API requests (https://info.arxiv.org/help/api/tou.html)


def withdrawn(rec: ArxivRecord) -> bool:
    """arXiv marks a withdrawn paper in its comment (and replaces the abstract): "This
    paper has been withdrawn by the author(s)" or "withdrawn" as the whole comment."""
    for text in (rec.comment, rec.abstract[:200]):
        low = text.lower()
        if "has been withdrawn" in low or low.strip(" .") in ("withdrawn", "paper withdrawn"):
            return True
    return False


def arxiv_ref(url: str) -> ArxivRef | None:
    return parse_arxiv(url)


def malformed(url: str) -> LinkOutcome | None:
    """A broken outcome for an arXiv paper URL whose id cannot exist (checked offline)."""
    if not looks_like_arxiv(url) or parse_arxiv(url) is not None:
        return None
    path = url.split("arxiv.org", 1)[-1].lower()
    if path.startswith(("/abs/", "/pdf/", "/html/")):
        return LinkOutcome(
            "broken", None, None, "malformed arXiv id (see arxiv.org/help/arxiv_identifier)"
        )
    return None


@dataclass(frozen=True)
class ArxivBatch:
    """What the arXiv API said about a set of links: an outcome per URL, or (`failure`) why
    the API could not be used, in which case the caller checks those links over HTTP."""

    outcomes: dict[str, LinkOutcome]
    failure: str | None = None


def check_batch(
    urls: dict[str, ArxivRef],
    session: requests.Session,
    timeout: float,
    batch: int = BATCH,
    pause: float = PAUSE,
    clock: Clock = REAL_CLOCK,
) -> ArxivBatch:
    """LinkOutcome per URL from one API request per `batch` ids, `pause` seconds apart (arXiv's
    API terms ask for 3 s between requests); a failed batch if the API fails."""
    ids = sorted({r.base for r in urls.values()})
    records: dict[str, ArxivRecord] = {}
    for n, start in enumerate(range(0, len(ids), batch)):
        if n:
            clock.sleep(pause)
        try:
            chunk = ids[start : start + batch]
            records.update(fetch(chunk, session=session, timeout=timeout, batch=batch))
        except ArxivError as exc:
            return ArxivBatch({}, str(exc))
    out: dict[str, LinkOutcome] = {}
    for url, ref in urls.items():
        rec = records.get(ref.base)
        if rec is None:
            out[url] = LinkOutcome("broken", 404, None, f"arXiv has no paper {ref.base}")
        elif ref.version and rec.version and ref.version > rec.version:
            msg = f"arXiv {ref.base} has no v{ref.version} (latest is v{rec.version})"
            out[url] = LinkOutcome("broken", 404, None, msg)
        elif withdrawn(rec):
            msg = f"arXiv {ref.base} has been withdrawn (the arXiv API says so)"
            out[url] = LinkOutcome("broken", 200, None, msg)
        else:
            out[url] = LinkOutcome("ok", 200, None, f"arXiv: {rec.title}"[:200])
    return ArxivBatch(out)
