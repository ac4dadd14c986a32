"""A submitted issue form -> a validated paper entry, with every problem reported at once.

Validation is a pydantic model whose validators say what is wrong AND what to do; all
fields are checked in one pass so a contributor fixes everything in one edit. Text that
ends up in the README must stay inert (see inert.py); URLs are normalised (arXiv pdf ->
abs, version kept only if given, `utm_*` removed). Missing title/authors/abstract are
filled from the arXiv API when the paper link has an arXiv id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from geoai_bot.arxiv.client import ArxivError, ArxivRecord
from geoai_bot.arxiv.client import fetch as arxiv_fetch
from geoai_bot.core.arxiv_ids import looks_like_arxiv, parse_arxiv
from geoai_bot.core.model import Entry, Link, Span
from geoai_bot.lint.dedupe import authors_repeat_title
from geoai_bot.submit.form import FormValues, Template
from geoai_bot.submit.inert import (
    block_marker,
    bracketed_labels,
    character_reference,
    code_span,
    html_tag,
    invisible_characters,
    link_definition,
    markdown_link,
    normalize_label,
)
from geoai_bot.submit.urls import MAX_URL as MAX_URL
from geoai_bot.submit.urls import normalize_url as normalize_url
from geoai_bot.submit.urls import submission_error as _err

MAX_TITLE = 300
MAX_ABSTRACT = 5000
MAX_AUTHOR = 200
MAX_AUTHORS = 300
LINK_FIELDS: tuple[tuple[str, str], ...] = (
    ("paper", "Paper"),
    ("code", "Code"),
    ("project", "Project"),
    ("dataset", "Dataset"),
)
# No `\s*` around the separator (names are whitespace-normalised after the split anyway):
# `\s*` overlaps `\n` and made a long run of blanks in an issue body quadratic.
_AUTHOR_SPLIT = re.compile(r"[,，、;；\n]")
# `et.al`, `et. al.`, `et al` (no period): lint GB014's spellings of `et al.`.
_ETAL = re.compile(r"\bet\.\s*al\b\.?|\bet\s+al\b\.?", re.IGNORECASE)

ArxivFetch = Callable[[Iterable[str]], dict[str, ArxivRecord]]


@dataclass(frozen=True)
class Problem:
    """One thing the contributor must fix: the form field and a sentence saying what to do."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


def _inert(value: str, *, allow_block_start: bool = False) -> None:
    """Raise for text that is invisible, HTML, a character reference, a Markdown link or link
    definition, or a block marker. Every check is linear in the text's length."""
    bad = invisible_characters(value)
    if bad:
        raise _err(
            "contains invisible or direction-changing characters ("
            + ", ".join(bad)
            + "); retype it without them"
        )
    tag = html_tag(value)
    if tag:
        raise _err(
            f"contains HTML ({code_span(tag, 40)}); write plain text "
            "(in formulas put a space after `<`, as in `a < b`)"
        )
    ref = character_reference(value)
    if ref:
        raise _err(
            f"contains the HTML character reference {code_span(ref)}, which GitHub would show "
            "as another character; type the character itself (or write `&` followed by a space)"
        )
    definition = link_definition(value)
    if definition:
        raise _err(
            f"contains {code_span(definition, 40)}, which Markdown reads as a link definition "
            "for the whole list; write plain text and put links in the link fields"
        )
    link = markdown_link(value)
    if link:
        raise _err(
            f"contains Markdown link syntax ({code_span(link, 40)}); write plain text "
            "and put links in the link fields"
        )
    marker = None if allow_block_start else block_marker(value)
    if marker:
        raise _err(
            f"starts with {code_span(marker)}, which would turn into Markdown structure "
            "in the list; remove it"
        )


def _house_authors(names: list[str]) -> list[str]:
    """Author names as lint wants the line: `et al.` spelt so (GB014), no final period
    (GB015, which allows one only after `et al.`)."""
    # Strip the final period before spelling `et al.`: "et al.." must end as "et al.".
    last = [names[-1].rstrip(". ")] if names else []
    return [_ETAL.sub("et al.", n) for n in [*names[:-1], *last]]


