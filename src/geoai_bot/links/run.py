"""The pipeline: extract -> select (changed, shard) -> policy -> cache -> check -> results."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geoai_bot.arxiv.client import api_url as arxiv_api_url
from geoai_bot.core.arxiv_ids import ArxivRef
from geoai_bot.core.config import LinksConfig
from geoai_bot.core.model import Document
from geoai_bot.links import lychee
from geoai_bot.links.arxiv_check import arxiv_ref, check_batch, malformed
from geoai_bot.links.check import Checker, Settings, Tries
from geoai_bot.links.extract import extract, web_key
from geoai_bot.links.github import GitHubRepos, check_deep, deep_of, repo_of
from geoai_bot.links.github import api_url as github_api_url
from geoai_bot.links.hosts import HF_API_ENV, HuggingFace, hf_ref, login_wall
from geoai_bot.links.hosts import hf_api as hf_api_url
from geoai_bot.links.limits import Limit, resolver
from geoai_bot.links.local import check_fragment, check_relative
from geoai_bot.links.model import FoundLink, LinkOutcome, LinkResult
from geoai_bot.links.policy import Exclusions, host_key, host_of, literal_ip_reason
from geoai_bot.links.sched import Scheduler
from geoai_bot.links.shard import shard_of

if TYPE_CHECKING:
    from geoai_bot.links.cache import Cache

Progress = Callable[[LinkOutcome], None]

NO_NETWORK = (
    "no network: no link host answered (names do not resolve or nothing connects); "
    "nothing reported. Use --offline to skip web links."
)


@dataclass
class LinkOptions:
    settings: Settings = field(default_factory=Settings)
    exclude: list[str] = field(default_factory=list)
    exclude_path: list[str] = field(default_factory=list)  # local links (lychee's exclude_path)
    offline: bool = False
    old_text: str | None = None  # --changed-from: the file at REF
    shard: tuple[int, int] | None = None
    github_api: str | None = None
    # Passed as a value, never read from the environment here: the CLI reads GITHUB_TOKEN at
    # its edge, the Action passes its `token` input.
    github_token: str | None = field(default=None, repr=False)
    hf_api: str | None = None
    arxiv_api: bool = True


def with_lychee(opts: LinkOptions, path: str) -> str | None:
    """Add the repository's lychee exclusions and accepted codes (links/lychee.py) to OPTS;
    the report's note saying which files were read, or None."""
    found = lychee.find(path)
    opts.exclude = [*opts.exclude, *found.exclude]
    opts.exclude_path = [*opts.exclude_path, *found.exclude_path]
    if found.accept:
        opts.settings = dataclasses.replace(
            opts.settings, accept=opts.settings.accept | frozenset(found.accept)
        )
    return found.note()


def settings_from(
    cfg: LinksConfig, *, timeout: float | None = None, allow_private: bool = False
) -> Settings:
    """The checker's knobs from geoai-bot.toml's [links] (one place for `links` and `check`)."""
    return Settings(
        timeout=timeout or cfg.timeout,
        url_deadline=cfg.deadline,
        retries=cfg.retries,
        backoff=cfg.backoff,
        max_wait=cfg.max_wait,
        concurrency=cfg.concurrency,
        per_host=cfg.per_host,
        interval=cfg.interval,
        burst=cfg.burst,
        hosts={k: (v.per_host, v.interval, v.burst) for k, v in cfg.hosts.items()},
        max_redirects=cfg.max_redirects,
        allow_private=allow_private,
        accept=frozenset(cfg.accept),
        user_agent=cfg.user_agent,
    )


@dataclass
class Run:
    results: list[LinkResult]
    unchanged_skipped: int = 0
    other_shards: int = 0
    no_network: bool = False


def shard_host(link: FoundLink) -> str:
    """The host a link belongs to for sharding; local links go with the empty host."""
    if link.kind != "web":
        return ""
    return host_of(link.url)


def select(links: list[FoundLink], opts: LinkOptions) -> tuple[list[FoundLink], int, int]:
    unchanged = other = 0
    if opts.old_text is not None:
        old = {link.url for link in extract(opts.old_text, "")}
        kept = [link for link in links if link.url not in old]
        unchanged = len(links) - len(kept)
        links = kept
    if opts.shard is not None:
        k, n = opts.shard
        kept = [link for link in links if shard_of(shard_host(link), n) == k]
        other = len(links) - len(kept)
        links = kept
    return links, unchanged, other


