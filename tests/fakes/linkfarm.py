"""A loopback link farm: real HTTP servers whose URL paths choose how they misbehave.

Paths (any suffix after the behaviour makes a distinct URL, e.g. /ok/42):
  /ok/...                    200
  /status/<code>/...         that status (404, 410, 500, ...)
  /head405/... /head404/...  HEAD refused with that code, GET 200
  /chain/<n>/...             n permanent (301) hops, then 200
  /temp/...                  302 to /ok/...
  /to/<code>?u=<url>         <code> redirect to an arbitrary URL (private-address tests)
  /loop/a, /loop/b           301 to each other
  /flaky/<fails>/...         503 for the first <fails> requests, then 200
  /ratelimit/<secs>/...      429 with Retry-After: <secs> (seconds) once, then 200
  /ratelimit-date/<secs>/... the same with Retry-After as an HTTP date
  /sleep/<ms>/...            waits, then 200 (slow sites; timeouts)
  /headhang/...              HEAD never answers (30 s), GET 200
  /trickle/...               HEAD 405; GET 200 whose body trickles 1 byte/0.5 s for minutes
  /trickle-small/...         the same with a small Content-Length (1000), which a checker
                             might try to read to keep the connection
  /trickle-headers/...       status line and headers trickle 1 byte/0.3 s for minutes
  /reset/...                 the connection is reset without an answer
  /garbage/...               bytes that are not HTTP, then the connection closes
  /cf/...                    403 with cf-mitigated: challenge (Cloudflare)
  /linkedin/...              999
  /repos/<owner>/<repo>      a tiny GitHub REST API stand-in (see `repos`)
  /repositories/<id>         where renamed repositories redirect
  /repos/<o>/<r>/<more>       GitHub deep-link endpoints (contents, commits, issues, pulls,
                             releases/tags): 200 when "<o>/<r>/<more>[?query]" is in `deep`
  /api/query?id_list=...     a tiny arXiv API stand-in (see `arxiv`, `arxiv_comments`)
  /api/models|datasets|spaces/<owner>/<name>
                             a Hugging Face Hub API stand-in (see `hf`): 200 JSON, or 401
                             "Repository not found" as the Hub answers without a token
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import random
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-answer is what these tests are about


class Farm:
    """One loopback server. `latency` (min, max seconds) is added to every answer."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: tuple[float, float] = (0.0, 0.0),
        seed: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.latency = latency
        self.rng = random.Random(seed)
        self.hits: Counter[str] = Counter()
        self.methods: list[tuple[str, str]] = []
        self.auth: list[str | None] = []
        self.starts: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        # GitHub stand-in: "owner/repo" -> {"full_name", "archived"}; renamed: old -> id
        self.repos: dict[str, dict[str, Any]] = {}
        self.renamed: dict[str, int] = {}
        self.by_id: dict[int, str] = {}
        self.github_rate_limited = False
        # arXiv stand-in: base id -> (title, latest version)
        self.arxiv: dict[str, tuple[str, int]] = {}
        self.arxiv_requests: list[list[str]] = []
        self.arxiv_comments: dict[str, str] = {}
        # GitHub deep endpoints that exist: "owner/repo/contents/a.py?ref=main", ...
        self.deep: set[str] = set()
        # Hugging Face stand-in: "models/owner/name" -> the "gated" value (False, "manual")
        self.hf: dict[str, Any] = {}
        self.server = _Server((host, port), _handler(self))
        self.host, self.port = self.server.server_address[:2]
        self.scheme = "http"
        if tls is not None:  # the handshake happens in the handler thread, on first read
            self.scheme = "https"
            self.server.socket = tls.wrap_socket(
                self.server.socket, server_side=True, do_handshake_on_connect=False
            )
        # A short poll interval: stop() waits for serve_forever to notice, 0.5 s by default,
        # which every test using a farm paid at teardown.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def start(self) -> Farm:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Farm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def add_repo(self, full_name: str, archived: bool = False, renamed_from: str = "") -> None:
        rid = len(self.by_id) + 1
        self.repos[full_name.lower()] = {"full_name": full_name, "archived": archived, "id": rid}
        self.by_id[rid] = full_name
        if renamed_from:
            self.renamed[renamed_from.lower()] = rid

    def count(self, path: str) -> int:
        with self.lock:
            return self.hits[path]


