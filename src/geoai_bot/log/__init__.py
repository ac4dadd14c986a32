"""The update log ("Latest Updates" and "Last Updated"): read, arrange, splice, edit, reconcile.

The parser calls `parse_update_log` (log/section.py) to fill the model; `fmt`, `lint --fix`,
`log` and `submit` edit the log through the operations exported here (log/edit.py), which
take text and return a `LogEdit` value. The package reads only the log's own lines: it
depends on core.model, core.scan and core.config, never on the parser or the renderer.
"""

from geoai_bot.log.edit import (
    log_meaning,
    logged_total,
    normalize_log,
    reconcile,
    record_addition,
)
from geoai_bot.log.section import LogEdit, LogProblem, parse_update_log, read_date

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
