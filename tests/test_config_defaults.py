"""The configuration used when there is no geoai-bot.toml (core/config.py `defaults`)."""

from __future__ import annotations

from pathlib import Path

from geoai_bot.core.config import CONFIG_NAME, Config, defaults, load_config


def test_defaults_equal_a_validated_config() -> None:
    # defaults() skips validation for start-up time; it must still be exactly what a
    # validated Config() holds, table by table (a table added to Config and not to
    # defaults(), or a default a validator would change, fails here).
    built, validated = defaults(), Config()
    assert set(Config.model_fields) == {"lint", "format", "log", "links", "submit"}
    for name in Config.model_fields:
        assert getattr(built, name) == getattr(validated, name), name
        assert type(getattr(built, name)) is type(getattr(validated, name))
    assert built == validated
    assert built.source == CONFIG_NAME


def test_no_config_file_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search stops at the repository's root
    listing = tmp_path / "README.md"
    listing.write_text("# L\n", encoding="utf-8")
    assert load_config(None, near=listing) == Config()


def test_defaults_are_independent_objects() -> None:
    # Each call gives fresh mutable tables: a command that edits its copy (tests do)
    # cannot change the next command's defaults.
    a, b = defaults(), defaults()
    a.links.exclude.append("x")
    assert b.links.exclude == []
