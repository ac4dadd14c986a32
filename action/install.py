"""Install geoai-bot for the composite Action: its dependencies into a private virtualenv,
the action's own checkout on that virtualenv's path, and a launcher (the `exe` output).

Standard library only: install.sh runs it with the job's interpreter before anything is
installed. Nothing in it decides what a job does; that is `geoai-bot action`.

Trust: the jobs this runs in hold write tokens, so nothing is resolved at action time and
nothing restored from a cache is trusted. Every dependency comes from
action/requirements.lock, pinned with the sha256 of each file, and pip checks every wheel
against it (--require-hashes), whether it came from the index or from the wheel folder
that actions/cache restored (keyed on the lock; anyone who can write to the repository's
Actions cache can put files there). pip checks every hash before it installs anything, so
a folder with a file that does not match fails whole; it is then thrown away and
downloaded again.

Speed (benchmarks/README.md, "The Action's own run"): the old install spent its time
creating a virtualenv with pip in it (ensurepip), compiling every dependency's .py files,
and building geoai-bot from source with setuptools. Now: a virtualenv without pip (the
interpreter's own pip installs into it with --python), no .pyc compilation up front
(Python compiles what a job imports, when it imports it), no resolver (--no-deps: the lock
is complete, uv writes every transitive dependency), and no build (geoai-bot is pure
Python; a .pth file puts the checkout's src/ on the path, which is what a wheel holds).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

LAUNCHER = """#!/bin/sh
# -I: jobs run in the workspace (a pull request's files), so neither the current folder
# nor PYTHON* variables may decide what is imported; the .pth files still apply.
exec "$(dirname "$0")/python" -I -m geoai_bot "$@"
"""
MISMATCH = "DO NOT MATCH THE HASHES"  # pip's words for a file that is not the locked one


def say(message: str) -> None:
    print(f"geoai-bot install: {message}", flush=True)


def pip_command(python: Path) -> list[str]:
    """pip for the new virtualenv: this interpreter's own pip with --python (pip 22.3 or
    later), else pip bootstrapped into the virtualenv (slow: seconds)."""
    try:
        import pip

        version = tuple(int(x) for x in pip.__version__.split(".")[:2])
    except (ImportError, ValueError):
        version = (0, 0)
    if version >= (22, 3):
        return [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run(
        [str(python), "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL
    )
    return [str(python), "-m", "pip"]


def install(pip: list[str], lock: Path, wheels: Path) -> str:
    """The locked wheels into the virtualenv, from WHEELS when it holds them all and each
    matches the lock, else downloaded afresh; says which."""
    common = ["--quiet", "--disable-pip-version-check", "--no-input"]
    hashed = ["--require-hashes", "--only-binary=:all:", "--no-deps", "-r", str(lock)]
    offline = [*pip, "install", *common, "--no-compile", "--no-index", "--find-links"]
    wheels.mkdir(parents=True, exist_ok=True)
    tried = subprocess.run([*offline, str(wheels), *hashed], capture_output=True, text=True)
    if tried.returncode == 0:
        return "from the wheel cache (every file matched the lock)"
    if MISMATCH in tried.stderr + tried.stdout:
        print(
            "::warning title=geoai-bot::a file in the restored wheel cache does not match "
            "action/requirements.lock (corrupted or tampered with); it was not used",
            flush=True,
        )
    shutil.rmtree(wheels)
    wheels.mkdir(parents=True)
    subprocess.run([*pip, "download", *common, "--dest", str(wheels), *hashed], check=True)
    subprocess.run([*offline, str(wheels), *hashed], check=True)
    return "downloaded (the wheel cache was empty, incomplete or not the locked files)"


def main() -> int:
    action = Path(os.environ["GITHUB_ACTION_PATH"])
    temp = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir())
    wheels = Path(os.environ.get("GEOAI_BOT_WHEELS") or temp / "geoai-bot-wheels")
    home = temp / "geoai-bot-venv"
    t0 = time.perf_counter()
    venv.EnvBuilder(clear=True, with_pip=False, symlinks=os.name != "nt").create(home)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    t1 = time.perf_counter()
    how = install(pip_command(python), action / "action" / "requirements.lock", wheels)
    t2 = time.perf_counter()
    purelib = subprocess.run(
        [str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "geoai-bot-action.pth").write_text(f"{action / 'src'}\n", encoding="utf-8")
    exe = bin_dir / "geoai-bot"
    exe.write_text(LAUNCHER, encoding="utf-8")
    exe.chmod(0o755)
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        out.write(f"exe={exe}\n")
    t3 = time.perf_counter()
    say(f"virtualenv {t1 - t0:.2f} s")
    say(f"dependencies {how}: {t2 - t1:.2f} s")
    say(f"geoai-bot from the action's checkout: {t3 - t2:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
