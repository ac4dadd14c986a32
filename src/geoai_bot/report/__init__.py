"""Every output format for people and machines, made from the values lint, links and check
return: text, JSON and SARIF for findings, GitHub workflow-command annotations (with their
escaping and per-step budgets), link reports, Markdown job summaries and the link-rot issue
body. Functions from values to text; nothing here reads files or the network.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.report.annotations import (
        Annotation,
        budgeted,
        escape_data,
        escape_property,
    )
    from geoai_bot.report.lint import (
        format_github,
        format_json,
        format_sarif,
        render_lint_text,
    )
    from geoai_bot.report.summary import (
        job_summary,
        link_issue_body,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "render_lint_text": "lint",
    "format_json": "lint",
    "format_sarif": "lint",
    "format_github": "lint",
    "Annotation": "annotations",
    "budgeted": "annotations",
    "escape_data": "annotations",
    "escape_property": "annotations",
    "job_summary": "summary",
    "link_issue_body": "summary",
}
__all__ = [
    "Annotation",
    "budgeted",
    "escape_data",
    "escape_property",
    "format_github",
    "format_json",
    "format_sarif",
    "job_summary",
    "link_issue_body",
    "render_lint_text",
]
__getattr__ = exports(__name__, _OWNERS)
