"""The site in a real browser: Debian's Chromium driven by Playwright.

Types into the search box, toggles every filter, sorts, follows a link to a loopback
server, works with the keyboard only, checks labels and contrast in light and dark, and
takes a screenshot. In CI (CI=true) a missing browser fails instead of skipping.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geoai_bot.core.parse import parse_text
from geoai_bot.site import build_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the site tests (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

SECTIONS = ("Segmentation", "Detection", "Change Detection")


def _list(link_base: str) -> str:
    parts = ["# <p align=center>`Browser Test List`</p>\n\n:star2: A list for the browser tests.\n"]
    n = 0
    for s in SECTIONS:
        parts.append(f"\n## {s}\n")
        for k in range(4):
            n += 1
            code = f"https://github.com/lab/p{n}" if n % 2 else "None"
            project = f"https://p{n}.example.org/" if n % 3 == 0 else None
            lines = [
                f"\n#### {['Zeta', 'Alpha', 'Mid', 'Beta'][k]} {s} Paper {n}\n",
                f"> Author {n}, Shared Person\n",
                f"* Paper: {link_base}/paper/{n}",
                f"* Code: {code}",
            ]
            if project:
                lines.append(f"* Project: {project}")
            lines.append(
                "* <details>\n    <summary>Abstract (Click to expand):</summary>\n"
                f"    Abstract number {n} about {'glaciers' if n == 5 else 'cities'}.\n  </details>"
            )
            parts.append("\n".join(lines) + "\n")
    parts.append(
        "\n## Hostile\n\n#### <img src=x onerror=alert(1)> Tricky\n\n> Mallory\n\n"
        "* Paper: javascript:alert(1)\n"
    )
    return "".join(parts)


class _Landing(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"<title>landing</title><p id=where>{self.path}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def landing() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Landing)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, landing: str) -> str:
    doc = parse_text(_list(landing))
    states = {f"{landing}/paper/2": "broken", f"{landing}/paper/1": "ok"}
    out = tmp_path_factory.mktemp("site")
    for name, data in build_site(doc, states).items():
        (out / name).write_bytes(data)
    return (out / "index.html").as_uri()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1000, "height": 800})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: errors.append("dialog: " + d.message))
    pg.goto(site)
    pg.wait_for_selector("html[data-ready]")
    yield pg
    ctx.close()
    assert errors == []  # no script error, and the hostile title never ran


def visible_titles(pg: Any) -> list[str]:
    # DOM text, not innerText: papers off screen are not laid out (content-visibility).
    return [t.strip() for t in pg.locator("article:not([hidden]) h2").all_text_contents()]


def status(pg: Any) -> str:
    return str(pg.locator("[role=status]").inner_text())


def test_semantics_and_initial_state(page: Any) -> None:
    assert page.locator("input[type=search]").count() == 1
    assert page.locator("article").count() == 13
    assert status(page) == "13 papers"
    assert page.locator("article h2").first.text_content() == "Zeta Segmentation Paper 1"
    # The hostile title is text, and its javascript: link is not a link.
    hostile = page.locator("article", has_text="Tricky")
    assert "<img src=x onerror=alert(1)> Tricky" in hostile.locator("h2").text_content()
    assert hostile.locator("a").count() == 0
    assert page.locator("img").count() == 0


def test_search_as_you_type_and_url_state(page: Any, site: str) -> None:
    page.locator("#q").press_sequentially("glacier")
    assert visible_titles(page) == ["Zeta Detection Paper 5"]  # matched in the abstract
    assert status(page) == "1 of 13 papers"
    page.wait_for_url(re.compile(r"#q=glacier$"))  # the URL follows once typing pauses
    page.fill("#q", "shared person beta")  # every word must match, in any field
    expected = [f"Beta {s} Paper {n}" for s, n in zip(SECTIONS, (4, 8, 12), strict=True)]
    assert visible_titles(page) == expected
    # Typed one key at a time (each key narrows the last answer) the result is the same.
    page.fill("#q", "")
    page.locator("#q").press_sequentially("shared person beta")
    assert visible_titles(page) == expected
    # A shared URL restores the search.
    page.goto(site + "#q=zeta&section=Detection")
    page.wait_for_selector("html[data-ready]")
    assert page.input_value("#q") == "zeta" and page.input_value("#section") == "Detection"
    assert visible_titles(page) == ["Zeta Detection Paper 5"]


def test_each_filter_and_sort(page: Any) -> None:
    page.select_option("#section", "Change Detection")
    assert len(visible_titles(page)) == 4
    page.select_option("#section", "")
    page.check("#code")
    assert all(int(t.split()[-1]) % 2 for t in visible_titles(page))
    page.uncheck("#code")
    page.check("#project")
    assert [int(t.split()[-1]) for t in visible_titles(page)] == [3, 6, 9, 12]
    page.uncheck("#project")
    page.select_option("#health", "broken")
    assert visible_titles(page) == ["Alpha Segmentation Paper 2"]
    page.select_option("#health", "ok")
    assert visible_titles(page) == ["Zeta Segmentation Paper 1"]
    page.select_option("#health", "")
    page.select_option("#sort", "title")
    titles = visible_titles(page)
    assert titles == sorted(titles, key=str.lower)
    page.wait_for_url(re.compile(r"#sort=title$"))


def test_follow_a_link(page: Any, landing: str) -> None:
    page.locator("article", has_text="Paper 3").get_by_role("link", name="Paper").click()
    page.wait_for_url(f"{landing}/paper/3")
    assert page.locator("#where").inner_text() == "/paper/3"


def test_keyboard_only(page: Any) -> None:
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("zeta")
    assert len(visible_titles(page)) == 3
    page.keyboard.press("Escape")
    assert status(page) == "13 papers"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "section"
    page.keyboard.press("ArrowDown")  # a focused <select> changes with the arrow keys
    assert page.input_value("#section") == "Segmentation"
    assert len(visible_titles(page)) == 4
    for _ in range(3):  # health, sort, then the first checkbox
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "code"
    page.keyboard.press("Space")
    assert page.is_checked("#code")
    # Onwards from the form, Tab reaches the papers' links and an abstract's summary.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"


def _luminance(rgb: str) -> float:
    vals = [int(x) / 255 for x in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in vals]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_and_contrast(page: Any, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input,select')].filter(e => !e.labels.length).length"
    )
    assert unlabelled == 0
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for selector in ("body", ".authors", "article a", ".meta", "#count"):
        fg = page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).color")
        assert _contrast(fg, bg) >= 4.5, (scheme, selector, fg, bg)


def test_health_filter_only_with_a_report(browser: Any, tmp_path: Path) -> None:
    doc = parse_text(_list("https://example.org"))
    for name, data in build_site(doc).items():
        (tmp_path / name).write_bytes(data)
    pg = browser.new_page()
    pg.goto((tmp_path / "index.html").as_uri())
    pg.wait_for_selector("html[data-ready]")
    assert not pg.is_visible("#health")  # no links report: no link-health filter
    pg.close()


def test_first_papers_are_in_the_page_and_match_the_script(
    browser: Any, site: str, tmp_path: Path
) -> None:
    """index.html holds the first papers (shown before the data file has loaded, and without
    JavaScript); they are exactly what app.js would write for them."""
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site)
    assert pg.locator("article").count() == 13 and pg.locator("article a").count() > 0
    ctx.close()
    written: list[str] = []
    src = Path(site.removeprefix("file://"))
    bare = tmp_path / "bare"
    bare.mkdir()
    for f in src.parent.iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == "index.html":  # the same page without the pre-written papers
            start = text.index('<div class="chunk">')
            text = text[:start] + text[text.index("</main>") :]
        (bare / f.name).write_text(text, encoding="utf-8")
    for url in (site, (bare / "index.html").as_uri()):
        pg = browser.new_page()
        pg.goto(url)
        pg.wait_for_selector("html[data-ready]")
        written.append(pg.inner_html("#papers .chunk"))
        pg.close()
    assert written[0] == written[1]


def test_screenshot(page: Any, tmp_path: Path) -> None:
    shot = tmp_path / "site.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
