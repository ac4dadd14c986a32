"""Benchmark `geoai-bot lint` (all rules, text report) on a generated 10,000-entry list.

    python benchmarks/lint.py [--entries 10000] [--seed 1] [--repeat 3]

Generates the list with benchmarks/gen_list.py (seed's shape, with quirks so the linter has
findings), runs `geoai-bot lint` on it as a separate process `--repeat` times, and prints the
wall time and peak RSS of each run (RSS from wait4's rusage of that child), plus the number of
findings. CPU time (user + system) is printed next to wall time because a busy shared
machine inflates wall time. Also times duplicate detection alone at 2,500 / 5,000 /
10,000 entries (plus ten planted near-duplicates, which must all be found) to show it
grows about linearly, not quadratically. Last, two hostile lists (`--hostile N`): N entries
with one title, and N/6 distinct titles of six common words (target: under 3 s each).
Targets (2 cores): under 2 s and 300 MB.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from child import compile_package, run_child  # noqa: E402
from gen_list import generate  # noqa: E402

from geoai_bot.core.parse import parse_text  # noqa: E402
from geoai_bot.lint.dedupe import find_duplicates  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--hostile", type=int, default=50_000, help="entries in the hostile lists")
    args = ap.parse_args(argv)
    compile_package()
    text = generate(args.entries, args.seed)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "README.md"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size / 1e6
        print(f"list: {args.entries} entries, {size:.1f} MB")
        wall, cpu, rss, _code, _out = run_child(
            [sys.executable, "-m", "geoai_bot", "--version"], True
        )
        print(
            f"start-up alone (geoai-bot --version): {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"peak RSS {rss:.0f} MB"
        )
        cmd = [sys.executable, "-m", "geoai_bot", "lint", str(path)]
        for fmt in ("text", "sarif"):
            for i in range(args.repeat):
                wall, cpu, rss, code, out = run_child([*cmd, "--format", fmt], True)
                summary = out.strip().splitlines()[-1] if fmt == "text" and out.strip() else ""
                print(
                    f"lint --format {fmt} run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                    f"peak RSS {rss:.0f} MB, "
                    f"exit {code} {summary}"
                )
    doc = parse_text(text)
    entries = doc.entries
    for n in (len(entries) // 4, len(entries) // 2, len(entries)):
        # Ten planted near-duplicates (a one-letter typo in a title) must all be found.
        planted = [
            e.model_copy(update={"title": e.title.replace("e", "a", 1), "links": []})
            for e in entries[: n : max(1, n // 10)][:10]
        ]
        start = time.process_time()
        found = find_duplicates(entries[:n] + planted)
        print(
            f"find_duplicates on {n} entries + {len(planted)} planted near-duplicates: "
            f"{time.process_time() - start:.3f} s CPU ({len(found)} pairs found)"
        )
    hostile_lists(args.hostile, args.repeat)
    return 0


def hostile_lists(n: int, repeat: int = 3) -> None:
    """Issue 12 item 14: lists any pull request can send. `n` entries with ONE title, and
    `n // 6` distinct titles made of six common words only (each title's rarest word is
    still in hundreds of titles). Whole `geoai-bot lint` runs, REPEAT of each (median, and
    every run in brackets: this machine's speed drifts); target: under 3 s."""
    words = ["deep", "learning", "for", "remote", "sensing", "maps"]
    shapes = {
        f"{n} identical titles": ["Deep Learning"] * n,
        f"{n // 6} titles of 6 common words": [
            " ".join(words[(i >> k) % 6] for k in range(0, 14, 2)) for i in range(n // 6)
        ],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, titles in shapes.items():
            lines = ["# List", "", "## Papers", ""]
            for i, t in enumerate(titles):
                lines += [
                    f"#### {t}",
                    "",
                    "> Ada Lovelace",
                    "",
                    f"* Paper: https://example.org/{i}",
                ]
                lines += ["", ""]
            path = Path(tmp) / "README.md"
            path.write_text("\n".join(lines), encoding="utf-8")
            cmd = [sys.executable, "-m", "geoai_bot", "lint", str(path)]
            runs = [run_child(cmd, True) for _ in range(repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss, code, out = max(r[2] for r in runs), runs[0][3], runs[0][4]
            summary = out.strip().splitlines()[-1] if out.strip() else ""
            every = " ".join(f"{r[1]:.2f}" for r in runs)
            print(
                f"lint, {name}: {wall:.2f} s wall, {cpu:.2f} s CPU [{every}], "
                f"peak RSS {rss:.0f} MB, exit {code} {summary}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
