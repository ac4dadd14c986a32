"""Running a measured command as a child process, for the benchmark scripts beside this file.

`run_child` gives wall time, CPU time (user + system) and peak RSS from `wait4`'s rusage of
that one child. ru_maxrss counts the forked child before it execs too, so a script should
run its children before it grows (reads a large list in process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run_child(argv: list[str], capture: bool = False) -> tuple[float, float, float, int, str]:
    """(wall s, CPU s, peak RSS MB, exit code, stdout if CAPTURE else "") of one run."""
    start = time.perf_counter()
    out_to = subprocess.PIPE if capture else subprocess.DEVNULL
    proc = subprocess.Popen(argv, stdout=out_to, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout is not None else b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    # ru_maxrss is in kilobytes on Linux.
    return wall, cpu, usage.ru_maxrss / 1024, proc.returncode, out.decode("utf-8", "replace")


def compile_package() -> None:
    """Byte-compile geoai_bot as pip and pipx do when they install it: an editable tree on a
    machine with PYTHONDONTWRITEBYTECODE set (this one) would compile it on every run."""
    import geoai_bot

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(geoai_bot.__file__).parent)],
        check=False,
        stdout=subprocess.DEVNULL,
    )
