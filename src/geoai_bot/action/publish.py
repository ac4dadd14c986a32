"""The Action's publishing steps: the list's site and badges into a folder (for the Pages
actions to deploy), and its statistics in the job summary.

`command: site` writes the site on a push; the weekly `link-report` run writes it too when
the `site-dir` input names a folder, with the link health that run measured, so the
published badges and the site's "has a broken link" filter are a week old at most.
"""

from __future__ import annotations

from pathlib import Path

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


def stats_summary(path: str) -> str:
    """The list's statistics as job-summary Markdown (every cell escaped)."""
    return "\n" + to_markdown(compute(load_list(path)[1]))
