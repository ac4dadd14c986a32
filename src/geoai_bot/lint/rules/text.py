"""Abstract text rules (GB030-GB034): empty abstracts, raw LaTeX, arXiv leftovers, lost formulas,
language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from geoai_bot.core.model import Entry
from geoai_bot.core.scan import HTML_TAG
from geoai_bot.lint.findings import Finding
from geoai_bot.lint.rules.base import Context, Rule

RULES = (
    Rule(
        "GB030",
        "empty-abstract",
        "warning",
        "An entry has a `<details>` block with no abstract in it.",
        "* <details>\n    <summary>Abstract (Click to expand):</summary>\n  </details>",
        "* <details>\n    <summary>Abstract (Click to expand):</summary>\n"
        "    We study things.\n  </details>",
    ),
    Rule(
        "GB031",
        "raw-latex",
        "warning",
        "LaTeX that GitHub shows raw inside `<details>`: `\\textbf{...}`, `\\emph{...}`, `$...$`.",
        "    We build \\textbf{BigSet}, with $10^6$ images.",
        "    We build BigSet, with 10⁶ images.",
    ),
    Rule(
        "GB032",
        "arxiv-leftover",
        "warning",
        "arXiv's `this http URL` placeholder was copied into the abstract.",
        "    Code is at this http URL.",
        "    Code is at https://github.com/a/b.",
    ),
    Rule(
        "GB033",
        "lost-formula",
        "warning",
        "Two spaces between words in an abstract: a formula or symbol was lost when copying.",
        "    with a complexity of  and a global receptive field",
        "    with a complexity of O(N^1.5) and a global receptive field",
    ),
    Rule(
        "GB034",
        "abstract-language",
        "info",
        "An abstract is not in the list's language (`[lint] language`). Off by default; turn it "
        "on with `check_language = true`.",
        "    我们提出一种新方法。",
        "    We propose a new method.",
        enabled_by_default=False,
    ),
)

_LATEX = re.compile(
    r"\\(?:textbf|textit|texttt|textsc|emph|mathbf|mathrm|mathcal|mathbb|underline|cite|ref"
    r"|url|href|frac|sqrt)\s*\{[^{}\n]{0,200}\}?"
    r"|(?<![\\$\w])\$(?=\S)[^$\n]{1,120}?(?<=\S)\$(?![\w$])"
)
_LEFTOVER = re.compile(r"\bthis https? URL\b", re.IGNORECASE)
# A lost inline formula leaves two spaces between lowercase words: "complexity of  and".
_LOST = re.compile(r"(?<=[a-z,(])[ ]{2,}(?=[a-z(])")

# Script of each language code we can tell apart by characters alone.
_SCRIPTS = {
    "zh": "han",
    "ja": "kana",
    "ko": "hangul",
    "ru": "cyrillic",
    "uk": "cyrillic",
    "ar": "arabic",
}


def script_of(text: str) -> str:
    """The main script of a text: latin, han, kana, hangul, cyrillic, arabic (or '')."""
    counts = {"latin": 0, "han": 0, "kana": 0, "hangul": 0, "cyrillic": 0, "arabic": 0}
    for c in text:
        o = ord(c)
        if c.isascii():
            if c.isalpha():
                counts["latin"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            counts["han"] += 3  # one CJK character carries about a word
        elif 0x3040 <= o <= 0x30FF:
            counts["kana"] += 3
        elif 0xAC00 <= o <= 0xD7AF:
            counts["hangul"] += 3
        elif 0x0400 <= o <= 0x04FF:
            counts["cyrillic"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["arabic"] += 1
        elif c.isalpha():
            counts["latin"] += 1
    if counts["kana"] and counts["han"]:
        counts["kana"] += counts["han"]  # Japanese mixes kana and kanji
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ""


def abstract_lines(ctx: Context, e: Entry) -> list[int]:
    """Source lines that hold the abstract text (from its first line to `</details>`)."""
    if not e.abstract_line:
        return []
    _summary, _abstract, close = ctx.details.get(e.span.start, (0, 0, 0))
    last = close or e.span.end
    if close == 0:
        # `</details>` on the abstract's own line, or missing: stop at the first close tag.
        for n in range(e.abstract_line, e.span.end + 1):
            if ctx.closes_details(n):
                last = n
                break
    return list(range(e.abstract_line, max(last, e.abstract_line) + 1))


def _latex(ctx: Context, n: int, text: str) -> Iterator[Finding]:
    for m in _LATEX.finditer(text):
        yield ctx.finding(
            "GB031",
            f"LaTeX '{m.group()[:40]}' is shown raw on GitHub; write it as plain text",
            n,
            m.start() + 1,
            m.end() + 1,
        )


def _leftover(ctx: Context, n: int, text: str) -> Iterator[Finding]:
    for m in _LEFTOVER.finditer(text):
        yield ctx.finding(
            "GB032",
            f"arXiv placeholder '{m.group()}' in the abstract; put the real URL there or "
            "remove the phrase",
            n,
            m.start() + 1,
            m.end() + 1,
        )


def _lost(ctx: Context, n: int, text: str) -> Iterator[Finding]:
    body = text.strip()
    start = len(text) - len(text.lstrip())
    for m in _LOST.finditer(body):
        left = body[max(0, m.start() - 15) : m.start()].split(" ")[-1]
        right = body[m.end() : m.end() + 15].split(" ")[0]
        yield ctx.finding(
            "GB033",
            f"Two spaces in '{left}{m.group()}{right}': a formula or symbol was "
            "probably lost when copying; restore it from the paper",
            n,
            start + m.start() + 1,
            start + m.end() + 1,
        )


def check(ctx: Context) -> Iterator[Finding]:
    language = ctx.config.language.lower().split("-")[0]
    want = _SCRIPTS.get(language, "latin")
    for e in ctx.entries:
        if e.has_details and not (e.abstract or "").strip():
            yield ctx.finding(
                "GB030",
                "Abstract is empty; paste the paper's abstract inside <details> or remove the "
                "block",
                e.details_line,
            )
            continue
        for n in abstract_lines(ctx, e):
            text = ctx.line(n)
            # Cheap substring tests first: the regexes run on few lines of a large list.
            if "<" in text:
                text = HTML_TAG.sub(lambda m: " " * len(m.group()), text)
            if "\\" in text or "$" in text:
                yield from _latex(ctx, n, text)
            if "URL" in text or "url" in text:
                yield from _leftover(ctx, n, text)
            if "  " in text.strip():
                yield from _lost(ctx, n, text)
        if "GB034" in ctx.enabled and e.abstract:
            got = script_of(e.abstract)
            if got and got != want and not (want == "han" and got == "kana"):
                yield ctx.finding(
                    "GB034",
                    f"Abstract looks like {got} script, but the list's language is "
                    f"'{ctx.config.language}'; give the abstract in that language",
                    e.abstract_line or e.details_line,
                )
