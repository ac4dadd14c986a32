"""Export: the JSON contract and CSV, from fixtures written for these tests."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from geoai_bot.core.export import document_record, to_csv, to_json
from geoai_bot.core.parse import parse_text

QUIRKS = (DATA / "core" / "quirks.md").read_text(encoding="utf-8")


def test_json_is_the_record_and_keeps_contract_keys() -> None:
    doc = parse_text(QUIRKS)
    data = json.loads(to_json(doc))
    assert data == document_record(doc)
    assert {"name", "last_updated", "updates", "entries"} <= set(data)
    entry = data["entries"][0]
    assert list(entry)[:6] == ["title", "authors", "links", "abstract", "section", "line"]
    assert list(entry["links"][0]) == ["label", "url"]
    assert {"date", "text", "line"} <= set(data["updates"][0])


def test_json_one_entry_per_line() -> None:
    lines = to_json(parse_text(QUIRKS)).splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert sum(1 for line in lines if line.startswith('    {"title": ')) == 3


def test_empty_lists_and_nulls() -> None:
    data = json.loads(to_json(parse_text("#### T\n\n* Code: None\n")))
    assert (data["name"], data["last_updated"], data["updates"]) == (None, None, [])
    assert data["entries"] == [
        {
            "title": "T",
            "authors": [],
            "links": [{"label": "Code", "url": None}],
            "abstract": None,
            "section": None,
            "line": 1,
            "end_line": 3,
        }
    ]


def test_unpadded_and_invalid_log_dates() -> None:
    text = (
        "# L\n\n## Latest Updates\nLast Updated on 2024.9.28\n- **2024.9.28**: Update 1 paper.\n"
        "- **2024.13.01**: Update 2 papers.\n\n## P\n\n#### T\n\n> A\n"
    )
    data = json.loads(to_json(parse_text(text)))
    assert data["last_updated"] == "2024-09-28"
    assert [(u["date"], u["line"]) for u in data["updates"]] == [("2024-09-28", 5), (None, 6)]


def test_csv_rows_and_quoting() -> None:
    text = '#### A "quoted", title\n\n> X, Y\n\n* Paper: p\n* Code: c\n* Code: c2\n'
    rows = list(csv.reader(io.StringIO(to_csv(parse_text(text)))))
    assert rows[0] == ["title", "authors", "paper", "code", "links", "abstract", "section", "line"]
    assert rows[1] == [
        'A "quoted", title',
        "X; Y",
        "p",
        "c",
        "Paper: p\nCode: c\nCode: c2",
        "",
        "",
        "1",
    ]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_parsed_text_exports_valid_json_and_csv(text: str) -> None:
    doc = parse_text("#### T\n\n> A\n" + text)
    assert json.loads(to_json(doc)) == document_record(doc)
    assert len(list(csv.reader(io.StringIO(to_csv(doc))))) == 1 + len(doc.entries)
