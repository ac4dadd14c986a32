"""Link format rules (GB020-GB024): URLs that do not parse, http on https hosts, arXiv style."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

from geoai_bot.core.arxiv_ids import ArxivRef, looks_like_arxiv, parse_arxiv
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule
from geoai_bot.lint.rules.entry import value_column

RULES = (
    Rule(
        "GB020",
        "bad-url",
        "error",
        "A link value is not an http(s) URL: it has spaces, no host, or another scheme.",
        "* Code: github.com/a/b\n* Project: https://example.org/my project",
        "* Code: https://github.com/a/b\n* Project: https://example.org/my%20project",
    ),
    Rule(
        "GB021",
        "http-link",
        "warning",
        "A link uses `http://` for a host that serves https (arxiv.org, github.com, ...).",
        "* Paper: http://arxiv.org/abs/2501.00001",
        "* Paper: https://arxiv.org/abs/2501.00001",
        fixable=True,
    ),
    Rule(
        "GB022",
        "arxiv-style",
        "warning",
        "An arXiv link is a `pdf` link where the list uses `abs` links (or the reverse, with "
        '`arxiv_style = "pdf"`).',
        "* Paper: https://arxiv.org/pdf/2501.00001",
        "* Paper: https://arxiv.org/abs/2501.00001",
        fixable=True,
    ),
    Rule(
        "GB023",
        "arxiv-version",
        "warning",
        "An arXiv link pins a version (`v2`) while the rest of the list does not.",
        "* Paper: https://arxiv.org/abs/2501.00001v2",
        "* Paper: https://arxiv.org/abs/2501.00001",
    ),
    Rule(
        "GB024",
        "arxiv-bad-id",
        "error",
        "An arXiv abs/pdf link does not contain a valid arXiv identifier.",
        "* Paper: https://arxiv.org/abs/2501.0001",
        "* Paper: https://arxiv.org/abs/2501.00001",
    ),
)

# Hosts known to serve https: `http://` links to them are upgraded by --fix.
HTTPS_HOSTS = frozenset(
    {
        "arxiv.org",
        "export.arxiv.org",
        "github.com",
        "gist.github.com",
        "raw.githubusercontent.com",
        "gitlab.com",
        "huggingface.co",
        "openaccess.thecvf.com",
        "openreview.net",
        "doi.org",
        "dx.doi.org",
        "zenodo.org",
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "proceedings.mlr.press",
        "ieeexplore.ieee.org",
        "dl.acm.org",
        "link.springer.com",
        "www.sciencedirect.com",
        "sites.google.com",
        "drive.google.com",
        "youtube.com",
        "youtu.be",
        "zhuanlan.zhihu.com",
        "www.zhihu.com",
        "paperswithcode.com",
        "www.semanticscholar.org",
        "aclanthology.org",
        "ojs.aaai.org",
        "www.ijcai.org",
        "www.ecva.net",
        "bmva-archive.org.uk",
        "kaggle.com",
    }
)


_SPACE = re.compile(r"\s")
_ARXIV_PAGE = re.compile(r"arxiv\.org/(abs|pdf)/", re.IGNORECASE)


def serves_https(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host.startswith("www.") and host[4:] in HTTPS_HOSTS:
        return True
    return host in HTTPS_HOSTS or host.endswith(".github.io")


_HTTP = re.compile(r"^(https?)://([^/?#@\s:]+)(?::\d+)?(?:[/?#]\S*)?$", re.IGNORECASE)


def url_problem(url: str) -> str | None:
    """Why `url` is not a usable http(s) URL, or None when it is."""
    if _HTTP.match(url):  # the common case, without urllib's overhead
        return None
    if _SPACE.search(url):
        return "contains spaces; encode them as %20 or remove them"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "does not parse as a URL; check its brackets and host"
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme:
            return "has no scheme; start it with https://"
        return f"uses the '{parts.scheme}' scheme; link to an http(s) page"
    if not parts.netloc:
        return "has no host; write https://host/path"
    return None


def _scheme_host(url: str) -> tuple[str, str]:
    m = _HTTP.match(url)
    if m:
        return m.group(1).lower(), m.group(2).lower()
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "")


def check(ctx: Context) -> Iterator[Finding]:
    refs: list[tuple[int, int, str, ArxivRef]] = []
    for e in ctx.entries:
        for link in e.links:
            url = link.url
            if url is None or not link.line:
                continue
            m = _HTTP.match(url)  # the common case: no need for urllib
            if m is not None:
                scheme, host = m.group(1).lower(), m.group(2).lower()
                if scheme == "https" and "arxiv" not in url.lower():
                    continue  # nothing to say: skip finding the columns (most links)
            else:
                scheme = host = ""
            line = ctx.line(link.line)
            col = value_column(line, link.raw_label)
            end = col + len(link.raw_value)
            if m is None:
                problem = url_problem(url)
                if problem is not None:
                    yield ctx.finding("GB020", f"{link.label} URL {problem}", link.line, col, end)
                    continue
                scheme, host = _scheme_host(url)
            if scheme == "http" and serves_https(host):
                yield ctx.finding(
                    "GB021",
                    f"{host} serves https; write https:// instead of http://",
                    link.line,
                    col,
                    col + 7,
                    fix="use https://",
                )
            if "arxiv" not in url.lower():
                continue
            ref = parse_arxiv(url)
            if ref is not None:
                refs.append((link.line, col, url, ref))
            elif looks_like_arxiv(url) and _ARXIV_PAGE.search(url):
                yield ctx.finding(
                    "GB024",
                    "arXiv link has no valid arXiv id (like 2501.01234); check the number",
                    link.line,
                    col,
                    end,
                )
    style = ctx.config.arxiv_style
    if style is None:  # learned: the kind most of the list's arXiv links are (abs on a tie)
        kinds = Counter(ref.kind for _n, _c, _u, ref in refs)
        style = "pdf" if kinds["pdf"] > kinds["abs"] else "abs"
    other = "pdf" if style == "abs" else "abs"
    versions = Counter(ref.version is not None for _n, _c, _u, ref in refs)
    list_pins_versions = versions[True] > versions[False]
    for n, col, url, ref in refs:
        if ref.kind == other:
            good = ref.abs_url() if style == "abs" else ref.pdf_url()
            yield ctx.finding(
                "GB022",
                f"arXiv {other} link where the list uses {style} links; write {good}",
                n,
                col,
                col + len(url),
                fix=f"use the arXiv {style} link",
            )
        if ref.version is not None and not list_pins_versions:
            yield ctx.finding(
                "GB023",
                f"arXiv link pins version v{ref.version} but the list's other arXiv links do "
                f"not; link to {ref.base} without the version unless that version matters",
                n,
                col,
                col + len(url),
            )
