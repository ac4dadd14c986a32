"""`geoai-bot init`: the files a list repository needs to run the Action, as text.

Pure: a parsed list in, {path: text} out. The three workflows (pull-request checks, the
weekly link report, submissions) come from the package's data folder, pinned like the
repository's own example workflows; the issue form is the packaged one with a `section`
dropdown filled from the list's own sections; geoai-bot.toml records what was learned from
the list. Writing the files (never over an existing one without --force) and the baseline
are the command's (cli/init.py).
"""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from geoai_bot import __version__
from geoai_bot.core.model import KNOWN_LABELS, Document
from geoai_bot.core.style import CANONICAL, learn_style
from geoai_bot.submit.form import DEFAULT_TEMPLATE_PATH, default_template_text

ACTION_REPO = "geoai-bot/geoai-bot"
WORKFLOWS = {
    ".github/workflows/geoai-bot-pr.yml": "workflow-pr.yml",
    ".github/workflows/geoai-bot-links.yml": "workflow-links.yml",
    ".github/workflows/geoai-bot-submit.yml": "workflow-submit.yml",
}
FORM_LABEL = "new-paper"
_SHA = re.compile(r"^[0-9a-f]{40}$")
_LOG_FORMATS = ("%Y.%m.%d", "%Y-%m-%d", "%Y/%m/%d")


@dataclass(frozen=True)
class Plan:
    """What init writes: path -> text, and what it learned (for the printed summary)."""

    files: dict[str, str]
    sections: tuple[str, ...]
    learned: tuple[str, ...]


def action_ref(sha: str | None) -> str:
    """`geoai-bot/geoai-bot@<sha> # v<version>`; without a SHA, the release tag (the
    command then says to pin it)."""
    if sha:
        return f"{ACTION_REPO}@{sha} # v{__version__}"
    return f"{ACTION_REPO}@v{__version__}"


def valid_sha(sha: str) -> bool:
    return bool(_SHA.match(sha))


# The packaged form's free-text `section` element, up to the next element.
_SECTION_FIELD = re.compile(r"^  - type: input\n    id: section\n(?:(?!  - ).*\n)*", re.MULTILINE)


def _data(name: str) -> str:
    return resources.files("geoai_bot").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _yaml_str(value: str) -> str:
    """A YAML scalar for any text: JSON strings are YAML flow scalars."""
    return json.dumps(value, ensure_ascii=False)


def workflows(list_path: str, action: str, extra_paths: tuple[str, ...] = ()) -> dict[str, str]:
    paths = ", ".join(_yaml_str(p) for p in (list_path, "geoai-bot.toml", *extra_paths))
    out = {}
    for target, name in WORKFLOWS.items():
        text = _data(name).replace("@ACTION@", action).replace("@PATHS@", paths)
        # The Action splits `path` like a shell would (several lists): quote a path with a
        # space or a quote in it so that it stays one list.
        out[target] = text.replace("@PATH@", _yaml_str(shlex.quote(list_path)))
    return out


def entry_sections(doc: Document) -> list[str]:
    """Section titles that hold entries, in list order."""
    seen: list[str] = []
    for e in doc.entries:
        if e.section and e.section not in seen:
            seen.append(e.section)
    return seen


def issue_form(sections: list[str]) -> str:
    """The packaged form; when the list has two or more sections, its free-text `section`
    field becomes a dropdown of them (still optional: empty means the last section)."""
    text = default_template_text()
    if len(sections) < 2:
        return text
    options = "".join(f"        - {_yaml_str(s)}\n" for s in sections)
    dropdown = (
        "  - type: dropdown\n"
        "    id: section\n"
        "    attributes:\n"
        "      label: Section\n"
        '      description: "Where the paper goes in the list (empty: the last section)."\n'
        "      options:\n"
        f"{options}"
        "    validations:\n"
        "      required: false\n"
    )
    field = _SECTION_FIELD.search(text)
    if field:
        return text[: field.start()] + dropdown + text[field.end() :]
    anchor = "  - type: textarea\n    id: notes\n"
    if anchor in text:
        return text.replace(anchor, dropdown + anchor, 1)
    return text.rstrip("\n") + "\n" + dropdown


def _log_format(doc: Document) -> str | None:
    raws = [ln.raw_date for ln in doc.update_log.lines if ln.raw_date]
    if not raws:
        return None
    import datetime as dt

    def reads(fmt: str) -> int:
        ok = 0
        for raw in raws:
            try:
                dt.datetime.strptime(raw, fmt)
                ok += 1
            except ValueError:
                pass
        return ok

    best = max(_LOG_FORMATS, key=reads)
    return best if reads(best) else None


def config_text(doc: Document, list_name: str) -> tuple[str, list[str]]:
    """geoai-bot.toml with what the list's own majority does, and a line per learned fact."""
    learned: list[str] = []
    lines = [
        f"# geoai-bot settings, written by `geoai-bot init` from {list_name}.",
        "# Every key: docs/configuration.md.",
        "",
        "[format]",
    ]
    style = learn_style(doc)
    if style == CANONICAL:
        lines.append('style = "learned"  # the list already follows the canonical shape')
        learned.append("the list follows the canonical entry shape")
    else:
        lines.append('style = "learned"  # fmt keeps this list\'s own conventions')
        learned.append(
            f"entry style: bullets '{style.marker}', missing links written "
            f"'{style.missing or '(empty)'}', {style.between} blank line(s) between entries"
        )
    unknown = Counter(
        link.label
        for e in doc.entries
        for link in e.links
        if link.label not in KNOWN_LABELS and link.label.strip()
    )
    labels = sorted(label for label, n in unknown.items() if n >= 2)
    lines += ["", "[lint]"]
    if labels:
        lines.append("labels = [" + ", ".join(_yaml_str(label) for label in labels) + "]")
        learned.append(f"extra link labels: {', '.join(labels)}")
    fmt = _log_format(doc)
    if fmt and fmt != "%Y.%m.%d":
        lines += ["", "[log]", f"date_format = {_yaml_str(fmt)}"]
        learned.append(f"update-log dates: {fmt}")
    return "\n".join(lines) + "\n", learned


def plan(doc: Document, list_path: str, action: str) -> Plan:
    sections = entry_sections(doc)
    toml, learned = config_text(doc, list_path)
    files = {
        **workflows(list_path, action, (".geoai-bot-baseline.json",)),
        DEFAULT_TEMPLATE_PATH: issue_form(sections),
        "geoai-bot.toml": toml,
    }
    return Plan(files, tuple(sections), tuple(learned))
