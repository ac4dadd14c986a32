"""Files kept as they are (issue 11, item 4): line endings, symlinks, read-only files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geoai_bot.cli.main import main
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.formatter import format_document
from geoai_bot.core.textio import write_if_changed

QUIRKY = "#### One\n\n>  Ann Lee，Bo Li\n\n* code: https://example.org/one\n"
CANONICAL = "#### One\n\n> Ann Lee, Bo Li\n\n* Code: https://example.org/one\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept_exactly(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(QUIRKY.replace("\n", newline).encode())
    assert main(["fmt", str(path)]) == 0
    assert path.read_bytes() == CANONICAL.replace("\n", newline).encode()


def test_cr_only_text_formats_to_cr_only() -> None:
    out = format_document(QUIRKY.replace("\n", "\r")).text
    assert out == CANONICAL.replace("\n", "\r")


def test_symlinked_readme_is_written_through_the_link(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "list.md"
    target.parent.mkdir()
    target.write_text(QUIRKY, encoding="utf-8")
    link = tmp_path / "README.md"
    link.symlink_to(Path("docs") / "list.md")
    assert main(["fmt", str(link)]) == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("docs") / "list.md")
    assert target.read_text(encoding="utf-8") == CANONICAL
    assert sorted(p.name for p in target.parent.iterdir()) == ["list.md"]  # no temp file


def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "README.md"
    link.symlink_to(tmp_path / "gone.md")
    with pytest.raises(GeoaiError, match="does not exist"):
        write_if_changed(link, "", CANONICAL)
    assert link.is_symlink() and not (tmp_path / "gone.md").exists()


def test_read_only_readme_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "README.md"
    path.write_text(QUIRKY, encoding="utf-8")
    path.chmod(0o444)
    inode = path.stat().st_ino
    assert main(["fmt", str(path)]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and str(path) in err and len(err.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == QUIRKY
    assert path.stat().st_ino == inode and path.stat().st_mode & 0o777 == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
