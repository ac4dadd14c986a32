"""The bot's own pull requests (github/botpr.py, action/botpr.py): moved links and arXiv
fills, each ONE pull request from a fixed branch that is opened, updated and closed.

Real parts: links are checked against the loopback link farm, arXiv is the arXiv
stand-in, and the pull requests go through PyGithub to the GitHub REST API stand-in.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import entry, make_list
from fakes.arxiv_api import ArxivStandIn, arxiv_api  # noqa: F401
from fakes.forge import MemoryForge
from fakes.github_api import GitHubAPI, Repo, github_api  # noqa: F401
from fakes.linkfarm import Farm
from geoai_bot.action.botpr import ENRICH_BRANCH, MOVED_BRANCH, bot_pulls
from geoai_bot.arxiv.client import search_titles
from geoai_bot.check.run import LinkReport, parse_link_report, run_links
from geoai_bot.core.config import Config
from geoai_bot.github.botpr import Proposal, sync_bot_pull
from test_submit_flow import forge

CONFIG = "[links]\ntimeout = 2.0\nretries = 1\nbackoff = 0.05\ninterval = 0\n"


def checked(tmp: Path, readme: str, farm: Farm) -> LinkReport:
    """The weekly link check of README (fresh cache each time)."""
    tmp.mkdir(exist_ok=True)
    (tmp / "geoai-bot.toml").write_text(CONFIG, encoding="utf-8")
    path = tmp / "README.md"
    path.write_text(readme, encoding="utf-8")
    return run_links(
        str(path), None, cache=str(tmp / "cache.sqlite"), allow_private=True, github_api=farm.base
    )


def sync(api: GitHubAPI, links: LinkReport, **kw: object) -> list[str]:
    lines, failed = bot_pulls(
        forge(api),
        "README.md",
        links,
        Config(),
        moved=True,
        fill=False,
        **kw,  # type: ignore[arg-type]
    )
    assert not failed, lines
    return lines


def pulls_from(repo: Repo, branch: str) -> list[object]:
    return [p for p in repo.pulls.values() if p.head == branch]


def test_moved_links_pull_request_opens_updates_and_closes(
    tmp_path: Path,
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    with Farm() as farm, Farm(host="127.0.0.2") as other:
        moved = farm.url("/chain/2/p1")
        temp = farm.url("/temp/p2")
        mixed = farm.url("/to/301?u=" + quote("/temp/p3"))  # 301 then 302: not rewritten
        cross = farm.url("/to/301?u=" + quote(other.url("/ok/p4")))  # another site: never
        evil = farm.url("/to/301?u=" + quote("/ok/p|`x`<b>@team"))  # Markdown in the new URL
        links = [("Paper", moved), ("Code", temp), ("Project", mixed), ("Data", cross)]
        readme = make_list(
            entry("One", "A. Author", *links), entry("Two", "B. Author", ("Paper", evil))
        )
        repo = github_api.create_repo("o/r", {"README.md": readme})

        first = sync(github_api, checked(tmp_path / "1", readme, farm))
        (pr,) = pulls_from(repo, MOVED_BRANCH)
        assert pr.state == "open" and f"opened #{pr.number}" in first[0]
        proposed = repo.file("README.md", MOVED_BRANCH)
        assert proposed is not None
        assert proposed == readme.replace(moved, farm.url("/ok/p1"))
        for url in (temp, mixed, cross, evil):  # temporary, mixed, cross-site, odd: left alone
            assert url in proposed
        assert repo.file("README.md", "main") == readme  # only the branch changed
        # The body: a table of old and new, every URL a code span, nothing live from the web.
        assert f"`{moved}`" in pr.body and f"`{farm.url('/ok/p1')}`" in pr.body
        assert "<b>" not in pr.body and "|`x`" not in pr.body
        assert pr.title == "Update 1 moved link"
        head = repo.refs[f"heads/{MOVED_BRANCH}"]
        assert repo.commits[head]["parents"] == [repo.refs["heads/main"]]

        # Re-run with nothing new: no write at all.
        n = len(github_api.log)
        again = sync(github_api, checked(tmp_path / "2", readme, farm))
        assert "is up to date" in again[0]
        assert all(m == "GET" for m, _, _ in github_api.log[n:])

        # Someone fixed one link on main and another one moved: ONE fresh commit on the new base.
        moved2 = farm.url("/chain/1/p5")
        readme2 = readme.replace(moved, farm.url("/ok/p1")).replace(temp, moved2)
        repo.commit_files("main", {"README.md": readme2}, "edit")
        second = sync(github_api, checked(tmp_path / "3", readme2, farm))
        assert f"updated #{pr.number}" in second[0]
        assert len(pulls_from(repo, MOVED_BRANCH)) == 1
        proposed = repo.file("README.md", MOVED_BRANCH)
        assert proposed == readme2.replace(moved2, farm.url("/ok/p5"))
        head = repo.refs[f"heads/{MOVED_BRANCH}"]
        assert repo.commits[head]["parents"] == [repo.refs["heads/main"]]
        assert moved2 in pr.body and moved not in pr.body

        # Nothing left to fix: closed, branch deleted; next week nothing happens.
        readme3 = readme2.replace(moved2, farm.url("/ok/p5"))
        repo.commit_files("main", {"README.md": readme3}, "fixed")
        third = sync(github_api, checked(tmp_path / "4", readme3, farm))
        assert f"closed #{pr.number}" in third[0]
        assert pr.state == "closed" and f"heads/{MOVED_BRANCH}" not in repo.refs
        fourth = sync(github_api, checked(tmp_path / "5", readme3, farm))
        assert fourth == ["moved links pull request: nothing to change"]
        assert len(pulls_from(repo, MOVED_BRANCH)) == 1


def test_moves_come_from_a_json_report_too() -> None:
    data = {
        "results": [
            {"url": "https://x.org/a", "state": "redirect", "final_url": "https://x.org/b",
             "permanent": True, "locations": [{"path": "README.md", "line": 3, "column": 1}]},
            {"url": "https://x.org/c", "state": "redirect", "final_url": "https://x.org/d",
             "locations": [{"path": "README.md", "line": 4, "column": 1}]},
        ]
    }  # fmt: skip
    report = parse_link_report(data)
    assert [r.permanent for r in report.results] == [True, False]  # absent: not permanent
    assert report.to_json()["results"][0]["permanent"] is True


def test_enrich_pull_request_fills_only_sure_matches(
    github_api: GitHubAPI,  # noqa: F811
    arxiv_api: ArxivStandIn,  # noqa: F811
) -> None:
    sure = "WildSAT: Learning Satellite Image Representations from Wildlife Observations"
    readme = make_list(
        entry(sure, "Rangel Daroya, Elijah Cole", "Paper: None", abstract=None),
        entry("Mapping Things from Space at Scale", "Zed Zee", "Paper: None", abstract=None),
        entry("Known", "C. Author", ("Paper", "https://arxiv.org/abs/2501.00001")),
    )
    arxiv_api.add("2412.14428", sure, ["Rangel Daroya"], "We learn <b>from</b> | wildlife.")
    # Nearly the same title (>= 0.97) but no author in common: not sure, left alone.
    arxiv_api.add("2501.99999", "Mapping Things from Space at Scales", ["Someone Else"], "No.")
    repo = github_api.create_repo("o/r", {"README.md": readme})

    def search(titles: object) -> object:
        return search_titles(titles, base_url=arxiv_api.url, sleep=lambda _s: None)  # type: ignore[arg-type]

    lines, failed = bot_pulls(
        forge(github_api), "README.md", LinkReport(), Config(), moved=False, fill=True,
        search=search,  # type: ignore[arg-type]
    )  # fmt: skip
    assert not failed and "opened" in lines[0], lines
    (pr,) = pulls_from(repo, ENRICH_BRANCH)
    new = repo.file("README.md", ENRICH_BRANCH)
    assert new is not None and "https://arxiv.org/abs/2412.14428" in new
    assert "We learn &lt;b&gt;from&lt;/b&gt; | wildlife." in new
    assert "2501.99999" not in new
    assert new.count("Paper: None") == 1
    assert "| paper | `2412.14428` |" in pr.body and "| abstract | `2412.14428` |" in pr.body
    assert pr.title == "Fill 2 missing fields from arXiv"

    # arXiv down: the run fails for that pull request, the open one is left as it is.
    arxiv_api.status = 503
    lines, failed = bot_pulls(
        forge(github_api), "README.md", LinkReport(), Config(), moved=False, fill=True,
        search=search,  # type: ignore[arg-type]
    )  # fmt: skip
    assert failed and "failed" in lines[0] and pr.state == "open"


def _proposal(text: str) -> Proposal:
    return Proposal(text, "t", "b", "s")


def test_flow_declined_pull_request_is_not_reopened_for_the_same_change() -> None:
    f = MemoryForge({"README.md": "a\n"})
    r1 = sync_bot_pull(f, MOVED_BRANCH, "README.md", lambda t: _proposal("b\n"))
    assert r1.action == "opened"
    f.close_pull(f.pulls[0])  # a maintainer closed it
    r2 = sync_bot_pull(f, MOVED_BRANCH, "README.md", lambda t: _proposal("b\n"))
    assert r2.action == "declined" and len(f.pulls) == 1
    r3 = sync_bot_pull(f, MOVED_BRANCH, "README.md", lambda t: _proposal("c\n"))
    assert r3.action == "opened" and len(f.pulls) == 2
    assert f.file_on(MOVED_BRANCH, "README.md") == "c\n"


def test_flow_builds_on_the_current_head_and_survives_a_conflict() -> None:
    from geoai_bot.github.types import ForgeConflict

    f = MemoryForge({"README.md": "a\n"})
    f.push("README.md", "a2\n")
    f.fail("commit_files", ForgeConflict("creating the commit", "stale", 409))
    seen: list[str] = []

    def make(text: str) -> Proposal:
        seen.append(text)
        return _proposal(text.upper())

    r = sync_bot_pull(f, ENRICH_BRANCH, "README.md", make)
    assert r.action == "opened" and seen == ["a2\n", "a2\n"]
    assert f.file_on(ENRICH_BRANCH, "README.md") == "A2\n"


def test_flow_refuses_a_missing_file() -> None:
    from geoai_bot.core.errors import GeoaiError

    with pytest.raises(GeoaiError, match=r"no docs/list\.md on main"):
        sync_bot_pull(MemoryForge({}), ENRICH_BRANCH, "docs/list.md", lambda t: None)


def test_cache_keeps_permanence_and_upgrades_an_old_file(tmp_path: Path) -> None:
    import sqlite3

    from geoai_bot.links.cache import SCHEMA_BEFORE_PERMANENT, Cache
    from geoai_bot.links.model import LinkOutcome

    path = tmp_path / "cache.sqlite"
    old = sqlite3.connect(path)  # the schema before redirects kept their permanence
    old.execute(SCHEMA_BEFORE_PERMANENT)  # exactly what geoai-bot created then
    old.execute("INSERT INTO results VALUES ('https://x.org/o', 'ok', 200, NULL, 'OK', 1e12)")
    old.commit()
    old.close()
    warnings: list[str] = []
    cache = Cache(path, warn=warnings.append, now=lambda: 1e12)
    perm = LinkOutcome("redirect", 200, "https://x.org/b", "moved", permanent_chain=True)
    temp = LinkOutcome("redirect", 200, "https://x.org/d", "moved", permanent_chain=False)
    cache.put_many({"https://x.org/a": perm, "https://x.org/c": temp})
    got = cache.get_many(["https://x.org/a", "https://x.org/c", "https://x.org/o"])
    cache.close()
    assert warnings == []  # upgraded in place, not moved aside
    assert got["https://x.org/a"] == perm and got["https://x.org/c"] == temp
    assert got["https://x.org/o"].state == "ok"


def test_moves_view_guard_allows_only_the_new_urls() -> None:
    from geoai_bot.core.guard import ViewChanged
    from geoai_bot.links.moved import Move, check_view, rewrite

    text = "* Code: https://www.x.org/a\n* Also: https://x.org/a and [s](https://www.x.org/a)\n"
    moves = [Move("https://www.x.org/a", "https://x.org/a", 1)]
    check_view(text, rewrite(text, moves), moves, "README.md")  # written both ways: fine
    with pytest.raises(ViewChanged, match=r"README\.md:1"):
        check_view(text, text.replace("Code", "Cod"), moves, "README.md")
