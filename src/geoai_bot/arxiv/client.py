"""The arXiv API client: many ids per request, Atom parsed safely; for autofill and link checks."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import requests
from defusedxml import ElementTree

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
            try:
                resp = s.get(url, params=params, timeout=timeout, stream=True)
                body = resp.raw.read(MAX_RESPONSE + 1, decode_content=True)
            except requests.RequestException as exc:
                raise ArxivError(f"arXiv API unreachable: {exc.__class__.__name__}") from None
            if resp.status_code != 200:
                raise ArxivError(f"arXiv API answered HTTP {resp.status_code}")
            if len(body) > MAX_RESPONSE:
                raise ArxivError("arXiv API answer too large")
            out.update(parse_feed(body))
    finally:
        if own:
            s.close()
    return out
