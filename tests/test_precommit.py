"""The pre-commit hooks, run by the real `pre-commit try-repo` against a temporary list repository.

Slow (pre-commit builds a virtualenv and installs this project from PyPI dependencies,
about a minute) but run in CI: it is the only test that proves the hooks install and work.
try-repo installs the committed HEAD of this repository, so commit before running it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, git

CLEAN = (DATA / "lint" / "clean.md").read_text(encoding="utf-8")
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def test_manifest_declares_the_three_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert set(hooks) == {"geoai-lint", "geoai-fmt", "geoai-links"}
    for hook_id, command in (
        ("geoai-lint", "lint"),
        ("geoai-fmt", "fmt"),
        ("geoai-links", "links"),
    ):
        assert hooks[hook_id]["entry"] == f"geoai-bot {command}"
        assert hooks[hook_id]["language"] == "python"
    assert hooks["geoai-links"]["stages"] == ["manual"]
    assert "stages" not in hooks["geoai-lint"] and "stages" not in hooks["geoai-fmt"]
    ok = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_try_repo_runs_lint_and_fmt(tmp_path: Path) -> None:
    head = git(ROOT, "rev-parse", "HEAD")
    committed = git(ROOT, "ls-tree", "--name-only", "HEAD", ".pre-commit-hooks.yaml")
    if not committed:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    repo = tmp_path / "list"
    repo.mkdir()
    git(repo, "init", "-q")
    messy = CLEAN.replace("> Cy Diaz", "> Counting Street Trees in Dense Cities").replace(
        "    We count", "  We count"
    )
    (repo / "README.md").write_text(messy, encoding="utf-8")
    (repo / "notes.md").write_text("# Not a list\n", encoding="utf-8")  # not matched by `files`
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "list")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), NO_COLOR="1")

    def try_repo(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(ROOT),
                hook,
                "--ref",
                head,
                "--all-files",
                "--color",
                "never",
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    lint = try_repo("geoai-lint")
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "README.md:27:3: GB012 error Author line repeats the title" in lint.stdout
    assert "notes.md" not in lint.stdout

    fmt = try_repo("geoai-fmt")
    assert fmt.returncode == 1, fmt.stdout + fmt.stderr  # pre-commit fails a hook that edits
    assert "files were modified by this hook" in fmt.stdout
    assert "    We count" in (repo / "README.md").read_text(encoding="utf-8")
    again = try_repo("geoai-fmt")
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_hooks_run_on_two_lists_with_a_files_pattern(tmp_path: Path) -> None:
    """A list repository whose config points the hooks at `lists/*.md`: pre-commit passes
    both lists to one run of each hook, and each list's findings are reported."""
    head = git(ROOT, "rev-parse", "HEAD")
    repo = tmp_path / "lists-repo"
    (repo / "lists").mkdir(parents=True)
    git(repo, "init", "-q")
    one = CLEAN.replace("> Cy Diaz", "> Counting Street Trees in Dense Cities")
    two = CLEAN.replace("    We count", "  We count")
    (repo / "lists" / "one.md").write_text(one, encoding="utf-8")
    (repo / "lists" / "two.md").write_text(two, encoding="utf-8")
    (repo / "README.md").write_text("# About these lists\n", encoding="utf-8")  # not matched
    hooks = [{"id": h, "files": r"^lists/.*\.md$"} for h in ("geoai-lint", "geoai-fmt")]
    config = {"repos": [{"repo": str(ROOT), "rev": head, "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "lists")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), NO_COLOR="1")

    def run(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", hook, "--all-files", "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    lint = run("geoai-lint")
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "lists/one.md:27:3: GB012 error" in lint.stdout
    assert "lists/two.md:" in lint.stdout and "README.md" not in lint.stdout

    fmt = run("geoai-fmt")
    assert fmt.returncode == 1, fmt.stdout + fmt.stderr  # it edited lists/two.md
    assert "files were modified by this hook" in fmt.stdout
    assert "    We count" in (repo / "lists" / "two.md").read_text(encoding="utf-8")
    assert run("geoai-fmt").returncode == 0
