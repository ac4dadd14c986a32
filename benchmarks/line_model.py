"""Line model readers side by side: scan, parse_text, link extraction and anchors on one list.

    PYTHONPATH=src python benchmarks/line_model.py LIST.md LABEL   (median of 5 runs)

Run it with PYTHONPATH pointing at two checkouts, alternately, to compare them in one
session (see benchmarks/README.md).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from geoai_bot.core.parse import parse_text, split_lines
from geoai_bot.core.scan import scan
from geoai_bot.links.extract import extract
from geoai_bot.links.local import anchors


def median_time(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    label = sys.argv[2] if len(sys.argv) > 2 else ""
    lines = split_lines(text)[0]

    def fresh_anchors() -> object:
        anchors.cache_clear()  # anchors() is cached per text
        return anchors(text)

    parts = {
        "scan": lambda: scan(lines),
        "parse_text": lambda: parse_text(text),
        "extract": lambda: extract(text, "README.md"),
        "anchors": fresh_anchors,
    }
    print(label + ": " + "  ".join(f"{k} {median_time(f):.3f}s" for k, f in parts.items()))


if __name__ == "__main__":
    main()
