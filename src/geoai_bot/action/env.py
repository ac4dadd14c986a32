"""The GitHub Actions runner as data: inputs, event, repository, and the files a step writes to.

Composite actions do not set INPUT_* themselves; action.yml maps every input to an
INPUT_<NAME> variable through `env:`, and this module is the only reader of them.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from geoai_bot.core.errors import GeoaiError

COMMANDS = ("auto", "lint", "fmt", "links", "submit", "link-report", "site")
FAIL_ON = ("error", "warning", "never")
DEFAULT_API = "https://api.github.com"


def input_value(environ: Mapping[str, str], name: str, default: str = "") -> str:
    """INPUT_<NAME> as the runner spells it (`fail-on` -> INPUT_FAIL-ON), or with `_`."""
    upper = name.upper().replace(" ", "_")
    for key in (f"INPUT_{upper}", f"INPUT_{upper.replace('-', '_')}"):
        value = environ.get(key)
        if value is not None and value.strip():
            return value.strip()
    return default


def flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    """A boolean input: true/false (yes/no, on/off, 1/0), anything else is an error."""
    raw = input_value(environ, name, "true" if default else "false").lower()
    if raw in ("true", "yes", "on", "1"):
        return True
    if raw in ("false", "no", "off", "0"):
        return False
    raise GeoaiError(f"input '{name}' is {raw[:40]!r}; use true or false")


@dataclass(frozen=True)
class Inputs:
    command: str = "auto"
    path: str = "README.md"
    token: str = field(default="", repr=False)
    config: str = ""
    fail_on: str = "error"
    site_dir: str = ""  # where `site` and the weekly link report write the site and badges
    moved_links: bool = True  # the weekly link report keeps the moved-links pull request
    enrich: bool = False  # the weekly link report keeps the arXiv enrich pull request
    summary: bool = True  # false: no job summary (annotations and outputs still written)
    args: str = ""  # extra options for the job's command (action/args.py checks them)
    submit_path: str = ""  # the list submissions go to; "" means `path`, if it is one file

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Inputs:
        inputs = cls(
            command=input_value(environ, "command", "auto").lower(),
            path=input_value(environ, "path", "README.md"),
            token=input_value(environ, "token") or environ.get("GITHUB_TOKEN", ""),
            config=input_value(environ, "config"),
            fail_on=input_value(environ, "fail-on", "error").lower(),
            site_dir=input_value(environ, "site-dir"),
            moved_links=flag(environ, "moved-links", True),
            enrich=flag(environ, "enrich", False),
            summary=flag(environ, "summary", True),
            args=input_value(environ, "args"),
            submit_path=input_value(environ, "submit-path"),
        )
        if inputs.command not in COMMANDS:
            raise GeoaiError(
                f"input 'command' is {inputs.command!r}; use one of: " + ", ".join(COMMANDS)
            )
        if inputs.fail_on not in FAIL_ON:
            raise GeoaiError(
                f"input 'fail-on' is {inputs.fail_on!r}; use one of: " + ", ".join(FAIL_ON)
            )
        return inputs


@dataclass(frozen=True)
class ActionEnv:
    """What one run of the action knows about where it runs."""

    inputs: Inputs
    event_name: str = ""
    event: Mapping[str, Any] = field(default_factory=dict)
    event_path: str | None = None
    repository: str | None = None
    api_url: str = DEFAULT_API
    server_url: str = "https://github.com"
    run_id: str | None = None
    sha: str | None = None
    workspace: Path = field(default_factory=Path.cwd)
    output_file: Path | None = None
    summary_file: Path | None = None
    temp_dir: Path = field(default_factory=Path.cwd)
    # Self-hosted runners checking intranet lists (and tests on loopback) may allow private
    # addresses; GitHub-hosted runs keep the link checker's refusal.
    allow_private: bool = False
    # Pauses between GitHub API calls (reads, writes), as `geoai-bot submit` reads them.
    api_pauses: tuple[float, float] = (0.25, 1.0)
    api_max_wait: float = 120.0  # the longest total wait for the forge's retries (seconds)
    # Where the link checker sends its github.com repository checks: the runner's API
    # unless GEOAI_BOT_GITHUB_API_URL points it elsewhere (a mirror, a test farm).
    link_api_url: str = DEFAULT_API

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ActionEnv:
        inputs = Inputs.from_environ(environ)
        event_path = environ.get("GITHUB_EVENT_PATH") or None
        event = read_event(event_path) if event_path else {}
        workspace = Path(environ.get("GITHUB_WORKSPACE") or Path.cwd())
        temp = environ.get("RUNNER_TEMP") or ""
        return cls(
            inputs=inputs,
            event_name=environ.get("GITHUB_EVENT_NAME", ""),
            event=event,
            event_path=event_path,
            repository=environ.get("GITHUB_REPOSITORY") or None,
            api_url=(environ.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/"),
            server_url=(environ.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
            run_id=environ.get("GITHUB_RUN_ID") or None,
            sha=environ.get("GITHUB_SHA") or None,
            workspace=workspace,
            output_file=_path(environ.get("GITHUB_OUTPUT")),
            summary_file=_path(environ.get("GITHUB_STEP_SUMMARY")) if inputs.summary else None,
            temp_dir=Path(temp) if temp else workspace / ".geoai-bot",
            allow_private=environ.get("GEOAI_BOT_ALLOW_PRIVATE", "").lower() in ("1", "true"),
            api_pauses=parse_pauses(environ.get(PAUSE_ENV, "")),
            api_max_wait=parse_max_wait(environ.get(MAX_WAIT_ENV, "")),
            link_api_url=(
                environ.get(LINK_API_ENV) or environ.get("GITHUB_API_URL") or DEFAULT_API
            ).rstrip("/"),
        )

    def line_link(self, path: str) -> Callable[[int], str] | None:
        """Line -> the line of the list at PATH (relative to the workspace) on GitHub, at
        the commit this run checked, when known."""
        if not (self.repository and self.sha) or Path(path).is_absolute():
            return None
        base = f"{self.server_url}/{self.repository}/blob/{self.sha}/"
        base += quote(path.replace("\\", "/"))
        return lambda line: f"{base}#L{line}"

    @property
    def run_url(self) -> str | None:
        if self.repository and self.run_id:
            return f"{self.server_url}/{self.repository}/actions/runs/{self.run_id}"
        return None


# Pauses between API calls (seconds): GitHub asks integrators to space out writes to
# avoid secondary rate limits. `GEOAI_BOT_API_PAUSE="0,0"` turns them off (tests).
PAUSE_ENV = "GEOAI_BOT_API_PAUSE"
MAX_WAIT_ENV = "GEOAI_BOT_API_MAX_WAIT"  # the longest total wait for retries (seconds)
LINK_API_ENV = "GEOAI_BOT_GITHUB_API_URL"
MAX_EVENT_BYTES = 25 * 1024 * 1024  # GitHub caps payloads far below this


def parse_pauses(raw: str) -> tuple[float, float]:
    """`READS,WRITES` seconds between API calls; unset means GitHub's recommended spacing."""
    if not raw.strip():
        return (0.25, 1.0)
    try:
        reads, writes = (float(x) for x in raw.split(","))
    except ValueError:
        raise GeoaiError(f"{PAUSE_ENV} must be 'READS,WRITES' seconds, e.g. '0.25,1'") from None
    return (max(0.0, reads), max(0.0, writes))


