"""`fmt` and `export` take `--config PATH`, loaded the way `lint` loads it (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoai_bot.cli.main import main

LIST = """# <p align=center>`Test List`</p>

## 📢 Latest Updates
:fire: Last Updated on {day} :fire:
- **{day}**: Update 1 paper.

## Papers

#### One Paper

> A. Author

* Paper: https://arxiv.org/abs/2506.19585
"""


def setup(tmp_path: Path, day: str, date_format: str) -> tuple[Path, Path]:
    """The list at the root and a config NOT found by walking up (so only --config finds it)."""
    readme = tmp_path / "README.md"
    readme.write_text(LIST.format(day=day), encoding="utf-8")
    cfg = tmp_path / "elsewhere" / "ci.toml"
    cfg.parent.mkdir()
    cfg.write_text(f'[log]\ndate_format = "{date_format}"\n', encoding="utf-8")
    return readme, cfg


def test_fmt_uses_the_given_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme, cfg = setup(tmp_path, "2025-06-29", "%Y-%m-%d")
    before = readme.read_bytes()
    # Without the config the default format rewrites the dates: 2025-06-29 -> 2025.06.29.
    assert main(["fmt", "--check", str(readme)]) == 1
    assert main(["fmt", "--check", "--config", str(cfg), str(readme)]) == 0
    assert main(["fmt", "--config", str(cfg), str(readme)]) == 0
    assert readme.read_bytes() == before
    assert "already formatted" in capsys.readouterr().err


def test_export_reads_log_dates_in_the_configured_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme, cfg = setup(tmp_path, "29/06/2025", "%d/%m/%Y")
    assert main(["export", str(readme)]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["last_updated"] is None and plain["updates"][0]["date"] is None
    assert main(["export", "--config", str(cfg), str(readme)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["last_updated"] == "2025-06-29"
    assert data["updates"][0] == {
        "date": "2025-06-29",
        "raw_date": "29/06/2025",
        "text": "Update 1 paper.",
        "count": 1,
        "line": 5,
    }


@pytest.mark.parametrize("command", ["fmt", "export"])
def test_a_missing_or_bad_config_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    readme, cfg = setup(tmp_path, "2025.06.29", "%Y.%m.%d")
    before = readme.read_bytes()
    missing = tmp_path / "nope.toml"
    assert main([command, "--config", str(missing), str(readme)]) == 2
    assert f"{missing}: config file not found" in capsys.readouterr().err
    cfg.write_text("[log]\nvisible = -1\nunknown = 1\n", encoding="utf-8")
    assert main([command, "--config", str(cfg), str(readme)]) == 2
    err = capsys.readouterr().err
    assert str(cfg) in err and "unknown" in err
    assert readme.read_bytes() == before
