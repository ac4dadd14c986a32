"""Link health: extract -> select -> policy -> cache -> check -> results, a stage per module.

Owns finding every link in a list, deciding which may be fetched (exclusions, private
addresses refused), the SQLite result cache, the HTTP checker with its per-host scheduler
and retries (links/http.py is the only HTTP layer), GitHub repository and arXiv API checks,
local file and anchor checks, and sharding. A broken link is a `LinkResult` value, never an
exception; reports are `geoai_bot.report`'s.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.links.cache import (
        Cache,
    )
    from geoai_bot.links.check import (
        Settings,
    )
    from geoai_bot.links.extract import (
        extract,
    )
    from geoai_bot.links.model import (
        STATES,
        FoundLink,
        LinkOutcome,
        LinkResult,
        Location,
        summarize,
    )
    from geoai_bot.links.run import (
        LinkOptions,
        Run,
        check_links,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "LinkOptions": "run",
    "Run": "run",
    "check_links": "run",
    "FoundLink": "model",
    "Location": "model",
    "LinkOutcome": "model",
    "LinkResult": "model",
    "STATES": "model",
    "summarize": "model",
    "extract": "extract",
    "Settings": "check",
    "Cache": "cache",
}
__all__ = [
    "STATES",
    "Cache",
    "FoundLink",
    "LinkOptions",
    "LinkOutcome",
    "LinkResult",
    "Location",
    "Run",
    "Settings",
    "check_links",
    "extract",
    "summarize",
]
__getattr__ = exports(__name__, _OWNERS)
