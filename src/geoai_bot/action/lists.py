"""The Action's `path` input: one list or several, as paths or globs, inside the workspace.

The input holds paths and globs separated by spaces or newlines (split like a shell would,
in Python: quote a path that holds a space). A glob (`*`, `?`, `[...]`, and `**` for any
number of folders) is matched against the workspace's files by walking it without
following symlinked folders, so a committed symlink loop or a link to `/` cannot make the
walk leave the repository or run for ever; like a shell, wildcards do not match names that
start with a dot, and `.git` is never searched. Every path and every match must lie inside
the workspace with symlinks followed (core/paths.confine): an absolute path, a `..` that
climbs out, or a symlink that leads out is refused with a message naming the input.
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath, PureWindowsPath

from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.paths import confine

GLOB = re.compile(r"[*?\[]")
MAX_INPUT = 10_000  # characters; far more than any list of lists
MAX_WALK = 200_000  # files and folders looked at for one glob


def split_paths(raw: str, what: str = "input 'path'") -> list[str]:
    """The words of the input, in order; an unclosed quote is an error naming the input."""
    if len(raw) > MAX_INPUT:
        raise GeoaiError(f"{what} is {len(raw)} characters long; the limit is {MAX_INPUT}")
    try:
        words = shlex.split(raw, comments=False, posix=True)
    except ValueError as exc:
        raise GeoaiError(f"{what} cannot be split into paths: {exc}") from None
    if not words:
        raise GeoaiError(f"{what} is empty; name the list, e.g. README.md")
    return words


def is_glob(word: str) -> bool:
    return bool(GLOB.search(word))


def relative(word: str, what: str = "input 'path'") -> str:
    """WORD as a clean path relative to the workspace (`/` separators, no `.` or `..`);
    an absolute path or one that climbs out is refused."""
    if PurePosixPath(word).is_absolute() or PureWindowsPath(word).anchor:
        raise GeoaiError(
            f"{what} points outside the workspace or is absolute: {word!r}; name files "
            "relative to the repository root, e.g. README.md or lists/*.md"
        )
    norm = posixpath.normpath(word.replace("\\", "/"))
    if norm == ".." or norm.startswith("../"):
        raise GeoaiError(
            f"{what} points outside the workspace: {word!r} climbs out with '..'; name files "
            "inside the repository"
        )
    if norm == ".":
        raise GeoaiError(f"{what} is {word!r}, the repository itself; name a Markdown file")
    return norm


def resolve_lists(raw: str, workspace: Path, what: str = "input 'path'") -> list[str]:
    """Every list the input names, relative to WORKSPACE, in the input's order (a glob's
    matches sorted), each once. A glob matching no file, or any path or match outside the
    workspace, is a GeoaiError naming the input."""
    out: list[str] = []
    for word in split_paths(raw, what):
        rel = relative(word, what)
        if is_glob(rel) and not (workspace / rel).is_file():  # `papers[2024].md` is a file
            found = glob_files(rel, workspace, what)
            if not found:
                raise GeoaiError(
                    f"{what}: the glob {word!r} matches no file in the repository (wildcards "
                    "do not match names starting with a dot; `**` matches any folders)"
                )
        else:
            found = [rel]
        for path in found:
            confine(workspace / path, [workspace], what)
            if path not in out:
                out.append(path)
    return out


def glob_files(pattern: str, workspace: Path, what: str = "input 'path'") -> list[str]:
    """Files under WORKSPACE whose relative path matches PATTERN, sorted; symlinked
    folders are not entered (os.walk with followlinks=False)."""
    parts = tuple(pattern.split("/"))
    deep = "**" in parts
    seen = 0
    found: list[str] = []
    for folder, dirs, files in os.walk(workspace, followlinks=False):
        rel = Path(folder).relative_to(workspace).as_posix()
        prefix = () if rel == "." else tuple(rel.split("/"))
        seen += len(dirs) + len(files)
        if seen > MAX_WALK:
            raise GeoaiError(
                f"{what}: the glob {pattern!r} would look at more than {MAX_WALK} files; "
                "narrow it (e.g. lists/*.md)"
            )
        # Never search .git; without `**`, no deeper than the pattern's own folders.
        dirs[:] = sorted(d for d in dirs if d != ".git" and (deep or len(prefix) + 1 < len(parts)))
        found += ["/".join((*prefix, f)) for f in files if _match((*prefix, f), parts)]
    return sorted(f for f in found if (workspace / f).is_file())


def _match(names: tuple[str, ...], pats: tuple[str, ...]) -> bool:
    """Shell-style matching by path segment; `**` stands for zero or more folders."""
    if not pats:
        return not names
    if pats[0] == "**":
        return any(
            _match(names[i:], pats[1:])
            for i in range(len(names) + 1)
            if not any(n.startswith(".") for n in names[:i])
        )
    if not names:
        return False
    name, pat = names[0], pats[0]
    if name.startswith(".") and not pat.startswith("."):
        return False  # as in a shell: `*` does not match dotfiles
    return fnmatchcase(name, pat) and _match(names[1:], pats[1:])
