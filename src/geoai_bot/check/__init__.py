"""`geoai-bot check`: lint, formatting, the update log and links in one pass, as one
`CheckReport` value that report/ and action/ turn into output.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.check.run import (
        CheckReport,
        LinkReport,
        ReportedLink,
        check,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "CheckReport": "run",
    "LinkReport": "run",
    "ReportedLink": "run",
    "check": "run",
}
__all__ = [
    "CheckReport",
    "LinkReport",
    "ReportedLink",
    "check",
]
__getattr__ = exports(__name__, _OWNERS)
