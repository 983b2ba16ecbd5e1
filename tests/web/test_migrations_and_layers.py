"""Migrations are complete, and the layers import only downward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[2] / "src" / "prongsai"


@pytest.mark.django_db
def test_migrations_are_complete():
    # Exits with status 1 when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_apps_never_import_the_web_project_or_the_cli():
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for path in (SRC / "apps").rglob("*.py")
        for name in _imports(path)
        if name.startswith(("prongsai.web", "prongsai.cli"))
    ]
    assert offenders == []


def test_views_do_not_write():
    """Views stay thin: no .save()/.create()/.delete() calls; writes go through services."""
    offenders = []
    for path in [*(SRC / "apps").rglob("views.py"), *(SRC / "apps").rglob("views/*.py")]:  # modules or packages
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"save", "create", "delete", "update", "bulk_create"}:
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} .{node.attr}")
    assert offenders == []
