"""Time the Action's own run as a runner does it: action/install.sh, then action/run.sh.

    python benchmarks/action_run.py [--runs 3] [--entries 300] [--rev REV]

Each round makes a fresh runner folder (RUNNER_TEMP, so a new virtualenv, as on a fresh
runner) and runs, in order:

- cold: install.sh with an empty cache folder (the wheels and pip's own cache: nothing
  restored), then the check;
- warm: install.sh again in a new runner folder, with the cache folder the cold run left
  (what actions/cache restores), then the check.

The check is `command: auto` on a push event with `args: --offline` (lint, format and
update-log checks, no links) on a generated list of ENTRIES entries in a git workspace,
through run.sh and the launcher install.sh wrote: the first run of a fresh install, so it
pays for compiling what it imports.

Needs network access to PyPI (the downloads of the cold runs). pip's configuration on the
machine is switched off (PIP_CONFIG_FILE=/dev/null, no PIP_* variables), as on a runner.
`--rev REV` measures the action as it was at git REV (its install.sh, lock and source,
from `git archive`), to compare. Steps are timed from `bash -x` with a timestamp in PS4
(the old install.sh) or read from install.py's own lines. Figures in benchmarks/README.md
("The Action's own run").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gen_list import generate  # noqa: E402

TRACED = "PS4='+ ${EPOCHREALTIME} '; set -x; source \"$1\""
OWN_TIMES = re.compile(r"^geoai-bot install: (.*?):? (\d+\.\d+) s$")
TRACE = re.compile(r"^\++ (\d+\.\d+) (.*)$")


def action_tree(rev: str | None, into: Path) -> Path:
    """The action's files: this checkout, or git REV unpacked into INTO."""
    if rev is None:
        return ROOT
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def cpu() -> float:
    """User + system seconds of every finished child so far (stable under load)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "GITHUB_", "INPUT_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("VIRTUAL_ENV", None)
    env.update(extra)
    return env


def label(command: str) -> str:
    """A short name for a traced install.sh command ("" for bookkeeping lines)."""
    rules = (
        ("venv", (" -m venv",)),
        ("ensurepip", ("ensurepip",)),
        ("pip version probe", ("import pip",)),
        ("pip download (cold)", (" download ",)),
        ("pip install geoai-bot (build from source)", (" install ", "--no-build-isolation")),
        (
            "pip install from the wheel folder (cold: a failed try, then the install)",
            (" install ", "--find-links"),
        ),
        ("pip install -r requirements.lock", (" install ", "--require-hashes")),
        ("write .pth + launcher", ("sysconfig",)),
    )
    for name, keys in rules:
        if all(k in command for k in keys):
            return name
    return ""


def install(
    action: Path, runner: Path, cache: Path, python: str
) -> tuple[float, float, dict[str, float], str]:
    """Run install.sh traced; (wall s, CPU s, seconds per step, the launcher's path)."""
    out = runner / "output"
    out.write_text("", encoding="utf-8")
    env = clean_env(
        {
            "GITHUB_ACTION_PATH": str(action),
            "RUNNER_TEMP": str(runner),
            "GITHUB_OUTPUT": str(out),
            "GEOAI_BOT_WHEELS": str(cache / "wheels"),  # the folder action.yml caches
            "PIP_CACHE_DIR": str(cache / "pip"),  # the old action cached pip's own cache
            "GEOAI_BOT_PYTHON": python,
        }
    )
    t0, c0 = time.perf_counter(), cpu()
    proc = subprocess.run(
        # bash ignores PS4 from the environment when run as root, so set it inside.
        ["bash", "-c", TRACED, "bash", str(action / "action" / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    steps_cpu = cpu() - c0
    if proc.returncode:
        sys.exit(f"install.sh failed:\n{proc.stdout}\n{proc.stderr}")
    end = time.time()  # EPOCHREALTIME is the wall clock
    traced = [(float(m[1]), m[2]) for m in map(TRACE.match, proc.stderr.splitlines()) if m]
    steps: dict[str, float] = defaultdict(float)
    for (start, command), nxt in zip(traced, [*traced[1:], (end, "")], strict=True):
        name = label(command)
        if name:
            steps[name] += nxt[0] - start
    # install.py (since the wheel cache) times its own steps: `geoai-bot install: what: N s`.
    for m in map(OWN_TIMES.match, proc.stdout.splitlines()):
        if m:
            steps[re.sub(r" \(.*\)", "", m[1])] += float(m[2])
    exe = re.search(r"^exe=(.*)$", out.read_text(encoding="utf-8"), re.M)
    assert exe, "install.sh wrote no exe output"
    return wall, steps_cpu, dict(steps), exe[1]


def check(action: Path, runner: Path, ws: Path, exe: str) -> tuple[float, float, int]:
    """The push event's check job with --offline, through run.sh; (wall s, CPU s, exit)."""
    (runner / "event.json").write_text("{}", encoding="utf-8")
    (runner / "output").write_text("", encoding="utf-8")
    env = clean_env(
        {
            "GITHUB_ACTION_PATH": str(action),
            "GITHUB_WORKSPACE": str(ws),
            "GITHUB_EVENT_NAME": "push",
            "GITHUB_EVENT_PATH": str(runner / "event.json"),
            "GITHUB_OUTPUT": str(runner / "output"),
            "GITHUB_STEP_SUMMARY": str(runner / "summary"),
            "RUNNER_TEMP": str(runner),
            "GEOAI_BOT_EXE": exe,
            "INPUT_COMMAND": "auto",
            "INPUT_PATH": "README.md",
            "INPUT_ARGS": "--offline",
        }
    )
    t0, c0 = time.perf_counter(), cpu()
    proc = subprocess.run(
        ["bash", str(action / "action" / "run.sh")], cwd=ws, env=env, capture_output=True
    )
    return time.perf_counter() - t0, cpu() - c0, proc.returncode


def workspace(at: Path, entries: int) -> Path:
    at.mkdir()
    (at / "README.md").write_text(generate(entries, quirks=False), encoding="utf-8")
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "list"]):
        subprocess.run(
            ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *cmd],
            cwd=at,
            check=True,
        )
    return at


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="rounds of cold + warm (3)")
    ap.add_argument("--entries", type=int, default=300, help="entries in the list (300)")
    ap.add_argument("--rev", help="measure the action at this git revision")
    ap.add_argument(
        "--python",
        default=getattr(sys, "_base_executable", sys.executable),
        help="the interpreter install.sh uses, as setup-python gives it (default: the one "
        "under this virtualenv)",
    )
    ap.add_argument("--json", help="also write every figure to this file")
    args = ap.parse_args()
    rows: dict[str, list[float]] = defaultdict(list)
    steps_by: dict[str, dict[str, list[float]]] = {"cold": defaultdict(list), "warm": {}}
    steps_by["warm"] = defaultdict(list)
    loads: list[float] = []
    codes: set[int] = set()
    with tempfile.TemporaryDirectory(prefix="geoai-bot-action-bench-") as tmp:
        base = Path(tmp)
        action = action_tree(args.rev, base / "action")
        ws = workspace(base / "ws", args.entries)
        for i in range(args.runs):
            cache = base / f"cache-{i}"
            for kind in ("cold", "warm"):
                runner = base / f"runner-{i}-{kind}"
                runner.mkdir()
                loads.append(os.getloadavg()[0])
                wall, wall_cpu, steps, exe = install(action, runner, cache, args.python)
                took, took_cpu, code = check(action, runner, ws, exe)
                codes.add(code)
                rows[f"{kind} install"].append(wall)
                rows[f"{kind} check"].append(took)
                rows[f"{kind} total"].append(wall + took)
                rows[f"{kind} install CPU"].append(wall_cpu)
                rows[f"{kind} check CPU"].append(took_cpu)
                for name, s in steps.items():
                    steps_by[kind][name].append(s)
                print(
                    f"round {i + 1} {kind}: install {wall:.2f} s, check {took:.2f} s "
                    f"(exit {code}), load {loads[-1]:.2f}",
                    file=sys.stderr,
                )
                shutil.rmtree(runner)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; rev {args.rev or 'working tree'}; "
        f"{args.runs} rounds; load average {min(loads):.2f}-{max(loads):.2f}; "
        f"check exit codes {sorted(codes)}"
    )
    print("\n| step | median (s) | min | max |\n|---|---:|---:|---:|")
    for name, values in rows.items():
        print(
            f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |"
        )
    for kind, steps in steps_by.items():
        print(f"\n{kind} install.sh, by step (median s):")
        for name, values in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"  {name}: {statistics.median(values):.2f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"rows": rows, "steps": steps_by, "loads": loads}, indent=2),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
