"""`geoai-bot.toml`: one validated configuration file, one table per feature.

Every table forbids unknown keys, so a typo is an error naming the key instead of a
silently ignored setting. Each feature owns its table's model; add fields there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from geoai_bot.core.configerr import explain, key_line, toml_line
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.schema import DEFER_BUILD

CONFIG_NAME = "geoai-bot.toml"


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, defer_build=DEFER_BUILD)


class LintConfig(_Table):
    """[lint]: rule selection and severities, labels, link style, language."""

    # Rules by id (`GB012`), id prefix (`GB01`) or name (`authors-repeat-title`). The rule
    # registry lives in lint/, so lint checks that these name rules (`lint.rules.check_config`)
    # before it runs: core knows nothing above it.
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    # Extra link labels this list uses besides the built-in ones (Paper, Code, Project, ...).
    labels: list[str] = Field(default_factory=list)
    # None: the list's own majority (a list linking pdfs throughout is not told to use abs).
    arxiv_style: Literal["abs", "pdf"] | None = None
    language: str = Field(default="en", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)?$")
    check_language: bool = False
    near_duplicate_threshold: float = Field(default=0.9, ge=0.5, le=1.0)
    # Recorded findings that do not fail (lint/baseline.py), relative to this file; unset:
    # `.geoai-bot-baseline.json` beside this file (or beside the list) when it exists.
    baseline: str | None = None


class LogConfig(_Table):
    """[log]: the update log's date format and how many lines stay visible."""

    date_format: str = "%Y.%m.%d"
    visible: int = Field(default=10, ge=1, le=1000)

    @field_validator("date_format")
    @classmethod
    def _round_trips(cls, value: str) -> str:
        # A format the log tools cannot read back would make `log` and `fmt` rewrite the
        # log on every run; spaces, `*`, `:` and `<` would break the Markdown around it.
        import datetime as dt

        sample = dt.date(2025, 6, 29)
        try:
            shown = sample.strftime(value)
            back = dt.datetime.strptime(shown, value).date()
        except (ValueError, re.error):  # `%Y%Y`: strptime's own regex repeats a group
            back, shown = None, ""
        if back != sample or any(c in shown for c in " \t*:<>`[]") or not shown:
            raise ValueError(
                f"{value!r} cannot be used for log dates: it must write the year, month and "
                "day without spaces or Markdown characters, e.g. '%Y.%m.%d' or '%Y-%m-%d'"
            )
        return value


LinkState = Literal["ok", "redirect", "broken", "timeout", "blocked", "excluded", "skipped"]


def _default_ttl() -> dict[LinkState, float]:
    return {"ok": 7.0, "redirect": 7.0}


def _default_fail_on() -> list[LinkState]:
    return ["broken"]


_HOST = re.compile(
    r"(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?"
)


class HostLimits(_Table):
    """[links.hosts."NAME"]: politeness for one host (links/limits.py); unset keys keep
    the host's documented default, else [links] per_host / interval / burst."""

    per_host: int | None = Field(default=None, ge=1, le=64, strict=True)
    interval: float | None = Field(default=None, ge=0, le=60, strict=True, allow_inf_nan=False)
    burst: int | None = Field(default=None, ge=1, le=1000, strict=True)


class LinksConfig(_Table):
    """[links]: timeouts, concurrency, retries, cache and exclusions for the link checker."""

    timeout: float = Field(default=10.0, gt=0, le=300)  # seconds per request (hard deadline)
    deadline: float = Field(default=60.0, gt=0, le=3600)  # seconds per URL, retries included
    exclude: list[str] = Field(default_factory=list)  # regexes searched in each URL
    concurrency: int = Field(default=128, ge=1, le=512)
    per_host: int = Field(default=16, ge=1, le=64)
    interval: float = Field(default=0.025, ge=0, le=60)  # seconds between starts per host
    burst: int = Field(default=50, ge=1, le=1000)  # starts back to back before interval paces
    retries: int = Field(default=3, ge=0, le=10)
    backoff: float = Field(default=0.25, ge=0, le=60)  # first retry wait, doubling, jittered
    max_wait: float = Field(default=30.0, ge=0, le=600)  # cap on waits, Retry-After included
    max_redirects: int = Field(default=10, ge=0, le=50)
    accept: list[int] = Field(default_factory=list)  # extra status codes counted as ok
    ttl: dict[LinkState, float] = Field(default_factory=_default_ttl)  # days kept in the cache
    cache: str = ".geoai-bot/cache.sqlite"
    fail_on: list[LinkState] = Field(default_factory=_default_fail_on)
    user_agent: str | None = None
    # Per host: `[links.hosts."github.com"] per_host = 2, interval = 0.5` ("*.x.org": subdomains)
    hosts: dict[str, HostLimits] = Field(default_factory=dict, max_length=1000)

    @field_validator("hosts")
    @classmethod
    def _host_names(cls, value: dict[str, HostLimits]) -> dict[str, HostLimits]:
        out: dict[str, HostLimits] = {}
        for name, limits in value.items():
            key = name.strip().lower().rstrip(".")
            if len(key) > 260 or not _HOST.fullmatch(key):
                raise ValueError(
                    f"{name[:80]!r} is not a host name; write it as in a URL, e.g. "
                    '"github.com", "localhost:8080", or "*.github.io" for every subdomain'
                )
            out[key] = limits
        return out

    @field_validator("exclude")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None
        return value

    @field_validator("accept")
    @classmethod
    def _codes(cls, value: list[int]) -> list[int]:
        bad = [c for c in value if not 100 <= c <= 999]
        if bad:
            raise ValueError(f"not HTTP status codes: {bad}")
        return value


