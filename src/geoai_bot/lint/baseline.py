"""The baseline: today's findings, recorded so that later runs fail only on new ones.

A finding is recorded by its rule and where it is: the entry's identity (arXiv id, else
normalised title; see lint/changed.py) or, outside entries, the line's content. Line numbers
are not used, so adding or moving entries does not turn old findings into new ones. The file
is JSON, counted per (file, rule, place), written sorted so that it diffs well:

    {"geoai-bot-baseline": 1,
     "files": {"README.md": [{"rule": "GB017", "where": "arxiv:2501.00001", "count": 1}]}}

The file may come from a stranger's pull request: anything that is not this shape is a
GeoaiError naming the file and what to do.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.model import Document
from geoai_bot.core.parse import split_lines
from geoai_bot.lint.changed import entry_at, entry_identity
from geoai_bot.lint.findings import Finding

DEFAULT_NAME = ".geoai-bot-baseline.json"
FORMAT_KEY = "geoai-bot-baseline"
_MAX_BYTES = 20_000_000  # a baseline is a few kB per hundred findings; refuse absurd files

Key = tuple[str, str]  # (rule, where)


def places(findings: Sequence[Finding], text: str, doc: Document) -> list[Key]:
    """(rule, where) for each finding, in order."""
    lines, *_ = split_lines(text)
    owner = entry_at(doc)
    out: list[Key] = []
    for f in findings:
        e = owner(f.line)
        if e is not None:
            where = entry_identity(e)
        elif 1 <= f.line <= len(lines):
            where = "line:" + lines[f.line - 1].strip()
        else:
            where = "end-of-file"
        out.append((f.rule, where))
    return out


@dataclass
class Baseline:
    """Recorded findings per file (the path as written in the baseline file)."""

    files: dict[str, Counter[Key]] = field(default_factory=dict)
    source: str = DEFAULT_NAME

    def record(self, name: str, keys: Sequence[Key]) -> None:
        self.files[name] = Counter(keys)

    def to_text(self) -> str:
        data = {
            FORMAT_KEY: 1,
            "files": {
                name: [
                    {"rule": rule, "where": where, "count": n}
                    for (rule, where), n in sorted(counts.items())
                ]
                for name, counts in sorted(self.files.items())
            },
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Applied:
    """One file's findings after the baseline: the new ones, the recorded ones still there,
    and how many recorded findings are gone (fixed)."""

    new: list[Finding]
    baselined: list[Finding]
    fixed: int


def is_lint_rule(rule: str) -> bool:
    """A lint rule (GB...), as opposed to `check`'s `fmt` and `log` findings."""
    return rule.startswith("GB")


def apply(
    baseline: Baseline,
    name: str,
    findings: Sequence[Finding],
    keys: Sequence[Key],
    scope: Callable[[str], bool] | None = None,
) -> Applied:
    """Split FINDINGS (with their KEYS from `places`) into new and recorded ones; recorded
    findings of rules in SCOPE (default: all) that were not found are counted as fixed."""
    left = Counter(baseline.files.get(name, Counter()))
    new: list[Finding] = []
    old: list[Finding] = []
    for f, key in zip(findings, keys, strict=True):
        if left[key] > 0:
            left[key] -= 1
            old.append(f)
        else:
            new.append(f)
    fixed = sum(n for (rule, _w), n in left.items() if n > 0 and (scope is None or scope(rule)))
    return Applied(new, old, fixed)


def _bad(source: str, what: str) -> GeoaiError:
    return GeoaiError(
        f"not a geoai-bot baseline ({what}); rewrite it with "
        f"`geoai-bot lint FILE --write-baseline {source}`",
        source,
    )


def parse_baseline(text: str, source: str) -> Baseline:
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise _bad(source, f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != 1:
        raise _bad(source, f'no "{FORMAT_KEY}": 1 at the top')
    files = data.get("files")
    if not isinstance(files, dict):
        raise _bad(source, '"files" is not an object')
    out = Baseline(source=source)
    for name, items in files.items():
        if not isinstance(items, list):
            raise _bad(source, f"files.{name} is not a list")
        counts: Counter[Key] = Counter()
        for i, item in enumerate(items):
            ok = isinstance(item, dict) and all(
                isinstance(item.get(k), str) for k in ("rule", "where")
            )
            n = item.get("count", 1) if isinstance(item, dict) else None
            if not ok or not isinstance(n, int) or isinstance(n, bool) or n < 1:
                raise _bad(source, f"files.{name}[{i}] needs a rule, a where and a count >= 1")
            counts[(item["rule"], item["where"])] += n
        out.files[str(name)] = counts
    return out


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a missing, unreadable or malformed one is a GeoaiError."""
    p = Path(path)
    try:
        if p.stat().st_size > _MAX_BYTES:
            raise _bad(str(p), "larger than 20 MB")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GeoaiError("baseline file not found; check [lint] baseline", str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GeoaiError(f"cannot read the baseline: {exc}", str(p)) from None
    return parse_baseline(text, str(p))


def baseline_name(baseline_file: str | Path, list_file: str | Path) -> str:
    """How the baseline names LIST_FILE: its path relative to the baseline's folder."""
    folder = Path(baseline_file).resolve().parent
    target = Path(list_file).resolve()
    try:
        return target.relative_to(folder).as_posix()
    except ValueError:
        return target.name


def locate(explicit: str | None, config_source: str, list_file: str | Path) -> Path | None:
    """The baseline that applies to LIST_FILE: `[lint] baseline` (relative to the config
    file), else `.geoai-bot-baseline.json` beside the config file or, without one, beside the
    list; None when there is none."""
    config_file = Path(config_source)
    has_config = config_file.is_file()
    if explicit:
        p = Path(explicit)
        return p if p.is_absolute() else (config_file.parent if has_config else Path()) / p
    folder = config_file.parent if has_config else Path(list_file).parent
    candidate = folder / DEFAULT_NAME
    return candidate if candidate.is_file() else None
