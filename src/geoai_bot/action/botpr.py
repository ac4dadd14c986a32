"""The weekly run's bot pull requests: moved links (`geoai-bot/moved-links`) and arXiv
fills (`geoai-bot/enrich`), each ONE pull request kept by github/botpr.py.

Both edits are built from the default branch's current text, change only what they say
(URLs that moved permanently and safely, per links/moved.py; `Paper:` values and abstracts
from sure arXiv matches, per enrich/), must pass the reader's-view guard (a reader sees
exactly those changes and nothing else) and must not add a lint finding (else no pull
request, and the job summary says why). Everything in a body that comes from the web or
the list (URLs, titles) is escaped for Markdown; the update log is never touched.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from geoai_bot.arxiv.client import ArxivError, ArxivRecord, search_titles
from geoai_bot.check.run import LinkReport
from geoai_bot.core.config import Config
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.guard import ViewChanged, check_view
from geoai_bot.core.parse import parse_text
from geoai_bot.enrich import apply_fills, plan_fills, wanted
from geoai_bot.github.botpr import BotPullResult, Proposal, sync_bot_pull
from geoai_bot.github.types import Forge, ForgeError
from geoai_bot.links.moved import Move, rewrite, safe_move
from geoai_bot.links.moved import check_view as check_moves_view
from geoai_bot.lint.engine import lint_text
from geoai_bot.report.summary import md_code, md_text

MOVED_BRANCH = "geoai-bot/moved-links"
ENRICH_BRANCH = "geoai-bot/enrich"
MOVED_MARKER = "<!-- geoai-bot:moved-links -->"
ENRICH_MARKER = "<!-- geoai-bot:enrich -->"
INPUTS = {"moved links": "moved-links", "enrich": "enrich"}  # the Action input of each
MAX_ROWS = 500  # a body stays well under GitHub's 65,536 characters
Search = Callable[[Sequence[str]], list[ArxivRecord]]


@dataclass
class Refused:
    """Why a built edit was not proposed (it would add lint findings)."""

    reasons: list[str] = field(default_factory=list)


def moves_of(links: LinkReport) -> list[Move]:
    """Every safe permanent move in the link report (links/moved.py decides)."""
    out = []
    for r in links.results:
        m = safe_move(r.url, r.state, r.final_url, r.permanent, r.line)
        if m is not None:
            out.append(m)
    return out


def _new_findings(old: str, new: str, path: str, config: Config) -> list[str]:
    """Lint findings NEW has that OLD had not (by rule and message, counted)."""
    before = Counter((f.rule, f.message) for f in lint_text(old, path, config))
    after = Counter((f.rule, f.message) for f in lint_text(new, path, config))
    return [f"{rule}: {msg}" for (rule, msg), n in (after - before).items() for _ in range(n)]


def _changed_lines(old: str, new: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The lines a fill replaced or inserted, on each side, for the reader's-view guard: the
    filled fields may change; every other block must look exactly the same."""
    before, after = [], []
    a, b = old.splitlines(), new.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            before.append((i1 + 1, i2))
        if j2 > j1:
            after.append((j1 + 1, j2))
    return before, after


def _table(head: str, rows: list[str]) -> str:
    shown = rows[:MAX_ROWS]
    more = f"\n\n... and {len(rows) - len(shown)} more.\n" if len(rows) > len(shown) else "\n"
    return head + "\n" + "\n".join(shown) + more


def moved_links(
    path: str, links: LinkReport, config: Config, refused: Refused
) -> Callable[[str], Proposal | None]:
    """`make` for the moved-links pull request."""
    moves = moves_of(links)

    def make(text: str) -> Proposal | None:
        applied = [m for m in moves if rewrite(text, [m]) != text]
        if not applied:
            return None
        new = rewrite(text, applied)
        try:
            check_moves_view(text, new, applied, path)
        except ViewChanged as exc:
            refused.reasons.append(f"moved links: {exc}")
            return None
        bad = _new_findings(text, new, path, config)
        if bad:
            refused.reasons += [f"moved links: the edit would add {b}" for b in bad[:5]]
            return None
        rows = [f"| {m.line} | {md_code(m.old, 300)} | {md_code(m.new, 300)} |" for m in applied]
        body = (
            f"{len(applied)} link(s) in `{md_text(path, 200)}` moved permanently (301/308 on "
            "every hop, or a renamed GitHub repository) to an address on the same site that "
            "answers; this pull request points them at their new address. Nothing else "
            "changes (the update log neither).\n\n"
            + _table("| line | old | new |\n|---|---|---|", rows)
            + f"\nOpened by geoai-bot's scheduled link report; it is kept up to date and "
            f"closed when nothing is left to fix.\n\n{MOVED_MARKER}\n"
        )
        title = f"Update {len(applied)} moved link{'s' if len(applied) != 1 else ''}"
        return Proposal(new, title, body, f"{title} in {path}")

    return make


