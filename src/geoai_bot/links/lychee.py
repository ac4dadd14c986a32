"""Coming from lychee: a repository's `.lycheeignore` and `lychee.toml` keep working.

Looked for next to the list and at the repository root (the folder holding `.git`):

- `.lycheeignore`: one regular expression per line (blank lines and `#` comments skipped),
  searched in each URL, as lychee does: added to `[links] exclude`;
- `lychee.toml`: `exclude` (URL regexes, as above), `exclude_path` (regexes: lychee skips
  input files matching them; here, local links whose path matches are `excluded`), and
  `accept` (status codes: numbers, `"429"`, `"200..300"`, `"200..=204"`): added to
  `[links] accept`. Other keys are lychee's business and ignored.

The files come from whoever wrote the repository: a bad one is an error naming the file,
the line or key, and what to write instead.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geoai_bot.core.errors import GeoaiError

IGNORE_NAME = ".lycheeignore"
CONFIG_NAME = "lychee.toml"
MAX_PATTERNS = 10_000
_RANGE = re.compile(r"\s*(\d{3})\s*(?:\.\.(=?)\s*(\d{3}))?\s*")


@dataclass
class Lychee:
    """What a repository's lychee files add to [links]; `sources` says which were read."""

    exclude: list[str] = field(default_factory=list)
    exclude_path: list[str] = field(default_factory=list)
    accept: set[int] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)

    def note(self) -> str | None:
        """The report's note, or None when no lychee file was found."""
        if not self.sources:
            return None
        parts = [f"{len(self.exclude)} URL exclusion(s)"]
        if self.exclude_path:
            parts.append(f"{len(self.exclude_path)} path exclusion(s)")
        if self.accept:
            parts.append(f"{len(self.accept)} accepted status code(s)")
        return f"lychee settings used from {', '.join(self.sources)}: " + ", ".join(parts)


def _folders(list_path: Path) -> list[Path]:
    here = list_path.resolve().parent
    out = [here]
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            if folder != here:
                out.append(folder)
            break
    return out


def _regex(pattern: str, where: str, path: Path, line: int | None = None) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise GeoaiError(
            f"{where}not a regular expression: {pattern[:80]!r} ({exc}); fix or remove it",
            str(path),
            line,
        ) from None
    return pattern


def _ignore_file(path: Path, out: Lychee) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GeoaiError(f"cannot read it: {exc}", str(path)) from None
    for n, line in enumerate(text.splitlines(), 1):
        pattern = line.strip()
        if pattern and not pattern.startswith("#"):
            out.exclude.append(_regex(pattern, "", path, n))


def _codes(value: Any, where: str) -> set[int]:
    if not isinstance(value, list):
        raise GeoaiError(f'{where} must be a list of status codes, e.g. [200, 429, "500..=503"]')
    codes: set[int] = set()
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool) and 100 <= item <= 999:
            codes.add(item)
            continue
        m = _RANGE.fullmatch(item) if isinstance(item, str) else None
        if m is None:
            raise GeoaiError(
                f"{where}: {str(item)[:40]!r} is not a status code or range "
                '(write 429, "429", "200..300" or "200..=204")'
            )
        lo, inclusive, hi = int(m.group(1)), m.group(2), m.group(3)
        top = lo if hi is None else int(hi) if inclusive else int(hi) - 1
        if not 100 <= lo <= top <= 999:
            raise GeoaiError(f"{where}: {item!r} is not a range of HTTP status codes")
        codes.update(range(lo, top + 1))
    return codes


def _config_file(path: Path, out: Lychee) -> None:
    # Imported here: most repositories have no lychee.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GeoaiError(f"cannot read it: {exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise GeoaiError(f"not valid TOML: {exc}", str(path)) from None
    for key, target in (("exclude", out.exclude), ("exclude_path", out.exclude_path)):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GeoaiError(f"{key} must be a list of regular expressions (strings)", str(path))
        target.extend(_regex(v, f"{key}: ", path) for v in value)
    if "accept" in data:
        out.accept |= _codes(data["accept"], "accept")


def find(list_path: str | Path) -> Lychee:
    """The lychee settings next to LIST_PATH and at its repository root (both, merged)."""
    out = Lychee()
    for folder in _folders(Path(list_path)):
        for name, read in ((IGNORE_NAME, _ignore_file), (CONFIG_NAME, _config_file)):
            path = folder / name
            if not path.is_file():
                continue
            try:
                read(path, out)
            except GeoaiError as exc:
                raise GeoaiError(exc.message, exc.path or str(path), exc.line) from None
            out.sources.append(str(path))
    if len(out.exclude) + len(out.exclude_path) > MAX_PATTERNS:
        raise GeoaiError(f"more than {MAX_PATTERNS} lychee exclusions; that is not a list of rules")
    return out
