"""Citations: a list's papers as BibTeX and as CSL-JSON (what Zotero and pandoc read).

Both are built from the Document, pure. Keys are stable and unique within one export:
`<first author's family name><year><first significant title word>` (`lee2025geochat`),
with `a`, `b`, ... appended in list order when two papers would share a key. The year
comes from the paper's arXiv id (the month the paper was first submitted), else from a
four-digit year in the list's name ("GeoAI in ICCV 2025"), else it is left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from geoai_bot.core.arxiv_ids import ArxivRef, parse_arxiv
from geoai_bot.core.model import Document, Entry

# Title words that make a poor key (the key should name the paper, not its grammar).
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "towards",
        "toward",
        "via",
        "with",
        "without",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "how",
        "do",
        "does",
        "can",
        "we",
        "our",
    ]
)
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# Characters LaTeX treats as syntax; each maps to the text that prints it.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))
# Control characters (and the line separators) have no place inside a BibTeX value.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


@dataclass(frozen=True)
class Citation:
    """One paper ready to cite: key, authors, title, year, links."""

    key: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    arxiv: ArxivRef | None
    url: str | None
    abstract: str | None
    section: str | None


def latex_escape(text: str) -> str:
    """Text with LaTeX's special characters printed literally, on one line."""
    text = _CONTROL.sub(" ", text)
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], text)


def _ascii(text: str) -> str:
    """Lowercase ASCII letters and digits only (`Łukasz Müller` -> `lukaszmuller`)."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(_ASCII_WORD.findall(folded.encode("ascii", "ignore").decode().lower()))


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a written name; ("", name) when it cannot be split (one word, CJK)."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return " ".join(words[:-1]), words[-1]


def _year(ref: ArxivRef | None, list_year: int | None) -> int | None:
    if ref is not None and "." in ref.base:  # new-style id: YYMM.NNNNN
        return 2000 + int(ref.base[:2])
    if ref is not None and "/" in ref.base:  # old style: archive/YYMMNNN
        yy = int(ref.base.split("/")[1][:2])
        return (1900 if yy >= 91 else 2000) + yy
    return list_year


def url_value(url: str) -> str:
    """A URL as a BibTeX value: `\\url` prints it as written, so only what would break the
    value itself (braces, backslashes, white space) is percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: quote(m.group(0), safe=""), url)


def _key_base(entry: Entry, year: int | None) -> str:
    family = _ascii(split_name(entry.authors[0])[1]) if entry.authors else ""
    words = [_ascii(w) for w in re.split(r"[\s\-:/]+", entry.title)]
    word = next((w for w in words if w and w not in _STOP), "") or next((w for w in words if w), "")
    base = f"{family or 'anon'}{year or ''}{word or 'paper'}"
    return base[:60]


_ET_AL = re.compile(r"^(?:and\s+)?et\.?\s*al\.?$", re.IGNORECASE)


def _authors(names: list[str]) -> tuple[str, ...]:
    """Authors as written; a trailing `et al.` becomes BibTeX's and CSL's `others`."""
    out = [n.strip() for n in names if n.strip()]
    if out and _ET_AL.match(out[-1]):
        out[-1] = "others"
    elif out and re.search(r"\s+et\.?\s*al\.?$", out[-1], re.IGNORECASE):
        out[-1] = re.sub(r"\s+et\.?\s*al\.?$", "", out[-1], flags=re.IGNORECASE)
        out.append("others")
    return tuple(out)


def _paper_url(entry: Entry) -> str | None:
    for link in entry.links:
        if link.label == "Paper" and link.url:
            return link.url
    return next((link.url for link in entry.links if link.url), None)


def citations(doc: Document) -> list[Citation]:
    """Every entry as a Citation, keys unique in list order."""
    m = _YEAR_IN_NAME.search(doc.name or "")
    list_year = int(m.group(1)) if m else None
    seen: dict[str, int] = {}
    out: list[Citation] = []
    for entry in doc.entries:
        ref = next(
            (r for r in (parse_arxiv(link.url) for link in entry.links if link.url) if r),
            None,
        )
        year = _year(ref, list_year)
        base = _key_base(entry, year)
        n = seen.get(base, 0)
        seen[base] = n + 1
        key = base if n == 0 else base + _suffix(n)
        while key in seen and n:  # `lee2025geochata` may itself be taken: keep counting
            n += 1
            key = base + _suffix(n)
        seen.setdefault(key, 1)
        out.append(
            Citation(
                key=key,
                title=entry.title,
                authors=_authors(entry.authors),
                year=year,
                arxiv=ref,
                url=_paper_url(entry),
                abstract=entry.abstract,
                section=entry.section,
            )
        )
    return out


def _suffix(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: a suffix for the n-th repeat of a key."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def _bib_fields(c: Citation) -> Iterator[tuple[str, str]]:
    # Braces around the title keep its capitalisation (styles would lowercase "SAM").
    yield "title", "{" + latex_escape(c.title) + "}"
    if c.authors:
        yield "author", " and ".join(a if a == "others" else latex_escape(a) for a in c.authors)
    if c.year:
        yield "year", str(c.year)
    if c.arxiv is not None:
        yield "eprint", c.arxiv.versioned
        yield "archivePrefix", "arXiv"
    if c.url:
        yield "url", url_value(c.url)


def to_bibtex(doc: Document) -> str:
    """One `@misc` (arXiv preprints) or `@article` entry per paper."""
    chunks = []
    for c in citations(doc):
        kind = "misc" if c.arxiv is not None or not c.url else "article"
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in _bib_fields(c))
        chunks.append(f"@{kind}{{{c.key},\n{body}\n}}\n")
    return "\n".join(chunks)


def _csl_author(name: str) -> dict[str, str]:
    given, family = split_name(name)
    return {"given": given, "family": family} if given else {"literal": family}


def csl_items(doc: Document) -> list[dict[str, Any]]:
    """CSL-JSON items (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    items: list[dict[str, Any]] = []
    for c in citations(doc):
        item: dict[str, Any] = {"id": c.key, "type": "article", "title": c.title}
        if c.authors:
            item["author"] = [_csl_author(a) for a in c.authors if a != "others"]
        if c.year:
            item["issued"] = {"date-parts": [[c.year]]}
        if c.arxiv is not None:
            item["publisher"] = "arXiv"
            item["number"] = c.arxiv.versioned
            item["DOI"] = f"10.48550/arXiv.{c.arxiv.base}"
        if c.url:
            item["URL"] = c.url
        if c.abstract:
            item["abstract"] = c.abstract
        items.append(item)
    return items


def to_csl_json(doc: Document) -> str:
    return json.dumps(csl_items(doc), ensure_ascii=False, indent=2) + "\n"