def enrich(
    path: str, config: Config, refused: Refused, search: Search = search_titles
) -> Callable[[str], Proposal | None]:
    """`make` for the enrich pull request: sure arXiv matches only (enrich/plan.py)."""

    def make(text: str) -> Proposal | None:
        doc = parse_text(text)
        todo = wanted(doc)
        if not todo:
            return None
        records = search([doc.entries[i].title for i in todo])
        new, applied = apply_fills(text, doc, plan_fills(doc, records))
        if not applied:
            return None
        try:
            drop_before, drop_after = _changed_lines(text, new)
            check_view(
                text,
                new,
                path,
                drop_before=drop_before,
                drop_after=drop_after,
                what="filling from arXiv",
            )
        except ViewChanged as exc:
            refused.reasons.append(f"enrich: {exc}")
            return None
        bad = _new_findings(text, new, path, config)
        if bad:
            refused.reasons += [f"enrich: the edit would add {b}" for b in bad[:5]]
            return None
        rows = [
            f"| {md_text(f.title, 200)} | {f.field} | {md_code(f.arxiv_id, 40)} |" for f in applied
        ]
        entries = len({f.index for f in applied})
        body = (
            f"{len(applied)} missing field(s) of {entries} entr{'y' if entries == 1 else 'ies'} "
            f"in `{md_text(path, 200)}` filled from arXiv: only where the titles are the same "
            "(or at least 0.97 similar with an author in common). Please check each one.\n\n"
            + _table("| entry | field | arXiv |\n|---|---|---|", rows)
            + f"\nOpened by geoai-bot's scheduled run; it is kept up to date and closed when "
            f"nothing is left to fill.\n\n{ENRICH_MARKER}\n"
        )
        title = f"Fill {len(applied)} missing field{'s' if len(applied) != 1 else ''} from arXiv"
        return Proposal(new, title, body, f"{title} in {path}")

    return make


def branch_for(branch: str, path: str, per_list: bool) -> str:
    """BRANCH itself for the only list; with several lists one branch per list, named after
    its path (`geoai-bot/moved-links-lists-ai-md`), so each list keeps ONE pull request."""
    if not per_list:
        return branch
    return f"{branch}-{re.sub(r'[^A-Za-z0-9_-]+', '-', path).strip('-')[:80]}"


def bot_pulls(
    forge: Forge,
    path: str,
    links: LinkReport,
    config: Config,
    *,
    moved: bool,
    fill: bool,
    search: Search = search_titles,
    per_list: bool = False,
) -> tuple[list[str], bool]:
    """Sync the enabled pull requests; (one status line each, whether any failed)."""
    lines: list[str] = []
    failed = False
    jobs: list[tuple[str, str, Callable[[Refused], Callable[[str], Proposal | None]]]] = []
    if moved:
        jobs.append(("moved links", MOVED_BRANCH, lambda r: moved_links(path, links, config, r)))
    if fill:
        jobs.append(("enrich", ENRICH_BRANCH, lambda r: enrich(path, config, r, search)))
    for what, branch_name, build in jobs:
        branch = branch_for(branch_name, path, per_list)
        shown = f"{what} ({path})" if per_list else what
        refused = Refused()
        try:
            result: BotPullResult = sync_bot_pull(forge, branch, path, build(refused))
            lines.append(result.describe(f"{shown} pull request"))
        except ForgeError as exc:
            if exc.status == 403 and exc.step != "reading the repository":
                # The job's token may not write (the permissions an older workflow gave the
                # weekly run): say how to fix it, without turning every week red.
                lines.append(
                    f"{shown} pull request: not allowed ({exc}); give the job `contents: write` "
                    f"and `pull-requests: write`, or turn it off with `{INPUTS[what]}: false`"
                )
            else:
                failed = True
                lines.append(f"{shown} pull request: failed: {exc}")
        except (GeoaiError, ArxivError) as exc:
            failed = True
            lines.append(f"{shown} pull request: failed: {exc}")
        lines += refused.reasons
    return lines, failed
