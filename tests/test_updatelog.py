"""The update log: normalising, recording additions and reconciling, on fixtures written for it.

Each `tests/data/log/NAME.md` has a hand-written `NAME.expected.md` (what the issue asks
for, written out by hand), so these tests check the rules, not the code's own output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA
from geoai_bot.core.config import LogConfig, parse_config
from geoai_bot.core.parse import parse_text
from geoai_bot.log import normalize_log, reconcile, record_addition

LOG = DATA / "log"
CASES = sorted(p.name.removesuffix(".expected.md") for p in LOG.glob("*.expected.md"))
CASES = [c for c in CASES if (LOG / f"{c}.md").exists()]


def listed(text: str) -> int:
    """The papers the list holds: what the log is reconciled with."""
    return len(parse_text(text).entries)


def read(name: str) -> str:
    return (LOG / name).read_text(encoding="utf-8")


def outside_log(text: str) -> list[str]:
    """Every line except the log section's (heading to next heading) and Last Updated."""
    lines = text.split("\n")
    doc = parse_text(text)
    region = doc.update_log.region
    lo, hi = (region.start, region.end) if region else (0, 0)
    return [line for n, line in enumerate(lines, 1) if not lo < n <= hi]


@pytest.mark.parametrize("case", CASES)
def test_normalize_matches_hand_written_expectation(case: str) -> None:
    before, want = read(f"{case}.md"), read(f"{case}.expected.md")
    edit = normalize_log(before)
    assert edit.text == want
    assert edit.changed is (before != want)
    if edit.changed:
        assert edit.messages, "every change is explained"
    assert outside_log(edit.text) == outside_log(before)


@pytest.mark.parametrize("case", CASES)
def test_expected_files_are_fixed_points(case: str) -> None:
    want = read(f"{case}.expected.md")
    edit = normalize_log(want)
    assert edit.text == want
    assert not edit.changed
    assert not edit.messages


def test_invalid_dates_are_reported_with_their_line_and_left_alone() -> None:
    text = read("invalid_dates.md")
    edit = normalize_log(text)
    lines = text.split("\n")
    by_line = {p.line: p.message for p in edit.problems}
    bad = {n for n, line in enumerate(lines, 1) if "2025.02.30" in line or "29/06/2025" in line}
    assert set(by_line) == bad
    assert "2025.02.30 is not a real date" in by_line[min(bad)]
    assert all("YYYY.MM.DD" in m for m in by_line.values())
    for n in bad:
        assert lines[n - 1] in edit.text.split("\n")


def test_crlf_and_bom_are_kept() -> None:
    before = "\ufeff" + read("unpadded.md").replace("\n", "\r\n")
    want = "\ufeff" + read("unpadded.expected.md").replace("\n", "\r\n")
    edit = normalize_log(before)
    assert edit.text == want
    assert normalize_log(edit.text).text == edit.text


def test_mixed_newlines_outside_the_log_stay_byte_identical() -> None:
    before = read("unpadded.md")
    head, tail = before.split("## :memo:")
    before = head + "## :memo:" + tail.replace("\n", "\r\n", 3)
    edit = normalize_log(before)
    assert edit.text.split("## :memo:")[1] == before.split("## :memo:")[1]


def test_config_date_format() -> None:
    config = parse_config('[log]\ndate_format = "%Y-%m-%d"\n').log
    edit = normalize_log(read("unpadded.md"), config)
    assert "- **2024-10-02**: Update 1 paper." in edit.text
    assert "- **2024-09-28**: Update 2 papers." in edit.text
    assert "Last Updated on 2024-10-02 :fire:" in edit.text
    assert normalize_log(edit.text, config).text == edit.text


@pytest.mark.parametrize("fmt", ["%B %d, %Y", "%Y", "%Y*%m*%d", "%H:%M"])
def test_unusable_date_formats_are_refused(fmt: str) -> None:
    with pytest.raises(Exception, match="date_format"):
        parse_config(f'[log]\ndate_format = "{fmt}"\n')


def test_fold_limit_from_config_and_unfold() -> None:
    text = read("long.md")
    folded = normalize_log(text, LogConfig(visible=3)).text
    lines = folded.split("\n")
    start = lines.index("<details><summary>Earlier updates</summary>")
    assert sum(line.startswith("- **") for line in lines[:start]) == 3
    assert sum(line.startswith("- **") for line in lines[start:]) == 9
    # Re-reading an existing fold: idempotent, and a larger limit unfolds it again.
    assert normalize_log(folded, LogConfig(visible=3)).text == folded
    assert (
        normalize_log(folded, LogConfig(visible=20)).text
        == normalize_log(text, LogConfig(visible=20)).text
    )
    assert "<details><summary>" not in normalize_log(folded, LogConfig(visible=20)).text


