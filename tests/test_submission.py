"""Validation of submitted forms: every problem at once, URL normalisation, inert text, autofill."""

from __future__ import annotations

import pytest

from fakes.arxiv_api import ArxivStandIn, arxiv_api  # noqa: F401
from geoai_bot.submit.form import FormValues, Template, default_template_text, parse_template
from geoai_bot.submit.validate import MAX_ABSTRACT, MAX_TITLE, normalize_url, prepare

TEMPLATE: Template = parse_template(default_template_text())
GOOD = {
    "title": "Learning Maps From Satellite Images",
    "authors": "Ada Lovelace, Alan Turing",
    "paper": "https://arxiv.org/abs/2501.01234",
    "code": None,
    "project": None,
    "dataset": None,
    "abstract": "We learn maps.",
}


def form(**changes: str | None) -> FormValues:
    values = dict(GOOD)
    values.update(changes)
    return FormValues(values=values)


def problems(**changes: str | None) -> dict[str, str]:
    p = prepare(form(**changes), TEMPLATE, fetch=lambda ids: {})
    assert (p.submission is None) == bool(p.problems)
    return {x.field: x.message for x in p.problems}


def test_a_good_form_gives_the_canonical_entry() -> None:
    p = prepare(form(), TEMPLATE, fetch=lambda ids: {})
    assert p.problems == []
    assert p.submission is not None
    entry = p.submission.entry()
    assert entry.title == GOOD["title"]
    assert entry.authors == ["Ada Lovelace", "Alan Turing"]
    assert [(x.label, x.url) for x in entry.links] == [("Paper", GOOD["paper"])]
    assert entry.abstract == "We learn maps."


@pytest.mark.parametrize(
    ("changes", "field", "needle"),
    [
        ({"title": None}, "title", "missing"),
        ({"title": "A" * (MAX_TITLE + 1)}, "title", f"limit is {MAX_TITLE}"),
        ({"title": "Line one\nline two"}, "title", "one line"),
        ({"authors": None}, "authors", "at least one author"),
        ({"authors": " , ,"}, "authors", "at least one author"),
        ({"paper": None}, "paper", "at least one of"),
        ({"paper": "arxiv.org/abs/2501.01234"}, "paper", "absolute http(s)"),
        ({"paper": "/relative/path"}, "paper", "absolute http(s)"),
        ({"paper": "javascript:alert(1)"}, "paper", "absolute http(s)"),
        ({"paper": "ftp://example.org/x"}, "paper", "absolute http(s)"),
        ({"paper": "https://exa mple.org/x"}, "paper", "spaces"),
        ({"paper": "https://example.org/a https://example.org/b"}, "paper", "spaces"),
        ({"paper": "https://[::1"}, "paper", "not a valid URL"),
        ({"paper": "https://example.org:99999/"}, "paper", "not a valid URL"),
        ({"paper": "https://user:pw@example.org/"}, "paper", "user name or password"),
        ({"paper": "https://nohost/"}, "paper", "host name"),
        ({"paper": "https://arxiv.org/abs/2513.01234"}, "paper", "arXiv id"),
        ({"code": "https://example.org/<x>"}, "code", "character"),
        ({"abstract": "x" * (MAX_ABSTRACT + 1)}, "abstract", f"limit is {MAX_ABSTRACT}"),
    ],
)
def test_each_validation_error_names_the_field_and_what_to_do(
    changes: dict[str, str | None], field: str, needle: str
) -> None:
    found = problems(**changes)
    assert field in found, found
    assert needle in found[field]


