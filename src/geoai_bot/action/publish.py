"""The Action's publishing steps: the list's site and badges into a folder (for the Pages
actions to deploy), and its statistics in the job summary.

`command: site` writes the site on a push (one folder per list when the `path` input names
several, with an index page linking them); the weekly `link-report` run writes it too when
the `site-dir` input names a folder, with the link health that run measured, so the
published badges and the site's "has a broken link" filter are a week old at most.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from geoai_bot.check.run import LinkReport
from geoai_bot.core.errors import GeoaiError
from geoai_bot.core.lists import load_list
from geoai_bot.core.stats import compute
from geoai_bot.core.textio import write_files
from geoai_bot.report.badges import badge_files
from geoai_bot.report.stats import to_markdown
from geoai_bot.site import build_site

DEFAULT_SITE_DIR = "_site"


def _confined(workspace: Path, folder: str) -> Path:
    """The output folder inside the workspace: an input is a pull request's word too."""
    root = workspace.resolve()
    out = (root / folder).resolve()
    if out != root and root not in out.parents:
        raise GeoaiError(
            f"input 'site-dir' is {folder!r}, outside the workspace; use a folder in it"
        )
    if out == root:
        raise GeoaiError("input 'site-dir' is the workspace itself; name a folder such as _site")
    return out


def publish_site(
    path: str, workspace: Path, folder: str, links: LinkReport | None = None
) -> tuple[Path, int]:
    """Write the site into FOLDER and the badges into FOLDER/badges; (folder, papers)."""
    out = _confined(workspace, folder or DEFAULT_SITE_DIR)
    doc = load_list(path)[1]
    states = {r.url: r.state for r in links.results} if links is not None else None
    write_files(out, build_site(doc, states, source=Path(path).name))
    write_files(out / "badges", badge_files(compute(doc), states))
    return out, len(doc.entries)


def publish_sites(
    paths: Sequence[str],
    workspace: Path,
    folder: str,
    links: Mapping[str, LinkReport] | None = None,
) -> tuple[Path, int]:
    """One list: its site in FOLDER, as publish_site. Several: each list's site in a folder
    named after its path without the suffix (`lists/ai.md` -> FOLDER/lists/ai/), and an
    index page in FOLDER linking them; (folder, papers over all lists)."""
    links = links or {}
    if len(paths) == 1:
        return publish_site(paths[0], workspace, folder, links.get(paths[0]))
    out = _confined(workspace, folder or DEFAULT_SITE_DIR)
    subs = {path: PurePosixPath(path).with_suffix("").as_posix() for path in paths}
    clash = [s for s in set(subs.values()) if list(subs.values()).count(s) > 1]
    if clash:
        raise GeoaiError(
            f"input 'path': two lists would share the site folder {clash[0]!r}; rename one"
        )
    papers = 0
    rows = []
    for path, sub in subs.items():
        papers += publish_site(
            path, workspace, f"{folder or DEFAULT_SITE_DIR}/{sub}", links.get(path)
        )[1]
        rows.append(f'<li><a href="{escape(quote(sub))}/">{escape(path)}</a></li>')
    index = (
        '<!doctype html>\n<html lang="en"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Paper lists</title>\n<h1>Paper lists</h1>\n<ul>\n{chr(10).join(rows)}\n"
        "</ul>\n</html>\n"
    )
    write_files(out, {"index.html": index.encode("utf-8")})
    return out, papers


def stats_summary(path: str) -> str:
    """The list's statistics as job-summary Markdown (every cell escaped)."""
    return "\n" + to_markdown(compute(load_list(path)[1]))
