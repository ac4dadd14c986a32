"""The update log ("Latest Updates" and "Last Updated"): read, arrange, splice, edit, reconcile.

The parser calls `parse_update_log` (log/section.py) to fill the model; `fmt`, `lint --fix`,
`log` and `submit` edit the log through the operations exported here (log/edit.py), which
take text and return a `LogEdit` value. The package reads only the log's own lines: it
depends on core.model, core.scan and core.config, never on the parser or the renderer.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.log.edit import (
        log_meaning,
        logged_total,
        normalize_log,
        reconcile,
        record_addition,
    )
    from geoai_bot.log.section import (
        LogEdit,
        LogProblem,
        parse_update_log,
        read_date,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "normalize_log": "edit",
    "record_addition": "edit",
    "reconcile": "edit",
    "logged_total": "edit",
    "log_meaning": "edit",
    "LogEdit": "section",
    "LogProblem": "section",
    "parse_update_log": "section",
    "read_date": "section",
}
__all__ = [
    "LogEdit",
    "LogProblem",
    "log_meaning",
    "logged_total",
    "normalize_log",
    "parse_update_log",
    "read_date",
    "reconcile",
    "record_addition",
]
__getattr__ = exports(__name__, _OWNERS)
