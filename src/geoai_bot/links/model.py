"""Link-check values: where a link was found, what checking it said, and the summary counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["ok", "redirect", "broken", "timeout", "blocked", "excluded", "skipped"]
STATES: tuple[State, ...] = (
    "ok",
    "redirect",
    "broken",
    "timeout",
    "blocked",
    "excluded",
    "skipped",
)


@dataclass(frozen=True)
class Location:
    """One place a link is written: file, 1-based line and column, and the entry around it."""

    path: str
    line: int
    column: int
    entry: str | None = None  # title of the entry the line belongs to, if any

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "line": self.line, "column": self.column}
        if self.entry is not None:
            out["entry"] = self.entry
        return out


@dataclass
class FoundLink:
    """A distinct link target and every place it is written."""

    url: str
    kind: Literal["web", "local", "fragment"]
    locations: list[Location] = field(default_factory=list)


@dataclass(frozen=True)
class LinkOutcome:
    """What checking one URL said. A broken link is a value, never an exception."""

    state: State
    code: int | None = None
    final_url: str | None = None
    message: str = ""
    # True when no answer at all came back (name not resolved, network unreachable,
    # connect timeout): used to tell "no network" apart from "these links are broken".
    no_answer: bool = False
    # For "redirect": every hop was permanent (301/308) or the host's API reported a rename,
    # so the final URL may replace the link (links/moved.py); False after any 302/303/307.
    permanent_chain: bool = False


@dataclass
class LinkResult:
    url: str
    outcome: LinkOutcome
    locations: list[Location]
    cached: bool = False

    @property
    def state(self) -> State:
        return self.outcome.state

    def to_json(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "url": self.url,
            "state": o.state,
            "code": o.code,
            "final_url": o.final_url,
            "message": o.message,
            **({"permanent": o.permanent_chain} if o.state == "redirect" else {}),
            "locations": [loc.to_json() for loc in self.locations],
            "cached": self.cached,
        }


def summarize(results: list[LinkResult]) -> dict[str, int]:
    counts: dict[str, int] = {"total": len(results)}
    counts.update({s: 0 for s in STATES})
    for r in results:
        counts[r.state] += 1
    return counts
