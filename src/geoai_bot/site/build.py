"""Document (+ an optional links report) -> the site's files, as bytes by file name. Pure.

The data file is JavaScript (`window.GEOAI_PAPERS = {...};`) rather than JSON because a
page opened from `file://` may not `fetch()` a sibling file, but may load a script.
"""

from __future__ import annotations

import json
import re
from html import escape
from importlib import resources
from typing import Any

from geoai_bot.core.model import Document, Entry

ASSETS = ("index.html", "app.js", "style.css")
# Link states that mean a reader cannot reach the link (see docs/links.md).
_BAD = frozenset({"broken", "timeout"})
_GOOD = frozenset({"ok", "redirect"})
_CODE = frozenset({"Code", "Dataset and code"})
_PROJECT = frozenset({"Project", "Homepage"})


def paper_health(entry: Entry, states: dict[str, str]) -> str:
    """ "broken" if any of its links is broken, "ok" if all checked links work, else ""."""
    seen = [states.get(link.url) for link in entry.links if link.url]
    known = [s for s in seen if s is not None]
    if any(s in _BAD for s in known):
        return "broken"
    if known and all(s in _GOOD for s in known):
        return "ok"
    return ""


def _record(i: int, e: Entry, states: dict[str, str] | None) -> dict[str, Any]:
    links = [[link.label, link.url] for link in e.links if link.url]
    rec: dict[str, Any] = {
        "i": i,
        "t": e.title,
        "a": [a for a in e.authors if a.strip()],
        "s": e.section or "",
        "l": links,
        "c": any(link.label in _CODE and link.url for link in e.links),
        "pp": any(link.label in _PROJECT and link.url for link in e.links),
        "h": paper_health(e, states) if states is not None else "",
    }
    if e.abstract:
        rec["ab"] = e.abstract
    return rec


# The first papers are written into index.html, so they are on screen before the data
# file (megabytes for a long list) has loaded; app.js adopts them. article_html must
# write exactly what app.js's articleHtml writes (a browser test compares the two).
FIRST = 60
_ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_SAFE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _esc(text: str) -> str:
    return "".join(_ESC.get(c, c) for c in text)


def article_html(rec: dict[str, Any]) -> str:
    """One paper as app.js writes it (the same escaping, the same markup)."""
    h = f'<article id="paper-{rec["i"]}"><h2>{_esc(rec["t"])}</h2>'
    if rec["a"]:
        h += f'<p class="authors">{_esc(", ".join(rec["a"]))}</p>'
    meta = [_esc(rec["s"])] if rec["s"] else []
    broken = rec["h"] == "broken"
    if broken:
        meta.append("broken link")
    if meta:
        h += f'<p class="meta{" bad" if broken else ""}">{" · ".join(meta)}</p>'
    if rec["l"]:
        h += '<ul class="links">'
        for label, url in rec["l"]:
            if _SAFE_URL.match(url):
                h += f'<li><a href="{_esc(url)}" rel="noopener noreferrer">{_esc(label)}</a></li>'
            else:
                h += f"<li>{_esc(label)}</li>"
        h += "</ul>"
    if rec.get("ab"):
        h += f"<details><summary>Abstract</summary><p>{_esc(rec['ab'])}</p></details>"
    return h + "</article>"


def data_script(doc: Document, states: dict[str, str] | None = None) -> str:
    entries = doc.entries
    sections: list[str] = []
    for e in entries:
        if e.section and e.section not in sections:
            sections.append(e.section)
    data = {
        "name": doc.name or "",
        "health": states is not None,
        "sections": sections,
        "papers": [_record(i, e, states) for i, e in enumerate(entries)],
    }
    # `</script>` cannot end anything in a .js file, but keep the data inert anywhere.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.GEOAI_PAPERS = {body};\n"


def _asset(name: str) -> str:
    return resources.files("geoai_bot.site").joinpath("assets").joinpath(name).read_text("utf-8")


def build_site(
    doc: Document, states: dict[str, str] | None = None, source: str = "README.md"
) -> dict[str, bytes]:
    """File name -> content for index.html, papers.js, app.js and style.css."""
    title = doc.name or "Paper list"
    page = (
        _asset("index.html")
        .replace("{{title}}", escape(title))
        .replace("{{tagline}}", escape(doc.tagline or ""))
        .replace("{{source}}", escape(source))
    )
    first = [_record(i, e, states) for i, e in enumerate(doc.entries[:FIRST])]
    chunk = '<div class="chunk">' + "".join(article_html(r) for r in first) + "</div>"
    page = page.replace("{{first}}", chunk if first else "")
    files = {"index.html": page, "papers.js": data_script(doc, states)}
    files.update({n: _asset(n) for n in ASSETS if n != "index.html"})
    return {name: text.encode("utf-8") for name, text in files.items()}
