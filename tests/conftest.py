"""Shared test fixtures: where the corpus and our own data live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are derandomised in CI: the same examples on every run, so a red build is
# reproducible and a green one is not luck (issue 12 item 16). Locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_files(*parts: str) -> list[Path]:
    """Corpus Markdown files under the given sub-folders ('' = top level); [] without a corpus."""
    if not CORPUS.is_dir():
        return []
    out: list[Path] = []
    for part in parts:
        folder = CORPUS / part if part else CORPUS
        if part == "seed":
            out.extend(sorted(folder.glob("*.txt")))
        else:
            out.extend(sorted(folder.glob("*.md")))
    return [p for p in out if p.name not in ("QUIRKS.md", "SOURCES.md")]


LIST_FILES = corpus_files("", "history", "seed")
OTHER_FILES = corpus_files("other")
SEED = CORPUS / "seed" / "000_38cead9aab97be1e.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
