"""Shared test helpers, one of each: where the corpus and our data live, the hypothesis
profiles, the loopback link farm fixture, the paper-list builders and `git()`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from fakes.linkfarm import Farm

# Hypothesis: CI (the CI variable is set by GitHub Actions and by .ci/run) replays the same
# examples every run, so a red build is a real regression, never a lucky draw; locally the
# examples stay random so new inputs keep being tried. Tests set their own example counts;
# these profiles are what they inherit (settings made at import time read the loaded one).
# (Hypothesis has a built-in "ci" profile; ours replaces it so the choice is written here.)
_BASE = settings.get_profile("default")  # not whatever is loaded when CI is detected
settings.register_profile(
    "ci", _BASE, derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile("dev", _BASE, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

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


@pytest.fixture
def farm() -> Iterator[Farm]:
    """The loopback link farm (tests/fakes/linkfarm.py), one per test."""
    with Farm() as f:
        yield f


def entry(
    title: str,
    authors: str,
    *links: tuple[str, str] | str,
    abstract: str | None = "",
) -> str:
    """One entry in the canonical list shape, followed by one blank line.

    `links` are `(label, url)` pairs or whole `Label: value` bullet texts; `abstract=None`
    leaves out the `<details>` block, "" writes a short sentence made from the title.
    """
    bullets = "".join(
        f"* {link}\n" if isinstance(link, str) else f"* {link[0]}: {link[1]}\n" for link in links
    )
    text = f"#### {title}\n\n> {authors}\n\n{bullets}"
    if abstract is not None:
        text += (
            "* <details>\n"
            "    <summary>Abstract (Click to expand):</summary>\n"
            f"    {abstract or f'A short summary of {title.lower()} written for this test.'}\n"
            "  </details>\n"
        )
    return text + "\n"


def make_list(*entries: str, count: int | None = None) -> str:
    """A list with a title, an update log counting `count` (default: all) papers, entries."""
    n = len(entries) if count is None else count
    head = (
        "# <p align=center>`Test List`</p>\n\n"
        "## 📢 Latest Updates\n"
        ":fire: Last Updated on 2025.07.01 :fire:\n"
        f"- **2025.07.01**: Update {n} paper{'s' if n != 1 else ''}.\n\n\n"
        "## :memo: Paper List\n\n\n"
    )
    return head + "\n\n\n".join(e.rstrip("\n") for e in entries) + "\n"


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` with a fixed identity (no user config needed); its stdout, stripped."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()
