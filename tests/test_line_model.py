"""One Markdown line model (core.scan): every reader agrees with the parser on fences,
comments, `<details>` and blank lines. Regressions of issue 10 item 3: each reader used to
decide these on its own, and disagreed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoai_bot.cli.main import main
from geoai_bot.core.config import Config
from geoai_bot.core.parse import parse_text
from geoai_bot.core.scan import (
    COMMENT,
    FENCED,
    fence_closes,
    fence_opens,
    is_blank,
    scan,
)
from geoai_bot.links.extract import extract
from geoai_bot.links.local import anchors
from geoai_bot.lint.engine import lint_text
from geoai_bot.submit.form import _fence_lines

ENTRY = (
    "#### A Paper\n\n> A. Author\n\n* Paper: https://example.org/paper\n* <details>\n"
    "    <summary>Abstract (Click to expand):</summary>\n    Text written for this test.\n"
    "  </details>\n"
)
LIST = "# Test List\n\n## Papers\n\n" + ENTRY


def test_a_four_backtick_fence_is_not_closed_by_three() -> None:
    text = "````\n```\n# Inside fence\n````\n\n# Real\n"
    found = anchors(text)
    assert "real" in found
    assert "inside-fence" not in found


def test_a_fence_line_with_text_after_it_does_not_close_the_fence() -> None:
    text = LIST + "\n```\n``` text\n[x](https://inside.example/fence)\n```\n"
    urls = {link.url for link in extract(text, "README.md", parse_text(text))}
    assert "https://inside.example/fence" not in urls
    assert "https://example.org/paper" in urls


def test_a_comment_block_hides_its_links_and_headings() -> None:
    text = "<!--\n# Hidden\n[x](https://hidden.example/)\n-->\n# Shown\n"
    assert "hidden" not in anchors(text) and "shown" in anchors(text)
    assert not any("hidden" in link.url for link in extract(text, "README.md"))


def test_an_inline_comment_ends_with_its_paragraph() -> None:
    text = "Some text <!-- a note\n\n[x](https://after.example/)\n"
    assert {link.url for link in extract(text, "README.md")} == {"https://after.example/"}


def test_a_form_feed_line_is_text_for_lint_as_for_the_parser() -> None:
    text = LIST + "\f\n"
    assert [f.rule for f in lint_text(text, "README.md", Config()) if f.rule == "GB007"] == []


def test_lint_fix_leaves_no_finding_on_a_list_ending_in_a_form_feed_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "README.md"
    path.write_text(LIST + "\n\n\f\n", encoding="utf-8")
    main(["lint", "--fix", "--format", "json", str(path)])
    capsys.readouterr()
    main(["lint", "--format", "json", str(path)])
    assert '"GB007"' not in capsys.readouterr().out


def test_the_form_reader_uses_the_scanners_fence_rule() -> None:
    lines = ["````", "```", "### Inside", "````", "### Outside", "~~~ info", "### Unclosed"]
    fenced = _fence_lines(lines)
    assert fenced == {0, 1, 2, 3}  # the unclosed ~~~ fence is text, as before


def test_the_form_reader_is_linear_on_many_unclosed_fences() -> None:
    lines = ["~~~~ x"] * 20_000 + ["### Field"]
    assert _fence_lines(lines) == set()  # 20,000 retries of a quadratic reader took minutes


fence_line = st.sampled_from(["```", "````", "~~~", "~~~~", "``` x", "~~~ `y`", "```a`", "x"])
spaces = st.sampled_from(["", " ", "  ", "   ", "    ", "\t"])


@given(st.lists(st.tuples(spaces, fence_line, spaces), max_size=12))
def test_every_reader_sees_the_scanners_fences(parts: list[tuple[str, str, str]]) -> None:
    """The form reader's fenced lines are exactly the scanner's, whenever every fence the
    scanner opens is closed (the form reader's one documented difference)."""
    lines = [a + b + c for a, b, c in parts]
    kinds = scan(lines)[1]
    fence = None
    for line in lines:
        fence = (None if fence_closes(line, fence) else fence) if fence else fence_opens(line)
    if fence is None:
        assert _fence_lines(lines) == {i for i, k in enumerate(kinds) if k == FENCED}


@pytest.mark.parametrize(
    ("line", "blank"),
    [("", True), (" \t ", True), ("\f", False), ("\u00a0", False), ("\v", False), ("x", False)],
)
def test_blank_means_spaces_and_tabs(line: str, blank: bool) -> None:
    assert is_blank(line) is blank
    # The parser agrees: a blank line between two fence lines stays in the fence either way,
    # and the scanner tells comment blocks from fences.
    assert scan(["<!--", line, "-->"])[1] == bytearray([COMMENT] * 3)
