"""Benchmark geoai-bot's core on a generated 10,000-entry list, next to plain mistune.

    python benchmarks/core.py [--entries 10000] [--runs 5] [--file LIST.md]

Each command runs as its own process, several times, the commands taking turns; the table
shows the median wall and CPU time, the ratio to mistune's CPU time, and the largest peak
RSS (from wait4's rusage of that one child). Then, in this process, the line scanner
(`parse_text`) and mistune's AST are timed on the same text, so the parser choice can be
compared without interpreter start-up. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from child import compile_package, run_child  # noqa: E402

MISTUNE_AST = (
    "import sys, mistune\n"
    "md = mistune.create_markdown(renderer='ast')\n"
    "md(open(sys.argv[1], encoding='utf-8').read())\n"
)


def geoai_bot() -> list[str]:
    """The installed console script next to this interpreter, else `python -m geoai_bot`."""
    script = Path(sys.executable).with_name("geoai-bot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "geoai_bot"]


def measure_all(
    commands: list[tuple[str, list[str]]], runs: int
) -> list[tuple[str, float, float, float, int]]:
    """Each command RUNS times, round-robin: this machine's speed drifts by tens of percent
    over a minute, and interleaving gives every command the same mix of fast and slow."""
    results: dict[str, list[tuple[float, float, float, int, str]]] = {n: [] for n, _ in commands}
    for _ in range(runs):
        for name, cmd in commands:
            results[name].append(run_child(cmd))
    rows = []
    for name, _cmd in commands:
        rs = results[name]
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        rows.append((name, wall, cpu, max(r[2] for r in rs), rs[0][3]))
    return rows


def in_process(label: str, fn: Callable[[], object], runs: int) -> tuple[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return label, statistics.median(times)


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if "Model name" in ln), "?"
        )
    except OSError:
        model = "?"
    return f"{model}; {os.cpu_count()} CPUs; Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--file", help="benchmark this list instead of a generated one")
    args = ap.parse_args(argv)
    compile_package()

    with tempfile.TemporaryDirectory() as tmp:
        if args.file:
            path = Path(args.file)
        else:
            path = Path(tmp) / "list.md"
            canonical = Path(tmp) / "canonical.md"
            gen = [sys.executable, str(HERE / "gen_list.py"), "--entries", str(args.entries)]
            subprocess.run([*gen, str(path)], check=True)
            subprocess.run([*gen, "--no-quirks", str(canonical)], check=True)
        size = path.stat().st_size / 1e6
        print(f"machine: {machine()}")
        print(f"file: {path.name}, {size:.1f} MB, runs: {args.runs}\n")

        bot = geoai_bot()
        commands = [
            ("geoai-bot export", [*bot, "export", str(path)]),
            ("geoai-bot fmt --check", [*bot, "fmt", "--check", str(path)]),
        ]
        if not args.file:
            commands.append(
                (
                    "geoai-bot fmt --check (already canonical)",
                    [*bot, "fmt", "--check", str(canonical)],
                )
            )
        commands += [
            ("mistune AST (plain)", [sys.executable, "-c", MISTUNE_AST, str(path)]),
            ("python start-up only", [sys.executable, "-c", "pass"]),
        ]
        rows = measure_all(commands, args.runs)
        mistune_cpu = next(r[2] for r in rows if r[0].startswith("mistune"))
        load = os.getloadavg()[0]
        print(f"load average before the in-process part: {load:.1f}\n")
        print("| command | median wall (s) | median CPU (s) | peak RSS (MB) | exit | / mistune |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, wall, cpu, rss, code in rows:
            ratio = cpu / mistune_cpu
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {code} | {ratio:.2f} |")

        import mistune

        from geoai_bot.core.parse import parse_text

        text = path.read_text(encoding="utf-8")
        md = mistune.create_markdown(renderer="ast")
        inner = [
            in_process("line scanner: parse_text", lambda: parse_text(text), args.runs),
            in_process("mistune: create_markdown(renderer='ast')", lambda: md(text), 3),
        ]
        print("\nIn one process, same text, no start-up:\n")
        print("| parser | median (s) |")
        print("|---|---:|")
        for label, secs in inner:
            print(f"| {label} | {secs:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
