"""geoai-bot.toml problems in our own words: which key, on which line, and what to write.

pydantic's messages ("Value error, ...", "Input should be a valid list") describe Python
values; a list maintainer edits TOML. This module turns each validation error into one
line naming the key, the line it is on (found in the text: tomllib keeps no positions),
what the value must be, and for an unknown key the nearest known one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Why the value is wrong, per pydantic error type, in TOML words.
_MUST = {
    "list_type": 'must be a list, e.g. ["a", "b"]',
    "dict_type": "must be a table of key = value pairs",
    "model_type": "must be a table ([name] with key = value lines under it)",
    "model_attributes_type": "must be a table ([name] with key = value lines under it)",
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "missing": "is required",
}


def explain(error: Mapping[str, Any], fields: Mapping[str, Sequence[str]]) -> str:
    """One validation error as `key: what is wrong`. FIELDS: table name -> its known keys
    ("" for the top level), for the did-you-mean of an unknown key."""
    loc = [str(p) for p in error.get("loc", ())]
    key = ".".join(loc) or "(top level)"
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        table = ".".join(loc[:-1])
        known = list(fields.get(table, ()))
        close = difflib.get_close_matches(loc[-1] if loc else "", known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        where = f"[{table}]" if table else "the top level"
        listed = ", ".join(known) if known else "none"
        return f"{key}: unknown key{hint} (keys of {where}: {listed})"
    if kind == "value_error" and "error" in ctx:
        return f"{key}: {ctx['error']}"
    if kind == "literal_error":
        return f"{key}: must be one of {ctx.get('expected', '')}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": ("at least", "ge"),
            "greater_than": ("more than", "gt"),
            "less_than_equal": ("at most", "le"),
            "less_than": ("less than", "lt"),
        }[kind]
        return f"{key}: must be {words[0]} {ctx.get(words[1], '')}"
    if kind == "string_pattern_mismatch" and loc[-1:] == ["language"]:
        return f"{key}: {error.get('input')!r} is not a language code like 'en' or 'pt-BR'"
    if kind == "string_pattern_mismatch":
        return f"{key}: {error.get('input')!r} is not in the expected form ({ctx.get('pattern')})"
    if kind in _MUST:
        return f"{key}: {_MUST[kind]}"
    return f"{key}: {error.get('msg', 'invalid value')}"


_HEADER = re.compile(r"^\s*\[\s*([^\]\[]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=")


def toml_line(message: str) -> tuple[str, int | None]:
    """tomllib's "Unclosed array (at line 2, column 5)" as ("Unclosed array", 2)."""
    m = re.search(r"\s*\(at line (\d+), column \d+\)", message)
    if m is None:
        return re.sub(r"\s*\(at end of document\)", " at the end of the file", message), None
    return message[: m.start()] + message[m.end() :], int(m.group(1))


def _norm(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def key_line(text: str, loc: Sequence[str]) -> int | None:
    """The line where the key at LOC (e.g. ("lint", "select")) is written: `[lint]` then
    `select =`, or `lint.select =`; for a key inside an inline table, the line of the
    nearest enclosing key; else its table's header line; else None."""
    wanted = [".".join(loc[:n]) for n in range(len(loc), 0, -1)]
    keys: dict[str, int] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = _norm(header.group(1))
            keys.setdefault(current, number)
            continue
        m = _KEY.match(line)
        if m:
            full = _norm(f"{current}.{m.group(1)}" if current else m.group(1)).split(".")
            for n in range(1, len(full) + 1):  # `lnit.select =` also writes the table `lnit`
                keys.setdefault(".".join(full[:n]), number)
    return next((keys[w] for w in wanted if w in keys), None)
