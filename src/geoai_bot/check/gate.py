"""Which findings decide the exit code: only new problems fail.

Shared by `lint` and `check` so that both answer the same. Two filters, both optional:

- `--changed-from REF`: only findings on entries, log lines and header lines added or changed
  since FILE at git REF (lint/changed.py) fail; the others are counted, not failing.
- the baseline (lint/baseline.py): findings recorded in it do not fail; recorded findings
  that are gone are counted as fixed. With `--changed-from`, the baseline is read as it was
  at REF, so a pull request cannot silence its own findings by editing the baseline.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geoai_bot.core.config import Config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.parse import parse_text
from geoai_bot.core.textio import read_text, write_if_changed
from geoai_bot.links.changed import old_text
from geoai_bot.lint import baseline as bl
from geoai_bot.lint.changed import changes, split_new
from geoai_bot.lint.findings import Finding

if TYPE_CHECKING:  # only a type here: importing check.run would load the link checker
    from geoai_bot.check.run import CheckReport


@dataclass
class Gate:
    """One file's findings, split by whether they fail the run."""

    failing: list[Finding] = field(default_factory=list)
    unchanged: list[Finding] = field(default_factory=list)  # outside the changed lines
    baselined: list[Finding] = field(default_factory=list)
    fixed: int = 0  # baselined findings no longer found
    baseline: str | None = None  # the baseline file used, if any

    @property
    def quiet(self) -> list[Finding]:
        """Findings shown only with --all."""
        return sorted([*self.unchanged, *self.baselined], key=Finding.sort_key)

    def notes(self, changed_from: str | None) -> list[str]:
        """The summary lines for the findings that do not fail."""
        out = []
        if self.unchanged:
            n = len(self.unchanged)
            out.append(
                f"{n} {'finding' if n == 1 else 'findings'} in unchanged entries, not failing "
                f"(unchanged since {(changed_from or '')[:12]}; --all lists them)"
            )
        if self.baselined:
            n = len(self.baselined)
            out.append(
                f"{n} baselined {'finding' if n == 1 else 'findings'} in {self.baseline}, "
                "not failing (--all lists them)"
            )
        if self.fixed:
            out.append(
                f"{self.fixed} baselined {'finding is' if self.fixed == 1 else 'findings are'} "
                f"fixed: run `geoai-bot lint --write-baseline {self.baseline}` to record that"
            )
        return out


def baseline_for(
    config: Config, path: str, changed_from: str | None, *, use: bool = True
) -> tuple[bl.Baseline | None, Path | None]:
    """The baseline that applies to PATH (at REF when CHANGED_FROM is given), and its file."""
    if not use:
        return None, None
    where = bl.locate(config.lint.baseline, config.source, path)
    if where is None:
        return None, None
    if changed_from:
        text = old_text(changed_from, where) if where.parent.is_dir() else ""
        return (bl.parse_baseline(text, str(where)) if text else None), where
    return bl.load_baseline(where), where


def gate(
    findings: Sequence[Finding],
    path: str,
    text: str,
    config: Config,
    *,
    changed_from: str | None = None,
    use_baseline: bool = True,
    lint_only: bool = False,
) -> Gate:
    """Split one file's findings into those that fail and those that do not. LINT_ONLY:
    the findings are lint's alone, so recorded format and update-log findings are not
    counted as fixed."""
    out = Gate(failing=list(findings))
    if changed_from:
        new, old = split_new(out.failing, changes(old_text(changed_from, path), text))
        out.failing, out.unchanged = new, old
    baseline, where = baseline_for(config, path, changed_from, use=use_baseline)
    if baseline is not None and where is not None:
        doc = parse_text(text)
        name = bl.baseline_name(where, path)
        scope = bl.is_lint_rule if lint_only else None
        applied = bl.apply(
            baseline, name, out.failing, bl.places(out.failing, text, doc), scope=scope
        )
        out.failing, out.baselined = applied.new, applied.baselined
        # Fixed counts are only meaningful over every finding, not the changed part.
        if not changed_from:
            out.fixed = applied.fixed
        out.baseline = str(where)
    return out


def gate_report(
    report: CheckReport,
    config: Config,
    *,
    changed_from: str | None = None,
    use_baseline: bool = True,
) -> Gate:
    """Gate a `check` report's lint, format and update-log findings in place: the parts keep
    only the failing findings; the others go to `report.quiet` and the notes."""
    found = report.findings
    if not found:
        return Gate()
    text = read_text(report.path)
    result = gate(
        found, report.path, text, config, changed_from=changed_from, use_baseline=use_baseline
    )
    keep = {id(f) for f in result.failing}
    for part in ("lint", "fmt", "log"):
        items = getattr(report, part)
        if items is not None:
            setattr(report, part, [f for f in items if id(f) in keep])
    report.quiet = result.quiet
    report.notes.extend(result.notes(changed_from))
    return result


def write_baseline(
    paths: Sequence[str], target: str, config: str | None = None, *, keep_empty: bool = True
) -> tuple[int, str]:
    """Record every lint, format and update-log finding of PATHS in TARGET (what `check`
    gates, so one baseline serves `lint` and `check`); returns the number recorded and the
    line to print. KEEP_EMPTY False: no file when there is nothing to record."""
    from geoai_bot.check.run import check  # the combined check's parts, links excluded

    old: bl.Baseline | None = None
    if Path(target).is_file():
        with contextlib.suppress(GeoaiError):  # a broken old baseline is simply replaced
            old = bl.load_baseline(target)
    out = bl.Baseline(source=target)
    total = fixed = 0
    for path in paths:
        report = check(path, config=config, links=False)
        if report.problems:
            raise GeoaiError("not writing the baseline: " + "; ".join(report.problems), path)
        found = report.findings
        text = read_text(path)
        keys = bl.places(found, text, parse_text(text))
        name = bl.baseline_name(target, path)
        out.record(name, keys)
        total += len(keys)
        if old is not None:
            fixed += bl.apply(old, name, found, keys).fixed
    if total or keep_empty:
        write_if_changed(target, "", out.to_text())
    gone = f"; {fixed} recorded findings are fixed" if old is not None else ""
    return total, f"{target}: recorded {total} findings in {len(paths)} file(s){gone}"
