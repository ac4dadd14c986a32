"""action/install.sh for real, offline: a lock with a wheel this test builds, served from a
local index folder (PIP_INDEX_URL=file://...), and the wheel folder actions/cache would
restore. A cache holding a tampered wheel is refused and replaced by the locked file; a
complete cache installs without the index; the launcher cannot be hijacked from the
workspace it runs in."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WHEEL = "gbdemo-1.0-py3-none-any.whl"
pytestmark = pytest.mark.slow  # three pip runs and a virtualenv: ~5 s


def build_wheel(path: Path, value: str) -> str:
    """A minimal valid wheel of package `gbdemo` with VALUE; returns its sha256."""
    files = {
        "gbdemo/__init__.py": f"VALUE = {value!r}\n",
        "gbdemo-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: gbdemo\nVersion: 1.0\n",
        "gbdemo-1.0.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = []
    for name, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append("gbdemo-1.0.dist-info/RECORD,,")
    files["gbdemo-1.0.dist-info/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def action(tmp_path: Path) -> tuple[Path, Path]:
    """(a copy of the action whose lock pins the demo wheel, the local index's URL root)."""
    tree = tmp_path / "action"
    (tree / "action").mkdir(parents=True)
    for name in ("install.sh", "install.py"):
        shutil.copy(ROOT / "action" / name, tree / "action" / name)
    (tree / "src").symlink_to(ROOT / "src")
    index = tmp_path / "index"
    (index / "simple" / "gbdemo").mkdir(parents=True)
    sha = build_wheel(index / WHEEL, "locked")
    (index / "simple" / "gbdemo" / "index.html").write_text(
        f'<a href="../../{WHEEL}#sha256={sha}">{WHEEL}</a>\n', encoding="utf-8"
    )
    (tree / "action" / "requirements.lock").write_text(
        f"gbdemo==1.0 \\\n    --hash=sha256:{sha}\n", encoding="utf-8"
    )
    return tree, index


def install(
    tmp: Path, tree: Path, index: Path, run: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    runner = tmp / f"runner-{run}"
    runner.mkdir()
    (runner / "output").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_INDEX_URL=(index / "simple").as_uri(),
        PIP_NO_CACHE_DIR="1",
        GITHUB_ACTION_PATH=str(tree),
        GITHUB_OUTPUT=str(runner / "output"),
        RUNNER_TEMP=str(runner),
        GEOAI_BOT_WHEELS=str(tmp / "wheels"),  # the folder actions/cache restores
        GEOAI_BOT_PYTHON=sys.executable,  # a python with pip, as setup-python gives
    )
    proc = subprocess.run(
        ["bash", str(tree / "action" / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return proc, runner


def installed_value(runner: Path) -> str:
    venv_python = runner / "geoai-bot-venv" / "bin" / "python"
    return subprocess.run(
        [str(venv_python), "-I", "-c", "import gbdemo; print(gbdemo.VALUE)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_a_tampered_cache_is_refused_and_a_complete_one_needs_no_index(
    tmp_path: Path, action: tuple[Path, Path]
) -> None:
    tree, index = action
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    build_wheel(wheels / WHEEL, "tampered")  # what a poisoned cache would restore

    proc, runner = install(tmp_path, tree, index, "1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::warning title=geoai-bot::a file in the restored wheel cache does not match" in (
        proc.stdout
    )
    assert "downloaded" in proc.stdout
    assert installed_value(runner) == "locked"
    assert (wheels / WHEEL).read_bytes() == (index / WHEEL).read_bytes()
    output = (runner / "output").read_text(encoding="utf-8")
    assert f"exe={runner / 'geoai-bot-venv' / 'bin' / 'geoai-bot'}\n" in output

    # Warm: the folder the first run left is complete, so the index is never asked.
    (index / WHEEL).unlink()
    proc, runner = install(tmp_path, tree, index, "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "from the wheel cache" in proc.stdout and "::warning" not in proc.stdout
    assert installed_value(runner) == "locked"

    # The launcher runs geoai-bot from the checkout; a workspace's own geoai_bot/ package
    # or PYTHONPATH cannot replace it. (The dependencies come from this test's
    # environment through one more .pth file: the demo lock has none of them.)
    exe = str(runner / "geoai-bot-venv" / "bin" / "geoai-bot")
    site = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    venv_site = subprocess.run(
        [
            str(runner / "geoai-bot-venv" / "bin" / "python"),
            "-I",
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(venv_site, "deps.pth").write_text(site + "\n", encoding="utf-8")
    hostile = tmp_path / "ws"
    (hostile / "geoai_bot").mkdir(parents=True)
    for name in ("__init__.py", "__main__.py"):
        (hostile / "geoai_bot" / name).write_text("raise SystemExit('HIJACKED')\n")
    out = subprocess.run(
        [exe, "-V"],
        cwd=hostile,
        env={**os.environ, "PYTHONPATH": str(hostile)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and out.stdout.startswith("geoai-bot "), out.stdout + out.stderr
    assert "HIJACKED" not in out.stdout + out.stderr


def test_an_incomplete_cache_is_filled_from_the_index(
    tmp_path: Path, action: tuple[Path, Path]
) -> None:
    tree, index = action
    (tmp_path / "wheels").mkdir()  # restored, but empty
    proc, runner = install(tmp_path, tree, index, "1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::warning" not in proc.stdout and "downloaded" in proc.stdout
    assert installed_value(runner) == "locked"
