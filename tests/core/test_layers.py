"""The package's layers, read from its imports: only plugin/ is pytest glue, and the core never reaches up into it.

Every import counts, wherever it is written: at the top, inside a function, or under TYPE_CHECKING
(a typing-only cycle still ties two modules into one design).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest_refusal

PACKAGE = Path(pytest_refusal.__file__).parent
NAME = PACKAGE.name

# No cycle is known: a new one fails here (Setting and raw live in plugin/setting.py so that options
# and judgeoptions both read settings without importing each other).
KNOWN_CYCLES: list[list[str]] = []


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = modules()


def imported(name: str, path: Path) -> set[str]:
    """Every module `name` imports (`from package import module` names the module, not the package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(base)
    return found


def graph() -> dict[str, set[str]]:
    """The package's own modules and the modules each imports (third-party ones as they are named)."""
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for module in imported(name, path):
            parts = module.split(".")
            while len(parts) > 1 and ".".join(parts) not in MODULES:
                parts.pop()  # `pytest_refusal.apis.Api` is pytest_refusal.apis
            targets.add(".".join(parts) if parts[0] == NAME else module)
        edges[name] = targets - {name}
    return edges


GRAPH = graph()


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root] & edges.keys())))]
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
                    work.append((child, iter(sorted(edges[child] & edges.keys()))))
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
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


def test_the_walk_sees_the_imports_it_must_judge() -> None:
    assert "pytest" in GRAPH[f"{NAME}.plugin.session"]
    assert f"{NAME}.cassette.exchange" in GRAPH[f"{NAME}.cassette.vcr"]
    assert f"{NAME}.cassette.vcr" in GRAPH[f"{NAME}.plugin.faults"]  # under TYPE_CHECKING
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_plugin_imports_pytest() -> None:
    outside = sorted(
        name
        for name, targets in GRAPH.items()
        if not name.startswith(f"{NAME}.plugin") and {"pytest", "_pytest"} & targets
    )
    assert outside == []


def test_cassettes_and_refusal_maps_never_import_the_plugin() -> None:
    reaching = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if name.startswith((f"{NAME}.cassette", f"{NAME}.refusalmap"))
        for target in targets
        if target == f"{NAME}.plugin" or target.startswith(f"{NAME}.plugin.")
    )
    assert reaching == []


def test_no_module_imports_itself_back_typing_only_imports_included() -> None:
    assert cycles(GRAPH) == KNOWN_CYCLES
