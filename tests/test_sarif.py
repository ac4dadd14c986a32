"""SARIF output validated against the SARIF 2.1.0 JSON schema (tests/data/sarif, see SOURCE.md)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, SEED, needs_corpus
from geoai_bot.cli.main import main
from geoai_bot.lint.engine import lint_text
from geoai_bot.lint.rules import RULES
from geoai_bot.report.lint import format_sarif

SCHEMA = json.loads((DATA / "sarif" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
CLEAN = (DATA / "lint" / "clean.md").read_text(encoding="utf-8")
MESSY = (
    CLEAN.replace("> Cy Diaz", "> Counting Street Trees in Dense Cities")
    .replace("* Project: https://cy", "* project: http://cy")
    .replace("We count trees", "We count \\textbf{many} trees")
)


def validate(doc: dict[str, object]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(doc)


def test_schema_rejects_broken_sarif() -> None:
    # The validator must be able to fail: a result without a message is invalid SARIF.
    doc = json.loads(format_sarif(lint_text(MESSY)))
    validate(doc)
    del doc["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    bad_region = json.loads(format_sarif(lint_text(MESSY)))
    bad_region["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"
    ] = 0
    with pytest.raises(jsonschema.ValidationError):
        validate(bad_region)


def test_sarif_from_the_cli_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "README.md"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["lint", "--format", "sarif", str(path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["endColumn"] >= region["startColumn"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["GB012"] == "error" and levels["GB019"] == "warning"


def test_empty_sarif_is_valid() -> None:
    doc = json.loads(format_sarif([]))
    validate(doc)
    assert doc["runs"][0]["results"] == []


@needs_corpus
def test_seed_sarif_is_valid() -> None:
    validate(json.loads(format_sarif(lint_text(SEED.read_text(encoding="utf-8"), "README.md"))))
