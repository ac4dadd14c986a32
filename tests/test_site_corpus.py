"""site, badges, stats and citations on every real list: built, and consistent with the
entries the parser reads (the browser tests check the page itself)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import LIST_FILES, ROOT
from geoai_bot.core.cite import to_csl_json
from geoai_bot.core.parse import parse_text
from geoai_bot.core.stats import compute
from geoai_bot.report.badges import badges, to_svg
from geoai_bot.site import build_site

LISTS = [*LIST_FILES, ROOT / "examples" / "paper-list.md"]


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_every_list_builds(path: Path) -> None:
    doc = parse_text(path.read_text(encoding="utf-8"))
    files = build_site(doc)
    data = files["papers.js"].decode()
    payload = json.loads(data.removeprefix("window.GEOAI_PAPERS = ").rstrip().rstrip(";"))
    assert [p["t"] for p in payload["papers"]] == [e.title for e in doc.entries]
    page = files["index.html"].decode()
    assert page.count("<article ") == min(60, len(doc.entries))
    assert "<script>" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)
    stats = compute(doc)
    assert stats.papers == len(doc.entries) == sum(n for _, n in stats.per_section)
    assert all(to_svg(b).startswith("<svg") for b in badges(stats))
    assert len(json.loads(to_csl_json(doc))) == len(doc.entries)