class SubmissionModel(BaseModel):
    """The validated form. Every validator explains what to do."""

    title: str
    authors: list[str]
    paper: str | None = None
    code: str | None = None
    project: str | None = None
    dataset: str | None = None
    abstract: str | None = None
    section: str | None = None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: Any) -> str:
        text = v if isinstance(v, str) else ""
        if not text.strip():
            raise _err("is missing; give the paper's title (or an arXiv paper link, to fill it in)")
        if "\n" in text.strip() or "\r" in text.strip():
            raise _err("must be one line; remove the line breaks")
        title = " ".join(text.split())
        if len(title) > MAX_TITLE:  # lengths first: every later check sees bounded text
            raise _err(f"is {len(title)} characters long; the limit is {MAX_TITLE}")
        _inert(text.strip())
        return title

    @field_validator("authors", mode="before")
    @classmethod
    def _authors(cls, v: Any) -> list[str]:
        raw = v if isinstance(v, str) else ", ".join(v) if isinstance(v, list) else ""
        if len(raw) > MAX_AUTHORS * (MAX_AUTHOR + 2):
            raise _err(f"are {len(raw)} characters long; list at most {MAX_AUTHORS} names")
        names = [" ".join(a.split()) for a in _AUTHOR_SPLIT.split(raw.strip()) if a.strip()]
        names = [n for n in _house_authors(names) if n]
        if not names:
            raise _err(
                "are missing; give at least one author, separated by commas "
                "(or an arXiv paper link, to fill them in)"
            )
        if len(names) > MAX_AUTHORS:
            raise _err(f"list {len(names)} names; the limit is {MAX_AUTHORS}")
        for name in names:
            if len(name) > MAX_AUTHOR:
                raise _err(f"{code_span(name, 40)} is longer than {MAX_AUTHOR} characters")
            try:
                _inert(name)
            except PydanticCustomError as exc:
                raise _err(f"{code_span(name, 40)} {exc.message()}") from None
            if not any(c.isalnum() for c in name):
                # `.` or `-` alone is no name, and lint (GB015) would flag what it leaves.
                raise _err(f"{code_span(name, 40)} is not a name; give the authors' names")
        return names

    @field_validator("paper", "code", "project", "dataset", mode="before")
    @classmethod
    def _link(cls, v: Any) -> str | None:
        if not isinstance(v, str) or not v.strip():
            return None
        return normalize_url(v)

    @field_validator("abstract", mode="before")
    @classmethod
    def _abstract(cls, v: Any) -> str | None:
        if not isinstance(v, str) or not v.strip():
            return None
        text = " ".join(v.split())  # one paragraph: a blank line would end the <details> block
        if len(text) > MAX_ABSTRACT:
            raise _err(f"is {len(text)} characters long; the limit is {MAX_ABSTRACT}")
        _inert(v, allow_block_start=True)  # one line inside <details>: markers are inert
        return text

    @field_validator("section", mode="before")
    @classmethod
    def _section(cls, v: Any) -> str | None:
        if not isinstance(v, str) or not v.strip():
            return None
        text = " ".join(v.split())
        if len(text) > MAX_TITLE:
            raise _err(f"is {len(text)} characters long; the limit is {MAX_TITLE}")
        _inert(v.strip(), allow_block_start=True)
        return text

    def links(self) -> list[Link]:
        return [
            Link(label=label, url=url)
            for fid, label in LINK_FIELDS
            if (url := getattr(self, fid)) is not None
        ]

    def entry(self) -> Entry:
        """The canonical entry (`#### title`, `> authors`, link bullets, `<details>`)."""
        return Entry(
            title=self.title,
            authors=self.authors,
            links=self.links(),
            abstract=self.abstract,
            span=Span(start=0, end=0),
            has_authors_line=True,
            has_details=self.abstract is not None,
        )


@dataclass
class Prepared:
    """The outcome of reading a form: a valid submission, or the problems to fix."""

    submission: SubmissionModel | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # autofill results, said in the comment


def _label(template: Template, fid: str) -> str:
    f = template.field(fid)
    return f.label if f else fid


def _arxiv_ref_in(raw: dict[str, str | None]) -> str | None:
    for fid, _ in LINK_FIELDS:
        value = (raw.get(fid) or "").strip()
        ref = parse_arxiv(value) if value and looks_like_arxiv(value) else None
        if ref is not None:
            return ref.base
    return None


