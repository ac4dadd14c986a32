"""Regexes outside the parser and link checker that read untrusted lines: linear on hostile text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geoai_bot.lint import SUPPRESS

N = 100_000
SCRIPT = """
import sys
from geoai_bot.lint import SUPPRESS
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
