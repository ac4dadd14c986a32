"""The Action's submission job: an `issues` event -> the submission flow -> the job summary.

It builds the forge from the runner's environment as values (repository, API root, the
`token` input, API pauses) and calls the flow directly; nothing goes through the command
line or `os.environ`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from geoai_bot.action.env import ActionEnv, append_summary
from geoai_bot.action.lists import is_glob, relative, split_paths
from geoai_bot.action.report import commands_paused
from geoai_bot.core.config import CONFIG_NAME
from geoai_bot.core.errors import GeoaiError
from geoai_bot.github.types import ForgeError
from geoai_bot.report import annotations as gha
from geoai_bot.report import summary
from geoai_bot.submit.flow import LABEL_NEW, SubmitOptions, SubmitOutcome, submit_issue

if TYPE_CHECKING:
    from geoai_bot.github.forge import GitHubForge


def _run_flow(env: ActionEnv) -> tuple[int, SubmitOutcome]:
    """The flow's outcome and exit code; a setup error is exit 2 with its message."""
    from geoai_bot.github.forge import GitHubForge  # late: PyGithub is slow to import

    if not env.event_path:
        raise GeoaiError("no event: GITHUB_EVENT_PATH is not set")
    repo = env.repository or str((env.event.get("repository") or {}).get("full_name") or "")
    if not repo or "/" not in repo:
        raise GeoaiError("no repository: GITHUB_REPOSITORY is not set")
    if not env.inputs.token:
        raise GeoaiError("no token: set the `token` input (it needs write access)")
    readme = submission_list(env)  # before any API call: a wrong input fails fast
    reads, writes = env.api_pauses
    forge = GitHubForge(
        repo,
        env.inputs.token,
        env.api_url,
        max_wait=env.api_max_wait,
        seconds_between_requests=reads,
        seconds_between_writes=writes,
    )
    options = SubmitOptions(readme=readme, config=env.inputs.config or CONFIG_NAME)
    # None: the form's own labels decide; the packaged form's is LABEL_NEW.
    _ensure_label(forge, LABEL_NEW if options.label is None else options.label)
    outcome = submit_issue(forge, env.event, options)
    return outcome.exit_code, outcome


def submission_list(env: ActionEnv) -> str:
    """The one list submissions go to: the `submit-path` input, else `path` when it names
    exactly one file. The job reads and writes the list through the API (the issues
    workflow need not check the repository out), so a glob cannot be resolved here."""
    if env.inputs.submit_path:
        what = "input 'submit-path'"
        words = split_paths(env.inputs.submit_path, what)
        if len(words) > 1:
            raise GeoaiError(f"{what} names {len(words)} files; name the one list")
    else:
        what = "input 'path'"
        words = split_paths(env.inputs.path, what)
        if len(words) > 1 or is_glob(words[0]):
            raise GeoaiError(
                f"{what} names several lists ({env.inputs.path.strip()[:200]!r}); "
                "submissions go to one: set the `submit-path` input to that list, e.g. "
                "`submit-path: README.md`"
            )
    word = words[0]
    # `submit-path` is taken literally (a list may be called `papers[2024].md`).
    return relative(word, what)


def _ensure_label(forge: GitHubForge, label: str) -> None:
    """Create the form's label on first use (GitHub drops labels that do not exist)."""
    if not label:
        return
    try:
        created = forge.ensure_label(label, "0e8a16", "A paper submitted with the issue form")
    except ForgeError as exc:  # the submission itself may still work: say so, go on
        print(f"::warning title=geoai-bot::could not create the label {label}: {exc.reason}")
        return
    if created:
        print(
            f"::notice title=geoai-bot::created the label '{label}'; issues opened with the "
            "form from now on carry it (add it by hand to earlier ones)"
        )


def submit_job(env: ActionEnv) -> tuple[int, str]:
    """Run the submission; returns the exit code and the pull request's URL (or "")."""
    with commands_paused():  # the issue's text may show up in what the flow reports
        try:
            code, outcome = _run_flow(env)
            status, message = outcome.status, outcome.message
            problems, pr_url = outcome.problems, outcome.pr_url or ""
        except GeoaiError as exc:
            code, status, message, problems, pr_url = 2, "failed", str(exc), [], ""
        print(f"geoai-bot submit: {status}: {message}", file=sys.stderr)
    url = pr_url if pr_url.startswith(("https://", "http://")) else ""
    lines = ["## geoai-bot submission", ""]
    if message:
        lines.append(summary.md_text(message, 2000))
    for problem in problems:
        lines.append(f"- {summary.md_text(str(problem), 1000)}")
    if url:
        lines += ["", f"Pull request: {url}"]
    append_summary(env.summary_file, "\n".join(lines) + "\n")
    if code == 1:
        print(f"::error title=geoai-bot submission::{gha.escape_data(message)}")
    return code, url
