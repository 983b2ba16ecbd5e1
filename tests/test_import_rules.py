"""Import rules for src/prongsai, checked on the source (AST), not by importing anything.

The graph counts every import: module level, inside functions and classes, under `if TYPE_CHECKING:`,
relative ones resolved. An import names the deepest module that exists (`from a.b import c` is `a.b.c`
when that is a module, else `a.b`). Migrations are left out.

Helpers here are meant to be reused by further rules (`import_graph`, `find_cycles`, `format_cycle`).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "prongsai"

Graph = dict[str, set[str]]
Cycle = tuple[str, ...]

# --- the graph ------------------------------------------------------------------------------------


def module_files(root: Path = SRC, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of `package` under `root` (dotted name → file), migrations left out."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        if "migrations" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out[".".join(parts)] = path
    return out


def _base_package(module: str, path: Path, level: int) -> str:
    """The package a relative import of `level` dots starts from."""
    parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    return ".".join(parts[: len(parts) - (level - 1)]) if level > 1 else ".".join(parts)


def imported_modules(module: str, path: Path, modules: set[str]) -> set[str]:
    """The modules of the package that `module` imports anywhere in its file (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {t for alias in node.names if (t := _resolve(alias.name, modules))}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                start = _base_package(module, path, node.level)
                base = f"{start}.{base}" if base else start
            for alias in node.names:
                full = f"{base}.{alias.name}"
                target = full if full in modules else _resolve(base, modules)
                if target:
                    out.add(target)
    out.discard(module)
    return out


def _resolve(name: str, modules: set[str]) -> str | None:
    """The deepest existing module `name` refers to (None: outside the package)."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            return candidate
    return None


def import_graph(root: Path = SRC, package: str = PACKAGE) -> Graph:
    """module → the modules of the package it imports (itself left out)."""
    files = module_files(root, package)
    modules = set(files)
    return {module: imported_modules(module, path, modules) for module, path in files.items()}


# --- cycles -----------------------------------------------------------------------------------------


def strongly_connected(graph: Graph) -> list[set[str]]:
    """Tarjan's strongly connected components with more than one module (iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
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
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(component)
    return out


def _canonical(path: list[str]) -> Cycle:
    i = path.index(min(path))
    return tuple(path[i:] + path[:i])


def find_cycles(graph: Graph, limit: int = 200) -> set[Cycle]:
    """Every simple cycle between modules (up to `limit` per component), each as a canonical path."""
    cycles: set[Cycle] = set()
    for component in strongly_connected(graph):
        found: set[Cycle] = set()
        for start in sorted(component):
            # Cycles through `start` using only modules that sort after it: each cycle is found once.
            allowed = {m for m in component if m >= start}
            path = [start]
            work = [iter(sorted(graph[start] & allowed))]
            while work and len(found) < limit:
                nxt = next(work[-1], None)
                if nxt is None:
                    work.pop()
                    path.pop()
                elif nxt == start:
                    found.add(_canonical(path))
                elif nxt not in path:
                    path.append(nxt)
                    work.append(iter(sorted(graph[nxt] & allowed)))
        cycles |= found
    return cycles


def format_cycle(cycle: Cycle) -> str:
    """prongsai.a → prongsai.b → prongsai.a"""
    return " → ".join([*cycle, cycle[0]])


@lru_cache(maxsize=1)
def _graph() -> Graph:
    return import_graph()


# --- the rules ----------------------------------------------------------------------------------


def test_the_graph_sees_every_kind_of_import(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "migrations").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from .sub import c\n")
    (pkg / "sub" / "__init__.py").write_text("from . import c\n")
    (pkg / "sub" / "c.py").write_text("import pkg.a\nfrom ..b import f\n")
    (pkg / "migrations" / "m.py").write_text("import pkg.a\n")
    graph = import_graph(tmp_path, "pkg")
    assert "pkg.migrations.m" not in graph
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.sub.c"}
    assert graph["pkg.sub"] == {"pkg.sub.c"}
    assert graph["pkg.sub.c"] == {"pkg.a", "pkg.b"}
    assert find_cycles(graph) == {("pkg.a", "pkg.b", "pkg.sub.c"), ("pkg.b", "pkg.sub.c")}
    assert format_cycle(("pkg.b", "pkg.sub.c")) == "pkg.b → pkg.sub.c → pkg.b"


def test_no_import_cycles_between_modules():
    cycles = sorted(find_cycles(_graph()))
    assert not cycles, "import cycles:\n" + "\n".join(format_cycle(c) for c in cycles)


# --- apps lean on the base, never on each other both ways -------------------------------------------------------

APPS = "prongsai.apps."
SHARED = {"base"}  # the shared base: every app may import it; it imports none of them


def _app_of(module: str) -> str | None:
    if not module.startswith(APPS):
        return None
    return module[len(APPS):].split(".")[0]


def app_edges(graph: Graph) -> set[tuple[str, str]]:
    """(app, app) for every import from one app's module into another app's."""
    edges = set()
    for module, targets in graph.items():
        source = _app_of(module)
        for target in targets:
            other = _app_of(target)
            if source and other and source != other:
                edges.add((source, other))
    return edges


def test_no_two_apps_import_each_other():
    edges = app_edges(_graph())
    assert ("oit", "frameworks") in edges  # the graph does see apps using each other (one way)
    both_ways = sorted({tuple(sorted(e)) for e in edges if (e[1], e[0]) in edges})
    assert both_ways == [], f"apps importing each other both ways: {both_ways}"


def test_the_base_imports_no_domain_app():
    edges = app_edges(_graph())
    assert sorted(e for e in edges if e[0] in SHARED) == []


def _private_imports(module: str, path: Path) -> list[str]:
    """`from prongsai.apps.<other app>… import _name` in `module`'s file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    source = _app_of(module)
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(APPS)
            and _app_of(node.module) != source
        ):
            out += [f"{module}: from {node.module} import {a.name}" for a in node.names if a.name.startswith("_")]
    return out


def test_no_app_imports_another_apps_private_names():
    found = [p for module, path in module_files().items() for p in _private_imports(module, path)]
    assert found == []


def test_the_portal_neither_builds_nor_reads_a_docx_for_text():
    portal = [m for m in _graph() if m.startswith(APPS + "portal")]
    offenders = sorted(
        f"{m} → {t}" for m in portal for t in _graph()[m]
        if t.startswith(("prongsai.core.documents.write", "prongsai.core.documents.read"))
    )
    assert offenders == []
    for module, path in module_files().items():
        if module.startswith(APPS + "portal"):
            text = path.read_text(encoding="utf-8")
            assert "import docx" not in text and "from docx" not in text, module


def test_document_writers_import_no_analysis_advice_gains_or_plan():
    """The writers (and the content model they lay out) only lay out what the pipeline gives them."""
    banned = ("prongsai.core.analysis", "prongsai.core.advice", "prongsai.core.gains", "prongsai.core.plan")
    leaves = [m for m in _graph() if m.startswith("prongsai.core.documents.write")]
    assert "prongsai.core.documents.write.reports" in leaves
    offenders = sorted(
        f"{m} → {t}" for m in [*leaves, "prongsai.core.pipeline.content"] for t in _graph()[m] if t.startswith(banned)
    )
    assert offenders == []
