"""Installable the way users install tools: `python -m build` makes an sdist and a wheel that
carry the package data, and the wheel installed into a fresh virtualenv runs `geoai-bot -V`.

Slow (a real build and a real virtualenv). Offline: the build runs `--no-isolation` with the
backend from the test extra, and the fresh virtualenv gets the wheel with `--no-deps`, its
dependencies coming from this interpreter's site-packages on PYTHONPATH (which imports the
package only from the new virtualenv: .pth files, like the editable install's, are not read
from PYTHONPATH).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from geoai_bot import __version__

PACKAGE_DATA = (
    "geoai_bot/data/add-paper.yml",
    "geoai_bot/data/workflow-pr.yml",
    "geoai_bot/data/workflow-links.yml",
    "geoai_bot/data/workflow-submit.yml",
    "geoai_bot/site/assets/index.html",
    "geoai_bot/site/assets/app.js",
    "geoai_bot/site/assets/style.css",
    "geoai_bot/py.typed",
)


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(args, capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]
    assert run.returncode == 0, f"{args}\n{run.stdout}\n{run.stderr}"
    return run  # type: ignore[no-any-return]


def _tracked_copy(dest: Path) -> Path:
    """The project's tracked files (as in the working tree), so the build sees no local junk."""
    files = _run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def test_the_version_lives_in_one_place() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text
    assert 'version = { attr = "geoai_bot.__version__" }' in text
    assert "\nversion = " not in text.split("[tool.setuptools.dynamic]")[0]
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_build_then_install_the_wheel_into_a_fresh_venv(tmp_path: Path) -> None:
    src = _tracked_copy(tmp_path / "src")
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)])
    (sdist,) = dist.glob("geoai_bot-*.tar.gz")
    (wheel,) = dist.glob("geoai_bot-*.whl")
    assert sdist.name == f"geoai_bot-{__version__}.tar.gz"
    assert wheel.name.startswith(f"geoai_bot-{__version__}-")

    with tarfile.open(sdist) as tar:
        in_sdist = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    with zipfile.ZipFile(wheel) as zf:
        in_wheel = set(zf.namelist())
    for name in PACKAGE_DATA:
        assert f"src/{name}" in in_sdist, f"sdist lacks {name}"
        assert name in in_wheel, f"wheel lacks {name}"
    assert not any(n.startswith("tests/") for n in in_wheel)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run(
        [
            str(bindir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ]
    )
    env = dict(os.environ, PYTHONPATH=sysconfig.get_paths()["purelib"])
    env.pop("PYTHONHOME", None)
    out = _run([str(bindir / "geoai-bot"), "-V"], env=env, cwd=tmp_path)
    assert out.stdout.strip() == f"geoai-bot {__version__}"
    where = _run(
        [
            str(bindir / "python"),
            "-c",
            "import geoai_bot.submit.form as f; print(f.__file__); "
            "print(len(f.default_template_text()))",
        ],
        env=env,
        cwd=tmp_path,
    ).stdout.split()
    assert Path(where[0]).resolve().is_relative_to(venv.resolve())  # the wheel, not the checkout
    assert int(where[1]) > 100  # package data read through importlib.resources
