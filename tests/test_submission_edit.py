"""Inserting a submitted entry: only the new lines and the update log change, lint stays clean."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import mistune
import pytest

from conftest import CORPUS, needs_corpus
from geoai_bot.core.config import Config, LintConfig, SubmitConfig
from geoai_bot.core.parse import parse_text, split_lines
from geoai_bot.log import record_addition
from geoai_bot.submit.edit import add_entry
from geoai_bot.submit.form import FormValues, default_template_text, parse_template
from geoai_bot.submit.validate import SubmissionModel, prepare

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "paper-list.md"
DAY = dt.date(2026, 11, 28)
TEMPLATE = parse_template(default_template_text())


def entry(**changes: str) -> SubmissionModel:
    data = {
        "title": "Learning Maps From Satellite Images",
        "authors": "Ada Lovelace, Alan Turing",
        "paper": "https://arxiv.org/abs/2501.01234",
        "abstract": "We learn maps.",
    }
    data.update(changes)
    return SubmissionModel.model_validate(data)


def only_insertions_outside_the_log(before: str, after: str) -> list[str]:
    """The lines added; fails if any old line outside the update log changed or vanished."""
    old, new = split_lines(before)[0], split_lines(after)[0]
    span = parse_text(before).update_log.span
    log = range(span.start - 1, span.end) if span else range(0)
    added: list[str] = []
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag in ("replace", "delete"):
            assert all(i in log for i in range(i1, i2)), (tag, old[i1:i2])
    for line in difflib.ndiff(old, new):
        if line.startswith("+ "):
            added.append(line[2:])
    return added


def corpus_lists() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return [
        p
        for p in sorted(CORPUS.glob("*.md"))
        + sorted(CORPUS.glob("*/*.md"))
        + sorted(CORPUS.glob("seed/*.txt"))
        if p.name not in ("QUIRKS.md", "SOURCES.md")
    ]


@pytest.mark.parametrize("position", ["bottom", "top"])
def test_example_list_gets_one_entry_and_one_log_line(position: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    config = Config(submit=SubmitConfig(position=position))
    edit = add_entry(text, entry().entry(), config, DAY)
    assert edit.problems == []
    assert edit.findings == []
    added = only_insertions_outside_the_log(text, edit.text)
    assert "#### Learning Maps From Satellite Images" in added
    before, after = parse_text(text), parse_text(edit.text)
    assert len(after.entries) == len(before.entries) + 1
    titles = [e.title for e in after.entries]
    index = titles.index("Learning Maps From Satellite Images")
    assert index == (0 if position == "top" else len(titles) - 1)
    assert after.entries[index].span.start == edit.line
    assert after.update_log.lines[0].date == DAY
    assert after.last_updated == DAY


@needs_corpus
@pytest.mark.parametrize("path", corpus_lists(), ids=lambda p: p.name)
@pytest.mark.parametrize("position", ["bottom", "top"])
def test_real_lists_change_only_where_they_must_and_lint_clean(path: Path, position: str) -> None:
    text = path.read_bytes().decode("utf-8")
    if not parse_text(text).entries:
        pytest.skip("not an entry-shaped list")
    edit = add_entry(text, entry().entry(), Config(submit=SubmitConfig(position=position)), DAY)
    assert edit.problems == []
    assert edit.findings == [], [f.message for f in edit.findings]
    only_insertions_outside_the_log(text, edit.text)
    assert edit.text.count("Learning Maps From Satellite Images") == 1


def test_crlf_and_missing_final_newline_are_kept() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n").replace("\n", "\r\n")
    edit = add_entry(text, entry().entry(), Config(), DAY)
    assert "\n" not in edit.text.replace("\r\n", "")
    assert edit.text.endswith("</details>\r\n")  # the new last line ends like the others
    only_insertions_outside_the_log(text, edit.text)


def test_named_section_and_unknown_section() -> None:
    text = (
        "# L\n\n## 📢 Latest Updates\n- **2025.01.01**: Update 1 paper.\n\n## Part A\n\n"
        "#### Old A\n\n> X\n\n* Paper: https://example.org/a\n\n\n## Part B\n\nNothing yet.\n"
    )
    edit = add_entry(text, entry().entry(), Config(), DAY, section="part b")
    assert edit.problems == []
    doc = parse_text(edit.text)
    assert [(e.title, e.section) for e in doc.entries][-1] == (
        "Learning Maps From Satellite Images",
        "Part B",
    )
    assert "Nothing yet." in edit.text
    bad = add_entry(text, entry().entry(), Config(), DAY, section="Part C")
    assert bad.text == text
    assert "no section 'Part C'" in bad.problems[0] and "'Part A'" in bad.problems[0]
    # The [submit] table picks the default section.
    cfg = add_entry(text, entry().entry(), Config(submit=SubmitConfig(section="Part A")), DAY)
    assert parse_text(cfg.text).entries[1].section == "Part A"


def test_house_style_arxiv_pdf_and_unpinned_versions() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    pdf = Config(lint=LintConfig(arxiv_style="pdf"))
    edit = add_entry(text, entry().entry(), pdf, DAY)
    assert "* Paper: https://arxiv.org/pdf/2501.01234" in edit.text
    pinned = add_entry(
        text, entry(paper="https://arxiv.org/abs/2501.01234v2").entry(), Config(), DAY
    )
    assert pinned.findings == []
    assert any("dropped the arXiv version" in m for m in pinned.messages)


def _tags(html: str) -> dict[str, int]:
    names = re.findall(r"<(/?[a-zA-Z][a-zA-Z0-9]*)", html)
    out: dict[str, int] = {}
    for n in names:
        out[n.lower()] = out.get(n.lower(), 0) + 1
    return out


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "A | B * C > D # E: 🌍 Maps #"},
        {"abstract": "# no heading\n\n> no quote\n\n* no list | no table | x\n\n---"},
        {"authors": "Ada | Lovelace, Bob * Smith, @user, @org/team"},
    ],
)
def test_accepted_text_creates_no_markdown_structure(changes: dict[str, str]) -> None:
    form = FormValues(
        values={
            "title": "Learning Maps From Satellite Images",
            "authors": "Ada Lovelace",
            "paper": "https://example.org/p",
            "abstract": "We learn maps.",
            **changes,
        }
    )
    prepared = prepare(form, TEMPLATE, fetch=lambda ids: {})
    assert prepared.submission is not None, prepared.problems
    text = EXAMPLE.read_text(encoding="utf-8")
    edit = add_entry(text, prepared.submission.entry(), Config(), DAY)
    md = mistune.create_markdown(escape=False)
    # Baseline: the same list with only the update-log edit, so the difference is the entry.
    logged = record_addition(text, 1, DAY).text
    before, after = _tags(str(md(logged))), _tags(str(md(edit.text)))
    plain = edit.entry_lines
    expected = _tags(str(md("\n".join(plain))))
    for tag in set(before) | set(after):
        assert after.get(tag, 0) - before.get(tag, 0) == expected.get(tag, 0), tag
    # The entry's own shape: one heading, one quote, list items, one details block.
    assert expected.get("h4") == 1 and expected.get("blockquote") == 1
    for bad in ("h1", "h2", "h3", "table", "hr", "script", "img"):
        assert bad not in expected, bad
