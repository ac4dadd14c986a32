"""`stats` numbers and their three formats; SVG badges and shields.io endpoint JSON."""

from __future__ import annotations

import json
import subprocess
import sys

from defusedxml import ElementTree

from conftest import ROOT
from geoai_bot.core.parse import parse_text
from geoai_bot.core.stats import compute
from geoai_bot.report import stats as render
from geoai_bot.report.badges import Badge, badges, to_endpoint_json, to_svg

LIST = """# <p align=center>`Stats List`</p>

## 📢 Latest Updates
:fire::fire::fire: Last Updated on 2025.07.02 :fire::fire::fire:
- **2025.07.02**: Update 1 paper.
- **2025.06.20**: Update 2 papers.
- **2025.06.01**: Update 1 paper.

## Segmentation

#### Paper One

> Ana Lima, Bo Chen

* Paper: https://arxiv.org/abs/2506.00001
* Code: https://github.com/a/one

#### Paper Two

> Bo Chen, Carla Diaz

* Paper: https://arxiv.org/abs/2506.00002
* Project: https://two.example.org/

## Detection | with *stars* @team

#### Paper Three

> bo  chen

* Paper: None
* Dataset: https://data.example.org/three

#### Paper Four

> Dan Eze

* Paper: https://arxiv.org/abs/2506.00004
* Code: None
"""


def test_numbers() -> None:
    s = compute(parse_text(LIST))
    assert s.papers == 4
    assert s.per_section == (("Segmentation", 2), ("Detection | with *stars* @team", 2))
    assert (s.with_code, s.with_project, s.with_dataset) == (1, 1, 1)
    assert s.per_month == (("2025-06", 3), ("2025-07", 1))
    # Names are compared with case and spacing folded; shown as first written.
    assert s.top_authors == (("Bo Chen", 3),)


def test_formats_agree_and_markdown_is_escaped() -> None:
    s = compute(parse_text(LIST))
    data = json.loads(render.to_json(s))
    assert data["papers"] == 4 and data["with_code"] == 1
    assert data["added_per_month"] == [
        {"month": "2025-06", "papers": 3},
        {"month": "2025-07", "papers": 1},
    ]
    md = render.to_markdown(s)
    assert "| 4 | 1 (25%) | 1 (25%) | 1 (25%) |" in md
    assert "Detection \\| with \\*stars\\* @&#8203;team" in md  # no table break, no ping
    assert "papers: 4" in render.to_text(s)


def test_badges_are_accessible_svg() -> None:
    s = compute(parse_text(LIST))
    states = {
        "https://arxiv.org/abs/2506.00001": "ok",
        "https://github.com/a/one": "broken",
        "https://x.example/": "skipped",
    }
    made = {b.name: b for b in badges(s, states)}
    assert made["papers"].message == "4" and made["code"].message == "25%"
    assert made["links"].message == "50%" and made["links"].color == "e05d44"
    for b in made.values():
        root = ElementTree.fromstring(to_svg(b))
        ns = "{http://www.w3.org/2000/svg}"
        assert root.get("role") == "img"
        assert root.find(f"{ns}title").text == f"{b.label}: {b.message}"  # type: ignore[union-attr]
        endpoint = json.loads(to_endpoint_json(b))
        assert endpoint == {
            "schemaVersion": 1,
            "label": b.label,
            "message": b.message,
            "color": b.color,
        }
    assert "links" not in {b.name for b in badges(s)}


def test_badge_text_is_escaped() -> None:
    svg = to_svg(Badge("x", "<script>", "a&b", "4c1"))
    ElementTree.fromstring(svg)  # still well-formed
    assert "<script>" not in svg and "a&amp;b" in svg


def test_cli_stats_and_badges(tmp_path) -> None:  # type: ignore[no-untyped-def]
    example = ROOT / "examples" / "paper-list.md"
    out = subprocess.run(
        [sys.executable, "-m", "geoai_bot", "stats", str(example), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out)["papers"] == 6
    subprocess.run(
        [sys.executable, "-m", "geoai_bot", "badges", str(example), "-o", str(tmp_path / "b")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "code.json",
        "code.svg",
        "papers.json",
        "papers.svg",
    ]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "geoai_bot",
            "badges",
            str(example),
            "-o",
            str(tmp_path / "c"),
            "--links",
            str(example),
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "links FILE --format json" in bad.stderr
