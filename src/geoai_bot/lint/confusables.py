"""Look-alike letters folded to the Latin letter they imitate, for matching titles.

A subset of the Unicode Technical Standard #39 confusables data (confusables.txt, the
"skeleton" mapping, https://www.unicode.org/Public/security/latest/confusables.txt): the
Cyrillic and Greek letters that TR39 maps to a single Basic Latin letter. Those are the
ones a title can be respelt with while looking identical on GitHub (`Sеgmеnt` with
Cyrillic `е`). Digits and Latin-to-Latin entries (`0`/`O`, `l`/`1`) are left out on
purpose: real titles differ by them (`SAM 2`, `Sentinel-1`).

Vendored rather than depending on a package: it is this one table, and the skeleton is
applied on every title of a list on every lint run, so a `str.translate` table is the
cheapest form.
"""

from __future__ import annotations

# source letter -> Latin letter (TR39 prototype); lower and upper case.
_PAIRS = {
    # Cyrillic
    "\u0430": "a",  # а
    "\u0435": "e",  # е
    "\u043e": "o",  # о
    "\u0440": "p",  # р
    "\u0441": "c",  # с
    "\u0443": "y",  # у
    "\u0445": "x",  # х
    "\u0455": "s",  # ѕ
    "\u0456": "i",  # і
    "\u0458": "j",  # ј
    "\u04bb": "h",  # һ
    "\u0501": "d",  # ԁ
    "\u051b": "q",  # ԛ
    "\u051d": "w",  # ԝ
    "\u0410": "A",  # А
    "\u0412": "B",  # В
    "\u0415": "E",  # Е
    "\u041a": "K",  # К
    "\u041c": "M",  # М
    "\u041d": "H",  # Н
    "\u041e": "O",  # О
    "\u0420": "P",  # Р
    "\u0421": "C",  # С
    "\u0422": "T",  # Т
    "\u0425": "X",  # Х
    "\u0405": "S",  # Ѕ
    "\u0406": "I",  # І
    "\u0408": "J",  # Ј
    "\u04ae": "Y",  # Ү
    # Greek
    "\u03b1": "a",  # α
    "\u03bf": "o",  # ο
    "\u03bd": "v",  # ν
    "\u03b9": "i",  # ι
    "\u03c1": "p",  # ρ
    "\u0391": "A",  # Α
    "\u0392": "B",  # Β
    "\u0395": "E",  # Ε
    "\u0396": "Z",  # Ζ
    "\u0397": "H",  # Η
    "\u0399": "I",  # Ι
    "\u039a": "K",  # Κ
    "\u039c": "M",  # Μ
    "\u039d": "N",  # Ν
    "\u039f": "O",  # Ο
    "\u03a1": "P",  # Ρ
    "\u03a4": "T",  # Τ
    "\u03a5": "Y",  # Υ
    "\u03a7": "X",  # Χ
}
TABLE = str.maketrans(_PAIRS)


def skeleton(text: str) -> str:
    """TEXT with every look-alike letter replaced by the Latin letter it imitates."""
    return text.translate(TABLE)
