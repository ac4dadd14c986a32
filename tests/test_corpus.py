"""The real lists in ../shared/corpus: every entry a person sees, and fmt safe on each file.

Skipped when the corpus is not there. Counts are checked two ways: against SOURCES.md's
figures, and against an independent count of the paper headings in the raw text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import LIST_FILES, OTHER_FILES, needs_corpus
from geoai_bot.cli.main import main
from geoai_bot.core.formatter import format_document
from geoai_bot.core.parse import parse_text

pytestmark = needs_corpus

# Entry counts from SOURCES.md (the FL list has 36 `####` headings, 4 of them schedules).
EXPECTED = {
    "rstanjieyi__GeoAI-in-ICCV-2025.md": 20,
    "rstanjieyi__GeoAI-in-CVPR-2025.md": 36,
    "rstanjieyi__GeoAI-in-NeurIPS-2024.md": 26,
    "yuhangchen0__Federated-Learning-in-CVPR2024.md": 32,
    "rstanjieyi__GeoAI-in-CVPR-2025@2be7378.md": 7,
    "rstanjieyi__GeoAI-in-CVPR-2025@adfcc27.md": 37,
    "rstanjieyi__GeoAI-in-CVPR-2025@f130f34.md": 14,
    "rstanjieyi__GeoAI-in-ICCV-2025@f36bac4.md": 17,
    "rstanjieyi__GeoAI-in-NeurIPS-2024@8278ec9.md": 26,
    "000_38cead9aab97be1e.txt": 10,
}
PAPER_HEADING = re.compile(r"^#{3,4} +(.+?)\s*$", re.MULTILINE)
SCHEDULE = re.compile(r"^\d{1,2}\.\d{1,2} (AM|PM)$")
BULLET = re.compile(r"^\s*[*-] +(?!<)[A-Za-z][A-Za-z ]*[:：]")


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_corpus_is_complete() -> None:
    assert sorted(p.name for p in LIST_FILES) == sorted(EXPECTED)
    assert len(OTHER_FILES) == 8


@pytest.mark.parametrize("path", LIST_FILES, ids=ids(LIST_FILES))
def test_entries_a_person_sees(path: Path) -> None:
    text = read(path)
    doc = parse_text(text)
    titles = [m.group(1) for m in PAPER_HEADING.finditer(text) if not SCHEDULE.match(m.group(1))]
    assert len(doc.entries) == EXPECTED[path.name] == len(titles)
    assert [e.title for e in doc.entries] == titles
    lines = text.replace("\r\n", "\n").split("\n")
    for e in doc.entries:
        assert e.title and e.section
        assert e.links or e.abstract, e.title
        span = lines[e.span.start - 1 : e.span.end]
        assert len(e.links) == sum(1 for line in span if BULLET.match(line)), e.title
        written = "\n".join(span)
        if "</summary>" in written:
            after = written.split("</summary>", 1)[1].split("</details>", 1)[0]
            assert (e.abstract is not None) == bool(after.strip()), e.title
    assert doc.unread == []


@pytest.mark.parametrize("path", LIST_FILES, ids=ids(LIST_FILES))
def test_fmt_idempotent_and_lossless(path: Path) -> None:
    text = read(path)
    first = format_document(text, str(path))  # raises LosslessError on any lost field
    # Read afresh (format_document's own check reuses the entries it did not change).
    assert [e.meaning() for e in parse_text(first.text).entries] == [
        e.meaning() for e in first.source.entries
    ]
    assert first.entries == len(first.source.entries)
    second = format_document(first.text, str(path))
    assert second.text == first.text
    assert second.source.newline == first.source.newline


@pytest.mark.parametrize("path", LIST_FILES, ids=ids(LIST_FILES))
def test_fmt_keeps_crlf(path: Path) -> None:
    lf = format_document(read(path)).text
    assert format_document(read(path).replace("\n", "\r\n")).text == lf.replace("\n", "\r\n")


def test_seed_quirks_survive() -> None:
    seed = next(p for p in LIST_FILES if p.name.startswith("000_"))
    doc = parse_text(read(seed))
    assert doc.name == "GeoAI in ICCV 2025"
    assert doc.last_updated is not None and doc.last_updated.isoformat() == "2025-06-29"
    first = doc.entries[0]
    assert first.title.startswith("SMARTIES")
    assert first.links[0].url == "https://arxiv.org/abs/2506.19585"


@pytest.mark.parametrize("path", OTHER_FILES, ids=ids(OTHER_FILES))
def test_other_shapes_never_crash(path: Path) -> None:
    text = read(path)
    doc = parse_text(text)
    assert doc.entries == []
    assert doc.unread, "paper-like lines in another shape are reported"
    formatted = format_document(text)
    assert format_document(formatted.text).text == formatted.text


@pytest.mark.parametrize("path", OTHER_FILES, ids=ids(OTHER_FILES))
@pytest.mark.parametrize("command", ["fmt", "export"])
def test_other_shapes_exit_2_with_one_line(
    path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"geoai-bot: {path}: not a paper list")
    assert "paper-like lines are in another shape, first at line" in captured.err
