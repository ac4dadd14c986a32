"""A text as lines: how a list's line endings and BOM are read (core/textio.py writes them
back with `to_file_text`)."""

from __future__ import annotations


def split_lines(text: str) -> tuple[list[str], str, bool, bool]:
    """Split text into lines; return (lines, dominant newline, had final newline, had BOM)."""
    # No slicing or concatenating of the whole text: one emoji makes a 17 MB list a
    # 68 MB string in memory, and every copy of it counts against the memory target.
    bom = text.startswith("\ufeff")
    newline = "\n"
    if "\r" in text:
        crlf = text.count("\r\n")  # the majority of LF, CRLF, CR-only line ends; LF on a tie
        counts = ((text.count("\n") - crlf, "\n"), (crlf, "\r\n"), (text.count("\r") - crlf, "\r"))
        newline = max(counts, key=lambda c: c[0])[1]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    final = text.endswith("\n")
    lines = text.split("\n")  # never empty
    if final:
        lines.pop()
    if bom:
        lines[0] = lines[0][1:]
    if lines == [""]:
        lines = []  # nothing but a BOM and one newline at most
    return lines, newline, final, bom
