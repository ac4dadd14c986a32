"""Attacks through the Action and configuration (issue 12, items 8-10): a pull request's
files (geoai-bot.toml, symlinks) and the workflow's event are not to be trusted, and the
install must not resolve anything at action time."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from geoai_bot.action.env import ActionEnv, Inputs
from geoai_bot.action.run import plan
from geoai_bot.action.run import run as run_action
from geoai_bot.core.errors import GeoaiError
from geoai_bot.links.cache import Cache

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "paper-list.md").read_text(encoding="utf-8")
# Only a loopback link (nothing listens on port 9): the link check never leaves the machine.
LOOPBACK_LIST = (
    "# List\n\n## Papers\n\n#### A Paper\n\n> Ada Lovelace\n\n* Paper: http://127.0.0.1:9/paper\n"
)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A checked-out pull request: a git work tree with the list, and a victim file outside."""
    work = tmp_path / "checkout"
    (work / ".git").mkdir(parents=True)
    (work / "README.md").write_text(LOOPBACK_LIST, encoding="utf-8")
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return work


# -- item 8: the cache path from a pull request's geoai-bot.toml ------------------------


def _victim_untouched(repo: Path) -> None:
    victim = repo.parent / "victim"
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlinked-dir", "symlinked-file"])
def test_a_config_cache_path_cannot_leave_the_repository(repo: Path, how: str) -> None:
    victim = repo.parent / "victim" / "precious.txt"
    if how == "absolute":
        cache = str(victim)
    elif how == "dotdot":
        cache = "../victim/precious.txt"
    elif how == "symlinked-dir":  # a committed symlink `.geoai-bot -> /any/dir`
        (repo / ".geoai-bot").symlink_to(victim.parent, target_is_directory=True)
        cache = ".geoai-bot/precious.txt"
    else:
        (repo / "cache.sqlite").symlink_to(victim)
        cache = "cache.sqlite"
    (repo / "geoai-bot.toml").write_text(f'[links]\ncache = "{cache}"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "geoai_bot", "links", "README.md", "--allow-private"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=repo,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2, proc.stderr
    assert "[links] cache" in proc.stderr and "outside the repository" in proc.stderr
    assert "Traceback" not in proc.stderr
    _victim_untouched(repo)


def test_the_cache_never_renames_or_writes_a_file_it_did_not_create(tmp_path: Path) -> None:
    warnings: list[str] = []
    other = tmp_path / "notes.txt"
    other.write_text("a user's file\n", encoding="utf-8")
    app_db = tmp_path / "app.sqlite"
    with sqlite3.connect(app_db) as db:
        db.execute("CREATE TABLE users (name TEXT)")
    app_bytes = app_db.read_bytes()
    for path in (other, app_db):
        Cache(path, warn=warnings.append).close()
    assert other.read_text(encoding="utf-8") == "a user's file\n"
    assert app_db.read_bytes() == app_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.sqlite", "notes.txt"]
    assert len(warnings) == 2 and all("left untouched" in w for w in warnings)


def test_the_cache_still_rebuilds_a_broken_cache_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    Cache(path).close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    warnings: list[str] = []
    cache = Cache(path, warn=warnings.append)
    assert cache.db is not None and any("moved to" in w for w in warnings)
    cache.close()


def _env(tmp_path: Path, path: str, **kw: str) -> ActionEnv:
    return ActionEnv(
        inputs=Inputs(command="lint", path=path, **kw),  # type: ignore[arg-type]
        event_name="push",
        workspace=tmp_path,
        output_file=tmp_path / "out.txt",
    )


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_the_path_input_cannot_leave_the_workspace(repo: Path, how: str) -> None:
    victim = repo.parent / "victim" / "precious.txt"
    if how == "absolute":
        path = str(victim)
    elif how == "dotdot":
        path = "../victim/precious.txt"
    else:
        (repo / "LIST.md").symlink_to(victim)
        path = "LIST.md"
    (repo / "README.md").write_text(EXAMPLE, encoding="utf-8")
    with pytest.raises(GeoaiError, match="input 'path' points outside"):
        run_action(_env(repo, path))
    _victim_untouched(repo)


def test_the_config_input_cannot_leave_the_workspace(repo: Path) -> None:
    with pytest.raises(GeoaiError, match="input 'config' points outside"):
        run_action(_env(repo, "README.md", config="../victim/precious.txt"))


# -- item 9: pull_request_target, whatever the command --------------------------------


@pytest.mark.parametrize("command", ["auto", "lint", "fmt", "links", "submit", "link-report"])
def test_pull_request_target_is_refused_for_every_command(tmp_path: Path, command: str) -> None:
    env = ActionEnv(
        inputs=Inputs(command=command),
        event_name="pull_request_target",
        event={"pull_request": {"base": {"sha": "a" * 40}}},
        workspace=tmp_path,
    )
    p = plan(env)
    assert p.job == "nothing" and "pull_request_target" in p.reason


# -- item 10: install from a lock with hashes -----------------------------------------

LOCK = ROOT / "action" / "requirements.lock"


def _pins() -> dict[str, list[str]]:
    """name -> the lock's hash lines for it (a name may be pinned twice under markers)."""
    pins: dict[str, list[str]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==\S+", line)
        if m:
            current = canonicalize_name(m.group(1))
            pins.setdefault(current, [])
        elif current and line.strip().startswith("--hash=sha256:"):
            pins[current].append(line.strip())
        elif not line.startswith(" "):
            current = None
    return pins


def test_the_lock_pins_every_runtime_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # No build backend: install.py puts the checkout's src/ on the path, nothing is built.
    wanted = [Requirement(r) for r in project["project"]["dependencies"]]
    pins = _pins()
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert not missing, f"not in {LOCK.name}: {missing}; run `bash action/update-lock.sh`"
    unhashed = [name for name, hashes in pins.items() if not hashes]
    assert not unhashed
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if m:  # the pinned version satisfies what pyproject.toml asks for
            for r in wanted:
                if canonicalize_name(r.name) == canonicalize_name(m.group(1)):
                    assert r.specifier.contains(m.group(2), prereleases=True), (r, line)


def test_install_uses_only_the_lock_with_hashes() -> None:
    """Every pip call install.py makes carries the lock with --require-hashes, binaries
    only and no resolver; installs never reach an index; the project is never built."""
    script = (ROOT / "action" / "install.py").read_text(encoding="utf-8")
    assert 'hashed = ["--require-hashes", "--only-binary=:all:", "--no-deps", "-r", str(lock)]' in (
        script
    )
    calls = re.findall(r"subprocess\.run\(\s*\[\*(\w+), ([^\n]*)", script)
    assert len(calls) == 3, calls
    for _, rest in calls:
        assert "*hashed" in rest
    assert '"--no-index"' in script and "--no-build-isolation" not in script
    assert "setup.py" not in script and '"wheel"' not in script
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert re.search(r"actions/cache@[0-9a-f]{40} ", action)
    assert "steps.lock.outputs.hash" in action and "runner.arch" in action