def _handler(farm: Farm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "linkfarm"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def finish(self) -> None:
            with contextlib.suppress(OSError, ValueError):
                super().finish()

        def do_HEAD(self) -> None:
            self._serve("HEAD")

        def do_GET(self) -> None:
            self._serve("GET")

        # -- helpers ------------------------------------------------------------
        def _send(
            self, code: int, headers: dict[str, str] | None = None, body: bytes = b"ok\n"
        ) -> None:
            self._answered()
            self.send_response(code, "Unknown" if code == 999 else None)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            path = parts.path
            with farm.lock:
                farm.hits[path] += 1
                n = farm.hits[path]
                farm.methods.append((method, path))
                farm.auth.append(self.headers.get("Authorization"))
                farm.starts.append(time.monotonic())
                farm.in_flight += 1
                farm.max_in_flight = max(farm.max_in_flight, farm.in_flight)
                lo, hi = farm.latency
                delay = farm.rng.uniform(lo, hi) if hi > 0 else 0.0
            self._in_flight = True
            try:
                if delay:
                    time.sleep(delay)
                self._route(method, path, parts.query, n)
            except (OSError, ValueError):
                self.close_connection = True
            finally:
                self._answered()

        def _answered(self) -> None:
            # A request stops counting as in flight BEFORE its answer goes out: once the
            # client has the answer it may start the next request, and a handler thread
            # descheduled between writing and bookkeeping (a busy machine) would otherwise
            # make the server see one more request in flight than the client ever had.
            if getattr(self, "_in_flight", False):
                self._in_flight = False
                with farm.lock:
                    farm.in_flight -= 1

        def _route(self, method: str, path: str, query: str, n: int) -> None:
            seg = path.strip("/").split("/")
            kind = seg[0] if seg else ""
            arg = seg[1] if len(seg) > 1 else ""
            rest = "/".join(seg[1:])
            if kind == "ok":
                self._send(200)
            elif kind == "status" and arg.isdigit():
                self._send(int(arg))
            elif kind in ("head405", "head404"):
                self._send(int(kind[4:]) if method == "HEAD" else 200)
            elif kind == "chain" and arg.isdigit():
                hops = int(arg)
                tail = "/".join(seg[2:])
                to = f"/chain/{hops - 1}/{tail}" if hops > 1 else f"/ok/{tail}"
                self._send(301, {"Location": to})
            elif kind == "temp":
                self._send(302, {"Location": f"/ok/{rest}"})
            elif kind == "to" and arg.isdigit():
                target = parse_qs(query).get("u", ["/ok/"])[0]
                self._send(int(arg), {"Location": target})
            elif kind == "loop":
                self._send(301, {"Location": "/loop/b" if arg == "a" else "/loop/a"})
            elif kind == "flaky" and arg.isdigit():
                self._send(503 if n <= int(arg) else 200)
            elif kind in ("ratelimit", "ratelimit-date") and arg.isdigit():
                if n == 1:
                    secs = int(arg)
                    value = (
                        str(secs)
                        if kind == "ratelimit"
                        else email.utils.formatdate(time.time() + secs + 1, usegmt=True)
                    )
                    self._send(429, {"Retry-After": value})
                else:
                    self._send(200)
            elif kind == "sleep" and arg.isdigit():
                farm.stopping.wait(int(arg) / 1000)
                self._send(200)
            elif kind == "headhang":
                if method == "HEAD":
                    farm.stopping.wait(30)
                self._send(200)
            elif kind == "trickle":
                self._trickle_body(method)
            elif kind == "trickle-small":
                self._trickle_body(method, length=1000)
            elif kind == "trickle-headers":
                self._trickle_headers()
            elif kind == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
            elif kind == "garbage":
                self.wfile.write(b"\x00\xffNOT HTTP AT ALL\r\n" + b"X" * 70000 + b"\r\n\r\n")
                self.close_connection = True
            elif kind == "cf":
                self._send(403, {"cf-mitigated": "challenge", "Server": "cloudflare"})
            elif kind == "linkedin":
                self._send(999)
            elif kind == "repos" and len(seg) > 3:
                known = "/".join(seg[1:]) + (f"?{query}" if query else "")
                if known in farm.deep:
                    self._send(200, {"Content-Type": "application/json"}, b"{}")
                else:
                    self._send(404, {"Content-Type": "application/json"}, b'{"message": "x"}')
            elif kind == "repos" and len(seg) >= 3:
                self._github("/".join(seg[1:3]))
            elif kind == "api" and arg in ("models", "datasets", "spaces") and len(seg) == 4:
                key = "/".join(seg[1:4])
                if key in farm.hf:
                    body = json.dumps({"id": "/".join(seg[2:4]), "gated": farm.hf[key]})
                    self._send(200, {"Content-Type": "application/json"}, body.encode())
                else:
                    err = b'{"error": "Repository not found"}'
                    self._send(401, {"Content-Type": "application/json"}, err)
            elif kind == "repositories" and arg.isdigit():
                name = farm.by_id.get(int(arg))
                self._github(name or "")
            elif path == "/api/query":
                self._arxiv(query)
            else:
                self._send(404)

        def _trickle_body(self, method: str, length: int = 100000) -> None:
            if method == "HEAD":
                self._send(405)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.flush()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and not farm.stopping.is_set():
                self.wfile.write(b"x")
                self.wfile.flush()
                farm.stopping.wait(0.5)

        def _trickle_headers(self) -> None:
            data = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 10000 + b"\r\n\r\n"
            for i in range(len(data)):
                if farm.stopping.is_set():
                    break
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                farm.stopping.wait(0.3)
            self.close_connection = True

        def _github(self, full: str) -> None:
            if farm.github_rate_limited:
                reset = str(int(time.time()) + 3600)
                self._send(
                    403,
                    {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset},
                    b'{"message": "API rate limit exceeded"}',
                )
                return
            key = full.lower()
            if key in farm.renamed:
                self._send(301, {"Location": f"/repositories/{farm.renamed[key]}"})
                return
            repo = farm.repos.get(key)
            if repo is None:
                self._send(404, {"Content-Type": "application/json"}, b'{"message": "Not Found"}')
                return
            body = {
                "full_name": repo["full_name"],
                "archived": repo["archived"],
                "html_url": f"https://github.com/{repo['full_name']}",
            }
            self._send(200, {"Content-Type": "application/json"}, json.dumps(body).encode())

        def _arxiv(self, query: str) -> None:
            ids = [i for i in parse_qs(query).get("id_list", [""])[0].split(",") if i]
            with farm.lock:
                farm.arxiv_requests.append(ids)
            entries = []
            for i in ids:
                known = farm.arxiv.get(i)
                if known is None:
                    continue
                title, version = known
                comment = farm.arxiv_comments.get(i)
                entries.append(
                    "<entry>"
                    f"<id>http://arxiv.org/abs/{escape(i)}v{version}</id>"
                    f"<title>{escape(title)}</title>"
                    "<summary>s</summary><author><name>A. Author</name></author>"
                    + (f"<arxiv:comment>{escape(comment)}</arxiv:comment>" if comment else "")
                    + "</entry>"
                )
            feed = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<feed xmlns="http://www.w3.org/2005/Atom" '
                'xmlns:arxiv="http://arxiv.org/schemas/atom">' + "".join(entries) + "</feed>"
            )
            self._send(200, {"Content-Type": "application/atom+xml"}, feed.encode())

    return Handler


def refused_port() -> int:
    """A loopback port with nothing listening (bound, then closed)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


class StubDNS:
    """A DNS stand-in for Settings.resolve: each lookup of a name gets that name's next
    answer (the last one repeats), like a rebinding server with a TTL of 0. Other names
    go to the system resolver. `asked` lists every name looked up, in order."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, host: str, port: int) -> list[tuple[Any, ...]]:
        with self.lock:
            n = self.asked.count(host)
            self.asked.append(host)
        seq = self.answers.get(host)
        if seq is None:
            return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        ips = seq[min(n, len(seq) - 1)]
        out: list[tuple[Any, ...]] = []
        for ip in ips:
            if ":" in ip:
                out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0)))
            else:
                out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)))
        return out
