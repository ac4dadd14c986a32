"""The reader's-view guard: a write may change what GitHub shows only in the ways promised.

Every command that writes a README (fmt, `lint --fix`, `log`, `log add`, `log reconcile`,
a submission's edit) calls `check_view(before, after, ...)` before writing. It compares
what a reader sees (core/view.py: GitHub's renderer, not our parser) and raises
`ViewChanged` on the first difference that is not allowed, naming the input line.

Allowed, and nothing else:

- with `entries=True` (fmt and `lint --fix`), inside a paper entry as a reader sees one
  (from an `<h3>`..`<h6>` heading to the next heading): the heading's level among 3-6,
  author separators in block quotes (`，` `、` `,` with any spacing), a link bullet's label
  case, colon (`:`/`：`) and spacing, `None` for a missing value (empty, `none`, `null`),
  paragraphs inside list items (tight or loose), one list split in two by a change of
  bullet character, and an abstract that Markdown cut into pieces (a line less indented
  than the `<details>`, a blank line in it) made whole: inside an entry's `<details>`
  only the words count, and list or paragraph ends right after `</details>` are not
  compared. Abstract joining and indentation need no allowance: the view
  collapses whitespace already. A `<details>` gaining a bullet, losing `open`, text
  joined into an author line, an anchor moving into a list item: all refused.
- `drop_before` / `drop_after`: line ranges whose blocks are left out of the comparison
  on that side (the update log region, which the caller compares by meaning with
  `log_meaning`, or by intent for `log add`; an entry a submission inserts);
- `same_lines`: pairs (line in before, line in after) compared as if the after line were
  the before line (the "Last Updated" line, whose date a log edit moves).

Only changed regions are rendered (core/hunks.py), all of one side in one cmark call with
the document's link reference definitions in front (view.render_pieces), so a 17 MB list
costs little more than its changed lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from geoai_bot.core.errors import LosslessError
from geoai_bot.core.hunks import Cuts, Hunk, diff_hunks, opaque_spans, opens_block, widen
from geoai_bot.core.view import Token, reduce_html, render_pieces

LineRange = tuple[int, int]  # 1-based, inclusive


class ViewChanged(LosslessError):
    """A write would change what a reader sees beyond what was promised: nothing is written."""


_HEADING = re.compile(r"<h([1-6])>")
_AUTHOR_SEP = re.compile(r"\s*[,，、]\s*")
_LABEL = re.compile(r"^([^:：]{1,60}?)\s*[:：]\s*(.*)$", re.DOTALL)
_PLACEHOLDER = frozenset({"", "none", "null"})
_LI_LABEL = re.compile(r"(<li>[^<:：\n]{1,60}[:：])")
_ENTRY_TAGS = re.compile(r"<(/?)(h[1-6]|details|blockquote)\b")
_LIST_TAGS = frozenset({"<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>"})
# Link reference definitions are document-wide: each rendered piece needs all of them.
# Searched in "\n" + text: a literal `\n` start is much faster than `^` with MULTILINE.
_REFDEF = re.compile(r"\n {0,3}\[(?!\^)[^\]\n]{1,999}\]:[ \t]*\S[^\n]*")
_FOOTNOTE_DEF = re.compile(r"\n {0,3}\[\^[^\]\n]+\]:")
_SOURCEPOS_ATTR = re.compile(r' data-sourcepos="[^"]*"')


def _lines(text: str, given: list[str] | None = None) -> tuple[str, list[str]]:
    """(the text with `\\n` line ends and no BOM; its lines, without a final empty one).

    The text is the one given unless it has a BOM or CRs: a 17 MB list with one emoji is a
    68 MB string, and every copy counts against the memory budget. GIVEN: the lines as
    split_lines gave them (the same but for an empty text).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if given is not None:
        return text, given or [""]
    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return text, lines


def _meets(first: int, last: int, ranges: Sequence[LineRange]) -> bool:
    """True when lines first..last (1-based, inclusive) overlap one of the ranges."""
    return any(a <= last and first <= b for a, b in ranges)


def _in(line: int, ranges: Sequence[LineRange]) -> bool:
    return any(a <= line <= b for a, b in ranges)