def test_every_problem_is_reported_at_once_in_form_order() -> None:
    p = prepare(
        form(title=None, authors=None, paper="nope", abstract="<b>x</b>"),
        TEMPLATE,
        fetch=lambda ids: {},
    )
    assert [x.field for x in p.problems] == ["title", "authors", "paper", "abstract"]
    assert all(x.label and x.message for x in p.problems)
    assert str(p.problems[0]).startswith("Paper title: ")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://arxiv.org/pdf/2501.01234", "https://arxiv.org/abs/2501.01234"),
        ("https://arxiv.org/pdf/2501.01234v3", "https://arxiv.org/abs/2501.01234v3"),
        ("http://www.arxiv.org/pdf/2501.01234v2.pdf", "https://arxiv.org/abs/2501.01234v2"),
        ("https://arxiv.org/abs/2501.01234?utm_source=x", "https://arxiv.org/abs/2501.01234"),
        (
            "https://example.org/p?utm_source=tw&id=7&UTM_Medium=a&b=&utm_campaign",
            "https://example.org/p?id=7&b=",
        ),
        ("https://example.org/p?utm_source=x#sec", "https://example.org/p#sec"),
        ("  https://github.com/o/r  ", "https://github.com/o/r"),
    ],
)
def test_urls_are_normalised(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Maps\nand more"),
        ("title", "# Heading"),
        ("title", "> quoted"),
        ("title", "* bullet"),
        ("title", "| a | b |"),
        ("title", "- dash"),
        ("title", "1. numbered"),
        ("title", "Maps </details> more"),
        ("title", "Maps <script>alert(1)</script>"),
        ("title", 'Maps <img src=x onerror="alert(1)">'),
        ("title", "Maps [click](https://evil.example)"),
        ("title", "Maps ![x](https://evil.example/t.png)"),
        ("title", "Maps \u202eevil"),
        ("title", "Maps\u200bhidden"),
        ("title", "Maps\u2066isolate\u2069"),
        ("authors", "Ada, # Boss"),
        ("authors", "Ada, > quote"),
        ("authors", "Ada, <script>x</script>"),
        ("authors", "Ada\u200d, Bob"),
        ("authors", "Ada\u202e, Bob"),
        ("abstract", "fine </details>\n\n# Injected heading"),
        ("abstract", "x <script>alert(1)</script>"),
        ("abstract", "x <img src=x onerror=alert(1)>"),
        ("abstract", "x <!-- hidden -->"),
        ("abstract", "zero\ufeffwidth"),
        ("paper", "https://example.org/\u200bx"),
    ],
)
def test_injection_attempts_are_rejected_with_a_message(field: str, value: str) -> None:
    found = problems(**{field: value})
    assert field in found
    assert any(
        k in found[field]
        for k in ("one line", "Markdown", "HTML", "invisible", "retype", "paste the link")
    ), found[field]


def test_mentions_are_accepted_as_text() -> None:
    # @mentions in the README ping nobody; the PR, commit and comments neutralise them
    # (tested end to end in test_submit_flow.py).
    p = prepare(
        form(title="Maps for @user and @org/team", authors="Ada (@ada), Bob"),
        TEMPLATE,
        fetch=lambda ids: {},
    )
    assert p.problems == []
    assert p.submission is not None
    assert p.submission.title == "Maps for @user and @org/team"


def test_markers_and_emoji_inside_text_are_fine() -> None:
    p = prepare(
        form(
            title="A | B * C > D # E: 🌍 Maps",
            abstract="# not a heading > not a quote\n\n* not a list; a < b and x>y",
            authors="Zoë Ünal，Li Wei、Bob",
        ),
        TEMPLATE,
        fetch=lambda ids: {},
    )
    assert p.problems == [], p.problems
    assert p.submission is not None
    assert p.submission.abstract == "# not a heading > not a quote * not a list; a < b and x>y"
    assert p.submission.authors == ["Zoë Ünal", "Li Wei", "Bob"]


