"""Issue forms: read a form template and split a submitted issue body into its fields.

GitHub turns a submitted form into Markdown: for each non-markdown element, in template
order, `### <label>`, a blank line, the value, a blank line; `_No response_` for an empty
field; a `render:` textarea inside a code fence; checkboxes as `- [x] label`.
https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms

The parser does not split on `###` anywhere: a field starts only on a line that is exactly
`### <label>` of a template field that comes later in template order, outside code fences
(backticks or tildes, any length). So a `### Title` typed inside the abstract stays there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.scan import fence_closes, fence_marker, fence_opens

DEFAULT_TEMPLATE_PATH = ".github/ISSUE_TEMPLATE/add-paper.yml"
DEFAULT_LABEL = "new-paper"  # what marks a submission when the form sets no `labels:`
EMPTY_VALUES = frozenset({"", "_no response_", "none"})
FIELD_TYPES = frozenset({"input", "textarea", "dropdown", "checkboxes"})
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*?)\s*$")


@dataclass(frozen=True)
class FormField:
    """One submitted element of a form template."""

    id: str
    type: str
    label: str
    required: bool = False
    options: tuple[str, ...] = ()
    multiple: bool = False
    render: str | None = None


@dataclass(frozen=True)
class Template:
    """An issue-form template: its labels and its submitted fields, in order."""

    name: str
    labels: tuple[str, ...]
    fields: tuple[FormField, ...]

    def field(self, field_id: str) -> FormField | None:
        return next((f for f in self.fields if f.id == field_id), None)

    @property
    def submission_labels(self) -> tuple[str, ...]:
        """The labels that mark an issue as a submission of this form: the ONE answer the
        Action (to pick the job) and the submission flow (to accept the issue) both use."""
        return tuple(x for x in self.labels if x) or (DEFAULT_LABEL,)


@dataclass
class FormValues:
    """A parsed body. `values`: text of inputs/textareas/dropdowns (None = empty);
    `choices`: ticked options of checkboxes and multi-select dropdowns."""

    values: dict[str, str | None] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # field ids with no heading in the body

    def get(self, field_id: str) -> str | None:
        return self.values.get(field_id)


def default_template_text() -> str:
    """The form shipped inside the package, used when a repository has none."""
    return resources.files("geoai_bot").joinpath("data/add-paper.yml").read_text(encoding="utf-8")


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _required(element: dict[str, Any], options: list[Any]) -> bool:
    """A field GitHub will not submit empty: `validations.required`, or (checkboxes) an
    option that must be ticked."""
    if (element.get("validations") or {}).get("required"):
        return True
    return any(isinstance(o, dict) and o.get("required") is True for o in options)


def parse_template(text: str, path: str = DEFAULT_TEMPLATE_PATH) -> Template:
    """Read a form template; a template we cannot use is a GeoaiError naming what to fix."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise GeoaiError(f"issue form is not valid YAML: {exc}", path, line) from None
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        raise GeoaiError("issue form needs a `body:` list of elements", path)
    labels = data.get("labels") or []
    if isinstance(labels, str):
        labels = [x.strip() for x in labels.split(",")]
    fields: list[FormField] = []
    seen: set[str] = set()
    for n, element in enumerate(data["body"], 1):
        if not isinstance(element, dict):
            raise GeoaiError(f"body element {n} is not a mapping", path)
        kind = _str(element.get("type"))
        if kind == "markdown":
            continue
        if kind not in FIELD_TYPES:
            raise GeoaiError(f"body element {n} has unknown type {kind!r}", path)
        attrs = element.get("attributes") or {}
        label = _str(attrs.get("label")).strip()
        fid = _str(element.get("id")) or label
        if not label:
            raise GeoaiError(f"body element {n} ({fid or kind}) has no label", path)
        if element.get("id") is not None and not _ID.match(fid):
            raise GeoaiError(f"field id {fid!r} may use only letters, digits, - and _", path)
        if fid in seen:
            raise GeoaiError(f"field id {fid!r} is used twice", path)
        seen.add(fid)
        raw_options = attrs.get("options") or []
        options = tuple(
            _str(o.get("label") if isinstance(o, dict) else o).strip() for o in raw_options
        )
        fields.append(
            FormField(
                id=fid,
                type=kind,
                label=label,
                required=_required(element, raw_options),
                options=options,
                multiple=bool(attrs.get("multiple")),
                render=_str(attrs.get("render")) or None if kind == "textarea" else None,
            )
        )
    return Template(
        name=_str(data.get("name")), labels=tuple(_str(x) for x in labels), fields=tuple(fields)
    )


