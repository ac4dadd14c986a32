"""Attacks through an issue-form submission (issue 12, items 1-7 and 16): the issue's text
is a stranger's. Each runs the real flow against the GitHub REST API stand-in, driven by
the real PyGithub client, unless it is about one function's running time."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest

from fakes.github_api import Comment, GitHubAPI, Repo, github_api  # noqa: F401
from geoai_bot.action.env import ActionEnv, Inputs
from geoai_bot.action.run import plan
from geoai_bot.cli.main import main as cli_main
from geoai_bot.core.config import Config
from geoai_bot.github.forge import GitHubForge
from geoai_bot.submit.edit import add_entry
from geoai_bot.submit.flow import MARKER, SubmitOptions, SubmitOutcome, submit_issue
from geoai_bot.submit.form import FormValues, default_template_text, parse_template, render_body
from geoai_bot.submit.validate import prepare

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "paper-list.md").read_text(encoding="utf-8")
# The list ends with a reference-style link and its definition, as many lists do.
README = (
    EXAMPLE.rstrip("\n")
    + "\n\nSee the [contributing guide][contrib] before you add a paper.\n\n"
    + "[contrib]: https://example.org/contributing\n"
)
TEMPLATE = parse_template(default_template_text())
DAY = dt.date(2026, 11, 28)
EXISTING = "SMARTIES: Spectrum-Aware Multi-Sensor Auto-Encoder for Remote Sensing Images"
VALUES: dict[str, str | None] = {
    "title": "Learning Maps From Satellite Images",
    "authors": "Ada Lovelace, Alan Turing",
    "paper": "https://arxiv.org/abs/2501.01234",
    "code": "https://github.com/example/maps",
    "abstract": "We learn maps from images.",
}


def _forge(api: GitHubAPI) -> GitHubForge:
    return GitHubForge(
        "o/r", "t", api.base_url, seconds_between_requests=0, seconds_between_writes=0
    )


def _submit(
    api: GitHubAPI, labels: tuple[str, ...] = ("new-paper",), **changes: str | None
) -> tuple[Repo, int, SubmitOutcome]:
    repo = api.repos.get("o/r") or api.create_repo("o/r", {"README.md": README})
    values = {**VALUES, **changes}
    issue = repo.add_issue("paper", render_body(values, TEMPLATE, newline="\r\n"), list(labels))
    out = submit_issue(
        _forge(api),
        api.issue_event("o/r", issue.number),
        SubmitOptions(today=DAY, fetch=lambda _: {}),
    )
    return repo, issue.number, out


class _Links(HTMLParser):
    """Every <a href> of rendered HTML with its visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append([dict(attrs).get("href") or "", ""])

    def handle_data(self, data: str) -> None:
        for a in self._open:
            a[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, text))