def test_autofill_from_arxiv(arxiv_api: ArxivStandIn, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    arxiv_api.add("2501.04321", "Filled   Title", ["Ann One", "Ben Two"], "Filled abstract.")
    p = prepare(
        form(title=None, authors=None, abstract=None, paper="https://arxiv.org/pdf/2501.04321v2"),
        TEMPLATE,
    )
    assert p.problems == []
    assert p.submission is not None
    assert (p.submission.title, p.submission.authors, p.submission.abstract) == (
        "Filled Title",
        ["Ann One", "Ben Two"],
        "Filled abstract.",
    )
    assert p.submission.paper == "https://arxiv.org/abs/2501.04321v2"
    assert any("Filled the title, authors, abstract" in n for n in p.notes)
    assert len(arxiv_api.requests) == 1


def test_autofill_keeps_what_the_contributor_wrote(
    arxiv_api: ArxivStandIn,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    arxiv_api.add("2501.04321", "arXiv Title", ["Ann One"], "arXiv abstract.")
    p = prepare(form(abstract=None, paper="https://arxiv.org/abs/2501.04321"), TEMPLATE)
    assert p.submission is not None
    assert p.submission.title == GOOD["title"]
    assert p.submission.abstract == "arXiv abstract."


def test_autofilled_text_is_validated_too(
    arxiv_api: ArxivStandIn,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    arxiv_api.add("2501.04321", "Bad <script>x</script>", ["Ann"], "ok")
    p = prepare(form(title=None, paper="https://arxiv.org/abs/2501.04321"), TEMPLATE)
    assert [x.field for x in p.problems] == ["title"]


@pytest.mark.parametrize("down", ["status", "closed-port"])
def test_arxiv_down_goes_on_and_says_what_was_not_filled(
    arxiv_api: ArxivStandIn,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    down: str,
) -> None:
    if down == "status":
        arxiv_api.status = 503
        monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    else:
        monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    p = prepare(form(abstract=None, paper="https://arxiv.org/abs/2501.04321"), TEMPLATE)
    assert p.problems == []  # the abstract is optional: the submission goes on
    assert p.submission is not None and p.submission.abstract is None
    assert any("Could not fill the abstract from arXiv" in n for n in p.notes)
    p = prepare(form(title=None, paper="https://arxiv.org/abs/2501.04321"), TEMPLATE)
    assert [x.field for x in p.problems] == ["title"]
    assert any("Could not fill the title" in n for n in p.notes)


def test_unknown_arxiv_id_is_said(arxiv_api: ArxivStandIn, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    p = prepare(form(abstract=None, paper="https://arxiv.org/abs/2501.09999"), TEMPLATE)
    assert p.submission is not None
    assert any("arXiv does not know the paper 2501.09999" in n for n in p.notes)


def test_no_arxiv_call_when_nothing_is_missing(
    arxiv_api: ArxivStandIn,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEOAI_BOT_ARXIV_API_URL", arxiv_api.url)
    prepare(form(), TEMPLATE)
    assert arxiv_api.requests == []


def test_authors_that_repeat_the_title_are_rejected_naming_the_field() -> None:
    form = FormValues(
        values={
            "title": "Mapping Roads",
            "authors": "mapping  roads",
            "paper": "https://example.org/p",
        }
    )
    p = prepare(form, parse_template(default_template_text()), fetch=lambda ids: {})
    assert p.submission is None
    [problem] = p.problems
    assert problem.field == "authors"
    assert "repeat the title" in problem.message and "GB012" in problem.message


def test_author_line_is_tidied_the_way_lint_wants_it() -> None:
    form = FormValues(
        values={
            "title": "Roads",
            "authors": "Ann Lee, Bo Chen et.al.",
            "paper": "https://example.org/p",
        }
    )
    p = prepare(form, parse_template(default_template_text()), fetch=lambda ids: {})
    assert p.submission is not None
    assert p.submission.authors == ["Ann Lee", "Bo Chen et al."]


@pytest.mark.parametrize(
    ("missing", "label"),
    [(("title",), "Paper title"), (("authors",), "Authors"), (("title", "authors"), None)],
)
def test_without_an_arxiv_link_validation_says_which_of_title_and_authors_is_missing(
    missing: tuple[str, ...], label: str | None
) -> None:
    changes: dict[str, str | None] = {f: None for f in missing}
    p = prepare(
        form(paper="https://doi.org/10.1000/xyz", **changes), TEMPLATE, fetch=lambda ids: {}
    )
    assert p.submission is None
    assert [x.field for x in p.problems] == list(missing)
    for x in p.problems:
        assert "missing" in x.message and "arXiv paper link" in x.message
    if label is not None:
        assert str(p.problems[0]).startswith(f"{label}: ")
