"""Paths that come from files or inputs we do not trust (geoai-bot.toml in a pull request,
the Action's `path` and `config` inputs): where they may point.

A pull request's checks read the pull request's own geoai-bot.toml, so `[links] cache =
"/home/runner/.bashrc"` or a committed symlink `.geoai-bot -> /etc` must not make the bot
write (or move aside) a file outside the repository. A path is allowed when, with every
symlink followed, it lies inside one of the allowed roots.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from geoai_bot.core.errors import GeoaiError

# The runner's own scratch and cache folders, where a workflow may keep the link cache.
RUNNER_DIRS = ("RUNNER_TEMP", "RUNNER_TOOL_CACHE")


def repository_root(near: str | Path) -> Path:
    """The git work tree holding NEAR (a file or folder), else NEAR's own folder."""
    here = Path(near).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def runner_roots(environ: Mapping[str, str] | None = None) -> list[Path]:
    env = os.environ if environ is None else environ
    return [Path(env[name]).resolve() for name in RUNNER_DIRS if env.get(name)]


def confine(path: str | Path, roots: Iterable[Path], what: str) -> Path:
    """PATH with symlinks followed, if it lies inside one of ROOTS; else a GeoaiError
    naming WHAT (the setting) and what to do. The file itself need not exist yet."""
    resolved = Path(path).resolve()  # strict=False: follows every symlink that exists
    allowed = [Path(r).resolve() for r in roots]
    if any(resolved == r or resolved.is_relative_to(r) for r in allowed):
        return resolved
    where = ", ".join(str(r) for r in allowed) or "(none)"
    shown = str(path) if str(path) == str(resolved) else f"{path} (-> {resolved})"
    raise GeoaiError(
        f"{what} points outside the repository: {shown}; use a path inside {where}",
        str(path),
    )
