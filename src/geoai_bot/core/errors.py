"""Errors a user can act on: each names the file, the line when there is one, and what to do."""

from __future__ import annotations


class GeoaiError(Exception):
    """An input or usage problem; the CLI prints it on one line and exits 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class NotAPaperList(GeoaiError):
    """The file has no entries in the paper-list shape."""


class LosslessError(GeoaiError):
    """Formatting would change an entry's meaning: nothing is written."""
