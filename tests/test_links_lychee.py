"""Coming from lychee: `.lycheeignore` and lychee.toml's exclude / exclude_path / accept,
next to the list and at the repository root, applied to a real check of loopback links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import entry, git, make_list
from fakes.linkfarm import Farm
from geoai_bot.check.run import check
from geoai_bot.cli.main import main
from geoai_bot.core.errors import GeoaiError
from geoai_bot.links.lychee import find

CONFIG = "[links]\ntimeout = 2.0\nretries = 0\ninterval = 0\n"


def repo_with_list(tmp: Path, readme: str) -> Path:
    git(tmp, "init", "-q")
    (tmp / "docs").mkdir()
    path = tmp / "docs" / "list.md"
    path.write_text(readme, encoding="utf-8")
    (tmp / "docs" / "geoai-bot.toml").write_text(CONFIG, encoding="utf-8")
    return path


def test_lychee_files_exclude_and_accept(
    tmp_path: Path, farm: Farm, capsys: pytest.CaptureFixture[str]
) -> None:
    gone, private, forbidden = (
        farm.url("/status/404/a"),
        farm.url("/status/404/b"),
        farm.url("/status/403/c"),
    )
    teapot = farm.url("/status/418/d")
    readme = make_list(
        entry("One", "A. B", ("Paper", gone), ("Code", private), ("Data", forbidden)),
        entry("Two", "C. D", ("Paper", teapot), "Code: [draft](drafts/missing.md)"),
    )
    path = repo_with_list(tmp_path, readme)
    (tmp_path / ".lycheeignore").write_text(
        "# lychee's own comments\n\n/status/404/a$\n", encoding="utf-8"
    )
    (tmp_path / "lychee.toml").write_text(
        'max_concurrency = 4\naccept = [200, "401..=403", "418"]\nexclude_path = ["^drafts/"]\n',
        encoding="utf-8",
    )
    (path.parent / ".lycheeignore").write_text("/status/404/b\n", encoding="utf-8")
    out = tmp_path / "r.json"
    code = main(["links", str(path), "--allow-private", "--no-cache", "--format", "json",
                 "-o", str(out)])  # fmt: skip
    states = {r["url"]: r["state"] for r in json.loads(out.read_text())["results"]}
    assert code == 0
    assert states == {
        gone: "excluded",  # the root's .lycheeignore
        private: "excluded",  # the list folder's .lycheeignore
        forbidden: "ok",  # accept "401..=403"
        teapot: "ok",  # accept "418"
        "drafts/missing.md": "excluded",  # exclude_path
    }
    err = capsys.readouterr().err
    assert "lychee settings used from" in err and ".lycheeignore" in err and "lychee.toml" in err
    # `check` (and so the Action) says so in the report's notes.
    report = check(str(path), lint=False, fmt=False, log=False, allow_private=True,
                   cache=str(tmp_path / "c.sqlite"))  # fmt: skip
    assert any("lychee settings used from" in n for n in report.notes)
    assert report.links is not None and not report.links.broken


def test_without_lychee_files_nothing_changes(tmp_path: Path) -> None:
    path = repo_with_list(tmp_path, make_list(entry("One", "A. B", ("Paper", "x.md"))))
    found = find(path)
    assert found.sources == [] and found.note() is None


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (".lycheeignore", "ok\n(unclosed\n", ".lycheeignore:2: not a regular expression"),
        ("lychee.toml", "exclude = [", "lychee.toml: not valid TOML"),
        ("lychee.toml", 'exclude = "x"\n', "exclude must be a list of regular expressions"),
        ("lychee.toml", 'exclude_path = ["["]\n', "exclude_path: not a regular expression"),
        ("lychee.toml", 'accept = ["2xx"]\n', "accept: '2xx' is not a status code or range"),
        ("lychee.toml", 'accept = ["300..200"]\n', "is not a range of HTTP status codes"),
        ("lychee.toml", "accept = [true]\n", "accept: 'True' is not a status code"),
        ("lychee.toml", "accept = 200\n", "accept must be a list of status codes"),
        (".lycheeignore", b"\xff\xfe".decode("latin-1"), None),
    ],
)
def test_bad_lychee_files_are_clear_errors(
    tmp_path: Path, name: str, text: str, message: str | None
) -> None:
    path = repo_with_list(tmp_path, make_list(entry("One", "A. B", ("Paper", "x.md"))))
    if message is None:  # not UTF-8
        (tmp_path / name).write_bytes(b"\xff\xfe\x00bad")
        message = "cannot read it"
    else:
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(GeoaiError) as err:
        find(path)
    assert message in str(err.value) and name in str(err.value)
    assert main(["links", str(path), "--offline"]) == 2  # the CLI: exit 2, nothing checked