def _fence_lines(lines: list[str]) -> set[int]:
    """Indices of lines inside code fences (including the fence lines themselves).

    Which lines open and close a fence is the scanner's rule (core.scan). One difference,
    on purpose: a fence that never closes is treated as text, not as running to the end of
    the body: in a form body an unbalanced fence is a contributor's typo inside one field,
    and it must not swallow the headings of every later field.
    """
    # For each fence character, the longest bare fence line after line i: an opener longer
    # than that never closes. Knowing it up front keeps this linear on a hostile body of
    # thousands of unclosed fences (retrying from each one was quadratic).
    n = len(lines)
    longest: dict[str, list[int]] = {"`": [0] * (n + 1), "~": [0] * (n + 1)}
    for i in range(n - 1, -1, -1):
        for after in longest.values():
            after[i] = after[i + 1]
        marker = fence_marker(lines[i])
        if marker is not None and fence_closes(lines[i], marker):
            after = longest[marker[0]]
            after[i] = max(after[i], len(marker))
    inside: set[int] = set()
    i = 0
    while i < n:
        fence = fence_opens(lines[i])
        if fence is None or longest[fence[0]][i + 1] < len(fence):
            i += 1
            continue
        j = i + 1
        while not fence_closes(lines[j], fence):
            j += 1
        inside.update(range(i, j + 1))
        i = j + 1
    return inside


def _is_empty(value: str) -> bool:
    return value.strip().lower() in EMPTY_VALUES


def _unfence(text: str) -> str:
    lines = text.split("\n")
    if len(lines) >= 2:
        fence = fence_opens(lines[0])
        if fence is not None and fence_closes(lines[-1], fence):
            return "\n".join(lines[1:-1])
    return text


def _split_choices(value: str, options: tuple[str, ...]) -> list[str]:
    """A multi-select dropdown's `a, b` value, matched against the known options (an option
    may itself contain `, `): longest option first at each position."""
    out: list[str] = []
    rest = value.strip()
    ordered = sorted(options, key=len, reverse=True)
    while rest:
        hit = next((o for o in ordered if rest == o or rest.startswith(o + ", ")), None)
        if hit is None:
            head, _, rest = rest.partition(", ")
            out.append(head.strip())
        else:
            out.append(hit)
            rest = rest[len(hit) + 2 :] if rest != hit else ""
    return [x for x in out if x]


def parse_body(body: str | None, template: Template) -> FormValues:
    """Split a submitted issue body into field values (never raises)."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    fenced = _fence_lines(lines)
    heading = {f"### {f.label}": k for k, f in enumerate(template.fields)}
    starts: list[tuple[int, int]] = []  # (line index, field index)
    current = -1
    for i, line in enumerate(lines):
        if i in fenced:
            continue
        k = heading.get(line.rstrip())
        # Only a later field can start here: fields arrive in template order.
        if k is not None and k > current:
            starts.append((i, k))
            current = k
    result = FormValues()
    for n, (i, k) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        f = template.fields[k]
        raw = "\n".join(line.rstrip() for line in lines[i + 1 : end]).strip("\n")
        if f.type == "textarea" and f.render:
            raw = _unfence(raw.strip())
        value = raw.strip()
        if f.type == "checkboxes":
            ticked = []
            for line in raw.split("\n"):
                m = _CHECKBOX.match(line)
                if m and m.group(1) in "xX":
                    ticked.append(m.group(2))
            result.choices[f.id] = ticked
            continue
        if f.type == "dropdown" and f.multiple:
            result.choices[f.id] = [] if _is_empty(value) else _split_choices(value, f.options)
        result.values[f.id] = None if _is_empty(value) else value
    found = {template.fields[k].id for _, k in starts}
    result.missing = [f.id for f in template.fields if f.id not in found]
    return result


def render_body(
    values: dict[str, str | None],
    template: Template,
    choices: dict[str, list[str]] | None = None,
    newline: str = "\n",
) -> str:
    """The body GitHub writes for a submitted form (used by tests and previews)."""
    parts: list[str] = []
    for f in template.fields:
        if f.type == "checkboxes":
            ticked = set((choices or {}).get(f.id, []))
            value = "\n".join(f"- [{'X' if o in ticked else ' '}] {o}" for o in f.options)
        else:
            v = values.get(f.id)
            if f.type == "dropdown" and f.multiple and choices and f.id in choices:
                v = ", ".join(choices[f.id])
            if not v:
                value = "_No response_"
            elif f.type == "textarea" and f.render:
                value = f"```{f.render}\n{v}\n```"
            else:
                value = v
        parts.append(f"### {f.label}\n\n{value}")
    return newline.join("\n\n".join(parts).split("\n"))