def test_a_hand_written_fold_keeps_its_summary() -> None:
    text = read("long.expected.md").replace("Earlier updates", "Older news")
    edit = normalize_log(text, LogConfig(visible=5))
    assert "<details><summary>Older news</summary>" in edit.text
    assert edit.text.count("<details><summary>") == 1
    assert any("folded 7 older lines" in m for m in edit.messages)


def test_record_addition_adds_to_todays_line() -> None:
    text = read("same_day.expected.md")
    edit = record_addition(text, 3, dt.date(2025, 3, 1))
    assert "- **2025.03.01**: Update 5 papers." in edit.text
    assert edit.text.count("2025.03.01**") == 1
    assert edit.changed


def test_record_addition_inserts_a_new_line_at_the_top_and_syncs_last_updated() -> None:
    text = read("same_day.expected.md")
    edit = record_addition(text, 1, dt.date(2025, 7, 4))
    lines = edit.text.split("\n")
    at = lines.index("- **2025.07.04**: Update 1 paper.")
    assert lines[at - 1] == ":fire::fire::fire: Last Updated on 2025.07.04 :fire::fire::fire:"
    assert lines[at + 1] == "- **2025.03.01**: Update 2 papers."
    assert outside_log(edit.text) == outside_log(text)


def test_record_addition_in_the_past_keeps_order_and_last_updated() -> None:
    text = read("same_day.expected.md")
    edit = record_addition(text, 1, dt.date(2025, 2, 15))
    logged = [line for line in edit.text.split("\n") if line.startswith("- **")]
    assert logged == [
        "- **2025.03.01**: Update 2 papers.",
        "- **2025.02.15**: Update 1 paper.",
        "- **2025.02.01**: Update 1 paper.",
    ]
    assert "Last Updated on 2025.03.01" in edit.text


def test_record_addition_next_to_a_free_text_line_keeps_both() -> None:
    text = read("free_text.expected.md")
    edit = record_addition(text, 2, dt.date(2025, 5, 1))
    assert "- **2025.05.01**: Update TreeNet、GeoFinder and RRR" in edit.text
    assert "- **2025.05.01**: Update 5 papers." in edit.text


def test_record_addition_creates_a_section_in_the_seed_style() -> None:
    edit = record_addition(read("no_log.md"), 2, dt.date(2025, 6, 29))
    assert edit.text == read("no_log.add2.expected.md")
    assert any("created" in m and "Latest Updates" in m for m in edit.messages)
    doc = parse_text(edit.text)
    assert [(u.date, u.count) for u in doc.update_log.lines] == [(dt.date(2025, 6, 29), 2)]
    assert doc.last_updated == dt.date(2025, 6, 29)


def test_record_addition_uses_today_utc_by_default() -> None:
    before = dt.datetime.now(dt.timezone.utc).date()
    edit = record_addition(read("order.expected.md"))
    after = dt.datetime.now(dt.timezone.utc).date()
    assert any(
        f"- **{d.strftime('%Y.%m.%d')}**: Update 1 paper." in edit.text for d in (before, after)
    )


def test_record_addition_refuses_a_count_below_one() -> None:
    with pytest.raises(ValueError):
        record_addition(read("order.md"), 0)


def test_reconcile_adds_the_missing_papers_for_today() -> None:
    text = read("same_day.expected.md")  # 3 papers logged, 3 entries: true
    assert not reconcile(text, listed(text), dt.date(2025, 9, 1)).changed
    stale = text.replace("Update 2 papers.", "Update 1 paper.")  # 2 logged, 3 listed
    edit = reconcile(stale, listed(stale), dt.date(2025, 9, 1))
    assert "- **2025.09.01**: Update 1 paper." in edit.text
    assert "Last Updated on 2025.09.01" in edit.text
    assert not reconcile(edit.text, listed(edit.text), dt.date(2025, 9, 2)).changed


def test_reconcile_never_removes_when_the_log_counts_more() -> None:
    text = read("same_day.expected.md").replace("Update 2 papers.", "Update 9 papers.")
    edit = reconcile(text, listed(text), dt.date(2025, 9, 1))
    assert not edit.changed
    assert edit.text == text
    assert any("10" in m and "3" in m for m in edit.messages)


def test_reconcile_creates_the_section_when_missing() -> None:
    edit = reconcile(read("no_log.md"), listed(read("no_log.md")), dt.date(2025, 9, 1))
    assert "- **2025.09.01**: Update 3 papers." in edit.text


def test_lines_the_tool_does_not_understand_are_kept() -> None:
    text = read("order.md").replace(
        "- **2025.01.01**: Update 1 paper.",
        "- **2025.01.01**: Update 1 paper.\n  (two of them were workshop papers)\nA note.",
    )
    edit = normalize_log(text)
    assert "  (two of them were workshop papers)" in edit.text
    assert "A note." in edit.text
    lines = edit.text.split("\n")
    at = lines.index("- **2025.01.01**: Update 1 paper.")
    assert lines[at + 1] == "  (two of them were workshop papers)"
    assert normalize_log(edit.text).text == edit.text


