"""Line model readers side by side: scan, parse_text, link extraction and anchors on one list.

    PYTHONPATH=src python benchmarks/line_model.py LIST.md LABEL   (median of 5 runs)

Run it twice with PYTHONPATH pointing at two checkouts to compare them in the same session.
"""

from __future__ import annotations

import statistics, sys, time

text = open(sys.argv[1], encoding="utf-8").read()
from geoai_bot.core.parse import parse_text, split_lines
from geoai_bot.core.scan import scan
from geoai_bot.links.extract import extract
from geoai_bot.links.local import anchors

lines = split_lines(text)[0]


def t(fn, runs=5):
    xs = []
    for _ in range(runs):
        s = time.perf_counter()
        fn()
        xs.append(time.perf_counter() - s)
    return statistics.median(xs)


anchors.cache_clear() if hasattr(anchors, "cache_clear") else None


def anc():
    anchors.cache_clear()
    anchors(text)


print(
    f"{sys.argv[2]}: scan {t(lambda: scan(lines)):.3f}s  parse_text {t(lambda: parse_text(text)):.3f}s  extract {t(lambda: extract(text, 'R.md')):.3f}s  anchors {t(anc):.3f}s"
)
