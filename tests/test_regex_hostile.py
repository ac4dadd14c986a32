"""Regexes outside the parser and link checker that read untrusted lines: linear on hostile text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geoai_bot.lint.engine import SUPPRESS

N = 100_000
SCRIPT = """
import sys
from geoai_bot.lint.engine import SUPPRESS
SUPPRESS.search(sys.stdin.read())
"""


@pytest.mark.parametrize(
    "text",
    ["<!-- geoai-bot: disable=" + " " * N, "<!-- geoai-bot: disable=" * (N // 24)],
)
def test_suppress_comment_is_linear(text: str) -> None:
    # The old `=\s*([^>]*?)\s*-->` took 1.5 s on 1,000 spaces; quadratic means hours here.
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=text, text=True, capture_output=True, timeout=20
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.mark.parametrize(
    ("line", "ids"),
    [
        ("<!-- geoai-bot: disable=E1 -->", ["E1"]),
        ("<!--geoai-bot:disable= E1, W2  -->", ["E1", "W2"]),
        ("<!-- GEOAI-BOT : disable = a b -->", ["a", "b"]),
    ],
)
def test_suppress_comment_ids(line: str, ids: list[str]) -> None:
    m = SUPPRESS.search(line)
    assert m is not None
    assert m.group(1).replace(",", " ").split() == ids


OTHER = {
    "author split": ("geoai_bot.submit.validate", "_AUTHOR_SPLIT", "split", "a" + " " * N + "b"),
    "fold open": ("geoai_bot.log.lines", "_FOLD_OPEN", "match", "<details>" + " " * N + "x"),
}


@pytest.mark.parametrize("name", list(OTHER))
def test_other_patterns_are_linear(name: str) -> None:
    # Both took ~5-12 ms per 1,000 blanks and grew quadratically before the fix.
    module, attr, method, text = OTHER[name]
    script = f"import sys\nfrom {module} import {attr}\n{attr}.{method}(sys.stdin.read())\n"
    proc = subprocess.run(
        [sys.executable, "-c", script], input=text, text=True, capture_output=True, timeout=20
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_fold_open_and_author_split_still_read_the_same() -> None:
    from geoai_bot.log.lines import _FOLD_OPEN
    from geoai_bot.submit.validate import _AUTHOR_SPLIT

    m = _FOLD_OPEN.match("<details> <summary>Older</summary>  ")
    assert m is not None and m.group("summary") == "Older"
    assert _FOLD_OPEN.match("<details>  ") is not None
    assert _FOLD_OPEN.match("<details> x") is None
    parts = [" ".join(a.split()) for a in _AUTHOR_SPLIT.split("A B ,\n C；D") if a.strip()]
    assert parts == ["A B", "C", "D"]
