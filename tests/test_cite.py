"""Citations: BibTeX read back by a real parser (bibtexparser), CSL-JSON, stable unique keys."""

from __future__ import annotations

import json
import subprocess
import sys

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LIST_FILES, ROOT
from geoai_bot.core.cite import citations, latex_escape, to_bibtex, to_csl_json
from geoai_bot.core.parse import parse_text

EXAMPLE = ROOT / "examples" / "paper-list.md"


def _entry(title: str, authors: str, paper: str = "None", code: str = "None") -> str:
    return (
        f"#### {title}\n\n> {authors}\n\n* Paper: {paper}\n* Code: {code}\n"
        "* <details>\n    <summary>Abstract (Click to expand):</summary>\n"
        "    Words.\n  </details>\n\n"
    )


def _doc(*entries: str, name: str = "GeoAI in ICCV 2025") -> str:
    return f"# <p align=center>`{name}`</p>\n\n## Papers\n\n" + "".join(entries)


def _parse_bib(text: str) -> bibtexparser.Library:
    lib = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(keep_braced_groups=False)]
    )
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]
    return lib


def test_example_round_trips_through_bibtexparser() -> None:
    doc = parse_text(EXAMPLE.read_text(encoding="utf-8"))
    lib = _parse_bib(to_bibtex(doc))
    assert len(lib.entries) == len(doc.entries)
    for bib, entry in zip(lib.entries, doc.entries, strict=True):
        assert bib.fields_dict["title"].value.strip("{}") == entry.title
        assert bib.fields_dict["author"].value.split(" and ") == entry.authors
        assert bib.fields_dict["archivePrefix"].value == "arXiv"
        assert bib.fields_dict["url"].value == entry.links[0].url  # plain URLs decode as is


def test_keys_are_surname_year_word_and_unique() -> None:
    text = _doc(
        _entry(
            "GeoChat: Grounded Large Vision-Language Model",
            "Kartik Lee, Ana Bo",
            "https://arxiv.org/abs/2311.15826",
        ),
        _entry(
            "GeoChat: Grounded Large Vision-Language Model v2",
            "Kartik Lee",
            "https://arxiv.org/abs/2311.15827",
        ),
        _entry("The Map Is Not the Territory", "Jane Doe"),
    )
    cites = citations(parse_text(text))
    assert [c.key for c in cites] == ["lee2023geochat", "lee2023geochata", "doe2025map"]


def test_special_characters_escaped_and_et_al() -> None:
    title = "100% {Robust} & fast_seg: $x^2$ #1 ~ back\\slash"
    text = _doc(_entry(title, "Zhe Shan et.al", "https://example.org/p?a=1&b=%20#x"))
    bib = to_bibtex(parse_text(text))
    lib = _parse_bib(bib)
    (e,) = lib.entries
    assert e.fields_dict["author"].value == "Zhe Shan and others"
    # biblatex reads `url` verbatim (no LaTeX decoding): compare the raw value.
    (raw,) = bibtexparser.parse_string(bib).entries
    assert raw.fields_dict["url"].value == "https://example.org/p?a=1&b=%20#x"
    # The decoded title is the original text: every special character survived (pylatexenc
    # decodes \textasciicircum{} to the spacing circumflex U+02C6; LaTeX prints `^`).
    decoded = e.fields_dict["title"].value.replace("\u02c6", "^")
    assert decoded.replace("{", "").replace("}", "") == title.replace("{", "").replace("}", "")
    assert "\\%" in bib and "\\&" in bib and "\\_" in bib


def test_csl_json_is_what_citeproc_reads() -> None:
    text = _doc(
        _entry(
            "SMARTIES: Spectrum-Aware",
            "Gencer Sumbul, 王小明",
            "https://arxiv.org/pdf/2506.19585v2",
        )
    )
    (item,) = json.loads(to_csl_json(parse_text(text)))
    assert item["id"] == "sumbul2025smarties"
    assert item["author"] == [{"given": "Gencer", "family": "Sumbul"}, {"literal": "王小明"}]
    assert item["issued"] == {"date-parts": [[2025]]}
    assert item["number"] == "2506.19585v2" and item["DOI"] == "10.48550/arXiv.2506.19585"


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.name)
def test_every_corpus_list_parses_as_bibtex(path) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text(path.read_text(encoding="utf-8"))
    lib = _parse_bib(to_bibtex(doc))
    keys = [e.key for e in lib.entries]
    assert len(keys) == len(doc.entries) == len(set(keys))


_field = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_field, st.lists(_field, min_size=1, max_size=3)), min_size=1, max_size=5)
)
def test_any_titles_and_authors_round_trip(papers: list[tuple[str, list[str]]]) -> None:
    """Whatever the text, bibtexparser reads back one entry per paper with the same title."""
    from geoai_bot.core.model import Document, Entry, EntryBlock, Span

    entries = [
        Entry(title=t, authors=a, span=Span(start=i + 1, end=i + 1))
        for i, (t, a) in enumerate(papers)
    ]
    doc = Document(blocks=[EntryBlock(entry=e) for e in entries])
    lib = bibtexparser.parse_string(to_bibtex(doc))
    assert not lib.failed_blocks
    assert len(lib.entries) == len(papers)
    for bib, (title, _) in zip(lib.entries, papers, strict=True):
        raw = bib.fields_dict["title"].value
        assert raw == "{" + latex_escape(title) + "}"


def test_cli_export_bibtex(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run(
        [sys.executable, "-m", "geoai_bot", "export", str(EXAMPLE), "--format", "bibtex"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.count("@misc{") == 6
