"""Hostile input: long pathological lines must parse and format in linear time, never hang.

The cases run in a child process with a generous timeout: a regex that backtracks
quadratically takes minutes on these 100,000-character lines, a linear one milliseconds.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

N = 100_000
CASES = {
    "heading with spaces and tabs": "#### a" + " \t" * (N // 2) + "b\n",
    "heading of spaces": "# " + " " * N + "x\n",
    "run of <": "# " + "<" * N + "\n",
    "tagline of <": "# T\n\n" + "<" * N + "\n",
    "unclosed summary": "#### T\n\n* <details>\n<summary>" + "</summary " * (N // 10) + "\n",
    "details closers without >": "#### T\n\n* <details>\n" + "</details " * (N // 10) + "\n",
    "bullet of spaces": "#### T\n\n* " + " " * N + "\n",
    "long label": "#### T\n\n* " + "a" * N + ": x\n",
    "many authors": "#### T\n\n> " + ",".join(["a"] * N) + "\n",
    "many headings": "#### T\n" * (N // 5),
    "many details": "#### T\n" + "* <details>\n" * (N // 5),
    "many fences": "```\n" * (N // 5),
    "many comments": "<!--\n" * (N // 5),
    "comment openers": "#### T\n\n> a\n\n" + "<!-" * (N // 3) + "\n",
    "shortcodes": "# " + ":a" * (N // 2) + "\n",
}

SCRIPT = """
import sys
from geoai_bot.core.formatter import format_document
from geoai_bot.core.guard import ViewChanged
from geoai_bot.core.parse import parse_text
text = sys.stdin.read()
parse_text(text)
try:
    format_document(text)
except ViewChanged:
    pass  # refusing to change what a reader sees is an answer; hanging is not
"""


@pytest.mark.slow  # ~18 s of 100,000-character lines in a child process: .ci/run runs it
def test_pathological_lines_do_not_hang() -> None:
    for name, text in CASES.items():
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            input=text,
            text=True,
            encoding="utf-8",
            capture_output=True,
            timeout=20,  # linear: well under a second each, even on a busy machine
        )
        assert proc.returncode == 0, (name, proc.stderr[-2000:])
