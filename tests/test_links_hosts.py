"""Host rules against loopback stand-ins (tests/fakes/linkfarm.py): GitHub deep links through
the REST API, Hugging Face through the Hub API, arXiv withdrawn papers, login-walled share
links, and a 429 from github.com pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.clock import FakeClock
from fakes.linkfarm import Farm
from geoai_bot.cli.main import main
from geoai_bot.links.check import Checker, Settings
from geoai_bot.links.github import deep_of
from geoai_bot.links.hosts import hf_ref, login_wall

CONFIG = "[links]\ntimeout = 2.0\nbackoff = 0.05\nmax_wait = 3.0\ndeadline = 20.0\n"


@pytest.fixture()
def api() -> Iterator[Farm]:
    with Farm() as f:
        yield f


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], urls: list[str]) -> dict[str, dict]:
    (tmp_path / "geoai-bot.toml").write_text(CONFIG, encoding="utf-8")
    body = "".join(f"#### T{i}\n\n> A. Author\n\n* Code: {u}\n\n" for i, u in enumerate(urls))
    p = tmp_path / "README.md"
    p.write_text("# L\n\n## Papers\n\n" + body, encoding="utf-8")
    main(["links", str(p), "--no-cache", "--format", "json"])
    return {r["url"]: r for r in json.loads(capsys.readouterr().out)["results"]}


def test_github_deep_links_through_the_api(
    api: Farm, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    api.add_repo("alice/geo")
    api.deep |= {
        "alice/geo/contents/src/model.py?ref=main",
        "alice/geo/commits/dev",
        "alice/geo/issues/7",
        "alice/geo/pulls/8",
        "alice/geo/releases/tags/v1.0",
    }
    monkeypatch.setenv("GEOAI_BOT_GITHUB_API_URL", api.base)
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    gh = "https://github.com/alice/geo"
    ok = [
        f"{gh}/blob/main/src/model.py",
        f"{gh}/tree/dev",
        f"{gh}/issues/7",
        f"{gh}/pull/8",
        f"{gh}/releases/tag/v1.0",
        f"{gh}/wiki",
    ]
    broken = [
        f"{gh}/blob/main/src/gone.py",  # the repository exists, the file does not
        f"{gh}/tree/deleted-branch",
        f"{gh}/issues/9",
        "https://github.com/carol/missing/blob/main/a.py",  # the repository is gone
    ]
    got = check(tmp_path, capsys, ok + broken)
    assert {u: got[u]["state"] for u in ok} == dict.fromkeys(ok, "ok")
    assert {u: got[u]["state"] for u in broken} == dict.fromkeys(broken, "broken")
    assert "not found in alice/geo" in got[broken[0]]["message"]
    assert "carol/missing" in got[broken[3]]["message"]


def test_deep_links_need_a_token() -> None:
    assert deep_of("https://github.com/a/b/blob/main/x/y.py") == (
        "a",
        "b",
        "contents/x/y.py?ref=main",
        "x/y.py at main",
    )
    assert deep_of("https://github.com/a/b") is None  # the repository rule's
    assert deep_of("https://github.com/topics/b/blob/x") is None
    assert deep_of("https://github.com/a/b/blob") is None


def test_hugging_face_through_the_hub_api(
    api: Farm, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    api.hf = {
        "models/geo/segformer": False,
        "datasets/geo/tiles": "manual",
        "spaces/geo/demo": False,
    }
    monkeypatch.setenv("GEOAI_BOT_HF_API_URL", api.base)
    urls = [
        "https://huggingface.co/geo/segformer",
        "https://huggingface.co/datasets/geo/tiles",
        "https://huggingface.co/spaces/geo/demo",
        "https://huggingface.co/geo/never-existed",
        "https://huggingface.co/datasets/geo/tiles/tree/main/data",
    ]
    got = check(tmp_path, capsys, urls)
    assert [got[u]["state"] for u in urls] == ["ok", "ok", "ok", "broken", "ok"]
    assert "gated" in got[urls[1]]["message"]
    assert "not found" in got[urls[3]]["message"]


def test_hf_ref_shapes() -> None:
    assert hf_ref("https://huggingface.co/geo/m") == ("models", "geo/m")
    assert hf_ref("https://hf.co/spaces/geo/d?x=1") == ("spaces", "geo/d")
    assert hf_ref("https://huggingface.co/docs/hub") is None
    assert hf_ref("https://huggingface.co/papers/2401.00001") is None
    assert hf_ref("https://huggingface.co/geo") is None


def test_arxiv_withdrawn_is_reported(
    api: Farm, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    api.arxiv = {"2401.00001": ("Kept", 3), "2401.00002": ("Gone", 2)}
    api.arxiv_comments = {"2401.00002": "This paper has been withdrawn by the authors"}
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", api.url("/api/query"))
    urls = [
        "https://arxiv.org/abs/2401.00001v2",  # an older version: exists
        "https://arxiv.org/abs/2401.00001v4",  # beyond the latest
        "https://arxiv.org/abs/2401.00002",
    ]
    got = check(tmp_path, capsys, urls)
    assert [got[u]["state"] for u in urls] == ["ok", "broken", "broken"]
    assert "withdrawn" in got[urls[2]]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "https://drive.google.com/file/d/1AbC/view?usp=sharing",
        "https://docs.google.com/presentation/d/1x/edit",
        "https://pan.baidu.com/s/1abcdEFG",
        "https://1drv.ms/u/s!abc",
    ],
)
def test_login_walled_share_links_are_blocked_not_broken(url: str) -> None:
    got = login_wall(url)
    assert got is not None and got.state == "blocked" and "login" in got.message


def test_login_walls_are_not_requested(
    api: Farm, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = check(tmp_path, capsys, ["https://drive.google.com/file/d/1AbC/view"])
    assert got["https://drive.google.com/file/d/1AbC/view"]["state"] == "blocked"
    assert login_wall("https://example.org/drive.google.com") is None


def test_429_from_github_pages_is_skipped_not_broken(api: Farm) -> None:
    # github.com's pages stand in on loopback by name: the stub DNS answers 127.0.0.1
    from fakes.linkfarm import StubDNS

    dns = StubDNS({"github.com": [["127.0.0.1"]]})
    clock = FakeClock()
    s = Settings(timeout=2.0, allow_private=True, resolve=dns, clock=clock, max_wait=0.5)
    c = Checker(s)
    try:
        out = c.check(f"http://github.com:{api.port}/ratelimit/5/x")
    finally:
        c.close()
    assert out.state == "skipped" and "try later" in out.message and out.code == 429
    assert clock.sleeps == []  # Retry-After beyond max_wait: not waited for
