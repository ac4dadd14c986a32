"""Issue forms: the template we ship, and parsing submitted bodies the way GitHub writes them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from geoai_bot.core.errors import GeoaiError
from geoai_bot.submit.form import (
    Template,
    default_template_text,
    parse_body,
    parse_template,
    render_body,
)

ROOT = Path(__file__).resolve().parent.parent
REPO_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml"
PACKAGED = ROOT / "src" / "geoai_bot" / "data" / "add-paper.yml"

FORM = """
name: T
description: d
labels: [new-paper]
body:
  - type: markdown
    attributes: {value: hi}
  - type: input
    id: title
    attributes: {label: Title}
  - type: textarea
    id: abstract
    attributes: {label: Abstract}
  - type: textarea
    id: bibtex
    attributes: {label: BibTeX, render: bibtex}
  - type: dropdown
    id: topics
    attributes:
      label: Topics
      multiple: true
      options: ["Remote sensing, imagery", "Maps", "Other"]
  - type: checkboxes
    id: checks
    attributes:
      label: Checks
      options:
        - label: One
        - label: Two
  - type: textarea
    id: notes
    attributes: {label: Notes}
"""


@pytest.fixture
def form() -> Template:
    return parse_template(FORM)


def test_repository_form_and_packaged_default_are_identical() -> None:
    assert REPO_FORM.read_bytes() == PACKAGED.read_bytes()
    assert default_template_text() == REPO_FORM.read_text(encoding="utf-8")


def test_shipped_form_has_the_required_fields_and_label() -> None:
    data = yaml.safe_load(REPO_FORM.read_text(encoding="utf-8"))
    assert "new-paper" in data["labels"]
    t = parse_template(default_template_text())
    kinds = {f.id: f.type for f in t.fields}
    for fid in ("title", "authors", "paper", "code", "project", "dataset"):
        assert kinds[fid] == "input"
    assert kinds["abstract"] == "textarea"
    # Title and authors are optional in the form (an arXiv link fills them in); validation
    # says which is missing. Only the "I searched the list" checkbox must be ticked.
    assert {f.id for f in t.fields if f.required} == {"checks"}
    assert kinds["section"] == "input"  # `init` turns it into a dropdown of the list's sections
    labels = [f.label for f in t.fields]
    assert len(labels) == len(set(labels)), "labels must be unique: they delimit fields"


def test_every_shipped_field_has_a_description_and_a_placeholder() -> None:
    data = yaml.safe_load(REPO_FORM.read_text(encoding="utf-8"))
    fields = [e for e in data["body"] if e["type"] != "markdown"]
    for element in fields:
        attrs = element["attributes"]
        assert attrs.get("description", "").strip(), element["id"]
        if element["type"] in ("input", "textarea"):  # GitHub allows placeholders only there
            assert attrs.get("placeholder", "").strip(), element["id"]
    by_id = {e["id"]: e for e in fields}
    for fid in ("title", "authors"):
        assert not by_id[fid].get("validations", {}).get("required")
        assert "arXiv" in by_id[fid]["attributes"]["description"]
        assert "required otherwise" in by_id[fid]["attributes"]["description"]
    (searched,) = by_id["checks"]["attributes"]["options"]
    assert "searched the list" in searched["label"] and searched["required"] is True


# .ci/security's own virtualenv has it when the PATH does not.
CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or next(
    (str(p) for p in [ROOT / ".ci" / "venv" / "bin" / "check-jsonschema"] if p.is_file()), None
)


@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema absent")
def test_shipped_form_and_inits_form_match_githubs_schema(tmp_path: Path) -> None:
    from geoai_bot.action.scaffold import issue_form

    with_dropdown = tmp_path / "add-paper.yml"  # what `init` writes for a list with sections
    with_dropdown.write_text(issue_form(["Optical: RGB", "Radar"]), encoding="utf-8")
    for form in (REPO_FORM, with_dropdown):
        run = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-issue-forms", str(form)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("body: [", "YAML"),
        ("name: x", "body"),
        ("body:\n  - type: wat\n    id: a\n    attributes: {label: A}", "unknown type"),
        ("body:\n  - type: input\n    id: a\n    attributes: {}", "no label"),
        ("body:\n  - type: input\n    id: 'a b'\n    attributes: {label: A}", "letters"),
        (
            "body:\n  - type: input\n    id: a\n    attributes: {label: A}\n"
            "  - type: input\n    id: a\n    attributes: {label: B}",
            "twice",
        ),
    ],
)
def test_bad_templates_are_errors_naming_the_problem(text: str, needle: str) -> None:
    with pytest.raises(GeoaiError) as exc:
        parse_template(text, "form.yml")
    assert needle in str(exc.value)
    assert "form.yml" in str(exc.value)


def test_empty_markers_crlf_trailing_spaces_and_emoji(form: Template) -> None:
    body = (
        "### Title\r\n\r\nGeo 🌍 Maps   \r\n\r\n### Abstract\r\n\r\n_No response_\r\n\r\n"
        "### BibTeX\r\n\r\nNone\r\n\r\n### Topics\r\n\r\n\r\n\r\n### Checks\r\n\r\n"
        "- [X] One\r\n- [ ] Two\r\n\r\n### Notes\r\n\r\nthanks 🙏\r\n"
    )
    v = parse_body(body, form)
    assert v.values == {
        "title": "Geo 🌍 Maps",
        "abstract": None,
        "bibtex": None,
        "topics": None,
        "notes": "thanks 🙏",
    }
    assert v.choices == {"topics": [], "checks": ["One"]}
    assert v.missing == []


def test_lowercase_and_uppercase_ticks(form: Template) -> None:
    v = parse_body("### Checks\n\n- [x] One\n- [X] Two\n", form)
    assert v.choices["checks"] == ["One", "Two"]
    assert "title" in v.missing


def test_heading_typed_inside_a_later_field_stays_there(form: Template) -> None:
    body = render_body({"title": "T", "abstract": "Intro\n\n### Title\n\nnot a field\nC###D"}, form)
    v = parse_body(body, form)
    assert v.get("title") == "T"
    assert v.get("abstract") == "Intro\n\n### Title\n\nnot a field\nC###D"


@pytest.mark.parametrize("fence", ["```", "````", "~~~", "~~~~~"])
def test_labels_inside_code_fences_do_not_start_fields(form: Template, fence: str) -> None:
    inner = f"{fence}python\n### Notes\n\nstill abstract\n{fence}\nafter"
    v = parse_body(render_body({"title": "T", "abstract": inner, "notes": "n"}, form), form)
    assert v.get("abstract") == inner
    assert v.get("notes") == "n"


def test_an_unclosed_fence_does_not_swallow_later_fields(form: Template) -> None:
    v = parse_body(render_body({"title": "T", "abstract": "```\ncode", "notes": "n"}, form), form)
    assert v.get("abstract") == "```\ncode"
    assert v.get("notes") == "n"


def test_render_textarea_is_unfenced(form: Template) -> None:
    v = parse_body(render_body({"bibtex": "@article{x,\n  title={A}\n}"}, form), form)
    assert v.get("bibtex") == "@article{x,\n  title={A}\n}"
    empty_fence = parse_body("### BibTeX\n\n```bibtex\n```\n", form)
    assert empty_fence.get("bibtex") is None


def test_multi_select_options_with_commas(form: Template) -> None:
    choices = {"topics": ["Remote sensing, imagery", "Other"]}
    v = parse_body(render_body({}, form, choices=choices), form)
    assert v.choices["topics"] == ["Remote sensing, imagery", "Other"]


def test_garbage_bodies_never_raise(form: Template) -> None:
    for body in (None, "", "###", "### Title", "\r\r\n", "```", "### Title\n```\n### Notes"):
        parse_body(body, form)


_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(title=_text, abstract=_text, notes=_text)
def test_render_then_parse_round_trips(title: str, abstract: str, notes: str) -> None:
    form = parse_template(FORM)
    values = {"title": " ".join(title.split()), "abstract": abstract, "notes": notes}
    got = parse_body(render_body(values, form), form)

    def norm(s: str) -> str | None:
        s = "\n".join(line.rstrip() for line in s.split("\n")).strip()
        return None if s.lower() in ("", "_no response_", "none") else s

    labels = {f"### {f.label}" for f in form.fields}
    if any(line.rstrip() in labels for v in values.values() for line in v.split("\n")):
        return  # a value that repeats a label line is ambiguous by construction
    if any(
        line.lstrip(" ").startswith(("```", "~~~"))
        for v in values.values()
        for line in v.split("\n")
    ):
        return  # fences inside values are covered by the tests above
    for key, value in values.items():
        assert got.get(key) == norm(value), key
