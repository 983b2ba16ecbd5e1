"""The core is pure: it must never import Django (layers import downward only)."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "prongsai" / "core"


def test_core_never_imports_django_or_the_apps():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "django" or name.startswith(("prongsai.apps", "prongsai.web", "prongsai.cli")):
                    offenders.append(f"{path.relative_to(CORE)}: {name}")
    assert offenders == []
