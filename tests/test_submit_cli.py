"""`geoai-bot submit`: environment and flags, exit codes, JSON outcome."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakes.github_api import GitHubAPI, github_api  # noqa: F401
from geoai_bot.cli.main import main
from test_submit_flow import body, setup


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, github_api: GitHubAPI) -> pytest.MonkeyPatch:  # noqa: F811
    monkeypatch.setenv("GEOAI_BOT_API_PAUSE", "0,0")
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    monkeypatch.setenv("GITHUB_API_URL", github_api.base_url)
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    return monkeypatch


def write_event(tmp_path: Path, api: GitHubAPI, number: int) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(api.issue_event("o/r", number)), encoding="utf-8")
    return path


def test_submit_reads_the_actions_environment(
    github_api: GitHubAPI,  # noqa: F811
    env: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    env.setenv("GITHUB_EVENT_PATH", str(write_event(tmp_path, github_api, issue.number)))
    assert main(["submit", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "opened"
    assert out["pull_request_url"].endswith(f"/pull/{next(iter(repo.pulls))}")
    assert set(github_api.tokens) == {"env-token"}


def test_flags_override_the_environment(
    github_api: GitHubAPI,  # noqa: F811
    env: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    event = write_event(tmp_path, github_api, issue.number)
    env.setenv("GITHUB_EVENT_PATH", str(tmp_path / "nope.json"))
    env.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    env.setenv("GITHUB_REPOSITORY", "someone/else")
    code = main(
        [
            "submit",
            "--event",
            str(event),
            "--repo",
            "o/r",
            "--api-url",
            github_api.base_url,
            "--token",
            "flag-token",
        ]
    )
    assert code == 0
    assert len(repo.pulls) == 1
    assert set(github_api.tokens) == {"flag-token"}


def test_failure_exits_one_and_usage_errors_exit_two(
    github_api: GitHubAPI,  # noqa: F811
    env: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(), ["new-paper"])
    event = write_event(tmp_path, github_api, issue.number)
    env.setenv("GEOAI_BOT_API_MAX_WAIT", "0")
    github_api.fail("POST", r"/pulls$", 502, times=100)
    assert main(["submit", "--event", str(event)]) == 1
    assert "re-running is safe" in capsys.readouterr().err
    env.delenv("GITHUB_TOKEN")
    assert main(["submit", "--event", str(event)]) == 2
    assert "GITHUB_TOKEN" in capsys.readouterr().err
    env.setenv("GITHUB_TOKEN", "t")
    assert main(["submit", "--event", str(tmp_path / "missing.json")]) == 2
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["submit", "--event", str(tmp_path / "bad.json")]) == 2
    assert "event JSON" in capsys.readouterr().err
    env.delenv("GITHUB_EVENT_PATH", raising=False)
    assert main(["submit"]) == 2


def test_invalid_submission_exits_zero_and_lists_problems(
    github_api: GitHubAPI,  # noqa: F811
    env: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = setup(github_api)
    issue = repo.add_issue("x", body(title=None), ["new-paper"])
    assert main(["submit", "--event", str(write_event(tmp_path, github_api, issue.number))]) == 0
    out = capsys.readouterr().out
    assert "Paper title: is missing" in out
    assert "invalid" in issue.labels
