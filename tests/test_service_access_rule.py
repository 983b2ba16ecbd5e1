"""The one rule for who checks access (docs/architecture.md, "Who checks access"):

- every agency page is guarded by its view (``@agency_view``; tests/web/test_access.py walks the URLconf);
- a service takes the caller's ``Access`` (or ``RoundAccess``) only when its rule is finer than a page permission,
  and then it must use it: a service that accepts an access object and ignores it would look checked while
  checking nothing.

Checked on the source (AST), so a new service cannot slip past by not being called in a test.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "prongsai" / "apps"
ACCESS_PARAMS = {"access", "racc"}


def _service_files() -> list[Path]:
    files = sorted(SRC.glob("*/services.py")) + sorted(SRC.glob("*/services/*.py"))
    return [f for f in files if f.name != "__init__.py"]


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = fn.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}


def _names_used(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    used: set[str] = set()
    for stmt in fn.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                used.add(node.id)
    return used


def unused_access_parameters(files: list[Path], root: Path = SRC) -> list[str]:
    problems = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in _functions(tree):
            for name in sorted(_params(fn) & ACCESS_PARAMS):
                if name not in _names_used(fn):
                    problems.append(f"{path.relative_to(root)}:{fn.lineno} {fn.name}({name}=…) never uses {name}")
    return problems


def test_services_that_take_access_use_it():
    files = _service_files()
    assert len(files) > 10, "the service modules were not found"
    assert unused_access_parameters(files) == []


def test_the_rule_catches_an_ignored_access(tmp_path):
    bad = tmp_path / "services.py"
    bad.write_text(
        "def thing_save(*, access, actor, value):\n    return value\n"
        "def other_save(*, access, actor):\n    access.allows('edit')\n",
        encoding="utf-8",
    )
    problems = unused_access_parameters([bad], root=tmp_path)
    assert problems == ["services.py:1 thing_save(access=…) never uses access"]


def test_services_with_finer_rules_do_take_access():
    """The services named in docs/architecture.md as having rules finer than a page permission keep taking the
    caller's access (so the rule is not met by removing the parameter)."""
    wanted = {
        "plans": {"plan_approve", "plan_return"},
        "oit": {"item_update"},
        "rounds": {"round_confirm", "invitations_create", "dispute_decide"},
    }
    found: dict[str, set[str]] = {app: set() for app in wanted}
    for path in _service_files():
        app = path.relative_to(SRC).parts[0]
        if app not in wanted:
            continue
        for fn in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            if _params(fn) & ACCESS_PARAMS:
                found[app].add(fn.name)
    for app, names in wanted.items():
        assert names <= found[app], (app, names - found[app])