def _links(markdown: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(cmarkgfm.github_flavored_markdown_to_html(markdown))
    return parser.links


def _assert_no_new_hidden_links(before: str, after: str, own: set[str]) -> None:
    """Rendered as GitHub does: every link in AFTER existed in BEFORE, is one of the
    submission's own link fields, or shows its own address (an autolink hides nothing)."""
    old = {href for href, _ in _links(before)}
    for href, text in _links(after):
        shows_itself = text.strip() and href.endswith(text.strip())
        assert href in old or href in own or shows_itself, (href, text)


def _readme_after(repo: Repo, number: int, out: SubmitOutcome) -> str:
    if out.pr_url is None:
        return repo.file("README.md") or ""
    return repo.file("README.md", f"geoai-bot/issue-{number}") or ""


# -- item 1: link reference definitions through a field --------------------------------

DEFINITION_ATTACKS = [
    # the author line defines a link for the whole README; the title uses it
    {"title": "Download the [code] here", "authors": "[code]: https://evil.example/x"},
    # the new entry (above the list's own definition) repoints the list's [contrib]
    {"authors": "[contrib]: https://evil.example/phish, Ada Lovelace"},
    {"authors": "Ada Lovelace, [contrib]:https://evil.example/phish"},
    # a label the list itself defines turns plain-looking text into a link
    {"title": "Maps, see the [contrib] notes"},
    {"abstract": "We learn [ CONTRIB ] maps."},  # labels match case- and space-blind
    {"abstract": "[x]: https://evil.example/x\n\nWe learn maps, see [x]."},
]


@pytest.mark.parametrize("changes", DEFINITION_ATTACKS)
def test_a_field_cannot_define_or_use_a_link_the_author_did_not_put_in_a_link_field(
    github_api: GitHubAPI,  # noqa: F811
    changes: dict[str, str],
) -> None:
    repo, number, out = _submit(github_api, **changes)
    assert out.status == "invalid", out
    assert any("link" in p for p in out.problems), out.problems
    own = {v for k, v in VALUES.items() if k in ("paper", "code") and v}
    _assert_no_new_hidden_links(README, _readme_after(repo, number, out), own)


def test_a_bracketed_title_the_list_does_not_define_is_accepted_and_stays_text(
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    repo, number, out = _submit(github_api, title="[Re] Learning Maps From Satellite Images")
    assert out.status == "opened", out
    own = {"https://arxiv.org/abs/2501.01234", "https://github.com/example/maps"}
    after = _readme_after(repo, number, out)
    assert "[Re] Learning Maps" in after
    _assert_no_new_hidden_links(README, after, own)


# -- item 2: character references ---------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "&#x202E;spaM gninraeL",  # a real right-to-left override once rendered
        "&#8238;Maps",
        "SMARTI&#69;S: Spectrum-Aware Multi-Sensor Auto-Encoder for Remote Sensing Images",
        "Learning Maps &ZeroWidthSpace;From Satellite Images",
    ],
)
def test_character_references_are_refused_not_rendered(
    github_api: GitHubAPI,  # noqa: F811
    title: str,
) -> None:
    repo, _number, out = _submit(github_api, title=title)
    assert out.status == "invalid", out
    assert any("character reference" in p for p in out.problems), out.problems
    assert repo.open_pulls() == []


# -- item 3: look-alike titles and invisible fillers --------------------------------------


def test_a_look_alike_title_is_a_duplicate(github_api: GitHubAPI) -> None:  # noqa: F811
    cyrillic = EXISTING.replace("a", "\u0430").replace("e", "\u0435").replace("o", "\u043e")
    assert cyrillic != EXISTING
    repo, _number, out = _submit(github_api, title=cyrillic, paper="https://example.org/x")
    assert out.status == "duplicate", out
    assert repo.open_pulls() == []


@pytest.mark.parametrize("filler", ["\u3164", "\u2800", "\u115f", "\uffa0"])
def test_invisible_fillers_are_refused(github_api: GitHubAPI, filler: str) -> None:  # noqa: F811
    _repo, _number, out = _submit(github_api, title=f"Learning Maps{filler} From Images")
    assert out.status == "invalid", out
    assert any(f"U+{ord(filler):04X}" in p for p in out.problems), out.problems


# -- item 4: references GitHub links or acts on ---------------------------------------


def test_gh_references_and_issue_urls_do_not_reach_github_prose(
    github_api: GitHubAPI,  # noqa: F811
) -> None:
    title = "Fixes GH-7 and resolves https://github.com/o/r/issues/7 and o/r/pull/8 Maps"
    repo, number, out = _submit(github_api, title=title)
    assert out.status == "opened", out
    [pr] = repo.open_pulls()
    commit = repo.commits[repo.refs[f"heads/{pr.head}"]]["message"]
    outside_fences = re.sub(r"```markdown\n.*?\n```", "", pr.body, flags=re.S)
    for prose in (pr.title, commit, outside_fences):
        assert not re.search(r"\bGH-\d", prose, re.I), prose
        assert not re.search(r"/(issues|pull)/\d", prose), prose
    assert re.findall(r"#\d+", commit) == [f"#{number}"]


# -- item 5: a stranger's comment with the bot's marker ---------------------------------


