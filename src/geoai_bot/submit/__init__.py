"""Issue-form submissions -> a README edit -> a pull request.

Owns reading the issue form (template and body), validating and normalising the
submission (arXiv autofill, tracking parameters stripped), making stranger-supplied text
inert in Markdown, inserting the entry without touching any other byte, and the flow that
drives a forge (the `Forge` protocol of geoai_bot.github.types; its PyGithub adapter is
`GitHubForge`) to open or update the one pull request and comment on the issue.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.submit.edit import (
        Edit,
        add_entry,
    )
    from geoai_bot.submit.flow import (
        SubmitOptions,
        SubmitOutcome,
        branch_name,
        submit_issue,
    )
    from geoai_bot.submit.form import (
        Template,
        default_template_text,
        parse_body,
        parse_template,
    )
    from geoai_bot.submit.validate import (
        Prepared,
        SubmissionModel,
        prepare,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "SubmitOptions": "flow",
    "SubmitOutcome": "flow",
    "submit_issue": "flow",
    "branch_name": "flow",
    "Template": "form",
    "parse_template": "form",
    "parse_body": "form",
    "default_template_text": "form",
    "Prepared": "validate",
    "SubmissionModel": "validate",
    "prepare": "validate",
    "Edit": "edit",
    "add_entry": "edit",
}
__all__ = [
    "Edit",
    "Prepared",
    "SubmissionModel",
    "SubmitOptions",
    "SubmitOutcome",
    "Template",
    "add_entry",
    "branch_name",
    "default_template_text",
    "parse_body",
    "parse_template",
    "prepare",
    "submit_issue",
]
__getattr__ = exports(__name__, _OWNERS)
