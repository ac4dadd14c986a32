"""How politely each host is asked: requests in flight, and a token bucket for starts
(`interval` seconds apart on average, `burst` of them back to back), per host.

Hosts that document what they accept get that, with strict spacing (burst 1: their terms
state a rate, not a budget; sources in docs/links.md, "Politeness"); every other host gets
`[links] per_host`, `interval` and `burst`. geoai-bot.toml can set any host
(`[links.hosts."github.com"] per_host = 2, interval = 0.5`; `"*.github.io"` for every
subdomain), and that wins over both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    per_host: int  # requests in flight to the host
    interval: float  # seconds between request starts to the host, on average
    burst: int = 1  # starts allowed back to back before `interval` paces them (1: strict)


# arXiv's API terms: one request every 3 seconds, one connection at a time (pages too,
# when the API fails and abs pages are fetched instead).
ARXIV = Limit(1, 3.0)
# GitHub's REST API: "make requests serially instead of concurrently"; with a token, at most
# 900 points a minute for GET (1 point each): 0.1 s apart keeps under 600. Without one, 60
# requests an hour: there is no hurry, one a second.
GITHUB_API_TOKEN = Limit(1, 0.1)
GITHUB_API_ANON = Limit(1, 1.0)
# github.com pages: no documented figure; GitHub answers 429 to fast robots, so 4 at a time,
# at most 4 starts a second.
GITHUB_PAGES = Limit(4, 0.25)
# Hugging Face Hub: 500 API requests per 5 minutes per anonymous IP (1,000 with a free
# account's token); the checker asks huggingface.co/api/..., so at most one start every
# 0.6 s (0.3 s with a token).
HF_ANON = Limit(2, 0.6)
HF_TOKEN = Limit(2, 0.3)

_ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "www.arxiv.org"})


def class_default(host: str, *, github_token: bool, hf_token: bool) -> Limit | None:
    """The documented limit for HOST (a name, no port), or None for a generic host."""
    if host in _ARXIV_HOSTS:
        return ARXIV
    if host == "api.github.com":
        return GITHUB_API_TOKEN if github_token else GITHUB_API_ANON
    if host in ("github.com", "www.github.com"):
        return GITHUB_PAGES
    if host in ("huggingface.co", "www.huggingface.co", "hf.co"):
        return HF_TOKEN if hf_token else HF_ANON
    return None


def _name(key: str) -> str:
    """host:port -> host (an IPv6 literal keeps its colons)."""
    head, sep, port = key.rpartition(":")
    return head if sep and port.isdigit() and head and not head.endswith(":") else key


# per_host, interval, burst; None: keep the default
Override = tuple[int | None, float | None, int | None]


def resolver(
    default: Limit,
    overrides: Mapping[str, Override],
    *,
    github_token: bool = False,
    hf_token: bool = False,
) -> Callable[[str], Limit]:
    """host key -> its Limit: the host's documented class, else DEFAULT; then the config's
    entry for the host (host:port, host, else the nearest `*.parent`) changes what it sets."""
    cache: dict[str, Limit] = {}

    def limit(key: str) -> Limit:
        got = cache.get(key)
        if got is not None:
            return got
        name = _name(key).lower()
        over = overrides.get(key) or overrides.get(name)
        labels = name.split(".")
        for i in range(1, len(labels) - 1):
            if over is not None:
                break
            over = overrides.get("*." + ".".join(labels[i:]))
        base = class_default(name, github_token=github_token, hf_token=hf_token) or default
        if over is not None:
            per_host, interval, burst = over
            base = Limit(
                base.per_host if per_host is None else per_host,
                base.interval if interval is None else interval,
                base.burst if burst is None else burst,
            )
        cache[key] = base
        return base

    return limit
