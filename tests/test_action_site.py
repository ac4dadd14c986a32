"""The Action's `site` job: site and badges into `site-dir`, which must stay in the workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from geoai_bot.action.publish import publish_site, stats_summary
from geoai_bot.check.run import LinkReport, ReportedLink
from geoai_bot.core.errors import GeoaiError

EXAMPLE = ROOT / "examples" / "paper-list.md"


def test_site_and_badges_with_link_health(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    links = LinkReport(
        results=[ReportedLink(url="https://arxiv.org/abs/2506.19585", state="broken")]
    )
    out, papers = publish_site(str(readme), tmp_path, "_site", links)
    assert out == (tmp_path / "_site").resolve() and papers == 6
    assert {p.name for p in out.iterdir()} == {
        "index.html",
        "papers.js",
        "app.js",
        "style.css",
        "badges",
    }
    badge = json.loads((out / "badges" / "links.json").read_text(encoding="utf-8"))
    assert badge["label"] == "links ok" and badge["message"] == "0%"
    assert "broken link" in (out / "index.html").read_text(encoding="utf-8")
    assert "| 6 |" in stats_summary(str(readme))


@pytest.mark.parametrize("folder", ["../outside", "/tmp/elsewhere", "."])
def test_site_dir_outside_the_workspace_is_refused(tmp_path: Path, folder: str) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "README.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(GeoaiError, match="site-dir"):
        publish_site(str(ws / "README.md"), ws, folder)
    assert sorted(p.name for p in ws.iterdir()) == ["README.md"]
