"""Hypothesis: random update logs normalise idempotently, keep what they say, touch nothing else."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoai_bot.core.config import LogConfig
from geoai_bot.core.formatter import format_document
from geoai_bot.core.model import Document
from geoai_bot.core.parse import parse_text
from geoai_bot.log import normalize_log, record_addition

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEAD = "# <p align=center>`Random Log`</p>\n\n:star2:**Generated for property tests.**\n\n"
TAIL = (
    "\n\n## :memo: Papers\n\n#### A Paper About Maps\n\n> Ann Author\n\n"
    "* Paper: https://example.org/a\n\n\n#### Another Paper\n\n> Bo Builder\n\n"
    "* Code: None\n"
)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
words = (
    st.text(alphabet=st.sampled_from("abcdefgXYZ 0123456789、,.()-"), min_size=1, max_size=25)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def written_date(draw: st.DrawFn) -> str:
    d = draw(dates)
    sep = draw(st.sampled_from([".", ".", "-", "/"]))
    if draw(st.booleans()):
        return f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}"
    return f"{d.year}{sep}{d.month}{sep}{d.day}"


@st.composite
def log_line(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["count", "count", "count", "text", "bad", "blank", "blank", "prose", "more", "lu"]
        )
    )
    if kind == "count":
        n = draw(st.integers(0, 300))
        word = draw(st.sampled_from(["paper", "papers", "Papers"]))
        verb = draw(st.sampled_from(["Update", "update", "UPDATE"]))
        end = draw(st.sampled_from([".", "", "。"]))
        bullet = draw(st.sampled_from(["-", "-", "*"]))
        return f"{bullet} **{draw(written_date())}**: {verb} {n} {word}{end}"
    if kind == "text":
        return f"- **{draw(written_date())}**: Update {draw(words)}"
    if kind == "bad":
        bad = draw(st.sampled_from(["2025.02.30", "29/06/2025", "2023.13.01", "soon"]))
        return f"- **{bad}**: Update {draw(st.integers(1, 9))} papers."
    if kind == "blank":
        return draw(
            st.sampled_from(
                [
                    "",
                    "",
                    "<details><summary>Earlier updates</summary>",
                    "<details>",
                    "</details>",
                    "<summary>Old</summary>",
                ]
            )
        )
    if kind == "lu":
        return f"Last Updated: {draw(written_date())}"
    if kind == "prose":
        return f"Note {draw(words)}"
    return f"  {draw(words)}"


@st.composite
def log_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(log_line(), max_size=30))
    lu = draw(st.sampled_from(["plain", "comment", "none"]))
    written = draw(written_date())
    if lu == "plain":
        lines.insert(0, f":fire::fire::fire: Last Updated on {written} :fire::fire::fire:")
    elif lu == "comment":
        lines.insert(0, f"<!-- :fire: Last Updated on {written} :fire: -->")
    text = HEAD + "## 📢 Latest Updates\n" + "\n".join(lines) + TAIL
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return text.replace("\n", newline)


def said(doc: Document) -> tuple[Counter[object], Counter[object]]:
    counts: Counter[object] = Counter()
    other: Counter[object] = Counter()
    for u in doc.update_log.lines:
        if u.date is None:
            other[u.raw.strip()] += 1
        elif u.free:
            other[(u.date, u.text)] += 1
        else:
            counts[u.date] += u.count or 0
    return counts, other


def newlines(text: str) -> set[str]:
    return set(re.findall(r"\r\n|\r|\n", text))


def outside(text: str) -> tuple[str, str]:
    return text.split("## 📢 Latest Updates")[0], text.split("## :memo:")[1]


@SETTINGS
@given(log_text(), st.integers(1, 12))
def test_normalize_is_idempotent_and_keeps_meaning(text: str, visible: int) -> None:
    config = LogConfig(visible=visible)
    edit = normalize_log(text, config)
    again = normalize_log(edit.text, config)
    assert again.text == edit.text
    assert not again.changed and not again.messages
    assert said(parse_text(edit.text)) == said(parse_text(text))
    assert outside(edit.text) == outside(text)
    assert newlines(edit.text) == newlines(text)
    # Every prose or continuation line is still there.
    kept = Counter(x.strip() for x in edit.text.splitlines())
    for line in text.splitlines():
        ours = ("- **", "* **", ":fire:", "<!--", "Last Updated", "<details>", "</details>")
        if line.strip() and not line.lstrip().startswith(ours):
            assert kept[line.strip()] > 0, line


@SETTINGS
@given(log_text(), st.integers(1, 50), dates)
def test_record_addition_adds_exactly_count(text: str, count: int, day: dt.date) -> None:
    edit = record_addition(text, count, day)
    counts, other = said(parse_text(text))
    counts[day] += count
    assert said(parse_text(edit.text)) == (counts, other)
    assert outside(edit.text) == outside(text)
    # Only the day's line and Last Updated change: at most two lines out, two in.
    removed = Counter(text.splitlines()) - Counter(edit.text.splitlines())
    added = Counter(edit.text.splitlines()) - Counter(text.splitlines())
    assert sum(removed.values()) <= 2 and sum(added.values()) <= 2
    assert all("Last Updated" in line or day.strftime("%Y.%m.%d") in line for line in added)


@SETTINGS
@given(log_text())
def test_fmt_accepts_every_log_and_is_idempotent(text: str) -> None:
    once = format_document(text).text
    assert format_document(once).text == once


@SETTINGS
@given(st.lists(st.text(max_size=40), max_size=12), st.booleans())
def test_arbitrary_lines_in_the_log_never_crash(lines: list[str], crlf: bool) -> None:
    text = HEAD + "## Latest Updates\n" + "\n".join(lines) + TAIL
    if crlf:
        text = text.replace("\n", "\r\n")
    edit = normalize_log(text)
    assert normalize_log(edit.text).text == edit.text
    record_addition(text, 2, dt.date(2025, 1, 1))
    once = format_document(text).text  # never refuses to write because of the log
    assert format_document(once).text == once


# Minimal failing inputs found by the properties above, kept as plain tests.
FOLDED_NOTE = [  # a note above the only log line, all inside an old fold; visible = 1
    "<details><summary>Earlier updates</summary>",
    "  0",
    "  - **2025.01.03**: Update 1 paper.",
    "  </details>",
]


def test_a_note_in_the_fold_does_not_count_as_a_visible_log_line() -> None:
    text = HEAD + "## 📢 Latest Updates\n" + "\n".join(FOLDED_NOTE) + TAIL
    config = LogConfig(visible=1)
    edit = normalize_log(text, config)
    assert normalize_log(edit.text, config).text == edit.text
    once = format_document(text, log_config=config).text
    assert format_document(once, log_config=config).text == once
    assert "  0" in once.splitlines()  # the note is kept, as written
    assert said(parse_text(once)) == said(parse_text(text))


def test_continuation_under_an_unreadable_date_is_part_of_the_log_meaning() -> None:
    text = HEAD + "## 📢 Latest Updates\n- **soon**: Update 2 papers.\n  0" + TAIL
    once = format_document(text).text
    assert "  0" in once.splitlines()
    assert format_document(once).text == once


def test_a_code_fence_in_the_log_is_not_folded_into_html() -> None:
    # Folding moved the fence into <details>, where it opens nothing: the papers after it,
    # hidden in the fence before, became entries and fmt refused to write.
    lines = ["  - **2025.01.03**: Update 1 paper.", "  - **2025.01.03**: Update 1 paper.", "  ```"]
    text = HEAD + "## 📢 Latest Updates\n" + "\n".join(lines) + TAIL
    config = LogConfig(visible=1)
    edit = normalize_log(text, config)
    assert any("code fence" in p.message for p in edit.problems)
    assert normalize_log(edit.text, config).text == edit.text
    once = format_document(text, log_config=config).text
    assert format_document(once, log_config=config).text == once


# Minimal inputs where fmt's lossless check refused a log: `normalize_log` wrote the lines
# so that they read back differently from what `log_meaning` had read.
REFUSED = [
    # An indented note after a fold: unfolded, it sat right under the log line and read
    # back as its continuation (the count line became free text).
    [
        "<details><summary>Earlier updates</summary>",
        "  - **2025.01.03**: Update 1 paper.",
        "  </details>",
        "  0",
    ],
    # A second "Last Updated" (a continuation) sorted above the log's own one took its place.
    [
        "- **2025.01.01**: Update 1 paper.",
        ":fire: Last Updated on 2024.01.01 :fire:",
        "  - **2025.01.03**: Update 1 paper.",
        "  Last Updated: 2020.1.1",
    ],
]


@pytest.mark.parametrize("lines", REFUSED)
def test_fmt_keeps_what_the_log_says_and_is_idempotent(lines: list[str]) -> None:
    text = HEAD + "## 📢 Latest Updates\n" + "\n".join(lines) + TAIL
    config = LogConfig(visible=1)
    edit = normalize_log(text, config)
    assert normalize_log(edit.text, config).text == edit.text
    assert said(parse_text(edit.text)) == said(parse_text(text))
    once = format_document(text, log_config=config).text  # raised LosslessError before
    assert format_document(once, log_config=config).text == once
    kept = {x.strip() for x in once.splitlines()}
    assert {"0", "Last Updated: 2020.1.1"} & {x.strip() for x in lines} <= kept
