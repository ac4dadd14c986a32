"""Link extraction, GitHub anchors, relative paths, cache and shard helpers (no network)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LIST_FILES, needs_corpus
from geoai_bot.core.parse import parse_text
from geoai_bot.links.cache import Cache
from geoai_bot.links.extract import extract, links_in_line
from geoai_bot.links.github import repo_of
from geoai_bot.links.local import anchors, check_relative
from geoai_bot.links.model import LinkOutcome
from geoai_bot.links.shard import merge_reports, parse_shard, shard_of

LIST = """# <p align=center>`GeoAI in Test 2099`</p>

## 📢 Latest Updates
<!-- :fire: Last Updated on 2099.01.01 https://commented.example/out -->

## :memo: Test Accepted Paper List

#### A Paper: With (Parens)

> A. Author, B. Author

* Paper: https://arxiv.org/abs/2506.19585
* Code: [repo](https://github.com/alice/geo "title") and https://example.org/a_(b).
* Data: None
* Project: mailto:someone@example.org
* <details>
    <summary>Abstract (Click to expand):</summary>
    See <a href="https://html.example/x?a=1&amp;b=2">this</a> and `https://code.example/x`.
  </details>


#### Second

> C. Author

* Paper: https://arxiv.org/abs/2506.19585
* Poster: <img src='img/poster.png'> [local](docs/notes.md#setup) [top](#a-paper-with-parens)

```
https://fenced.example/never
```
[ref]: https://ref.example/def
"""


def found() -> dict[str, list[tuple[int, int, str | None]]]:
    doc = parse_text(LIST)
    return {
        f.url: [(loc.line, loc.column, loc.entry) for loc in f.locations]
        for f in extract(LIST, "README.md", doc)
    }


def test_every_kind_of_link_is_found_with_its_place() -> None:
    got = found()
    assert set(got) == {
        "https://arxiv.org/abs/2506.19585",
        "https://github.com/alice/geo",
        "https://example.org/a_(b)",
        "https://html.example/x?a=1&b=2",
        "img/poster.png",
        "docs/notes.md#setup",
        "#a-paper-with-parens",
        "https://ref.example/def",
    }
    # deduplicated, every location kept, with the entry it belongs to
    assert got["https://arxiv.org/abs/2506.19585"] == [
        (12, 10, "A Paper: With (Parens)"),
        (26, 10, "Second"),
    ]
    lines = LIST.split("\n")
    for url, locs in got.items():
        for line, col, _ in locs:
            assert lines[line - 1][col - 1 :].startswith(url.replace("&b", "&amp;b"))


def test_skips_placeholders_mail_code_comments() -> None:
    got = " ".join(found())
    for absent in ("None", "mailto:", "code.example", "fenced.example", "commented.example"):
        assert absent not in got


def test_bare_url_trailing_punctuation() -> None:
    assert links_in_line("see https://x.org/a.") == [("https://x.org/a", 4)]
    assert links_in_line("(https://x.org/a)") == [("https://x.org/a", 1)]
    assert links_in_line("[https://x.org](https://x.org)") == [("https://x.org", 16)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"[]()<>\"'`#:/ahtps.=\n ", "http://", "href=", "<!--", "```"])))
def test_extraction_never_crashes(parts: list[str]) -> None:
    for f in extract("".join(parts), "x.md"):
        assert f.url and f.locations


@needs_corpus
@pytest.mark.parametrize("path", LIST_FILES[:12], ids=lambda p: p.name)
def test_every_entry_bullet_url_is_extracted(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    doc = parse_text(text)
    got = {f.url for f in extract(text, path.name, doc)}
    for entry in doc.entries:
        for link in entry.links:
            if link.url and link.url.startswith("http") and " " not in link.url:
                assert any(link.url.startswith(g) or g.startswith(link.url) for g in got), link


def test_github_anchor_slugs() -> None:
    text = "# Title\n## 📢 Latest Updates\n## :memo: ICCV 2025 List\n## A: b? (C)\n## A: b? (C)\n"
    a = anchors(text)
    assert {"title", "-latest-updates", "a-b-c", "a-b-c-1"} <= a
    assert "memo-iccv-2025-list" in a or "-iccv-2025-list" in a


def test_relative_paths(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a b.md").write_text("# Hello World\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("x", encoding="utf-8")
    assert check_relative("docs/a%20b.md#hello-world", readme).state == "ok"
    assert check_relative("/docs/a%20b.md", readme).state == "ok"
    assert check_relative("docs/a%20b.md#nope", readme).state == "broken"
    assert check_relative("docs/missing.md", readme).state == "broken"
    assert check_relative("../../etc/passwd", readme).message == "points outside the repository"


def test_repo_urls() -> None:
    assert repo_of("https://github.com/alice/geo") == ("alice", "geo")
    assert repo_of("https://github.com/alice/geo.git") == ("alice", "geo")
    assert repo_of("https://github.com/alice/geo/") == ("alice", "geo")
    assert repo_of("https://github.com/alice/geo/tree/main/x") is None
    assert repo_of("https://github.com/topics/remote-sensing") is None


def test_cache_ttl_and_corruption(tmp_path: Path) -> None:
    now = [1000.0]
    warnings: list[str] = []
    path = tmp_path / "c.sqlite"
    c = Cache(path, {"ok": 1.0}, warn=warnings.append, now=lambda: now[0])
    c.put_many({"u1": LinkOutcome("ok", 200), "u2": LinkOutcome("broken", 404)})
    assert set(c.get_many(["u1", "u2"])) == {"u1"}  # failures are never kept
    now[0] += 2 * 86400
    assert c.get_many(["u1"]) == {}  # expired
    c.close()
    # a second connection while the first is open: WAL + busy timeout
    a = Cache(path, warn=warnings.append)
    b = Cache(path, warn=warnings.append)
    a.put_many({"x": LinkOutcome("ok", 200)})
    assert "x" in b.get_many(["x"])
    a.close()
    b.close()
    # Our own cache (its header says so) with garbage pages: moved aside and rebuilt. (Any
    # other file is never touched: tests/attacks/test_action_attacks.py.)
    path.write_bytes(path.read_bytes()[:100] + b"\0garbage" * 512)
    c = Cache(path, warn=warnings.append)
    assert warnings and "rebuilt" in warnings[-1]
    c.put_many({"y": LinkOutcome("ok", 200)})
    assert "y" in c.get_many(["y"])
    c.close()
    assert sqlite3.connect(path).execute("select count(*) from results").fetchone() == (1,)


def test_shards_are_stable_and_validated(tmp_path: Path) -> None:
    assert [shard_of(h, 4) for h in ("arxiv.org", "github.com", "x.y")] == [
        shard_of(h, 4) for h in ("ARXIV.org", "github.com", "x.y")
    ]
    assert all(1 <= shard_of(f"h{i}.org", 3) <= 3 for i in range(100))
    assert len({shard_of(f"h{i}.org", 3) for i in range(100)}) == 3
    assert parse_shard("2/5") == (2, 5)
    for bad in ("0/2", "3/2", "x", "1/0"):
        with pytest.raises(Exception, match="--shard"):
            parse_shard(bad)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(Exception, match="not a links report"):
        merge_reports([str(bad)])


@pytest.mark.parametrize("unit", ["[x](", "`a", "](", "<!--", "<a href=", "[a](b("])
def test_hostile_lines_stay_linear(unit: str) -> None:
    # A hang guard, not a speed target: linear scanning takes milliseconds here, quadratic
    # scanning minutes, so the bound is generous enough for a loaded machine.
    import time

    t = time.monotonic()
    extract(unit * 20000, "x.md")
    assert time.monotonic() - t < 30


def test_backslash_escapes_in_destinations() -> None:
    assert links_in_line(r"[h](a\)b)") == [("a)b", 4)]
