"""Lazy package exports (PEP 562): a package's `__init__` names its public API without
importing it.

Why lazy: the packages form layers (see `[tool.importlinter]` in pyproject.toml), and an
`__init__` that imported its modules eagerly would import upward the moment any of its
modules is imported by a lower layer (`core.parse` -> `log.section` runs `log/__init__`),
turning a clean module graph into a package-import cycle; it would also make
`import geoai_bot.core` pay for what it does not use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def exports(package: str, names: Mapping[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` resolving each public name from the submodule that owns it.

    `names` maps a public name to its module, relative to `package` (`"parse_text": "parse"`).
    """

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
