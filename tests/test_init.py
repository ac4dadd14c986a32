"""`geoai-bot init`: a list repository set up in one command, green on day one, and only
new problems fail afterwards (issue 13's done-when, on every corpus list)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import LIST_FILES, needs_corpus
from geoai_bot.cli.main import main
from geoai_bot.core.config import load_config
from geoai_bot.core.parse import parse_text
from geoai_bot.core.style import learn_style
from geoai_bot.submit.form import parse_template
from test_action_e2e import entry, git, make_list

WORKFLOWS = ("geoai-bot-pr.yml", "geoai-bot-links.yml", "geoai-bot-submit.yml")
SECTIONS = "## Optical\n\n\n{a}\n\n\n## Radar\n\n\n{b}"


def repo(tmp_path: Path, text: str) -> Path:
    ws = tmp_path / "list"
    ws.mkdir()
    git(ws, "init", "-q", "-b", "main")
    (ws / "README.md").write_text(text, encoding="utf-8")
    return ws


def commit_all(ws: Path) -> None:
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "geoai-bot init")


def add_entry_without_authors(text: str) -> str:
    """A new entry (no author line) before the list's second entry, spaced the way `fmt`
    writes this list (its learned style), as a maintainer running `fmt` would have it."""
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if line.startswith("#### ")]
    at = heads[1] if len(heads) > 1 else heads[0]
    start = at
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    gap = [""] * learn_style(parse_text(text)).between
    new = [
        "#### Estimating Crop Yields From Orbit",
        "",
        "* Paper: https://arxiv.org/abs/2501.09942",
    ]
    return "\n".join(lines[:start] + gap + new + gap + lines[at:])


@needs_corpus
@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.name[:40])
def test_init_then_only_the_new_entry_fails(
    tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = repo(tmp_path, path.read_text(encoding="utf-8"))
    monkeypatch.chdir(ws)
    assert main(["init"]) == 0
    commit_all(ws)
    capsys.readouterr()
    assert main(["check", "--offline", "README.md"]) == 0, capsys.readouterr().out
    original = (ws / "README.md").read_text(encoding="utf-8")
    (ws / "README.md").write_text(add_entry_without_authors(original), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--offline", "--changed-from", "HEAD", "README.md"]) == 1
    out = capsys.readouterr().out
    failing = [ln for ln in out.splitlines() if re.match(r"README\.md:\d+:", ln)]
    assert len(failing) == 1 and "GB013" in failing[0], out
    # Fixing it makes the check pass again.
    fixed = add_entry_without_authors(original).replace(
        "Estimating Crop Yields From Orbit\n\n",
        "Estimating Crop Yields From Orbit\n\n> Ann Lee, Bo Chen\n\n",
    )
    (ws / "README.md").write_text(fixed, encoding="utf-8")
    assert main(["check", "--offline", "--changed-from", "HEAD", "README.md"]) == 0, (
        capsys.readouterr().out
    )


def test_init_writes_every_file_and_keeps_existing_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = entry("Rivers From Orbit", "A. Author", ("Paper", "https://arxiv.org/abs/2501.00001"))
    b = entry("Ships In Radar", "B. Author", ("Paper", "https://arxiv.org/abs/2501.00002"))
    text = make_list(SECTIONS.format(a=a, b=b), count=2).replace("## :memo: Paper List\n\n\n", "")
    ws = repo(tmp_path, text)
    monkeypatch.chdir(ws)
    assert main(["fmt", "README.md"]) == 0  # a clean list
    (ws / "geoai-bot.toml").write_text("# mine\n", encoding="utf-8")
    assert main(["init", "--action-sha", "a" * 40]) == 0
    out = capsys.readouterr().out
    for name in WORKFLOWS:
        wf = (ws / ".github" / "workflows" / name).read_text(encoding="utf-8")
        data = yaml.safe_load(wf)
        assert data["permissions"] == {}  # least privilege: per job only
        assert f"geoai-bot/geoai-bot@{'a' * 40}" in wf
        for job in data["jobs"].values():
            for step in job["steps"]:
                ref = step["uses"].split("@", 1)[1]
                assert len(ref) == 40, step["uses"]  # every action pinned to a SHA
        assert f"wrote .github/workflows/{name}" in out
    form = parse_template((ws / ".github/ISSUE_TEMPLATE/add-paper.yml").read_text(encoding="utf-8"))
    section = form.field("section")
    assert section is not None and section.options == ("Optical", "Radar")
    assert section.type == "dropdown" and not section.required  # the free-text field, replaced
    assert (ws / "geoai-bot.toml").read_text(encoding="utf-8") == "# mine\n"  # kept
    assert "kept geoai-bot.toml" in out
    assert "new-paper" in out and "Allow GitHub Actions to create and approve pull requests" in out
    assert not (ws / ".geoai-bot-baseline.json").exists()  # a clean list needs none
    # A second run changes nothing and says so; --force replaces.
    assert main(["init"]) == 1
    assert main(["init", "--force"]) == 0
    load_config(ws / "geoai-bot.toml")  # the written config is valid


def test_bad_sha_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "README.md"), "--action-sha", "v1"]) == 2
    assert "40-hex" in capsys.readouterr().err
