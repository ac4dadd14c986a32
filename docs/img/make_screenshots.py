"""Make docs/img/pull-request.png and docs/img/submission.png from real runs of the Action.

Runs `action/run.sh` exactly as tests/test_action_e2e.py does (a real git workspace, the
loopback link farm, the GitHub REST API stand-in driven by PyGithub), takes what a maintainer
would see (the annotations and the job summary of a pull-request check; the bot's pull
request and its comment for an issue-form submission), renders the Markdown with cmarkgfm
(GitHub's renderer) and screenshots the page with headless Chromium.

    .venv/bin/pip install -e '.[test]'   # the test helpers are used
    apt-get install chromium            # or set CHROMIUM=/path/to/chrome
    .venv/bin/python docs/img/make_screenshots.py

Nothing leaves the machine: every server is on 127.0.0.1.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import entry, make_list  # noqa: E402
from fakes.github_api import serve  # noqa: E402
from fakes.linkfarm import Farm  # noqa: E402
from test_action_e2e import (  # noqa: E402
    REPO,
    commit,
    git,
    issue_body,
    run_action,
    submission_repo,
    workspace,
)

CSS = """
body { font: 14px -apple-system, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif;
       color: #1f2328; margin: 0; padding: 16px; background: #f6f8fa; width: 860px; }
.box { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin-bottom: 14px; }
.box > h3 { margin: 0; padding: 8px 14px; font-size: 14px; background: #f6f8fa;
            border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0; }
.body { padding: 4px 16px; }
.ann { padding: 8px 14px; border-top: 1px solid #d1d9e0; font-size: 13px; }
.ann:first-of-type { border-top: 0; }
.ann b { display: inline-block; min-width: 64px; }
.error b { color: #d1242f; } .warning b { color: #9a6700; } .notice b { color: #0969da; }
.where { color: #59636e; font-family: ui-monospace, monospace; font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #d1d9e0;
padding: 4px 10px; } th { background: #f6f8fa; }
code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 12px; }
pre { background: #f6f8fa; padding: 10px; border-radius: 6px; overflow: hidden; }
pre code { background: none; padding: 0; }
"""


def gfm(markdown: str) -> str:
    """GitHub-flavoured Markdown to HTML; raw HTML is escaped, as GitHub sanitises it."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_DEFAULT)


def annotations(stdout: str, workspace: Path) -> str:
    """`::error file=...,line=...,title=...::message` lines as the checks tab lists them."""
    out = []
    for line in stdout.splitlines():
        if not line.startswith(("::error ", "::warning ", "::notice ")):
            continue
        head, _, message = line[2:].partition("::")
        level, _, props = head.partition(" ")
        fields = dict(p.split("=", 1) for p in props.split(",") if "=" in p)
        where = f"{fields.get('file', '')}#L{fields.get('line', '')}".replace(str(workspace), "")
        title = fields.get("title", "").replace("%3A", ":").replace("%2C", ",")
        text = message.replace("%0A", " ").replace("%25", "%")
        out.append(
            f'<div class="ann {level}"><b>{level.title()}</b> {html.escape(title)} '
            f'<span class="where">{html.escape(where)}</span><br>{html.escape(text)}</div>'
        )
    return "\n".join(out)


def page(*boxes: tuple[str, str]) -> str:
    parts = "".join(f'<div class="box"><h3>{html.escape(t)}</h3>{b}</div>' for t, b in boxes)
    return f"<!doctype html><meta charset=utf-8><style>{CSS}</style>{parts}"


def pull_request_check(tmp: Path, farm: Farm) -> str:
    """A contributor's PR adds an entry with a misspelt label and a dead code link."""
    base = make_list(
        entry("Old Paper", "A. Author, B. Author", ("Paper", farm.url("/ok/a"))),
    )
    ws = workspace(tmp, base)
    base_sha = git(ws, "rev-parse", "HEAD")
    head = make_list(
        entry("Old Paper", "A. Author, B. Author", ("Paper", farm.url("/ok/a"))),
        entry(
            "Mapping Rivers from Orbit",
            "Mapping Rivers from Orbit",
            ("Paper", farm.url("/ok/rivers")),
            ("Priject", farm.url("/status/404/rivers-code")),
        ),
        count=1,
    )
    head_sha = commit(ws, head)
    event = {
        "action": "synchronize",
        "number": 7,
        "pull_request": {"number": 7, "base": {"sha": base_sha}, "head": {"sha": head_sha}},
    }
    run = run_action(tmp, ws, "pull_request", event, farm=farm)
    # The farm's random port would make every regeneration differ: show a stable host.
    summary = run.summary.replace(farm.base, "https://example.org")
    stdout = run.stdout.replace(farm.base, "https://example.org")
    return page(
        ("Annotations (the pull request's Files changed and Checks tabs)", annotations(stdout, ws)),
        ("Job summary", f'<div class="body">{gfm(summary)}</div>'),
    )


def submission(tmp: Path, farm: Farm) -> str:
    """An issue-form submission becomes a pull request; the bot comments on the issue."""
    served = serve()
    try:
        api = served.api
        readme = make_list(entry("One", "A. Author", ("Paper", "https://example.org/one")))
        repo = submission_repo(api, readme)
        body = issue_body(
            {
                "title": "Mapping Rivers from Orbit",
                "authors": "Dana Example, Lee Sample",
                "paper": "https://arxiv.org/abs/2506.19585",
                "code": "https://github.com/example/rivers",
                "abstract": "A summary written for this picture.",
            }
        )
        issue = repo.add_issue("Add paper: Mapping Rivers from Orbit", body, labels=["new-paper"])
        ws = workspace(tmp, readme)
        event = api.issue_event(REPO, issue.number, "opened")
        run = run_action(tmp, ws, "issues", event, api=api, farm=farm)
        if run.code != 0:
            raise SystemExit(run.stderr)
        (pull,) = repo.open_pulls()
        (comment,) = repo.comments_on(issue.number)
        return page(
            (
                f"Pull request #{pull.number}: {pull.title}",
                f'<div class="body">{gfm(pull.body)}</div>',
            ),
            (
                f"geoai-bot commented on issue #{issue.number}",
                f'<div class="body">{gfm(comment.body)}</div>',
            ),
        )
    finally:
        served.server.shutdown()
        served.server.server_close()


def screenshot(html_text: str, out: Path, height: int) -> None:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
    with tempfile.TemporaryDirectory() as d:
        page_file = Path(d) / "page.html"
        page_file.write_text(html_text, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={out}",
                f"--window-size=892,{height}",
                page_file.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as d, Farm() as farm:
        tmp = Path(d)
        (tmp / "pr").mkdir()
        (tmp / "issue").mkdir()
        pr_html = pull_request_check(tmp / "pr", farm)
        issue_html = submission(tmp / "issue", farm)
    for name, text in (("pull-request", pr_html), ("submission", issue_html)):
        (HERE / f"{name}.html").write_text(text, encoding="utf-8")
    screenshot(pr_html, HERE / "pull-request.png", int(os.environ.get("PR_HEIGHT", "820")))
    screenshot(issue_html, HERE / "submission.png", int(os.environ.get("ISSUE_HEIGHT", "670")))


if __name__ == "__main__":
    main()
