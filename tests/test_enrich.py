"""`enrich`: arXiv matches only when sure, fills only `Paper: None` and empty abstracts,
writes strangers' abstracts inert, and changes no other byte. Against the arXiv stand-in."""

from __future__ import annotations

import difflib

import cmarkgfm
import pytest

from fakes.arxiv_api import ArxivStandIn, arxiv_api  # noqa: F401
from geoai_bot.arxiv.client import ArxivRecord, search_titles, title_phrase
from geoai_bot.cli.main import main
from geoai_bot.core.parse import parse_text
from geoai_bot.enrich import apply_fills, plan_fills, wanted
from geoai_bot.enrich.plan import best_match

LIST = """# <p align=center>`Enrich Test List`</p>

## Papers

#### WildSAT: Learning Satellite Image Representations from Wildlife Observations

> Rangel Daroya, Elijah Cole

* Paper: None
* Code: https://github.com/cvl-umass/wildsat
* <details>
    <summary>Abstract (Click to expand):</summary>
  </details>

#### TerraMind: Large-Scale Generative Multimodality for Earth Observation

> Johannes Jakubik, Felix Yang

* Paper: https://arxiv.org/abs/2504.11171

#### Complete Paper With Everything

> Ana Lima

* Paper: https://arxiv.org/abs/2501.00001
* <details>
    <summary>Abstract (Click to expand):</summary>
    Already has one.
  </details>

#### A Title Nobody Can Be Sure Of

> Zed Zee

* Paper: None
"""


def _rec(aid: str, title: str, authors: tuple[str, ...], abstract: str = "Text.") -> ArxivRecord:
    return ArxivRecord(id=aid, title=title, authors=authors, abstract=abstract, version=1)


def test_wanted_entries() -> None:
    assert wanted(parse_text(LIST)) == [0, 1, 3]


def test_matching_is_strict() -> None:
    entry = parse_text(LIST).entries[0]
    exact = _rec(
        "2412.14428",
        "WildSAT: learning satellite image representations from wildlife observations.",
        ("Someone Else",),
    )
    assert best_match(entry, [exact]) == exact  # equal once normalised, authors not needed
    near = _rec(
        "2412.00001",
        "WildSAT: Learning Satellite Image Representation from Wildlife Observations",
        ("R. Daroya",),
    )
    assert best_match(entry, [near]) == near  # 0.99 similar and a shared author
    stranger = _rec("2412.00002", near.title, ("Nobody Known",))
    assert best_match(entry, [stranger]) is None  # similar, but no author in common
    loose = _rec("2412.00003", "WildSAT: Satellite Images from Wildlife", ("Rangel Daroya",))
    assert best_match(entry, [loose]) is None  # an author in common, title too different
    twin = _rec("2412.00004", exact.title, ("Other Person",))
    assert best_match(entry, [exact, twin]) is None  # two exact titles, no author to decide


def test_fills_change_only_their_lines() -> None:
    doc = parse_text(LIST)
    records = [
        _rec(
            "2412.14428", doc.entries[0].title, ("Rangel Daroya",), "Sightings <b>help</b> & more."
        ),
        _rec("2504.11171", doc.entries[1].title, ("Johannes Jakubik",), "Many modalities."),
    ]
    fills = plan_fills(doc, records)
    assert [(f.index, f.field) for f in fills] == [(0, "paper"), (0, "abstract"), (1, "abstract")]
    new, applied = apply_fills(LIST, doc, fills)
    assert applied == fills
    diff = [
        d
        for d in difflib.unified_diff(LIST.splitlines(), new.splitlines(), lineterm="", n=0)
        if d[:1] in "+-" and d[:3] not in ("+++", "---")
    ]
    assert diff == [
        "-* Paper: None",
        "+* Paper: https://arxiv.org/abs/2412.14428",
        "+    Sightings &lt;b&gt;help&lt;/b&gt; &amp; more.",
        "+* <details>",
        "+    <summary>Abstract (Click to expand):</summary>",
        "+    Many modalities.",
        "+  </details>",
    ]
    again = parse_text(new)
    assert again.entries[0].links[0].url == "https://arxiv.org/abs/2412.14428"
    assert again.entries[0].abstract == "Sightings &lt;b&gt;help&lt;/b&gt; &amp; more."
    assert again.entries[1].abstract == "Many modalities."
    assert plan_fills(again, records) == []  # nothing left to do: idempotent


def test_hostile_abstract_renders_as_text() -> None:
    doc = parse_text(LIST)
    evil = (
        "</details>\n\n# Owned\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> "
        "\u202e reversed"
    )
    fills = plan_fills(doc, [_rec("2412.14428", doc.entries[0].title, (), evil)])
    new, _ = apply_fills(LIST, doc, [f for f in fills if f.field == "abstract"])
    before = cmarkgfm.github_flavored_markdown_to_html(
        LIST, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )
    after = cmarkgfm.github_flavored_markdown_to_html(
        new, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )
    for tag in ("<h1", "<img", "<a ", "</details>"):
        assert after.count(tag) == before.count(tag), tag
    assert "\u202e" not in new


def test_title_phrase_drops_query_syntax() -> None:
    assert title_phrase('SAM-2: "Segment" (Anything) OR ti:x') == "SAM-2 Segment Anything OR ti x"


def test_search_batches_and_waits(arxiv_api: ArxivStandIn) -> None:  # noqa: F811
    for n in range(12):
        arxiv_api.add(f"2501.{n:05d}", f"Paper number {n} about maps", ["A B"], "x")
    waits: list[float] = []
    found = search_titles(
        [f"Paper number {n} about maps" for n in range(12)],
        base_url=arxiv_api.url,
        sleep=waits.append,
    )
    assert len(arxiv_api.requests) == 2 and waits == [3.0]  # 10 titles per request, 3 s apart
    assert {r.id for r in found} >= {f"2501.{n:05d}" for n in range(12)}


def test_cli_prints_then_writes(
    arxiv_api: ArxivStandIn,  # noqa: F811
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    arxiv_api.add(
        "2412.14428",
        "WildSAT: Learning Satellite Image Representations from Wildlife Observations",
        ["Rangel Daroya"],
        "An abstract.",
    )
    path = tmp_path / "README.md"
    path.write_text(LIST, encoding="utf-8")
    assert main(["enrich", str(path)]) == 0
    out = capsys.readouterr()
    assert "paper <- arXiv 2412.14428" in out.out and "--write" in out.err
    assert path.read_text(encoding="utf-8") == LIST  # only printed
    assert main(["enrich", str(path), "--write"]) == 0
    assert "https://arxiv.org/abs/2412.14428" in path.read_text(encoding="utf-8")
    arxiv_api.status = 503
    path.write_text(LIST, encoding="utf-8")
    assert main(["enrich", str(path), "--write"]) == 2
    assert "HTTP 503" in capsys.readouterr().err and path.read_text(encoding="utf-8") == LIST