class SubmitConfig(_Table):
    """[submit]: where new entries go."""

    position: Literal["bottom", "top"] = "bottom"
    section: str | None = None


class FormatConfig(_Table):
    """[format]: whose conventions `fmt` writes entries in.

    "learned" (default): the list's own majority (bullet marker, colon, blank lines, empty
    or `None` for a missing link, `<details>` layout, label spelling; core/style.py), so
    only entries that depart from it change. "canonical": the seed's shape on any list.
    """

    style: Literal["learned", "canonical"] = "learned"


class Config(_Table):
    lint: LintConfig = Field(default_factory=LintConfig)
    format: FormatConfig = Field(default_factory=FormatConfig)
    log: LogConfig = Field(default_factory=LogConfig)
    links: LinksConfig = Field(default_factory=LinksConfig)
    submit: SubmitConfig = Field(default_factory=SubmitConfig)
    # Where the settings came from, so a check made later (lint's rule ids) names the file.
    _source: str = PrivateAttr(default=CONFIG_NAME)

    @property
    def source(self) -> str:
        """The file this configuration was read from (`geoai-bot.toml` for defaults)."""
        return self._source


def defaults() -> Config:
    """The configuration when there is no geoai-bot.toml: every table's defaults.

    Built without validation, so no schema is built: validating the defaults cost every
    command without a config file about 35 ms of start-up (`links` waits on it before its
    first request). tests/test_config.py holds this equal to a validated `Config()`.
    """
    return Config.model_construct(
        lint=LintConfig.model_construct(),
        format=FormatConfig.model_construct(),
        log=LogConfig.model_construct(),
        links=LinksConfig.model_construct(),
        submit=SubmitConfig.model_construct(),
    )


def parse_config(text: str, path: str = CONFIG_NAME) -> Config:
    """Parse and validate TOML text; every problem becomes a GeoaiError naming the key."""
    # Imported here: a command run without a geoai-bot.toml never parses TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_line(str(exc))
        raise GeoaiError(f"not valid TOML: {message}", path, line) from None
    except RecursionError:  # `a = [[[[...` thousands deep: the parser recurses per level
        raise GeoaiError("not usable TOML: values are nested too deeply", path) from None
    try:
        config = Config.model_validate(data)
    except RecursionError:
        raise GeoaiError("invalid configuration: values are nested too deeply", path) from None
    except ValidationError as exc:
        raise _invalid(exc, text, path) from None
    config._source = path
    return config


def _invalid(exc: ValidationError, text: str, path: str) -> GeoaiError:
    """Every problem, in TOML words (core/configerr.py), each naming its line."""
    fields = {"": list(Config.model_fields)}
    for name, info in Config.model_fields.items():
        table = info.annotation
        if isinstance(table, type) and issubclass(table, BaseModel):
            fields[name] = list(table.model_fields)
    found = sorted(
        (
            (key_line(text, [str(p) for p in err["loc"]]), explain(err, fields))
            for err in exc.errors()
        ),
        key=lambda item: item[0] or 0,
    )
    # One problem per line, each at its own line: the first is the error's own location.
    rest = "".join(
        f"\n{path}:{line}: {msg}" if line else f"\n{path}: {msg}" for line, msg in found[1:]
    )
    return GeoaiError(f"invalid configuration: {found[0][1]}{rest}", path, found[0][0])


def find_config(start: str | Path) -> Path | None:
    """The nearest geoai-bot.toml in START's folder or a parent, stopping at a git root."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            break
    return None


def load_config(explicit: str | Path | None = None, near: str | Path = ".") -> Config:
    """`--config PATH` if given (it must exist), else the nearest geoai-bot.toml, else defaults."""
    if explicit is not None:
        p = Path(explicit)
        if not p.is_file():
            raise GeoaiError("config file not found; check --config", str(p))
    else:
        found = find_config(near)
        if found is None:
            return defaults()
        p = found
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GeoaiError(f"cannot read the config file: {exc}", str(p)) from None
    return parse_config(text, str(p))
