"""`geoai-bot links` end to end: real loopback servers, real SQLite, real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import entry, git
from fakes.linkfarm import Farm, refused_port
from geoai_bot.cli.main import main

# timeout: far above a loopback answer on a loaded 2-core machine, far below /sleep/10000.
CONFIG = """
[links]
timeout = 2.0
backoff = 0.05
max_wait = 3.0
deadline = 20.0
"""


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "geoai-bot.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


AUTHORS = "A. Author, B. Author"


def write_list(folder: Path, body: str) -> Path:
    p = folder / "README.md"
    p.write_text("# My list\n\n## Papers\n\n" + body, encoding="utf-8")
    return p


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["links", *argv, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def by_url(report: dict) -> dict[str, dict]:
    return {r["url"]: r for r in report["results"]}


def test_json_contract_and_exit_code(farm: Farm, workdir: Path, capsys) -> None:
    ok, gone = farm.url("/ok/1"), farm.url("/status/404/p")
    p = write_list(
        workdir,
        entry("Good", AUTHORS, f"Paper: {ok}")
        + entry("Bad", AUTHORS, f"Code: {gone}", "Data: None"),
    )
    code, rep = run_json(capsys, str(p), "--allow-private", "--no-cache")
    assert code == 1
    assert set(rep) >= {"results", "summary"}
    assert set(rep["summary"]) == {
        "total",
        "ok",
        "redirect",
        "broken",
        "timeout",
        "blocked",
        "excluded",
        "skipped",
    }
    r = by_url(rep)[gone]
    assert set(r) >= {"url", "state", "code", "final_url", "message", "locations"}
    assert (r["state"], r["code"]) == ("broken", 404)
    text = p.read_text(encoding="utf-8").splitlines()
    loc = r["locations"][0]
    assert text[loc["line"] - 1][loc["column"] - 1 :].startswith(gone)
    assert by_url(rep)[ok]["state"] == "ok"
    assert rep["summary"]["total"] == 2  # the None placeholder is no link


def test_every_state_end_to_end(farm: Farm, workdir: Path, capsys) -> None:
    urls = {
        "ok": farm.url("/ok/a"),
        "redirect": farm.url("/chain/2/a"),
        "broken": farm.url("/status/410/a"),
        "timeout": farm.url("/sleep/10000/a"),
        "blocked": farm.url("/cf/a"),
        "excluded": farm.url("/ok/excluded-by-config"),
        "skipped": "ftp://example.org/file",
    }
    (workdir / "geoai-bot.toml").write_text(
        CONFIG + 'exclude = ["excluded-by-config"]\n', encoding="utf-8"
    )
    body = "".join(entry(f"P {k}", AUTHORS, f"Paper: {u}") for k, u in urls.items())
    p = write_list(workdir, body)
    code, rep = run_json(capsys, str(p), "--allow-private", "--no-cache")
    got = {r["url"]: r["state"] for r in rep["results"]}
    assert got == {u: k for k, u in urls.items()}
    assert by_url(rep)[urls["redirect"]]["final_url"] == farm.url("/ok/a")
    assert code == 1


def test_offline_skips_network(farm: Farm, workdir: Path, capsys) -> None:
    p = write_list(workdir, entry("X", AUTHORS, f"Paper: {farm.url('/ok/1')}"))
    code, rep = run_json(capsys, str(p), "--offline")
    assert code == 0 and rep["results"][0]["state"] == "skipped"
    assert sum(farm.hits.values()) == 0


def test_private_refused_without_flag(farm: Farm, workdir: Path, capsys) -> None:
    p = write_list(workdir, entry("X", AUTHORS, f"Paper: {farm.url('/ok/1')}"))
    code, rep = run_json(capsys, str(p), "--no-cache")
    assert rep["results"][0]["state"] == "excluded"
    assert code == 0 and sum(farm.hits.values()) == 0


def test_no_network_is_exit_2_not_all_broken(workdir: Path, capsys) -> None:
    body = entry(
        "X", AUTHORS, "Paper: http://no-such-host.invalid/a", "Code: http://also-not.invalid/b"
    )
    p = write_list(workdir, body)
    code = main(["links", str(p), "--no-cache"])
    captured = capsys.readouterr()
    assert code == 2
    assert "no network" in captured.err
    assert "broken" not in captured.out


def test_refused_port_with_working_hosts_is_broken(farm: Farm, workdir: Path, capsys) -> None:
    dead = f"http://127.0.0.1:{refused_port()}/x"
    p = write_list(workdir, entry("X", AUTHORS, f"Paper: {farm.url('/ok/1')}", f"Code: {dead}"))
    code, rep = run_json(capsys, str(p), "--allow-private", "--no-cache")
    assert code == 1 and by_url(rep)[dead]["state"] == "broken"


def test_cache_across_two_runs(farm: Farm, workdir: Path, capsys) -> None:
    ok, bad = farm.url("/ok/c"), farm.url("/status/404/c")
    p = write_list(workdir, entry("X", AUTHORS, f"Paper: {ok}", f"Code: {bad}"))
    cache = workdir / "c.sqlite"
    run_json(capsys, str(p), "--allow-private", "--cache", str(cache))
    first_ok, first_bad = farm.count("/ok/c"), farm.count("/status/404/c")
    code, rep = run_json(capsys, str(p), "--allow-private", "--cache", str(cache))
    assert farm.count("/ok/c") == first_ok  # ok is trusted for a week
    assert farm.count("/status/404/c") == 2 * first_bad  # broken is checked again
    assert by_url(rep)[ok]["cached"] is True and by_url(rep)[ok]["state"] == "ok"
    assert code == 1


def test_corrupt_cache_is_rebuilt_with_warning(farm: Farm, workdir: Path, capsys) -> None:
    p = write_list(workdir, entry("X", AUTHORS, f"Paper: {farm.url('/ok/z')}"))
    cache = workdir / "bad.sqlite"
    assert main(["links", str(p), "--allow-private", "--cache", str(cache)]) == 0
    capsys.readouterr()
    # A cache of ours (its header says so) whose pages are garbage: moved aside, rebuilt.
    data = cache.read_bytes()
    cache.write_bytes(data[:100] + b"this is not sqlite" * (len(data) // 18))
    code = main(["links", str(p), "--allow-private", "--cache", str(cache)])
    err = capsys.readouterr().err
    assert code == 0 and "not a usable link cache" in err
    code = main(["links", str(p), "--allow-private", "--cache", str(cache)])
    assert code == 0 and "warning" not in capsys.readouterr().err


def test_changed_from_checks_only_new_links(farm: Farm, workdir: Path, capsys) -> None:
    git(workdir, "init", "-q")
    old_links = [farm.url(f"/status/404/old{i}") for i in range(3)]
    body = "".join(entry(f"Old {i}", AUTHORS, f"Paper: {u}") for i, u in enumerate(old_links))
    p = write_list(workdir, body)
    git(workdir, "add", ".")
    git(workdir, "commit", "-q", "-m", "base")
    new = farm.url("/ok/new")
    write_list(workdir, body + entry("New", AUTHORS, f"Paper: {new}"))
    code, rep = run_json(capsys, str(p), "--allow-private", "--no-cache", "--changed-from", "HEAD")
    assert [r["url"] for r in rep["results"]] == [new]
    assert rep["unchanged_skipped"] == 3 and code == 0
    assert all(farm.count(f"/status/404/old{i}") == 0 for i in range(3))
    main(["links", str(p), "--allow-private", "--no-cache", "--changed-from", "HEAD"])
    assert "3 unchanged links not checked" in capsys.readouterr().out
    assert main(["links", str(p), "--changed-from", "no-such-ref"]) == 2


def test_shards_cover_everything_once_and_merge(workdir: Path, capsys) -> None:
    farms = [Farm(host=f"127.0.0.{i}").start() for i in range(1, 5)]
    try:
        urls = [f.url(f"/ok/{j}") for f in farms for j in range(3)] + [
            farms[0].url("/status/404/x")
        ]
        p = write_list(
            workdir, "".join(entry(f"T{i}", AUTHORS, f"Paper: {u}") for i, u in enumerate(urls))
        )
        reports = []
        for k in (1, 2, 3):
            out = workdir / f"shard{k}.json"
            main(
                [
                    "links",
                    str(p),
                    "--allow-private",
                    "--no-cache",
                    "--shard",
                    f"{k}/3",
                    "--format",
                    "json",
                    "-o",
                    str(out),
                ]
            )
            reports.append(str(out))
        seen = [r["url"] for rp in reports for r in json.loads(Path(rp).read_text())["results"]]
        assert sorted(seen) == sorted(urls)  # every link in exactly one shard
        for rp in reports:  # a host never spans shards
            hosts = {r["url"].split("/")[2] for r in json.loads(Path(rp).read_text())["results"]}
            for other in reports:
                if other != rp:
                    others = {
                        r["url"].split("/")[2]
                        for r in json.loads(Path(other).read_text())["results"]
                    }
                    assert not hosts & others
        capsys.readouterr()
        code = main(["links", "merge", *reports])
        merged = json.loads(capsys.readouterr().out)
        assert merged["summary"]["total"] == len(urls) and merged["summary"]["broken"] == 1
        assert code == 1
    finally:
        for f in farms:
            f.stop()


def test_github_repos_through_the_api(farm: Farm, workdir: Path, capsys, monkeypatch) -> None:
    api = Farm().start()
    try:
        api.add_repo("alice/geo")
        api.add_repo("alice/old-tool", archived=True)
        api.add_repo("bob/new-name", renamed_from="bob/old-name")
        monkeypatch.setenv("GEOAI_BOT_GITHUB_API_URL", api.base)
        monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
        links = [
            "https://github.com/alice/geo",
            "https://github.com/alice/old-tool",
            "https://github.com/bob/old-name",
            "https://github.com/carol/missing",
        ]
        p = write_list(workdir, entry("G", AUTHORS, *(f"Code: {u}" for u in links)))
        code, rep = run_json(capsys, str(p), "--no-cache")
        got = by_url(rep)
        assert got[links[0]]["state"] == "ok"
        assert got[links[1]]["state"] == "ok" and "archived" in got[links[1]]["message"]
        assert got[links[2]]["state"] == "redirect"
        assert got[links[2]]["final_url"] == "https://github.com/bob/new-name"
        assert got[links[3]]["state"] == "broken"
        assert set(api.auth) == {"Bearer t0ken"}
        assert code == 1
    finally:
        api.stop()


def test_arxiv_ids_checked_in_one_batch(workdir: Path, capsys, monkeypatch) -> None:
    api = Farm().start()
    try:
        api.arxiv = {"2506.19585": ("A paper", 2), "2401.00001": ("Another", 1)}
        monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", api.url("/api/query"))
        links = [
            "https://arxiv.org/abs/2506.19585",
            "https://arxiv.org/pdf/2506.19585v2",
            "https://arxiv.org/abs/2401.00001v3",  # no such version
            "https://arxiv.org/abs/2402.99999",  # unknown id
            "https://arxiv.org/abs/2413.00001",  # month 13: malformed, checked offline
        ]
        p = write_list(
            workdir, "".join(entry(f"A{i}", AUTHORS, f"Paper: {u}") for i, u in enumerate(links))
        )
        code, rep = run_json(capsys, str(p), "--no-cache")
        states = [by_url(rep)[u]["state"] for u in links]
        assert states == ["ok", "ok", "broken", "broken", "broken"]
        assert len(api.arxiv_requests) == 1  # one request for all the ids
        assert "malformed" in by_url(rep)[links[4]]["message"]
        assert code == 1
    finally:
        api.stop()


def test_markdown_and_github_formats(farm: Farm, workdir: Path, capsys) -> None:
    gone, moved = farm.url("/status/404/m"), farm.url("/chain/1/m")
    p = write_list(
        workdir,
        entry("Lost | paper", AUTHORS, f"Paper: {gone}")
        + entry("Moved", AUTHORS, f"Code: {moved}"),
    )
    main(["links", str(p), "--allow-private", "--no-cache", "--format", "markdown"])
    md = capsys.readouterr().out
    assert md.index("Broken") < md.index("Moved permanently") < md.index("Counts")
    assert "Lost \\| paper" in md and farm.url("/ok/m") in md
    main(["links", str(p), "--allow-private", "--no-cache", "--format", "github"])
    gh = capsys.readouterr().out
    assert "::error file=" in gh and ",line=" in gh


def test_relative_links_and_anchors(workdir: Path, capsys) -> None:
    (workdir / "docs").mkdir()
    (workdir / "docs" / "guide.md").write_text("# Guide\n\n## Set up\n", encoding="utf-8")
    body = (
        entry("R", AUTHORS, "Paper: [guide](docs/guide.md#set-up)", "Code: [missing](docs/nope.md)")
        + "See [the papers](#papers), [bad anchor](#nowhere), [other](docs/guide.md#absent).\n"
    )
    p = write_list(workdir, body)
    code, rep = run_json(capsys, str(p), "--no-cache")
    got = {r["url"]: r["state"] for r in rep["results"]}
    assert got == {
        "docs/guide.md#set-up": "ok",
        "docs/nope.md": "broken",
        "#papers": "ok",
        "#nowhere": "broken",
        "docs/guide.md#absent": "broken",
    }
    assert code == 1


def test_usage_errors(workdir: Path, capsys) -> None:
    p = write_list(workdir, entry("X", AUTHORS, "Paper: None"))
    assert main(["links", str(p), "--shard", "3/2"]) == 2
    assert main(["links", str(workdir / "missing.md")]) == 2
    (workdir / "geoai-bot.toml").write_text('[links]\nexclude = ["("]\n', encoding="utf-8")
    assert main(["links", str(p)]) == 2
    assert "links.exclude" in capsys.readouterr().err


def test_github_annotations_stay_within_the_step_budget(farm: Farm, workdir: Path, capsys) -> None:
    body = "".join(
        entry(f"T{i}", AUTHORS, f"Paper: {farm.url(f'/status/404/{i}')}") for i in range(13)
    )
    p = write_list(workdir, body)
    code = main(["links", str(p), "--allow-private", "--no-cache", "--format", "github"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert sum(line.startswith("::error") for line in out) == 10
    assert any(line.startswith("::notice") and "3 more errors" in line for line in out)
