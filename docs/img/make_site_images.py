"""Make docs/img/site.png and docs/img/badges/*.svg from the bundled example list.

Builds the site and the badges with geoai-bot itself (`site`, `badges`), opens the site
from file:// in Debian's Chromium through Playwright, types a search so the picture shows
the search at work, and takes a screenshot.

    .venv/bin/pip install -e '.[test]'
    apt-get install chromium
    .venv/bin/python docs/img/make_site_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "examples" / "paper-list.md"


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    badges = HERE / "badges"
    shutil.rmtree(badges, ignore_errors=True)
    run = [sys.executable, "-m", "geoai_bot"]
    subprocess.run([*run, "badges", str(EXAMPLE), "-o", str(badges)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*run, "site", str(EXAMPLE), "-o", tmp], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1000, "height": 640})
            page.goto((Path(tmp) / "index.html").as_uri())
            page.wait_for_selector("html[data-ready]")
            page.locator("#q").press_sequentially("satellite")
            page.check("#code")
            page.screenshot(path=str(HERE / "site.png"))
            browser.close()
    print(f"wrote {HERE / 'site.png'} and {badges}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
