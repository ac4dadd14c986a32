"""Helpers shared by subcommands: loading a list and refusing files that are not paper lists."""

from __future__ import annotations

from pathlib import Path

from geoai_bot.core.errors import GeoaiError, NotAPaperList
from geoai_bot.core.model import Document
from geoai_bot.core.textio import atomic_writer, load


def require_entries(doc: Document, path: str | Path) -> None:
    """A file with no entries is a NotAPaperList error (exit 2) saying what was found."""
    if doc.entries:
        return
    hint = ""
    if doc.unread:
        first = doc.unread[0]
        hint = (
            f" ({len(doc.unread)} paper-like lines are in another shape, "
            f"first at line {first.line}: {first.reason})"
        )
    raise NotAPaperList(
        "not a paper list: no '#### Title' entries followed by '> authors', "
        f"'* Label: url' or '* <details>' lines{hint}",
        str(path),
    )


def load_list(path: str | Path) -> tuple[str, Document]:
    """Read and parse FILE; a file with no entries is a NotAPaperList error (exit 2)."""
    text, doc = load(path)
    require_entries(doc, path)
    return text, doc


def report_unread(doc: Document, path: str, limit: int = 5) -> list[str]:
    """Lines telling the user what could not be read as entries (kept verbatim)."""
    if not doc.unread:
        return []
    out = [
        f"{path}:{u.line}: note: {u.reason}; kept as written: {u.text}" for u in doc.unread[:limit]
    ]
    if len(doc.unread) > limit:
        out.append(f"{path}: note: {len(doc.unread) - limit} more lines like these")
    return out


def load_link_states(path: str | None) -> dict[str, str] | None:
    """URL -> state from a `links --format json` report (validated as `links merge` does)."""
    if path is None:
        return None
    from geoai_bot.links.shard import merge_reports  # only commands given --links need it

    return {str(r["url"]): str(r["state"]) for r in merge_reports([path])["results"]}


def write_files(out_dir: str, files: dict[str, bytes]) -> list[str]:
    """Write each file into OUT_DIR (created if missing), each replaced atomically."""
    d = Path(out_dir)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GeoaiError(f"cannot create the output folder: {exc.strerror}", out_dir) from None
    written = []
    for name, data in files.items():
        with atomic_writer(d / name) as fh:
            fh.write(data.decode("utf-8"))
        written.append(str(d / name))
    return written