def parse_max_wait(raw: str) -> float:
    """GEOAI_BOT_API_MAX_WAIT: seconds; unset means two minutes."""
    try:
        return float(raw) if raw.strip() else 120.0
    except ValueError:
        raise GeoaiError(f"{MAX_WAIT_ENV} must be a number of seconds") from None


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def read_event(path: str) -> dict[str, Any]:
    """The event payload; a missing, huge, endless, too deeply nested or malformed file is an
    input error naming it. The size is what a capped read gets, not what `stat` says: a
    device or a pipe (`/dev/zero`) reports 0 bytes and never ends."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_EVENT_BYTES + 1)
    except FileNotFoundError:
        raise GeoaiError("event file not found; check --event or GITHUB_EVENT_PATH", path) from None
    except OSError as exc:
        raise GeoaiError(f"cannot read the event file: {exc.strerror or exc}", path) from None
    if len(raw) > MAX_EVENT_BYTES:
        raise GeoaiError(f"event file is larger than {MAX_EVENT_BYTES} bytes", path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise GeoaiError("cannot read the event JSON: nested too deeply", path) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise GeoaiError(f"cannot read the event JSON: {exc}", path) from None
    if not isinstance(data, dict):
        raise GeoaiError("the event JSON is not an object", path)
    return data


def write_outputs(path: Path | None, values: Mapping[str, str]) -> None:
    """Append step outputs; every value uses the heredoc form with a random delimiter, so a
    value (a URL, a path) can never end the block early or inject another output."""
    if path is None:
        return
    chunks = []
    for name, value in values.items():
        delim = f"ghadelimiter_{secrets.token_hex(16)}"
        while delim in value:  # pragma: no cover - 128 random bits
            delim = f"ghadelimiter_{secrets.token_hex(16)}"
        chunks.append(f"{name}<<{delim}\n{value}\n{delim}\n")
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(chunks))


def summary_room(path: Path | None, limit: int) -> int:
    """Bytes still allowed in the step summary file (earlier writes in this step count)."""
    if path is None:
        return limit
    try:
        used = os.path.getsize(path)
    except OSError:
        used = 0
    return max(0, limit - used)


def append_summary(path: Path | None, markdown: str) -> None:
    if path is None or not markdown:
        return
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write(markdown)
