"""Hostile Markdown for the anchor finder: 100,000-character lines must be read in linear time.

Like tests/test_parse_hostile.py, each case runs in a child process with a generous timeout:
a regex that backtracks quadratically takes minutes on these lines, a linear one milliseconds.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from geoai_bot.links.local import anchors, check_fragment

N = 100_000
CASES = {
    "heading with spaces and tabs": "#### a" + " \t" * (N // 2) + "b\n",
    "heading of spaces": "# " + " " * N + "x\n",
    "heading of spaced hashes": "# a" + " #" * (N // 2) + "b\n",
    "heading of <": "# " + "<" * N + "\n",
    "heading of [": "# " + "[" * N + "\n",
    "heading of unclosed links": "# " + "[x](" * (N // 4) + "\n",
    "heading of link texts": "# " + "[x]" * (N // 3) + "\n",
    "heading of shortcodes": "# " + ":a" * (N // 2) + "\n",
    "tags without >": "<a" * (N // 2) + "\n",
    "one tag of ids": "<a " + "id " * (N // 3) + "\n",
    "setext underline": "Title\n" + "=" * N + "\n",
    "many headings": "# T\n" * (N // 4),
}

SCRIPT = """
import sys
from geoai_bot.links.local import anchors
anchors(sys.stdin.read())
"""


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_lines_do_not_hang(name: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=CASES[name],
        text=True,
        encoding="utf-8",
        capture_output=True,
        timeout=20,  # linear: well under a second, even on a busy machine
    )
    assert proc.returncode == 0, (name, proc.stderr[-2000:])


@pytest.mark.parametrize(
    ("line", "anchor"),
    [
        ("# Closing hashes ##", "closing-hashes"),
        ("## C# and F#", "c-and-f"),  # no blank before the `#`: part of the text
        ("# Trailing \t ", "trailing"),
        ("#  ", ""),
        ("# #", ""),  # only a closing sequence: an empty heading
        ("# A [link](https://e.org/A_(b)) here", "a-link-here"),
        ("# A <b>bold</b> [x] ![img](i.png)", "a-bold-x-img"),
        ('<a name="own-anchor"></a>', "own-anchor"),
    ],
)
def test_heading_forms(line: str, anchor: str) -> None:
    assert anchor in anchors(line + "\n")


def test_fragment_checked_against_hostile_heading() -> None:
    text = "# Intro\n\n#### a" + " \t" * 1000 + "b\n"
    assert check_fragment("intro", text).state == "ok"
    assert check_fragment("nowhere", text).state == "broken"


EXTRACT_CASES = {
    "run of backticks": "`" * N,
    "backticks and text": "`a" * (N // 2),
    "double then single": "``" + "`a" * (N // 2),
    "links among backticks": "`[x](http://e.org) " * (N // 20),
}

EXTRACT_SCRIPT = """
import sys
from geoai_bot.links.extract import links_in_line
links_in_line(sys.stdin.read())
"""


@pytest.mark.parametrize("name", list(EXTRACT_CASES))
def test_hostile_code_spans_do_not_hang(name: str) -> None:
    # The old code-span regex took ~10 s on 1,000 characters of these; this is 100,000.
    proc = subprocess.run(
        [sys.executable, "-c", EXTRACT_SCRIPT],
        input=EXTRACT_CASES[name],
        text=True,
        encoding="utf-8",
        capture_output=True,
        timeout=20,
    )
    assert proc.returncode == 0, (name, proc.stderr[-2000:])


@pytest.mark.parametrize(
    ("line", "targets"),
    [
        ("`http://a.org` http://b.org", ["http://b.org"]),
        ("``x ` http://a.org`` http://b.org", ["http://b.org"]),  # a shorter run stays inside
        ("` http://a.org", ["http://a.org"]),  # an unclosed run is text
        ("`` http://a.org ` http://b.org", ["http://a.org", "http://b.org"]),
        ("`a` http://b.org `c`", ["http://b.org"]),
    ],
)
def test_code_spans_hide_links(line: str, targets: list[str]) -> None:
    from geoai_bot.links.extract import links_in_line

    assert [t for t, _col in links_in_line(line)] == targets
