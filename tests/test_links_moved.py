"""Moved links: which permanent redirects are rewritten (links/moved.py), and
`geoai-bot links FILE --fix-moved` editing a real file after checking real loopback servers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from fakes.linkfarm import Farm
from geoai_bot.cli.main import main
from geoai_bot.links.model import LinkOutcome, LinkResult, Location
from geoai_bot.links.moved import Move, rewrite, safe_moves, site, why_not

CONFIG = "[links]\ntimeout = 2.0\nbackoff = 0.05\nmax_wait = 3.0\ndeadline = 20.0\n"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("https://www.x.org/a", "https://x.org/a", None),
        ("http://x.org/a", "https://docs.x.org/a/", None),
        ("https://lab.ox.ac.uk/p", "https://www.ox.ac.uk/p", None),
        ("https://x.org/a", "https://parked-domains.com/a", "another site"),
        ("https://lab.ox.ac.uk/p", "https://lab.cam.ac.uk/p", "another site"),
        ("https://x.org/paper", "https://x.org/", "the site's home page instead of the page"),
        ("https://x.org/a", "https://x.org/login?next=/a", "a login page"),
        ("https://x.org/a", "https://id.x.org/auth/", "a login page"),
        ("https://x.org/a", "http://x.org/a", "a downgrade to http"),
    ],
)
def test_why_not(old: str, new: str, reason: str | None) -> None:
    assert why_not(old, new) == reason


def test_site() -> None:
    assert site("www.Example.org.") == "example.org"
    assert site("a.b.example.com.cn") == "example.com.cn"
    assert site("127.0.0.1") == "127.0.0.1"


def result(url: str, o: LinkOutcome) -> LinkResult:
    return LinkResult(url, o, [Location("README.md", 3, 1)])


def test_only_all_permanent_chains_are_moves() -> None:
    perm = LinkOutcome("redirect", 200, "https://x.org/b", "moved", permanent_chain=True)
    mixed = LinkOutcome("redirect", 200, "https://x.org/c", "moved", permanent_chain=False)
    ok = LinkOutcome("ok", 200, "https://x.org/d", "200 OK")
    got = safe_moves([result("https://x.org/a#s2", perm), result("https://x.org/m", mixed),
                      result("https://x.org/t", ok)])  # fmt: skip
    assert got == [Move("https://x.org/a#s2", "https://x.org/b#s2", 3)]


def test_rewrite_leaves_longer_urls_alone() -> None:
    text = "* Code: https://x.org/a\n* Paper: https://x.org/ab and (https://x.org/a).\n"
    got = rewrite(text, [Move("https://x.org/a", "https://x.org/new", 1)])
    assert got == (
        "* Code: https://x.org/new\n* Paper: https://x.org/ab and (https://x.org/new).\n"
    )


def test_fix_moved_edits_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Farm() as farm, Farm(host="127.0.0.2") as other:
        moved = farm.url("/chain/2/p1")
        temp = farm.url("/temp/p2")
        mixed = farm.url("/to/301?u=" + quote("/temp/p3"))  # 301 then 302: not rewritten
        cross = farm.url("/to/301?u=" + quote(other.url("/ok/p4")))  # another site
        fine = farm.url("/ok/p5")
        urls = [moved, temp, mixed, cross, fine]
        body = "".join(f"#### T{i}\n\n> A. Author\n\n* Code: {u}\n\n" for i, u in enumerate(urls))
        readme = tmp_path / "README.md"
        readme.write_text("# L\n\n## Papers\n\n" + body, encoding="utf-8", newline="\r\n")
        (tmp_path / "geoai-bot.toml").write_text(CONFIG, encoding="utf-8")
        before = readme.read_bytes()
        code = main(["links", str(readme), "--allow-private", "--fix-moved"])
    after = readme.read_bytes()
    assert code == 0
    assert after == before.replace(moved.encode(), farm.url("/ok/p1").encode())
    assert b"\r\n" in after  # the file's line endings kept
    assert "1 moved link(s) rewritten" in capsys.readouterr().err
