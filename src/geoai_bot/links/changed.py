"""`--changed-from REF`: FILE as it was at a git ref, so only new or changed links are checked."""

from __future__ import annotations

import subprocess
from pathlib import Path

from geoai_bot.core.errors import GeoaiError


def old_text(ref: str, file: str | Path) -> str:
    """FILE's text at REF (`git show REF:./FILE`), "" if FILE did not exist there.

    A REF git does not know is a usage error (exit 2) naming the ref."""
    p = Path(file).resolve()
    folder = p.parent
    if ref.startswith("-"):
        raise GeoaiError(f"--changed-from {ref!r}: not a git ref")
    probe = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise GeoaiError(
            f"--changed-from {ref!r}: git knows no such commit here "
            "(in Actions, fetch it first: actions/checkout with fetch-depth: 0)",
            str(file),
        )
    shown = subprocess.run(
        ["git", "-C", str(folder), "show", f"{ref}:./{p.name}"],
        capture_output=True,
    )
    if shown.returncode != 0:
        return ""  # the file is new on this branch: every link is new
    return shown.stdout.decode("utf-8", errors="replace")
