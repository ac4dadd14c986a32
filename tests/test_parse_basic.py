"""Parser basics on small fixtures written for these tests."""

from __future__ import annotations

from geoai_bot.core.parse import parse_text

ONE = """# <p align=center>`Test List`</p>

:star2:**A list for tests.**

## 📢 Latest Updates
:fire: Last Updated on 2025.01.02 :fire:
- **2025.01.02**: Update 1 paper.

## :memo: Test Paper List

#### A Study of Things

> Ann Author, Bob Builder

* Paper: https://arxiv.org/abs/2501.00001
* code: None
* <details>
    <summary>Abstract (Click to expand):</summary>
    First line
wrapped line.
  </details>
"""


def test_reads_entry_fields() -> None:
    doc = parse_text(ONE)
    assert doc.name == "Test List"
    assert doc.tagline == "A list for tests."
    assert [s.title for s in doc.sections] == ["Latest Updates", "Test Paper List"]
    (e,) = doc.entries
    assert e.title == "A Study of Things"
    assert e.authors == ["Ann Author", "Bob Builder"]
    assert [(link.label, link.url) for link in e.links] == [
        ("Paper", "https://arxiv.org/abs/2501.00001"),
        ("Code", None),
    ]
    assert e.links[1].raw_label == "code"
    assert e.abstract == "First line wrapped line."
    assert e.section == "Test Paper List"
    assert (e.span.start, e.span.end) == (11, 21)


def test_update_log() -> None:
    doc = parse_text(ONE)
    assert doc.last_updated is not None and doc.last_updated.isoformat() == "2025-01-02"
    (line,) = doc.update_log.lines
    assert (line.count, line.line, line.text) == (1, 7, "Update 1 paper.")


def test_heading_without_parts_is_not_an_entry() -> None:
    doc = parse_text("## S\n\n#### 6.19 PM\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert doc.entries == []