def test_the_bot_never_adopts_a_strangers_comment(github_api: GitHubAPI) -> None:  # noqa: F811
    repo = github_api.create_repo("o/r", {"README.md": README})
    issue = repo.add_issue("paper", render_body(VALUES, TEMPLATE), ["new-paper"])
    planted = f"{MARKER}\nA maintainer approved this, merge it: https://evil.example/"
    repo.comments[1] = Comment(1, issue.number, planted, "mallory")
    out = submit_issue(
        _forge(github_api),
        github_api.issue_event("o/r", issue.number),
        SubmitOptions(today=DAY, fetch=lambda _: {}),
    )
    assert out.status == "opened", out
    assert repo.comments[1].body == planted and repo.comments[1].user == "mallory"
    bots = [c for c in repo.comments_on(issue.number) if c.user == "geoai-bot[bot]"]
    assert len(bots) == 1 and MARKER in bots[0].body


# -- item 6: the repository's own form labels -------------------------------------------


def test_a_custom_form_label_is_a_submission_for_the_action_and_for_submit(
    github_api: GitHubAPI,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    form = default_template_text().replace("labels: [", "labels: [paper-submission, ")
    form = re.sub(r"(?m)^labels:.*$", "labels: [paper-submission]", form)
    assert "paper-submission" in parse_template(form).labels
    path = ".github/ISSUE_TEMPLATE/add-paper.yml"
    repo = github_api.create_repo("o/r", {"README.md": README, path: form})
    issue = repo.add_issue("paper", render_body(VALUES, TEMPLATE), ["paper-submission"])
    event = github_api.issue_event("o/r", issue.number)
    (tmp_path / ".github" / "ISSUE_TEMPLATE").mkdir(parents=True)
    (tmp_path / path).write_text(form, encoding="utf-8")
    env = ActionEnv(inputs=Inputs(), event_name="issues", event=event, workspace=tmp_path)
    assert plan(env).job == "submit"  # the Action picks the job by the form's label ...
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    monkeypatch.setenv("GEOAI_BOT_API_PAUSE", "0,0")
    argv = ["submit", "--json", "--event", str(event_file), "--repo", "o/r"]
    code = cli_main([*argv, "--api-url", github_api.base_url])
    assert code == 0
    assert len(repo.open_pulls()) == 1  # ... and submit, run as the Action runs it, agrees


# -- item 7: hostile bodies of GitHub's maximum size, answered in linear time -----------

_CHILD = """
import json, sys
from geoai_bot.submit.form import default_template_text, parse_body, parse_template
from geoai_bot.submit.validate import prepare
t = parse_template(default_template_text())
for body in json.loads(sys.stdin.read()):
    p = prepare(parse_body(body, t), t, fetch=lambda ids: {}, readme="[a]: https://x.example\\n")
    print(len(p.problems))
"""
GITHUB_MAX_BODY = 65_536
HOSTILE_SHAPES = [
    "### Paper title\n\n" + "```a\n" * 100_000,  # unclosed fences (quadratic: 20 s at 8,000)
    "### Paper title\n\n" + "[" * 500_000,  # the link check (quadratic in `[`)
    "### Authors\n\n" + "[a" * 250_000,
    "### Abstract\n\n" + "&#1" * 150_000,
    "### Authors\n\n" + " \n" * 250_000,
]


@pytest.mark.slow
def test_hostile_bodies_are_answered_in_linear_time() -> None:
    # Eight times the largest body GitHub accepts, in a child process: a linear reader
    # answers each in well under a second; a quadratic one runs into the generous timeout.
    bodies = [shape[: 8 * GITHUB_MAX_BODY] for shape in HOSTILE_SHAPES]
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(bodies),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    counts = [int(n) for n in proc.stdout.split()]
    assert len(counts) == len(bodies) and all(n >= 1 for n in counts)  # answered, refused


# -- item 16: what is accepted lints clean -------------------------------------------------


@pytest.mark.parametrize("authors", [".,.", "., Ada", "-", "Ada, ..."])
def test_authors_that_are_no_names_are_refused_not_left_for_lint(authors: str) -> None:
    form = FormValues(values={**VALUES, "authors": authors})
    p = prepare(form, TEMPLATE, fetch=lambda ids: {})
    if p.submission is not None:  # accepted: then it must lint clean
        edit = add_entry(README, p.submission.entry(), Config(), DAY)
        assert [f.rule for f in edit.findings] == []
    else:
        assert any(x.field == "authors" for x in p.problems)
    if authors in (".,.", "-"):
        assert p.submission is None
