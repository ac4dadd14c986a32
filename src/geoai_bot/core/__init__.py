"""The pure core: a paper list's text -> `Document` -> text again, and what surrounds it.

Owns the one Markdown line model (scan), the parser and the model it fills, the renderer,
the canonical formatter with its lossless check, text I/O (encodings, newlines, atomic
writes) and finding geoai-bot.toml (the two modules here that touch the disk), export to
JSON/CSV, arXiv identifiers,
the `geoai-bot.toml` models and the errors a user can act on. No network, no clock, no CLI;
it imports nothing above it except the update-log reader the parser calls (`geoai_bot.log`).
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.core.arxiv_ids import (
        ArxivRef,
        looks_like_arxiv,
        parse_arxiv,
    )
    from geoai_bot.core.config import (
        CONFIG_NAME,
        Config,
        LinksConfig,
        LintConfig,
        LogConfig,
        SubmitConfig,
        load_config,
        parse_config,
    )
    from geoai_bot.core.errors import (
        GeoaiError,
        LosslessError,
        NotAPaperList,
    )
    from geoai_bot.core.export import (
        to_csv,
        to_json,
        write_csv,
        write_json,
    )
    from geoai_bot.core.formatter import (
        Formatted,
        check_lossless,
        format_document,
    )
    from geoai_bot.core.model import (
        Document,
        Entry,
        Link,
        Section,
        Span,
        UpdateLog,
    )
    from geoai_bot.core.parse import (
        clean_heading,
        parse_text,
        split_authors,
        split_lines,
    )
    from geoai_bot.core.render import (
        render,
    )
    from geoai_bot.core.textio import (
        atomic_writer,
        read_text,
        write_if_changed,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "parse_text": "parse",
    "split_lines": "parse",
    "split_authors": "parse",
    "clean_heading": "parse",
    "Document": "model",
    "Entry": "model",
    "Link": "model",
    "Section": "model",
    "Span": "model",
    "UpdateLog": "model",
    "render": "render",
    "Formatted": "formatter",
    "format_document": "formatter",
    "check_lossless": "formatter",
    "read_text": "textio",
    "write_if_changed": "textio",
    "atomic_writer": "textio",
    "to_json": "export",
    "to_csv": "export",
    "write_json": "export",
    "write_csv": "export",
    "Config": "config",
    "LintConfig": "config",
    "LinksConfig": "config",
    "LogConfig": "config",
    "SubmitConfig": "config",
    "load_config": "config",
    "parse_config": "config",
    "CONFIG_NAME": "config",
    "GeoaiError": "errors",
    "LosslessError": "errors",
    "NotAPaperList": "errors",
    "ArxivRef": "arxiv_ids",
    "parse_arxiv": "arxiv_ids",
    "looks_like_arxiv": "arxiv_ids",
}
__all__ = [
    "CONFIG_NAME",
    "ArxivRef",
    "Config",
    "Document",
    "Entry",
    "Formatted",
    "GeoaiError",
    "Link",
    "LinksConfig",
    "LintConfig",
    "LogConfig",
    "LosslessError",
    "NotAPaperList",
    "Section",
    "Span",
    "SubmitConfig",
    "UpdateLog",
    "atomic_writer",
    "check_lossless",
    "clean_heading",
    "format_document",
    "load_config",
    "looks_like_arxiv",
    "parse_arxiv",
    "parse_config",
    "parse_text",
    "read_text",
    "render",
    "split_authors",
    "split_lines",
    "to_csv",
    "to_json",
    "write_csv",
    "write_if_changed",
    "write_json",
]
__getattr__ = exports(__name__, _OWNERS)
