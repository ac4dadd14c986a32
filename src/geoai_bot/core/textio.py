"""Reading and writing list files: decoding, line endings, BOM, and writing only on change."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.model import Document

MAX_BYTES = 64 * 1024 * 1024  # a README larger than this is not a paper list we can help with


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file; undecodable bytes and unreadable files become a GeoaiError."""
    p = Path(path)
    try:
        if p.is_dir():
            raise GeoaiError("is a directory; give the path of the list's Markdown file", str(p))
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise GeoaiError(f"file is {size} bytes; the limit is {MAX_BYTES}", str(p))
        data = p.read_bytes()
    except FileNotFoundError:
        raise GeoaiError("no such file; check the path", str(p)) from None
    except PermissionError:
        raise GeoaiError("permission denied; check the file's permissions", str(p)) from None
    except OSError as exc:
        raise GeoaiError(f"cannot read the file: {exc.strerror}", str(p)) from None
    return decode(data, str(p))


def decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        # Lines as the parser counts them: LF, CRLF and a lone CR each end one.
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        raise GeoaiError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            path,
            line,
        ) from None


def to_file_text(text: str, doc: Document) -> str:
    """Re-apply the document's original newline style and BOM to `\\n` text."""
    if doc.newline != "\n":
        text = text.replace("\n", doc.newline)
    if doc.bom:
        text = "\ufeff" + text
    return text


def _destination(p: Path) -> Path:
    """The file to replace: a symlink's target (the link stays a link), never a read-only file."""
    if p.is_symlink():
        target = Path(os.path.realpath(p))
        if not target.exists():
            raise GeoaiError(
                f"is a symbolic link to {target}, which does not exist; nothing was written",
                str(p),
            )
        p = target
    try:
        mode = p.stat().st_mode if p.exists() else None
    except OSError as exc:
        raise GeoaiError(f"cannot write here: {exc.strerror}; check the path", str(p)) from None
    # Checked on the mode bits, not os.access: root may write anything, and a file someone
    # marked read-only should not be replaced behind their back either way.
    if mode is not None and not mode & 0o222:
        raise GeoaiError(
            "the file is read-only; nothing was written (make it writable to let geoai-bot "
            "change it, e.g. chmod u+w)",
            str(p),
        )
    return p


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces `path` only when the block finishes without error.

    A symlinked `path` is written through the link (its target is replaced, the link is
    kept); a read-only file is refused. OS errors (no such folder, permission, disk full)
    become a GeoaiError naming the path; the old file, if any, is left as it was.
    """
    shown = Path(path)
    p = _destination(shown)
    try:
        mode = p.stat().st_mode & 0o7777 if p.exists() else 0o644
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=str(p.parent) or ".")
    except OSError as exc:
        raise GeoaiError(f"cannot write here: {exc.strerror}; check the path", str(shown)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise GeoaiError(
                f"cannot write the file: {exc.strerror}; nothing was changed", str(shown)
            ) from None
        raise


def write_if_changed(path: str | Path, old: str, new: str) -> bool:
    """Atomically replace the file when the text changed; keep its permissions."""
    if old == new:
        return False
    with atomic_writer(path) as fh:
        fh.write(new)
    return True


def write_files(out_dir: str | Path, files: dict[str, bytes]) -> list[str]:
    """Write each file into OUT_DIR (created if missing), each replaced atomically."""
    d = Path(out_dir)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GeoaiError(f"cannot create the output folder: {exc.strerror}", str(out_dir)) from None
    written = []
    for name, data in files.items():
        with atomic_writer(d / name) as fh:
            fh.write(data.decode("utf-8"))
        written.append(str(d / name))
    return written
