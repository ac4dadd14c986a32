"""A loopback arXiv API (`/api/query?id_list=...` and `?search_query=ti:"..."`) serving Atom
XML built from test records."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest


@dataclass
class ArxivStandIn:
    """Papers by base id; `status` != 200 makes every answer fail (arXiv down)."""

    papers: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: int = 200
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def add(
        self, aid: str, title: str, authors: list[str], abstract: str, version: int = 1
    ) -> None:
        self.papers[aid] = {"title": title, "authors": authors, "abstract": abstract, "v": version}

    def search(self, query: str) -> list[str]:
        phrases = [p.lower().split() for p in re.findall(r'ti:"([^"]*)"', query)]
        return [
            aid
            for aid, p in self.papers.items()
            if any(all(w in p["title"].lower() for w in words) for words in phrases)
        ]

    def feed(self, ids: list[str]) -> bytes:
        entries = []
        for aid in ids:
            p = self.papers.get(aid)
            if p is None:  # arXiv answers an unknown id with an "Error" entry
                entries.append(
                    "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_"
                    f"{escape(aid)}</id><title>Error</title><summary>incorrect id</summary></entry>"
                )
                continue
            authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in p["authors"])
            entries.append(
                f"<entry><id>http://arxiv.org/abs/{aid}v{p['v']}</id>"
                f"<title>{escape(p['title'])}</title><summary>{escape(p['abstract'])}</summary>"
                f"{authors}</entry>"
            )
        return (
            '<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(entries) + "</feed>"
        ).encode()


def _handler(stand_in: ArxivStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            stand_in.requests.append(self.path)
            q = parse_qs(urlsplit(self.path).query)
            ids = [i for i in ",".join(q.get("id_list", [])).split(",") if i]
            if "search_query" in q:  # `ti:"words" OR ti:"words"`: every word in the title
                ids = stand_in.search(q["search_query"][0])
            body = stand_in.feed(ids) if stand_in.status == 200 else b"down"
            self.send_response(stand_in.status)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def arxiv_api() -> Iterator[ArxivStandIn]:
    stand_in = ArxivStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}/api/query"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
