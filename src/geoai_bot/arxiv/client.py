"""The arXiv API client: many ids per request, Atom parsed safely; for autofill and link checks."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import requests

from geoai_bot.core.arxiv_ids import parse_arxiv

DEFAULT_API = "https://export.arxiv.org/api/query"
API_ENV = "GEOAI_BOT_ARXIV_API_URL"
BATCH = 100  # ids per request; arXiv asks for modest page sizes
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
MAX_RESPONSE = 8 * 1024 * 1024


@dataclass(frozen=True)
class ArxivRecord:
    """What the arXiv API says about one id."""

    id: str  # base id, no version
    title: str
    authors: tuple[str, ...]
    abstract: str
    version: int | None
    comment: str = ""  # the authors' arXiv comment ("This paper has been withdrawn ...")


class ArxivError(Exception):
    """The API could not be reached or answered something unreadable."""


def api_url() -> str:
    return os.environ.get(API_ENV) or DEFAULT_API


def _text(node: object) -> str:
    text = getattr(node, "text", None) or ""
    return " ".join(text.split())


def parse_feed(xml: bytes) -> dict[str, ArxivRecord]:
    """Records by base id from an Atom feed. Entries without a usable id are skipped; arXiv
    answers an unknown id with an entry titled "Error", which is skipped too."""
    from defusedxml import ElementTree  # here: a list without arXiv links never needs it

    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml raises several types for hostile or broken XML
        raise ArxivError(f"unreadable Atom feed: {exc}") from None
    out: dict[str, ArxivRecord] = {}
    for entry in root.iter(f"{ATOM}entry"):
        ref = parse_arxiv(_text(entry.find(f"{ATOM}id")))
        title = _text(entry.find(f"{ATOM}title"))
        if ref is None or not title or title == "Error":
            continue
        authors = tuple(
            name for a in entry.iter(f"{ATOM}author") if (name := _text(a.find(f"{ATOM}name")))
        )
        out[ref.base] = ArxivRecord(
            id=ref.base,
            title=title,
            authors=authors,
            abstract=_text(entry.find(f"{ATOM}summary")),
            version=ref.version,
            comment=_text(entry.find(f"{ARXIV_NS}comment")),
        )
    return out


def _batches(ids: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _query(s: requests.Session, url: str, params: dict[str, str], timeout: float) -> bytes:
    """One API request: the Atom body, at most MAX_RESPONSE bytes, or ArxivError."""
    try:
        resp = s.get(url, params=params, timeout=timeout, stream=True)
        body: bytes = resp.raw.read(MAX_RESPONSE + 1, decode_content=True)
    except requests.RequestException as exc:
        raise ArxivError(f"arXiv API unreachable: {exc.__class__.__name__}") from None
    if resp.status_code != 200:
        raise ArxivError(f"arXiv API answered HTTP {resp.status_code}")
    if len(body) > MAX_RESPONSE:
        raise ArxivError("arXiv API answer too large")
    return body


def fetch(
    ids: Iterable[str],
    session: requests.Session | None = None,
    base_url: str | None = None,
    timeout: float = 15.0,
    batch: int = BATCH,
) -> dict[str, ArxivRecord]:
    """Look up base ids in batches (one request per `batch` ids). Ids arXiv does not know
    are absent from the result. Raises ArxivError when the API is unreachable or broken."""
    wanted = sorted({i for i in ids if i})
    url = base_url or api_url()
    own = session is None
    s = session or requests.Session()
    out: dict[str, ArxivRecord] = {}
    try:
        for chunk in _batches(wanted, batch):
            params = {"id_list": ",".join(chunk), "max_results": str(len(chunk))}
            out.update(parse_feed(_query(s, url, params, timeout)))
    finally:
        if own:
            s.close()
    return out


# Titles per search request: `ti:"..." OR ti:"..."` stays well under URL limits, and each
# title can bring back a few candidates (max_results is per request).
SEARCH_BATCH = 10
CANDIDATES_PER_TITLE = 3
# arXiv's API terms: "no more than one request every three seconds".
# https://info.arxiv.org/help/api/tou.html
SEARCH_INTERVAL = 3.0
_PHRASE_JUNK = re.compile(r"[^\w\s-]+", re.UNICODE)


def title_phrase(title: str) -> str:
    """A title as an arXiv search phrase: punctuation and quotes (query syntax) removed."""
    return " ".join(_PHRASE_JUNK.sub(" ", title).split())


def search_titles(
    titles: Sequence[str],
    session: requests.Session | None = None,
    base_url: str | None = None,
    timeout: float = 15.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[ArxivRecord]:
    """Candidate records for titles, SEARCH_BATCH titles per request, one request every
    SEARCH_INTERVAL seconds. Deciding which candidate is which paper is the caller's job."""
    phrases = [p for p in dict.fromkeys(title_phrase(t) for t in titles) if p]
    url = base_url or api_url()
    own = session is None
    s = session or requests.Session()
    out: dict[str, ArxivRecord] = {}
    try:
        for k, chunk in enumerate(_batches(phrases, SEARCH_BATCH)):
            if k:
                sleep(SEARCH_INTERVAL)
            query = " OR ".join(f'ti:"{p}"' for p in chunk)
            params = {
                "search_query": query,
                "max_results": str(len(chunk) * CANDIDATES_PER_TITLE),
            }
            out.update(parse_feed(_query(s, url, params, timeout)))
    finally:
        if own:
            s.close()
    return list(out.values())