def normalise_entries(tokens: Iterable[Token]) -> list[Token]:
    """The view with the promised entry normalisations applied (see the module docstring)."""
    out: list[Token] = []
    in_entry = False
    quote = 0  # depth of <blockquote>
    label_next = False  # the next text is the start of a list item
    details = 0  # depth of <details> inside an entry
    closed = False  # right after an entry's `</details>`
    for t in tokens:
        kind, value = t.kind, t.value
        if (
            in_entry
            and kind != "text"
            and value in _LIST_TAGS
            and (details or (closed and value[1] == "/"))
        ):
            # An abstract wrapped onto a less indented line, or with a blank line in it,
            # is cut by Markdown into list items and paragraphs; joined on one line it is
            # whole again. Inside `<details>` only its words count.
            continue
        closed = False
        if in_entry and kind != "text" and value.startswith(("<details", "</details")):
            if value[1] == "/":
                details = max(0, details - 1)
                closed = details == 0
            else:
                details += 1
        if kind != "text":
            h = _HEADING.fullmatch(value) if value[:2] == "<h" else None
            if h or (value[:3] == "</h" and value[3:4].isdigit()):
                level = int(h.group(1)) if h else int(value[3])
                if h:
                    in_entry = level >= 3
                if in_entry and level >= 3:
                    t = Token(kind, "<h*>" if h else "</h*>", t.line)
                out.append(t)
                label_next = False
                continue
            if not in_entry:
                out.append(t)
                continue
            if value in ("<p>", "</p>"):
                continue
            if value == "<blockquote>":
                quote += 1
            elif value == "</blockquote>":
                quote = max(0, quote - 1)
            elif value == "<ul>" and out and out[-1].value == "</ul>":
                out.pop()  # `* a` then `- b`: two lists in the input, one in the output
                continue
            elif (
                value in ("</li>", "</ul>")
                and out
                and out[-1].kind == "text"
                and out[-1].value.endswith(":")
                and out[-2].value == "<li>"
            ):
                last = out[-1]  # `* Code:` with nothing after it: the same as `None`
                out[-1] = Token("text", last.value + " None", last.line)
            label_next = value == "<li>"
            out.append(t)
            continue
        if in_entry and details:
            if out and out[-1].kind == "text":  # words cut apart by dropped tags
                out[-1] = Token("text", f"{out[-1].value} {value}", out[-1].line)
                continue
        elif in_entry and quote:
            value = ", ".join(x for x in _AUTHOR_SEP.split(value) if x)
        elif in_entry and label_next:
            m = _LABEL.match(value)
            if m:
                rest = m.group(2)
                rest = "None" if rest.casefold() in _PLACEHOLDER and rest else rest
                value = f"{' '.join(m.group(1).split()).casefold()}:{' ' + rest if rest else ''}"
        label_next = False
        out.append(Token("text", value, t.line))
    return out


def _view(
    markup: str,
    first: int,
    starts_at: int,
    drop: Sequence[LineRange],
    entries: bool,
) -> list[Token]:
    """The view of one rendered piece: its lines from FIRST (0-based), which starts at
    line STARTS_AT of the rendered text; minus DROP."""
    tokens = reduce_html(markup, first - starts_at + 1, first + 1)
    tokens = [t for t in tokens if t.line > first and not _in(t.line, drop)]
    return normalise_entries(tokens) if entries else tokens


def _definitions(text: str, lines: list[str]) -> list[str]:
    """The link reference definitions of a text (sorted), cheaply when it has none."""
    if "]:" not in text:
        return []
    found = [m.group(0).strip() for m in _REFDEF.finditer(text)]  # every line but the first
    if lines and _REFDEF.match("\n" + lines[0]):
        found.append(lines[0].strip())
    return sorted(found)


def _line_definitions(lines: Iterable[str]) -> list[str]:
    """The link reference definitions among LINES (each pattern above matches in one line)."""
    return sorted(x.strip() for x in lines if "]:" in x and _REFDEF.match("\n" + x))


def _footnotes(lines: Iterable[str]) -> bool:
    return any("[^" in x and _FOOTNOTE_DEF.match("\n" + x) for x in lines)


def _flat(html_text: str) -> str:
    """The HTML without source positions."""
    return _SOURCEPOS_ATTR.sub("", html_text)


def _label_case_only(fa: str, fb: str) -> bool:
    """True when two pieces of flat HTML differ only in the case of list-item labels
    (`<li>code:` / `<li>Code:`) inside entries, outside `<details>` and block quotes:
    what normalise_entries allows there, found without building tokens (a list that
    writes its labels in lower case has such a region in every entry)."""
    pa, pb = _LI_LABEL.split(fa), _LI_LABEL.split(fb)
    if len(pa) != len(pb):
        return False
    in_entry = False
    inside = 0  # depth of <details> and <blockquote>, where labels are not normalised
    for k, (x, y) in enumerate(zip(pa, pb, strict=True)):
        if k % 2 == 0:  # between labels: equal, and it says where the next label is
            if x != y:
                return False
            for m in _ENTRY_TAGS.finditer(x):
                closing, name = m.group(1), m.group(2)
                if name[0] == "h":
                    in_entry = in_entry if closing else int(name[1]) >= 3
                else:
                    inside = max(0, inside - 1) if closing else inside + 1
        elif x != y and (not in_entry or inside or x.casefold() != y.casefold()):
            return False
    return True


