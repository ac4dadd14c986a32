"""The structured model of a paper list: Document, Entry, Link, the update log, verbatim blocks."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from geoai_bot.core.fastmodel import new_model
from geoai_bot.core.schema import DEFER_BUILD

# Known link labels, in their canonical spelling. Matching is case-insensitive; the
# parser stores the canonical spelling so `project:` and `Project:` are the same link.
KNOWN_LABELS: tuple[str, ...] = (
    "Paper",
    "Code",
    "Project",
    "Dataset",
    "Data",
    "Demo",
    "Video",
    "Slides",
    "Poster",
    "Blog",
    "Zhihu",
    "News",
    "Model",
    "Models",
    "Benchmark",
    "Homepage",
    "Supplementary",
    "Dataset and code",
    "Dataset and models",
)
_CANONICAL = {label.lower(): label for label in KNOWN_LABELS}


@lru_cache(maxsize=1024)  # a list uses a handful of spellings, read once per link
def canonical_label(label: str) -> str:
    """Return the canonical spelling of a known label, or the label as written."""
    return _CANONICAL.get(" ".join(label.split()).lower(), label)


class _Model(BaseModel):
    # Schemas are built on first validation, not at import: the parser builds models
    # without validation (core/fastmodel.py), and building all of them at start-up cost
    # every command about 0.1 s.
    model_config = ConfigDict(defer_build=DEFER_BUILD)


class Span(_Model):
    """First and last line (1-based, inclusive) of something in the source file."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int


class Link(_Model):
    """One `* Label: value` bullet. `url` is None for `None`/`Null`/empty placeholders.

    A value written as a Markdown link `[text](url)` has its URL in `url` and its text,
    as written, in `text` (None for a value written as a bare URL).
    """

    label: str
    url: str | None = None
    text: str | None = None
    # As written, for lint: the label before canonical casing, the raw value, the line.
    raw_label: str = Field(default="", exclude=True)
    raw_value: str = Field(default="", exclude=True)
    line: int = Field(default=0, exclude=True)
    # How the bullet was written: `-`/`*`/`+`, and the separator (`: `, `：`, `:`) with the
    # spaces after it. fmt keeps the list's majority (core/style.py).
    marker: str = Field(default="*", exclude=True)
    colon: str = Field(default=": ", exclude=True)


class ExtraLine(_Model):
    """A line inside an entry that the parser does not recognise, kept verbatim in place.

    `after` counts the entry parts that precede it in canonical order
    (0 = right under the title, 1 = after the authors, 1 + i = after link i, ...).
    """

    text: str
    after: int
    line: int = Field(default=0, exclude=True)
    # Written after `</details>` on the same line (text there is never read as a part).
    inline: bool = Field(default=False, exclude=True)
    # Blank lines written right before it: an anchor set apart from the last bullet stays
    # apart (pulled up against it, it would render inside the list item).
    blank_before: int = Field(default=0, exclude=True)


class Entry(_Model):
    """One paper: `#### title`, `> authors`, link bullets and a collapsible abstract."""

    title: str
    authors: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    abstract: str | None = None
    extra: list[ExtraLine] = Field(default_factory=list)
    section: str | None = None
    span: Span
    # Layout facts the renderer and the linter need; not part of the entry's meaning.
    has_authors_line: bool = Field(default=False, exclude=True)
    has_details: bool = Field(default=False, exclude=True)
    summary: str = Field(default="Abstract (Click to expand):", exclude=True)
    heading_level: int = Field(default=4, exclude=True)
    authors_line: int = Field(default=0, exclude=True)
    details_line: int = Field(default=0, exclude=True)
    abstract_line: int = Field(default=0, exclude=True)
    # The `<details>` block as written, first to last line (empty: none); core/style.py
    # reads its shape (bullet, `open`, summary placement, indentation, wrapped lines).
    details_raw: list[str] = Field(default_factory=list, exclude=True)
    # Blank lines written right before the author line and before the first link/details.
    blank_before_authors: int = Field(default=1, exclude=True)
    blank_before_parts: int = Field(default=1, exclude=True)

    def meaning(self) -> tuple[object, ...]:
        """What must survive formatting unchanged: used by the lossless check."""
        return (
            self.title,
            tuple(self.authors),
            tuple((link.label, link.url, link.text) for link in self.links),
            self.abstract,
            tuple((x.text.strip(), x.after) for x in self.extra),
            self.section,
        )


class UpdateLine(_Model):
    """One line of the update log, e.g. `- **2025.06.29**: Update 9 papers.`."""

    raw: str
    date: dt.date | None = None
    raw_date: str = ""
    count: int | None = None
    text: str = ""
    line: int
    # True when the text is more than "Update N paper(s)." (kept verbatim by the log tools).
    free: bool = Field(default=False, exclude=True)


class LastUpdated(_Model):
    """The `Last Updated on YYYY.MM.DD` line with its decoration as written."""

    raw: str
    date: dt.date | None = None
    raw_date: str = ""
    line: int
    commented: bool = False
    # The line around the date as written (`:fire::fire::fire: Last Updated on `, ...).
    before: str = Field(default="", exclude=True)
    after: str = Field(default="", exclude=True)


class UpdateLog(_Model):
    """The "Latest Updates" section: its heading, Last Updated line and dated lines."""

    heading_line: int | None = None
    last_updated: LastUpdated | None = None
    lines: list[UpdateLine] = Field(default_factory=list)
    span: Span | None = None
    # The whole section: heading line to the line before the next heading.
    region: Span | None = Field(default=None, exclude=True)


class Section(_Model):
    """A heading that groups entries (`## :memo: ICCV 2025 Accepted Paper List`)."""

    title: str
    level: int
    line: int


class Verbatim(_Model):
    """Lines the parser keeps as written (prose, tables, images, non-paper headings)."""

    kind: Literal["verbatim"] = "verbatim"
    lines: list[str]
    start: int


class EntryBlock(_Model):
    """An entry in document order, with the blank lines written before it."""

    kind: Literal["entry"] = "entry"
    entry: Entry
    blank_before: int = 0


class Unread(_Model):
    """Something that looks like a paper but is not in the entry shape: kept verbatim, reported."""

    line: int
    text: str
    reason: str


class Document(_Model):
    """A whole paper-list README."""

    name: str | None = None
    tagline: str | None = None
    update_log: UpdateLog = Field(default_factory=UpdateLog)
    sections: list[Section] = Field(default_factory=list)
    blocks: list[Verbatim | EntryBlock] = Field(default_factory=list)
    unread: list[Unread] = Field(default_factory=list)
    newline: str = "\n"
    final_newline: bool = True
    bom: bool = False

    @property
    def entries(self) -> list[Entry]:
        return [b.entry for b in self.blocks if isinstance(b, EntryBlock)]

    @property
    def last_updated(self) -> dt.date | None:
        lu = self.update_log.last_updated
        return lu.date if lu else None


def blank_document(newline: str, final_newline: bool, bom: bool, log: UpdateLog) -> Document:
    """A Document with no sections or blocks yet, built without validation like every model
    the parser makes: validating one made pydantic build the deferred schemas of the whole
    model (about 35 ms) on every command's first parse."""
    return new_model(
        Document,
        name=None,
        tagline=None,
        update_log=log,
        sections=[],
        blocks=[],
        unread=[],
        newline=newline,
        final_newline=final_newline,
        bom=bom,
    )