def autofill(raw: dict[str, str | None], fetch: ArxivFetch | None = None) -> list[str]:
    """Fill an empty title/authors/abstract from arXiv, in place; return what happened."""
    missing = [f for f in ("title", "authors", "abstract") if not (raw.get(f) or "").strip()]
    aid = _arxiv_ref_in(raw)
    if not missing or aid is None:
        return []
    what = ", ".join(missing)
    try:
        records = (fetch or arxiv_fetch)([aid])
    except ArxivError as exc:
        return [f"Could not fill the {what} from arXiv ({exc}); please fill them in yourself."]
    record = records.get(aid)
    if record is None:
        return [f"arXiv does not know the paper {aid}, so the {what} could not be filled in."]
    values = {
        "title": record.title,
        "authors": ", ".join(record.authors),
        "abstract": record.abstract,
    }
    filled = [f for f in missing if values[f].strip()]
    for f in filled:
        raw[f] = values[f]
    notes = []
    if filled:
        notes.append(f"Filled the {', '.join(filled)} from arXiv {aid}.")
    if len(filled) < len(missing):
        rest = ", ".join(f for f in missing if f not in filled)
        notes.append(f"arXiv {aid} has no {rest}; please fill it in yourself.")
    return notes


def prepare(
    form: FormValues,
    template: Template,
    fetch: ArxivFetch | None = None,
    readme: str | None = None,
) -> Prepared:
    """Validate a parsed form (after arXiv autofill); report every problem at once. With
    the README the entry goes into, `[label]`s its definitions would link are problems too."""
    raw: dict[str, str | None] = {
        k: form.get(k) for k in ("title", "authors", "abstract", "section")
    }
    raw.update({fid: form.get(fid) for fid, _ in LINK_FIELDS})
    notes = autofill(raw, fetch)
    problems: list[Problem] = []
    if not any((raw.get(fid) or "").strip() for fid in ("paper", "code", "project")):
        problems.append(
            Problem(
                "paper",
                _label(template, "paper"),
                "give at least one of the paper link, the code link or the project page",
            )
        )
    data = {k: v for k, v in raw.items() if v is not None}
    data.setdefault("title", "")
    data.setdefault("authors", "")
    try:
        model = SubmissionModel.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            fid = str(err["loc"][0]) if err["loc"] else "form"
            problems.append(Problem(fid, _label(template, fid), err["msg"]))
        order = {f.id: i for i, f in enumerate(template.fields)}
        problems.sort(key=lambda p: order.get(p.field, len(order)))
        return Prepared(None, problems, notes)
    problems += _lint_problems(model, template)
    if readme is not None:
        problems += reference_problems(model, readme, template)
    if problems:
        return Prepared(None, problems, notes)
    return Prepared(model, [], notes)


# A link reference definition anywhere in a README: `[label]: destination`, at the start of
# a line after any indentation, quote or list markers (lax on purpose: a label taken for a
# definition that is not one only makes the check stricter).
_README_DEFINITION = re.compile(r"^[ \t>*+\-0-9.)]*\[((?:[^\[\]\\\n]|\\.)+)\]:", re.MULTILINE)


def defined_labels(readme: str) -> set[str]:
    """The normalised labels of every link reference definition (and footnote) in README."""
    return {normalize_label(m.group(1)) for m in _README_DEFINITION.finditer(readme)}


def reference_problems(
    model: SubmissionModel, readme: str, template: Template | None = None
) -> list[Problem]:
    """Text fields with a `[label]` that the README's own definitions would turn into a link
    (`[contrib]` where the list defines `[contrib]: ...`): the entry would link to a place
    its author never showed."""
    labels = defined_labels(readme)
    if not labels:
        return []
    problems = []
    values: dict[str, list[str | None]] = {
        "title": [model.title],
        "authors": list(model.authors),
        "abstract": [model.abstract],
    }
    for fid, texts in values.items():
        hit = next(
            (lab for text in texts if text for lab in bracketed_labels(text) if lab in labels),
            None,
        )
        if hit is not None:
            label = _label(template, fid) if template else fid
            problems.append(
                Problem(
                    fid,
                    label,
                    f"{code_span(f'[{hit}]', 40)} would become a link through the list's own "
                    "link definitions; write it without the square brackets",
                )
            )
    return problems


def _lint_problems(model: SubmissionModel, template: Template) -> list[Problem]:
    """What lint would flag in the new entry but no single field's validator can see."""
    if authors_repeat_title(model.title, model.authors):
        return [
            Problem(
                "authors",
                _label(template, "authors"),
                "repeat the title; list the paper's authors, separated by commas "
                "(lint rule GB012 would flag this entry)",
            )
        ]
    return []
