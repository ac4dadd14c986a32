"""`check` and the Action read geoai-bot.toml as the subcommands do, and take settings (the
token too) as values: regressions of issue 10 item 2 (they used to re-enter the CLI)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.linkfarm import Farm
from geoai_bot.action import run as action
from geoai_bot.action.env import ActionEnv, Inputs
from geoai_bot.cli.main import main
from test_action_e2e import entry, make_list

DASHED = "%Y-%m-%d"


@pytest.fixture
def farm() -> Iterator[Farm]:
    with Farm() as f:
        yield f


def dashed_list(tmp: Path) -> Path:
    """A list whose log is canonical for date_format = "%Y-%m-%d" (and only for it)."""
    text = make_list(entry("One", "A. Author", ("Paper", "https://example.org/1")))
    text = text.replace("2025.07.01", "2025-07-01")
    path = tmp / "README.md"
    path.write_text(text, encoding="utf-8")
    (tmp / "geoai-bot.toml").write_text(f'[log]\ndate_format = "{DASHED}"\n', encoding="utf-8")
    return path


def test_check_formats_with_the_log_date_format_as_fmt_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = dashed_list(tmp_path)
    assert main(["fmt", "--check", str(path)]) == 0  # fmt: already formatted
    assert main(["log", "--check", str(path)]) == 0
    capsys.readouterr()
    code = main(["check", "--offline", "--format", "json", str(path)])
    data = json.loads(capsys.readouterr().out)
    assert [f for f in data["findings"] if f["rule"] == "fmt"] == []
    assert code == 0, data["findings"]
    # The same file with the default format is not canonical: the check does look.
    (tmp_path / "geoai-bot.toml").write_text("", encoding="utf-8")
    assert main(["check", "--offline", "--format", "json", str(path)]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    # Reported once: by the format part, or by the lint rule whose --fix makes that change.
    assert any(f["rule"] == "fmt" or (f["rule"].startswith("GB") and f["fix"]) for f in found)


def test_the_actions_format_step_reads_the_log_date_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dashed_list(tmp_path)
    monkeypatch.chdir(tmp_path)  # as main() does: the `path` input is relative to the workspace
    env = ActionEnv(
        inputs=Inputs(command="fmt", path=path.name),
        workspace=tmp_path,
        temp_dir=tmp_path / "temp",
        output_file=tmp_path / "output",
    )
    assert action.run(env) == 0
    assert "findings<<" in (tmp_path / "output").read_text(encoding="utf-8")
    report = json.loads((tmp_path / "temp" / "geoai-bot-report.json").read_text("utf-8"))
    assert report["findings"] == []


def test_check_fails_on_the_link_states_links_fails_on(
    tmp_path: Path, farm: Farm, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = farm.url("/chain/1/a")
    path = tmp_path / "README.md"
    path.write_text(make_list(entry("One", "A. Author", ("Paper", moved))), encoding="utf-8")
    cache = (tmp_path / "cache.sqlite").as_posix()
    toml = f'[links]\nretries = 0\ninterval = 0\ncache = "{cache}"\n'
    (tmp_path / "geoai-bot.toml").write_text(toml, encoding="utf-8")
    assert main(["check", str(path), "--allow-private"]) == 0  # a redirect is not a failure
    (tmp_path / "geoai-bot.toml").write_text(
        toml + 'fail_on = ["broken", "redirect"]\n', encoding="utf-8"
    )
    assert main(["links", str(path), "--allow-private"]) == 1
    capsys.readouterr()
    assert main(["check", str(path), "--allow-private", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [r["state"] for r in data["links"]["results"]] == ["redirect"]
    assert data["summary"]["broken_links"] == 0  # the contract's count is unchanged


def test_the_action_passes_its_token_as_a_value_not_through_os_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # main() moves into the workspace; undo it afterwards
    with Farm() as api:
        api.add_repo("alice/geo")
        text = make_list(entry("One", "A. Author", ("Code", "https://github.com/alice/geo")))
        (tmp_path / "README.md").write_text(text, encoding="utf-8")
        cache = (tmp_path / "cache.sqlite").as_posix()
        (tmp_path / "geoai-bot.toml").write_text(f'[links]\ncache = "{cache}"\n', "utf-8")
        environ = {
            "INPUT_COMMAND": "links",
            "INPUT_TOKEN": "input-t0ken",
            "GITHUB_WORKSPACE": str(tmp_path),
            "RUNNER_TEMP": str(tmp_path / "temp"),
            "GEOAI_BOT_GITHUB_API_URL": api.base,
            "GEOAI_BOT_ALLOW_PRIVATE": "1",
        }
        assert action.main(environ) == 0
        assert api.auth == ["Bearer input-t0ken"]
    assert "GITHUB_TOKEN" not in os.environ
