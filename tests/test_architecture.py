"""The package structure holds: no import cycle, short modules, light package imports.

The layer contracts themselves are import-linter's (.importlinter, run by .ci/run); these
tests catch what a layer list cannot say."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "geoai_bot"
MAX_LINES = 400
PACKAGES = sorted(
    p.parent.relative_to(SRC.parent).as_posix().replace("/", ".") for p in SRC.rglob("__init__.py")
)


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: every group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph.get(node, ()):
                    groups.append(sorted(group))
    return groups


def test_cycle_finder_finds_cycles() -> None:
    # The checker itself can fail: a three-module ring and a self-import are found.
    ring = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert strongly_connected(ring) == [["a", "b", "c"], ["e"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_geoai_bot() -> None:
    # Every import counts, function-level ones too: a late import that dodges a cycle is
    # still a cycle. Imports under `if TYPE_CHECKING:` load nothing and are left out.
    graph = grimp.build_graph("geoai_bot", exclude_type_checking_imports=True)
    edges = {
        m: {i for i in graph.find_modules_directly_imported_by(m) if i.startswith("geoai_bot")}
        for m in graph.modules
        if m.startswith("geoai_bot")
    }
    assert strongly_connected(edges) == []


@pytest.mark.parametrize(
    "path", sorted(SRC.rglob("*.py")), ids=lambda p: p.relative_to(SRC).as_posix()
)
def test_no_module_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by concern"


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_says_what_it_owns_and_its_exports_resolve(package: str) -> None:
    module = importlib.import_module(package)
    doc = module.__doc__ or ""
    assert len(doc.split()) >= 12, f"{package}: the docstring should say what it owns"
    exported = getattr(module, "__all__", [])
    if hasattr(module, "_OWNERS"):  # lazy exports (geoai_bot/lazy.py): one list, two names
        assert sorted(exported) == sorted(module._OWNERS)
    for name in exported:
        assert getattr(module, name) is not None, f"{package}.{name}"
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018


@pytest.mark.parametrize("package", ["geoai_bot.core", "geoai_bot.log", "geoai_bot.lint"])
def test_importing_the_core_loads_neither_pygithub_nor_requests(package: str) -> None:
    code = (
        f"import sys, {package} as p\n"
        "for name in p.__all__: getattr(p, name)\n"  # the exports too, not only __init__
        "print(sorted(m for m in ('github', 'requests', 'urllib3') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
