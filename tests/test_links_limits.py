"""Politeness per host (links/limits.py): documented defaults per host class, overrides
from geoai-bot.toml (validated), and the scheduler and host gates applying them to real
loopback hosts (spacing asserted on the fake clock, concurrency counted by the server)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import entry, make_list
from fakes.clock import FakeClock
from fakes.linkfarm import Farm
from geoai_bot.core.config import LinksConfig, parse_config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.parse import parse_text
from geoai_bot.links.check import Settings
from geoai_bot.links.limits import (
    ARXIV,
    GITHUB_API_ANON,
    GITHUB_API_TOKEN,
    GITHUB_PAGES,
    HF_ANON,
    HF_TOKEN,
    Limit,
    resolver,
)
from geoai_bot.links.run import LinkOptions, check_links, settings_from

GENERIC = Limit(8, 0.025, 20)


def test_class_defaults() -> None:
    anon = resolver(GENERIC, {})
    token = resolver(GENERIC, {}, github_token=True, hf_token=True)
    assert anon("export.arxiv.org") == anon("arxiv.org") == ARXIV == Limit(1, 3.0)
    assert anon("api.github.com") == GITHUB_API_ANON and token("api.github.com") == GITHUB_API_TOKEN
    assert anon("github.com") == GITHUB_PAGES == token("github.com")
    assert anon("huggingface.co") == HF_ANON and token("huggingface.co") == HF_TOKEN
    assert anon("example.org") == anon("example.org:8443") == GENERIC
    assert anon("user.github.io") == GENERIC  # GitHub Pages sites are ordinary sites


def test_overrides_win_and_keep_what_they_do_not_set() -> None:
    limit = resolver(
        GENERIC,
        {
            "github.com": (2, 0.5, None),
            "*.github.io": (None, 1.0, None),
            "localhost:8080": (1, None, 4),
            "api.github.com": (None, 2.0, None),
        },
    )
    assert limit("github.com") == Limit(2, 0.5)
    assert limit("a.b.github.io") == Limit(8, 1.0, 20) == limit("b.github.io")
    assert limit("github.io") == GENERIC  # "*.x" is for subdomains only
    assert limit("localhost:8080") == Limit(1, 0.025, 4) and limit("localhost:9") == GENERIC
    assert limit("api.github.com") == Limit(GITHUB_API_ANON.per_host, 2.0)
    assert limit("[::1]:8080") == GENERIC


def test_config_reads_and_validates_hosts() -> None:
    cfg = parse_config(
        '[links.hosts."GitHub.com"]\nper_host = 2\ninterval = 0.5\n'
        '[links.hosts."*.github.io"]\ninterval = 1\nburst = 3\n'
    )
    assert cfg.links.hosts["github.com"].per_host == 2
    assert cfg.links.hosts["*.github.io"].interval == 1.0
    assert settings_from(cfg.links).hosts == {
        "github.com": (2, 0.5, None),
        "*.github.io": (None, 1.0, 3),
    }
    assert settings_from(cfg.links).burst == 50  # the generic default when [links] says none
    assert settings_from(parse_config("[links]\nburst = 1\n").links).burst == 1


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[links.hosts."github.com"]\nper_hots = 2\n',
            "links.hosts.github.com.per_hots: unknown key",
        ),
        ('[links.hosts."github.com"]\nper_host = 0\n', "per_host: must be at least 1"),
        ('[links.hosts."github.com"]\nper_host = 1000\n', "per_host: must be at most 64"),
        (
            '[links.hosts."github.com"]\nper_host = true\n',
            "per_host: must be a whole number",
        ),
        ('[links.hosts."github.com"]\ninterval = -1.0\n', "interval: must be at least 0"),
        (
            '[links.hosts."github.com"]\ninterval = nan\n',
            "interval: Input should be a finite number",
        ),
        (
            '[links.hosts."github.com"]\ninterval = inf\n',
            "interval: Input should be a finite number",
        ),
        (
            '[links.hosts."github.com"]\ninterval = "0.5"\n',
            "interval: must be a number",
        ),
        ('[links.hosts."github.com"]\nburst = 0\n', "burst: must be at least 1"),
        ("[links]\nburst = 0\n", "burst: must be at least 1"),
        ('[links.hosts."https://github.com/x"]\nper_host = 1\n', "is not a host name"),
        ('[links.hosts."a b"]\nper_host = 1\n', "is not a host name"),
        ('[links.hosts."$(rm -rf /)"]\nper_host = 1\n', "is not a host name"),
        ("[links]\nhosts = 3\n", "links.hosts: must be a table of key = value pairs"),
    ],
)
def test_hostile_host_settings_are_refused_with_a_clear_message(toml: str, message: str) -> None:
    with pytest.raises(GeoaiError) as err:
        parse_config(toml, "geoai-bot.toml")
    assert message in str(err.value) and "geoai-bot.toml" in str(err.value)


def test_scheduler_and_gates_apply_a_host_s_own_limits(tmp_path: Path) -> None:
    clock = FakeClock()
    with Farm(latency=(0.02, 0.02)) as slow, Farm(latency=(0.2, 0.2)) as fast:
        urls = [slow.url(f"/ok/{i}") for i in range(6)] + [fast.url(f"/ok/{i}") for i in range(6)]
        text = make_list(*(entry(f"T{i}", "A. B", ("Paper", u)) for i, u in enumerate(urls)))
        cfg = parse_config(
            f'[links]\ninterval = 0\n[links.hosts."127.0.0.1:{slow.port}"]\n'
            "per_host = 1\ninterval = 2.0\nburst = 1\n"
        )
        settings = settings_from(cfg.links, allow_private=True)
        settings = dataclasses.replace(settings, clock=clock)
        run = check_links(text, "README.md", parse_text(text), LinkOptions(settings=settings))
    assert {r.state for r in run.results} == {"ok"}
    assert slow.max_in_flight == 1  # one at a time to the configured host
    assert fast.max_in_flight >= 2  # the other host keeps the generic 8
    # Five waits of 2 s (virtual) between the slow host's six starts; none for the other.
    assert sorted(w for w in clock.sleeps if w > 0.5) == pytest.approx([2.0] * 5, abs=0.05)


def test_settings_defaults_are_the_config_defaults() -> None:
    # One owner: a checker built without a config file paces hosts as `links` does.
    cfg, s = LinksConfig(), Settings()
    assert (s.per_host, s.interval, s.burst, s.concurrency) == (
        cfg.per_host,
        cfg.interval,
        cfg.burst,
        cfg.concurrency,
    )
    assert (s.timeout, s.url_deadline, s.retries, s.backoff, s.max_wait, s.max_redirects) == (
        cfg.timeout,
        cfg.deadline,
        cfg.retries,
        cfg.backoff,
        cfg.max_wait,
        cfg.max_redirects,
    )


def test_generic_default_stays_polite() -> None:
    # docs/links.md "Politeness per host": 16 in flight, and at most 50 + 40*T starts in
    # any T seconds (40 a second over any longer stretch, not the 100 of a 10 ms gap).
    s = Settings()
    assert s.per_host == 16 and s.interval == 0.025 and s.burst == 50
    # documented hosts keep strict spacing: their terms state a rate, not a budget
    assert all(lim.burst == 1 for lim in (ARXIV, GITHUB_API_ANON, GITHUB_PAGES, HF_ANON))