def _describe(a: list[Token], b: list[Token], k: int) -> tuple[int | None, str]:
    x = a[k] if k < len(a) else None
    y = b[k] if k < len(b) else None
    if x is None and y is not None:
        return y.line, f"would add {y.describe()} (output line {y.line})"
    if y is None and x is not None:
        return x.line, f"would remove {x.describe()}"
    assert x is not None and y is not None
    return x.line, f"would show {y.describe()} where a reader now sees {x.describe()}"


def check_view(
    before: str,
    after: str,
    path: str | None = None,
    *,
    entries: bool = False,
    drop_before: Sequence[LineRange] = (),
    drop_after: Sequence[LineRange] = (),
    same_lines: Sequence[tuple[int, int]] = (),
    what: str = "formatting",
    lines: tuple[list[str], list[str], list[Hunk]] | None = None,
) -> None:
    """Raise ViewChanged when AFTER shows a reader something BEFORE does not (see above).

    LINES: the caller's split of both texts (as core.parse.split_lines gives them) and
    diff_hunks of the two, when it has them (fmt does): two fewer copies of a large list.
    """
    if before == after:
        return
    a_text, a = _lines(before, lines[0] if lines else None)
    b_text, b = _lines(after, lines[1] if lines else None)
    raw = lines[2] if lines else None
    swapped = False
    for i, j in same_lines:
        if 0 < i <= len(a) and 0 < j <= len(b) and b[j - 1] != a[i - 1]:
            if not swapped and lines:
                b = list(b)  # the caller's list stays as it was
            b[j - 1] = a[i - 1]
            swapped = True
    if a == b:
        return
    # Lines outside the hunks are equal, so what is true line by line of one text is true
    # of the other there: the second text is only searched in its changed lines.
    if raw is None or swapped:
        raw = diff_hunks(a, b)
    gone_a = [x for a0, a1, _, _ in raw for x in a[a0:a1]]
    new_b = [x for _, _, b0, b1 in raw for x in b[b0:b1]]
    defs_a = _definitions(a_text, a)
    changed_defs = (_line_definitions(gone_a), _line_definitions(new_b))
    if changed_defs[0] != changed_defs[1]:
        gone = sorted(set(changed_defs[0]) ^ set(changed_defs[1])) or changed_defs[0]
        raise ViewChanged(
            f"{what} would change the link definitions ({gone[0]!r}); nothing was written",
            path,
        )
    if ("[^" in a_text and (_FOOTNOTE_DEF.search(a_text) or _footnotes(a[:1]))) or _footnotes(
        new_b
    ):
        hunks = [(0, len(a), 0, len(b))]  # footnotes are document-wide: render it all
    else:
        spans_a = opaque_spans(a_text)
        spans_b: list[tuple[int, int]] = []
        if spans_a or any(opens_block(x) for x in new_b):
            spans_b = opaque_spans("\n".join(b) if swapped else b_text)
        hunks = widen(raw, Cuts(a, spans_a), Cuts(b, spans_b))
    prefix = "\n".join(defs_a) + "\n\n" if defs_a else ""
    pieces_a = render_pieces(["\n".join(a[a0:a1]) + "\n" for a0, a1, _, _ in hunks], prefix)
    pieces_b = render_pieces(["\n".join(b[b0:b1]) + "\n" for _, _, b0, b1 in hunks], prefix)
    for (a0, a1, b0, b1), (ha, sa), (hb, sb) in zip(hunks, pieces_a, pieces_b, strict=True):
        # Same HTML but for whitespace and source lines: the same view, cheaply (not where
        # whitespace is content: code blocks).
        if (
            not _meets(a0 + 1, a1, drop_before)
            and not _meets(b0 + 1, b1, drop_after)
            and "<pre" not in ha
            and "<pre" not in hb
        ):
            fa, fb = _flat(ha), _flat(hb)
            if fa == fb or fa.split() == fb.split() or (entries and _label_case_only(fa, fb)):
                continue
        va = _view(ha, a0, sa, drop_before, entries)
        vb = _view(hb, b0, sb, drop_after, entries)
        if [t.key for t in va] == [t.key for t in vb]:
            continue
        k = next(
            (k for k, (x, y) in enumerate(zip(va, vb, strict=False)) if x.key != y.key),
            min(len(va), len(vb)),
        )
        line, change = _describe(va, vb, k)
        raise ViewChanged(
            f"{what} would change what a reader sees: it {change}; nothing was written. "
            "Please report this with these lines if the change looks right.",
            path,
            line or a0 + 1,
        )
