"""Robustness attacks (issue 12, items 14-15): one file from a pull request or a runner
must not exhaust CPU or memory, and a hostile input is a clean exit 2 with one line that
names the file, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from geoai_bot.core.model import Entry, Span
from geoai_bot.lint.dedupe import find_duplicates, normalize_title

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "paper-list.md"


def _entry(title: str) -> Entry:
    return Entry(title=title, authors=["Ada Lovelace"], links=[], span=Span(start=1, end=1))


def _list(titles: list[str]) -> str:
    out = ["# List", "", "## Papers", ""]
    for i, t in enumerate(titles):
        out += [f"#### {t}", "", "> Ada Lovelace", "", f"* Paper: https://example.org/p/{i}", ""]
        out.append("")
    return "\n".join(out)


# -- item 14: near-duplicate detection is bounded ----------------------------------------

_CHILD = """
import sys
from geoai_bot.core.parse import parse_text
from geoai_bot.lint.engine import lint_text
text = open(sys.argv[1], encoding="utf-8").read()
findings = lint_text(text, doc=parse_text(text))
print(sum(f.rule == "GB041" for f in findings), sum(f.rule == "GB042" for f in findings))
"""


def _lint_in_child(path: Path, timeout: float) -> tuple[int, int]:
    """Lint in a child process with a generous timeout: a quadratic lint (19 s and 3.4 GB
    for 8,000 entries before the fix) runs into it; a linear one is far below."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    same, near = proc.stdout.split()
    return int(same), int(near)


@pytest.mark.slow
def test_thousands_of_identical_titles_are_one_hashed_group(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(_list(["Deep Learning"] * 20_000), encoding="utf-8")
    same, near = _lint_in_child(path, timeout=60)
    assert (same, near) == (19_999, 0)  # each copy once, against the first


@pytest.mark.slow
def test_thousands_of_titles_of_common_words_do_not_compare_all_pairs(tmp_path: Path) -> None:
    # Distinct titles built only from six common words: before the fix every title landed in
    # the fallback bucket of its rarest (still common) word and all pairs were compared.
    words = ["deep", "learning", "for", "remote", "sensing", "maps"]
    titles = [" ".join(words[(i >> k) % 6] for k in range(0, 14, 2)) for i in range(8_000)]
    path = tmp_path / "README.md"
    path.write_text(_list(titles), encoding="utf-8")
    _same, near = _lint_in_child(path, timeout=90)
    assert near > 0  # still finds what it is for


def test_copies_of_a_title_are_not_compared_pairwise() -> None:
    """Measured in memory, not time: all pairs of 2,000 copies are 2 million candidate
    pairs (hundreds of MB); one hashed group is a few kilobytes per entry."""
    entries = [_entry("Deep Learning") for _ in range(2_000)]
    entries += [_entry(f"Deep Learning {w}") for w in ("maps", "roads", "crops", "trees")]
    tracemalloc.start()
    try:
        found = find_duplicates(entries)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(d.kind == "title" for d in found) == 1_999
    assert peak < 30 * 1024 * 1024, f"{peak / 1e6:.0f} MB"


def test_near_duplicates_are_still_found_in_an_oversized_bucket() -> None:
    # Every word and word pair is in more titles than a key may be: all titles share the
    # fallback bucket, where only sorted neighbours are compared.
    words = ["deep", "learning", "for", "remote", "sensing", "map", "maps"]
    titles = [" ".join(words[(i * 7**k) // 5 % 7] for k in range(6)) for i in range(400)]
    titles = list(dict.fromkeys(titles))
    n = len(titles)
    titles += ["remote sensing deep learning for map", "remote sensing deep learning for maps"]
    found = find_duplicates([_entry(t) for t in titles])
    assert any((d.first, d.second, d.kind) == (n, n + 1, "near-title") for d in found)


# -- item 15: hostile config and event files: exit 2, one line, no traceback ---------------


def _cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geoai_bot", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def _assert_clean_usage_error(proc: subprocess.CompletedProcess[str], names: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and names in lines[0], proc.stderr


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("regex.toml", '[log]\ndate_format = "%Y%Y"\n', "log.date_format"),
        ("deep.toml", "a = " + "[" * 5_000 + "]" * 5_000 + "\n", "nested too deeply"),
        ("deep-table.toml", "[lint]\nselect = " + "[" * 5_000 + "]" * 5_000 + "\n", "nested"),
    ],
)
def test_a_hostile_config_is_a_clean_exit_2(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    proc = _cli("lint", "--config", str(config), str(EXAMPLE))
    _assert_clean_usage_error(proc, str(config))
    assert says in proc.stderr


@pytest.mark.parametrize("kind", ["deep", "endless"])
def test_a_hostile_event_file_is_a_clean_exit_2(tmp_path: Path, kind: str) -> None:
    if kind == "deep":
        event = tmp_path / "event.json"
        event.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        path = str(event)
    else:
        path = "/dev/zero"  # stat says 0 bytes; reading never ends
    env = {"PATH": "/usr/bin:/bin", "GITHUB_TOKEN": "x", "GITHUB_REPOSITORY": "o/r"}
    proc = _cli("submit", "--event", path, env=env)
    _assert_clean_usage_error(proc, path)


def test_the_title_skeleton_folds_look_alike_letters() -> None:
    latin = "Segment Anything for Remote Sensing Images"
    cyrillic = "Sеgmеnt Anything fоr Rеmоtе Sеnsing Imаgеs"  # е, о, а are Cyrillic
    assert cyrillic != latin and normalize_title(cyrillic) == normalize_title(latin)
