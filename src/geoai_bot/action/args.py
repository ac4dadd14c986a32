"""The Action's `args` input: extra options for the job's command, split like a shell would
(shlex, in Python: the text never reaches a shell) and checked against the options that
command takes in the Action. Anything else is refused with a message naming the input.

The Action runs its jobs in-process, so only the options it knows how to apply are
accepted; the file comes from the `path` input and the pull request's base from the event,
so FILE, `--changed-from`, `--format` and the like are not among them.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from geoai_bot.core.errors import GeoaiError

# For each job, the command-line options of its command that the Action applies. Every
# option here is a flag (no value); a job not listed takes no options.
OPTIONS: dict[str, dict[str, str]] = {
    "check": {
        "--offline": "skip the link check",
        "--no-baseline": "ignore the baseline: every finding counts",
    },
    "lint": {"--no-baseline": "ignore the baseline: every finding counts"},
    "fmt": {"--no-baseline": "ignore the baseline: every finding counts"},
}
MAX_ARGS = 1000  # characters; an input longer than this is not a list of options


@dataclass(frozen=True)
class JobOptions:
    """What `args` asked of the job."""

    offline: bool = False
    no_baseline: bool = False


def job_options(raw: str, job: str) -> JobOptions:
    """Parse the `args` input for JOB; a GeoaiError naming the input for anything refused."""
    if not raw.strip() or job == "nothing":  # no command runs, so no option is wrong
        return JobOptions()
    if len(raw) > MAX_ARGS:
        raise GeoaiError(f"input 'args' is {len(raw)} characters long; the limit is {MAX_ARGS}")
    try:
        words = shlex.split(raw, comments=False, posix=True)
    except ValueError as exc:  # an unclosed quote, a trailing backslash
        raise GeoaiError(f"input 'args' cannot be split into options: {exc}") from None
    allowed = OPTIONS.get(job, {})
    accepted = ", ".join(allowed) or "none"
    seen: set[str] = set()
    for word in words:
        name = word.split("=", 1)[0]
        if name in allowed and "=" in word:
            raise GeoaiError(f"input 'args': {name} takes no value (got {word[:60]!r})")
        if name not in allowed:
            what = "an option" if word.startswith("-") else "a file or value"
            raise GeoaiError(
                f"input 'args': {word[:60]!r} is {what} the Action's `{job}` job does not take "
                f"(it takes: {accepted}; the file comes from the `path` input)"
            )
        seen.add(name)
    return JobOptions(offline="--offline" in seen, no_baseline="--no-baseline" in seen)
