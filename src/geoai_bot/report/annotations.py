"""GitHub Actions workflow commands: escaping, and annotations within the per-step limits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "notice"]
# GitHub shows at most 10 annotations of each level per step; the rest vanish silently.
# https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions
PER_STEP_LIMIT = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class Annotation:
    level: Level
    message: str
    file: str | None = None
    line: int | None = None
    end_line: int | None = None
    col: int | None = None
    end_col: int | None = None
    title: str | None = None

    def command(self) -> str:
        props = []
        for key, value in (
            ("file", self.file),
            ("line", self.line),
            ("endLine", self.end_line),
            ("col", self.col),
            ("endColumn", self.end_col),
            ("title", self.title),
        ):
            if value is not None and value != "":
                props.append(f"{key}={escape_property(str(value))}")
        head = f"::{self.level} " + ",".join(props) if props else f"::{self.level}"
        return f"{head}::{escape_data(self.message)}"


def budgeted(
    annotations: Iterable[Annotation], where: str, limit: int = PER_STEP_LIMIT
) -> list[str]:
    """Workflow commands for the first `limit` annotations of each level (callers sort by
    importance), plus a notice per overflowing level saying how many more and `where`.

    The overflow notices are notices themselves, so they are counted in the notice budget.
    """
    by_level: dict[str, list[Annotation]] = {"error": [], "warning": [], "notice": []}
    for a in annotations:
        by_level[a.level].append(a)
    overflow = [lvl for lvl in ("error", "warning") if len(by_level[lvl]) > limit]
    notice_room = limit - len(overflow)
    if len(by_level["notice"]) > notice_room:
        overflow.append("notice")
        notice_room -= 1
    room = {"error": limit, "warning": limit, "notice": max(0, notice_room)}
    out: list[str] = []
    for level in ("error", "warning", "notice"):
        out.extend(a.command() for a in by_level[level][: room[level]])
    for level in overflow:
        count = len(by_level[level]) - room[level]
        word = {"error": "errors", "warning": "warnings", "notice": "notices"}[level]
        out.append(
            Annotation(
                "notice",
                f"{count} more {word} not shown as annotations (GitHub shows {limit} per step); "
                f"see {where}",
                title="geoai-bot",
            ).command()
        )
    return out