def check_links(
    text: str,
    path: str,
    doc: Document | None,
    opts: LinkOptions,
    cache: Cache | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Run:
    links, unchanged, other = select(extract(text, path, doc), opts)
    if on_total is not None:
        on_total(len(links))
    file = Path(path)
    outcome: dict[str, LinkOutcome] = {}  # by link.url for local, by web_key for web
    cached: set[str] = set()
    excl = Exclusions(opts.exclude)
    paths = Exclusions(opts.exclude_path)
    todo: list[str] = []
    queued: set[str] = set()
    note = progress or (lambda _o: None)

    for link in links:
        if link.kind == "fragment":
            outcome[link.url] = check_fragment(link.url[1:], text)
        elif link.kind == "local":
            hit = paths.match(link.url)
            outcome[link.url] = (
                LinkOutcome("excluded", message=f"excluded by exclude_path {hit!r}")
                if hit is not None
                else check_relative(link.url, file)
            )
        else:
            key = web_key(link.url)
            if key in outcome or key in queued:
                continue
            pattern = excl.match(link.url)
            if pattern is not None:
                outcome[key] = LinkOutcome("excluded", message=f"excluded by pattern {pattern!r}")
            elif not key.lower().startswith(("http://", "https://")):
                outcome[key] = LinkOutcome("skipped", message="not an http(s) link")
            elif (bad := malformed(key)) is not None:
                outcome[key] = bad
            elif (wall := login_wall(key)) is not None:
                outcome[key] = wall
            elif opts.offline:
                outcome[key] = LinkOutcome("skipped", message="--offline: not checked")
            elif (
                not opts.settings.allow_private
                and host_key(key) not in opts.settings.allow_hosts
                and (why := literal_ip_reason(host_of(key)))
            ):
                outcome[key] = LinkOutcome(
                    "excluded", message=f"refused: {why} (use --allow-private)"
                )
            else:
                todo.append(key)
                queued.add(key)
        key = web_key(link.url) if link.kind == "web" else link.url
        if key in outcome:  # settled without the network: counts for the progress bar now
            note(outcome[key])

    if cache is not None and todo:
        hits = cache.get_many(todo)
        for key, o in hits.items():
            outcome[key] = o
            cached.add(key)
            note(o)
        todo = [k for k in todo if k not in hits]

    fresh = _check_network(todo, opts, note) if todo else {}
    outcome.update(fresh)
    if cache is not None and fresh:
        cache.put_many(fresh)

    results = []
    for link in links:
        key = web_key(link.url) if link.kind == "web" else link.url
        results.append(LinkResult(link.url, outcome[key], link.locations, key in cached))
    answered = [o for o in fresh.values() if o.state not in ("excluded", "skipped")]
    no_network = bool(answered) and all(o.no_answer for o in answered)
    return Run(results, unchanged, other, no_network)


def _check_network(todo: list[str], opts: LinkOptions, note: Progress) -> dict[str, LinkOutcome]:
    # The API endpoints come from the operator's environment (or are GitHub's and arXiv's
    # own), not from the list: they may be private (GitHub Enterprise, a test server).
    apis = {
        host_key(opts.github_api or github_api_url()),
        host_key(arxiv_api_url()),
    }
    if opts.hf_api or os.environ.get(HF_API_ENV):  # a Hub mirror or stand-in the operator set
        apis.add(host_key(opts.hf_api or hf_api_url()))
    base = opts.settings
    limit = resolver(
        Limit(base.per_host, base.interval, base.burst),
        base.hosts,
        github_token=bool(opts.github_token),
        hf_token=bool(os.environ.get("HF_TOKEN")),
    )
    s = dataclasses.replace(base, allow_hosts=base.allow_hosts | apis, limit=base.limit or limit)
    checker = Checker(s)
    out: dict[str, LinkOutcome] = {}
    lock = threading.Lock()

    def record(key: str, o: LinkOutcome) -> None:
        with lock:
            out[key] = o
        note(o)

    try:
        arxiv: dict[str, ArxivRef] = {}
        repos: dict[str, tuple[str, str]] = {}
        plain: list[str] = []
        for key in todo:
            ref = arxiv_ref(key) if opts.arxiv_api else None
            repo = repo_of(key)
            if ref is not None:
                arxiv[key] = ref
            elif repo is not None:
                repos[key] = repo
            else:
                plain.append(key)
        # The arXiv API batches run beside the HTTP checks (they are slow on purpose: arXiv
        # asks for 3 s between requests); if the API fails, the pages are fetched after.
        arxiv_failed: list[str] = []

        def arxiv_batches() -> None:
            got = check_batch(arxiv, checker.session, s.timeout, clock=s.clock)
            if got.failure is not None:
                arxiv_failed.extend(arxiv)
            else:
                for key, o in got.outcomes.items():
                    record(key, o)

        api_thread = threading.Thread(target=arxiv_batches, name="links-arxiv", daemon=True)
        if arxiv:
            api_thread.start()
        _schedule(checker, plain, repos, opts, record)
        if arxiv:
            api_thread.join()
        if arxiv_failed:
            _schedule(checker, arxiv_failed, {}, opts, record)
    finally:
        checker.close()
    return out


def _schedule(
    checker: Checker,
    plain: list[str],
    repos: dict[str, tuple[str, str]],
    opts: LinkOptions,
    record: Callable[[str, LinkOutcome], None],
) -> None:
    """Check URLs (github.com repositories through the API first) with the scheduler."""
    s = opts.settings
    gh = GitHubRepos(checker, opts.github_api, opts.github_token)
    hf = HuggingFace(checker, opts.hf_api)
    tries: dict[str, Tries] = {}

    def by_api(key: str) -> LinkOutcome | None:
        """The host's API answer for a GitHub or Hugging Face link, if it has one."""
        repo = repos.get(key)
        if repo is not None:
            return gh.check(repo[0], repo[1], key)
        if deep_of(key) is not None:
            return check_deep(gh, key)
        ref = hf_ref(key)
        return hf.check(*ref) if ref is not None else None

    def one(key: str) -> float | None:
        try:
            if key not in tries:
                o = by_api(key)
                if o is not None:
                    record(key, o)
                    return None
            r = checker.step(key, tries.setdefault(key, Tries()))
            if isinstance(r, LinkOutcome):
                record(key, r)
                return None
            return r
        except Exception as exc:  # a bug must cost one link, not the run
            record(key, LinkOutcome("skipped", message=f"internal error: {exc!r}"[:200]))
            return None

    keys = plain + list(repos)
    if not keys:
        return
    # Workers: enough to keep every host's slots busy, within the global limit.
    hosts = {host_key(k) for k in keys}
    slots = sum(checker.limit(h).per_host for h in hosts)
    workers = min(s.concurrency, slots, len(keys))
    sched: Scheduler[str] = Scheduler(one, workers, lambda h: checker.limit(h).per_host, s.clock)
    sched.run((host_key(k), k) for k in keys)
