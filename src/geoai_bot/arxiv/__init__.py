"""arXiv: the only arXiv API client (many ids per request, Atom parsed with defusedxml).

Used by submissions (autofill of title, authors, abstract) and by the link checker
(does the paper exist).
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.arxiv.client import (
        ArxivError,
        ArxivRecord,
        api_url,
        fetch,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "ArxivError": "client",
    "ArxivRecord": "client",
    "api_url": "client",
    "fetch": "client",
}
__all__ = [
    "ArxivError",
    "ArxivRecord",
    "api_url",
    "fetch",
]
__getattr__ = exports(__name__, _OWNERS)
