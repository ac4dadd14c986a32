"""Benchmark the static site on a generated 10,000-entry list, in headless Chromium.

    python benchmarks/site.py [--entries 10000] [--keystrokes 12]

Builds the site with `geoai-bot site` (timed as a process), then opens it from file://
in Debian's Chromium through Playwright and measures: the site's size on disk; first
contentful paint and the time until every paper is in the DOM (`html[data-ready]`); and
for each keystroke typed into the search box, the time from the input event to the next
frame (filtering + style + layout), read from the page. Budgets (issue 15): under 25 MB,
first paint under 1 s, each keystroke under 50 ms. Figures in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_list import generate  # noqa: E402

# Measures one keystroke: from the input event to the frame after it is painted.
KEYSTROKE_PROBE = """
window.__keyMs = [];
document.getElementById('q').addEventListener('input', () => {
  const t0 = performance.now();
  requestAnimationFrame(() => setTimeout(() => window.__keyMs.push(performance.now() - t0), 0));
}, true);
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--query", default="segmentation satellite")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "list.md"
        src.write_text(generate(args.entries), encoding="utf-8")
        out = Path(tmp) / "site"
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geoai_bot", "site", str(src), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        build_s = time.perf_counter() - t0
        size_mb = sum(p.stat().st_size for p in out.iterdir()) / 1e6
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = b.new_page(viewport={"width": 1200, "height": 900})
            t0 = time.perf_counter()
            page.goto((out / "index.html").as_uri())
            page.wait_for_selector("html[data-ready]", timeout=60_000)
            ready_s = time.perf_counter() - t0
            fcp = page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"
            )
            # index.html holds the first papers, so the first paint shows them; the largest
            # contentful paint says when the biggest element (a paper or the header) was drawn.
            lcp = page.evaluate(
                "new Promise(r => new PerformanceObserver(l => { const e = l.getEntries(); "
                "r(e[e.length - 1].startTime); }).observe({type: 'largest-contentful-paint', "
                "buffered: true}))"
            )
            papers_at_first_paint = page.evaluate(
                "document.querySelectorAll('#papers article').length"
            )
            page.evaluate(KEYSTROKE_PROBE)
            page.locator("#q").press_sequentially(args.query, delay=120)
            page.wait_for_timeout(300)
            key_ms = page.evaluate("window.__keyMs")
            filter_ms = page.evaluate("window.geoaiLastFilterMs")
            shown = page.locator("[role=status]").inner_text()
            version = b.version
            b.close()
    print(
        f"machine: {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, Chromium {version}"
    )
    print(f"entries: {args.entries}; build {build_s:.2f} s; site {size_mb:.1f} MB")
    print(
        f"first contentful paint (the header and the first papers, which index.html holds): "
        f"{fcp:.0f} ms; largest contentful paint {lcp:.0f} ms; search ready (all "
        f"{papers_at_first_paint} papers in the DOM): {ready_s * 1000:.0f} ms"
    )
    print(f"keystrokes typed: {len(key_ms)} ({args.query!r} -> {shown})")
    print(
        f"  input -> next frame: median {statistics.median(key_ms):.1f} ms, "
        f"max {max(key_ms):.1f} ms; last filter pass alone {filter_ms:.1f} ms"
    )
    ok = size_mb < 25 and 0 <= fcp < 1000 and 0 <= lcp < 1000 and max(key_ms) < 50
    print(
        "budgets (< 25 MB, first paint < 1 s, every keystroke < 50 ms):",
        "met" if ok else "NOT met",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
