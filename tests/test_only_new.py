"""Only new problems fail: `--changed-from REF` (entries matched by identity) and the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoai_bot.cli.main import main
from geoai_bot.core.parse import parse_text
from geoai_bot.lint import baseline as bl
from geoai_bot.lint.changed import changes, entry_identity
from geoai_bot.lint.findings import Finding
from test_action_e2e import commit, entry, git, make_list, workspace

TITLES = ("Rivers From Orbit", "Counting Trees With Lidar", "Roofs In Cities", "Sea Ice Extent")
GOOD = [
    entry(title, "A. Author", ("Paper", f"https://arxiv.org/abs/2501.0000{i}"))
    for i, title in enumerate(TITLES, 1)
]
NO_AUTHOR = "#### Estimating Crop Yields Globally\n\n* Paper: https://arxiv.org/abs/2501.00009\n"


def lines_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_moving_an_entry_is_not_a_change() -> None:
    old = make_list(*GOOD)
    new = make_list(GOOD[2], GOOD[0], GOOD[1], GOOD[3])
    assert changes(old, new).new_lines == frozenset()


def test_an_edited_entry_is_new_and_its_neighbours_are_not() -> None:
    old = make_list(*GOOD)
    new = make_list(GOOD[0], GOOD[1].replace("A. Author", "B. Author"), *GOOD[2:])
    changed = changes(old, new).new_lines
    assert lines_of(new, "B. Author") in changed
    assert lines_of(new, "Rivers From Orbit") not in changed
    assert lines_of(new, "Roofs In Cities") not in changed


def test_a_verbatim_copy_of_an_entry_is_still_new() -> None:
    old = make_list(*GOOD)
    new = make_list(*GOOD, GOOD[0])
    changed = changes(old, new).new_lines
    last = max(n for n, line in enumerate(new.splitlines(), 1) if "Rivers From Orbit" in line)
    assert last in changed


def test_header_and_log_lines_are_matched_by_content() -> None:
    old = make_list(*GOOD)
    new = old.replace("Update 4 papers.", "Update 5 papers.")
    changed = changes(old, new).new_lines
    assert changed == {lines_of(new, "Update 5 papers.")}


def test_identity_is_the_arxiv_id_else_the_title() -> None:
    doc = parse_text(make_list(GOOD[0], "#### Some Title!\n\n> X\n\n* Paper: https://x.org\n"))
    a, b = doc.entries
    assert entry_identity(a) == "arxiv:2501.00001"
    assert entry_identity(b) == "title:some title"


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(4)))
def test_any_order_of_unchanged_entries_is_unchanged(order: list[int]) -> None:
    assert not changes(make_list(*GOOD), make_list(*(GOOD[i] for i in order))).new_lines


def test_baseline_round_trip_and_fixed_count() -> None:
    text = make_list(*GOOD)
    doc = parse_text(text)
    f1 = Finding("GB017", "warning", "m", "README.md", lines_of(text, "Counting Trees"))
    f2 = Finding("GB013", "error", "m", "README.md", lines_of(text, "Roofs In Cities"))
    b = bl.Baseline()
    b.record("README.md", bl.places([f1, f2], text, doc))
    again = bl.parse_baseline(b.to_text(), "b.json")
    applied = bl.apply(again, "README.md", [f1], bl.places([f1], text, doc))
    assert applied.new == [] and applied.baselined == [f1] and applied.fixed == 1


@pytest.mark.parametrize(
    "text, says",
    [
        ("{", "not JSON"),
        ("[]", "geoai-bot-baseline"),
        ('{"geoai-bot-baseline": 1, "files": []}', '"files"'),
        ('{"geoai-bot-baseline": 1, "files": {"R.md": [{"rule": 1}]}}', "files.R.md[0]"),
        (
            '{"geoai-bot-baseline": 1, "files": {"R.md": [{"rule": "a", "where": "b", '
            '"count": true}]}}',
            "count",
        ),
    ],
)
def test_a_bad_baseline_names_the_file_and_the_problem(text: str, says: str) -> None:
    with pytest.raises(Exception) as info:
        bl.parse_baseline(text, "base.json")
    assert "base.json" in str(info.value) and says in str(info.value)


def repo_with(tmp_path: Path, text: str) -> Path:
    ws = workspace(tmp_path, text)
    return ws


@pytest.mark.parametrize("command", ["lint", "check"])
def test_changed_from_fails_only_on_the_new_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    old = make_list(
        *GOOD[:2],
        "#### Detecting Ships In Radar\n\n* Paper: https://arxiv.org/abs/2501.00008\n",
        *GOOD[2:],
    )
    ws = repo_with(tmp_path, old)
    readme = str(ws / "README.md")
    extra = ["--offline"] if command == "check" else []
    assert main([command, readme, *extra]) == 1  # old debt: Zeta has no author line
    capsys.readouterr()
    assert main([command, readme, *extra, "--changed-from", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "1 finding in unchanged entries, not failing" in out
    # Move Zeta to the end and add Epsilon (no author line) at the top: only Epsilon fails.
    new = make_list(
        NO_AUTHOR,
        *GOOD,
        "#### Detecting Ships In Radar\n\n* Paper: https://arxiv.org/abs/2501.00008\n",
    )
    (ws / "README.md").write_text(new, encoding="utf-8")
    assert main([command, readme, *extra, "--changed-from", "HEAD"]) == 1
    out = capsys.readouterr().out
    failing = [ln for ln in out.splitlines() if "GB0" in ln]
    assert (
        len(failing) == 1 and f":{lines_of(new, 'Estimating Crop Yields Globally')}:" in failing[0]
    )
    assert "GB013" in failing[0]
    assert main([command, readme, *extra, "--changed-from", "HEAD", "--all"]) == 1
    assert sum("GB013" in ln for ln in capsys.readouterr().out.splitlines()) == 2


def test_baseline_written_then_only_new_findings_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = make_list(
        *GOOD, "#### Detecting Ships In Radar\n\n* Paper: https://arxiv.org/abs/2501.00008\n"
    )
    ws = repo_with(tmp_path, old)
    readme = str(ws / "README.md")
    base = str(ws / bl.DEFAULT_NAME)
    assert main(["lint", readme, "--write-baseline", base]) == 0
    data = json.loads(Path(base).read_text(encoding="utf-8"))
    assert {"rule": "GB013", "where": "arxiv:2501.00008", "count": 1} in data["files"]["README.md"]
    capsys.readouterr()
    assert main(["lint", readme]) == 0
    assert main(["check", readme, "--offline"]) == 0
    assert main(["check", readme, "--offline", "--no-baseline"]) == 1
    # A new problem fails; fixing the old one is counted.
    (ws / "README.md").write_text(make_list(*GOOD, NO_AUTHOR), encoding="utf-8")
    capsys.readouterr()
    assert main(["lint", readme]) == 1
    out = capsys.readouterr().out
    assert "1 baselined finding is fixed" in out


def test_under_changed_from_the_baseline_is_read_at_the_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = repo_with(tmp_path, make_list(*GOOD))
    readme = str(ws / "README.md")
    (ws / "README.md").write_text(make_list(*GOOD, NO_AUTHOR), encoding="utf-8")
    # The pull request records its own new finding in a baseline: that does not count.
    assert main(["lint", readme, "--write-baseline", str(ws / bl.DEFAULT_NAME)]) == 0
    assert main(["lint", readme]) == 0
    assert main(["lint", readme, "--changed-from", "HEAD"]) == 1
    git(ws, "add", "-A")
    commit(ws, make_list(*GOOD, NO_AUTHOR))
    assert main(["lint", readme, "--changed-from", "HEAD"]) == 0


def test_an_unknown_ref_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = repo_with(tmp_path, make_list(*GOOD))
    assert main(["lint", str(ws / "README.md"), "--changed-from", "nope"]) == 2
    assert "'nope'" in capsys.readouterr().err


def test_paper_none_is_a_warning_or_an_info_by_the_lists_convention(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    one = make_list(GOOD[0], entry("Paper Nil", "A. B", ("Paper", "None")))
    p = tmp_path / "one.md"
    p.write_text(one, encoding="utf-8")
    assert main(["lint", str(p), "--format", "json"]) == 0
    sev = {
        f["severity"]
        for f in json.loads(capsys.readouterr().out)["findings"]
        if f["rule"] == "GB017"
    }
    assert sev == {"warning"}
    two = make_list(
        entry("Nil One", "A. B", ("Paper", "None")), entry("Nil Two", "A. B", ("Paper", "None"))
    )
    p.write_text(two, encoding="utf-8")
    assert main(["lint", str(p), "--format", "json"]) == 0
    sev = {
        f["severity"]
        for f in json.loads(capsys.readouterr().out)["findings"]
        if f["rule"] == "GB017"
    }
    assert sev == {"info"}


def test_check_and_lint_report_a_trailing_space_once_with_one_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = make_list(*GOOD).replace("> A. Author\n", "> A. Author \n", 1)
    p = tmp_path / "README.md"
    p.write_text(text, encoding="utf-8")
    lint_code = main(["lint", str(p), "--format", "json"])
    lint = json.loads(capsys.readouterr().out)["findings"]
    check_code = main(["check", str(p), "--offline", "--format", "json"])
    check = json.loads(capsys.readouterr().out)["findings"]
    assert lint_code == check_code == 0
    assert [(f["rule"], f["severity"], f["line"]) for f in lint] == [
        (f["rule"], f["severity"], f["line"]) for f in check
    ]
    for fail_on in ("warning", "error"):
        assert main(["lint", str(p), *(["--strict"] if fail_on == "warning" else [])]) == main(
            ["check", str(p), "--offline", "--fail-on", fail_on]
        )
    out = capsys.readouterr().out
    assert "1 warning" in out and "1 warnings" not in out
