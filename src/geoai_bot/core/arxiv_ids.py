"""arXiv identifiers: find them in URLs, validate them offline, and build canonical links."""

from __future__ import annotations

import re
from dataclasses import dataclass

# New-style ids (0704.0001 onwards; 5-digit numbers since 2015) and old-style
# archive/YYMMNNN ids. https://info.arxiv.org/help/arxiv_identifier.html
_NEW = r"(?P<new>(?P<yymm>\d{4})\.(?P<num>\d{4,5}))"
_OLD = r"(?P<old>[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?P<kind>abs|pdf|html)/"
    rf"(?:{_NEW}|{_OLD}){_VERSION}(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
ARXIV_ID = re.compile(rf"^(?:arXiv:)?(?:{_NEW}|{_OLD}){_VERSION}$", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivRef:
    """An arXiv id as written in a link: `base` without version, `version` if given."""

    base: str
    version: int | None
    kind: str  # "abs", "pdf", "html" or "id"

    @property
    def versioned(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base

    def abs_url(self, keep_version: bool = True) -> str:
        return f"https://arxiv.org/abs/{self.versioned if keep_version else self.base}"

    def pdf_url(self, keep_version: bool = True) -> str:
        return f"https://arxiv.org/pdf/{self.versioned if keep_version else self.base}"


def _valid_new(m: re.Match[str]) -> bool:
    yymm, num = m.group("yymm"), m.group("num")
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return False
    # From 1501 on, numbers have five digits; before, four.
    return (len(num) == 5) == (int(yymm) >= 1501)


def parse_arxiv(value: str | None) -> ArxivRef | None:
    """An ArxivRef for an arXiv abs/pdf/html URL or a bare id; None for anything else."""
    if not value:
        return None
    text = value.strip()
    m = ARXIV_URL.match(text)
    kind = m.group("kind").lower() if m else "id"
    if m is None:
        m = ARXIV_ID.match(text)
        if m is None:
            return None
    if m.group("new") and not _valid_new(m):
        return None
    base = m.group("new") or m.group("old")
    version = int(m.group("version")) if m.group("version") else None
    return ArxivRef(base=base, version=version, kind=kind)


def looks_like_arxiv(url: str | None) -> bool:
    """True for any arxiv.org URL, valid id or not (used to report malformed ids)."""
    return (
        bool(url) and re.match(r"^(?:https?://)?(?:www\.)?arxiv\.org/", url or "", re.I) is not None
    )