def test_a_paper_titled_news_is_not_the_log() -> None:
    text = read("no_log.md").replace(
        "#### Rivers, Roads and Rooftops", "### News\n\n- 2025.01.01: not a log line"
    )
    doc = parse_text(text)
    assert doc.update_log.heading_line is None or doc.update_log.lines == []
    assert not normalize_log(text).changed


def test_text_without_a_log_is_returned_unchanged() -> None:
    for text in ("", "\n", "# Title\n", "no headings at all", "\ufeff"):
        edit = normalize_log(text)
        assert edit.text == text and not edit.changed


def test_normalize_does_not_touch_a_large_file_outside_the_log(tmp_path: Path) -> None:
    body = read("no_log.md").split("## :memo:")[1]
    text = read("unpadded.md") + ("## :memo:" + body) * 200
    edit = normalize_log(text)
    assert edit.text.split("## :memo:", 1)[1] == text.split("## :memo:", 1)[1]


def test_fmt_lossless_check_compares_the_log_by_meaning() -> None:
    from geoai_bot.core.errors import LosslessError
    from geoai_bot.core.formatter import check_lossless

    before = parse_text(read("same_day.md"))
    merged = parse_text(read("same_day.expected.md"))
    check_lossless(before, merged)  # merged counts say the same thing
    for wrong in (
        read("same_day.expected.md").replace("Update 2 papers.", "Update 3 papers."),
        read("same_day.expected.md").replace("- **2025.02.01**: Update 1 paper.\n", ""),
        read("free_text.expected.md"),
    ):
        with pytest.raises(LosslessError, match="update log"):
            check_lossless(before, parse_text(wrong))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_record_addition_in_the_file_newline_style(newline: str) -> None:
    for name in ("no_log.md", "order.expected.md"):
        text = read(name).replace("\n", newline)
        edit = record_addition(text, 1, dt.date(2025, 7, 4))
        assert edit.text.replace(newline, "").count("\n") == 0
        assert "- **2025.07.04**: Update 1 paper." + newline in edit.text


def test_a_log_heading_on_the_last_line() -> None:
    for text in ("# T\n\n## Latest Updates", "# T\n\n## Latest Updates\n"):
        edit = record_addition(text, 2, dt.date(2025, 1, 2))
        assert edit.text == text.rstrip("\n") + "\n- **2025.01.02**: Update 2 papers." + (
            "\n" if text.endswith("\n") else ""
        )


def test_a_log_inside_a_code_fence_is_not_the_log() -> None:
    text = "# T\n\n```\n## Latest Updates\n- **2024.1.1**: Update 1 papers.\n```\n"
    assert not normalize_log(text).changed


def test_problems_print_with_their_line() -> None:
    (problem,) = normalize_log(
        read("invalid_dates.md").replace("29/06/2025", "2025.06.29")
    ).problems
    assert str(problem) == f"line {problem.line}: {problem.message}"


def test_a_stray_details_line_stops_reordering_and_is_reported() -> None:
    text = read("order.md").replace(
        "- **2025.01.01**: Update 1 paper.", "</details>\n- **2025.1.1**: Update 1 paper."
    )
    edit = normalize_log(text, LogConfig(visible=1))
    lines = text.split("\n")
    stray = lines.index("</details>") + 1
    assert [p.line for p in edit.problems] == [stray]
    assert "<details>" in edit.problems[0].message
    logged = [x for x in edit.text.split("\n") if x.startswith(("- **", "</details>"))]
    assert logged == [  # dates fixed in place; nothing moved, merged or folded
        "- **2025.01.05**: Update 1 paper.",
        "</details>",
        "- **2025.01.01**: Update 1 paper.",
        "- **2025.02.10**: Update 1 paper.",
    ]
    assert "Last Updated on 2025.02.10" in edit.text
    added = record_addition(text, 1, dt.date(2025, 3, 1))
    assert "- **2025.03.01**: Update 1 paper.\n- **2025.01.05**" in added.text


def test_merging_same_day_counts_is_explained_line_by_line() -> None:
    # The note is computed after arranging: before, the lines did not yet know they were
    # merged, and the user only read "rewrote the log lines in canonical form".
    edit = normalize_log(read("same_day.md"))
    assert "- **2025.03.01**: Update 2 papers." in edit.text
    assert edit.messages == ["lines 7, 8: merged the 2025.03.01 counts into 'Update 2 papers.'"]
    text = read("same_day.md").replace("- **2025.02.01**", "- **2025.3.1**")  # three lines
    assert "lines 7, 8, 9: merged the 2025.03.01 counts into 'Update 3 papers.'" in (
        normalize_log(text).messages
    )
