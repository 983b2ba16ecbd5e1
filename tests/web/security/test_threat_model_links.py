"""docs/threat-model.md: every line of the threat tables names a test, and every named test file and function
exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "threat-model.md"
REF = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def _refs() -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in REF.finditer(DOC.read_text(encoding="utf-8"))]


def test_every_referenced_test_exists():
    refs = _refs()
    assert len(refs) > 60
    missing = []
    for file, name in refs:
        path = ROOT / file
        if not path.exists():
            missing.append(file)
        elif name is None:
            missing.append(f"{file} (name the test function)")
        elif name not in _functions(path):
            missing.append(f"{file}::{name}")
    assert missing == [], missing


def test_every_threat_row_names_a_test():
    in_threat_tables = False
    bare, rows = [], 0
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_threat_tables = line.startswith("## Threats")
        if in_threat_tables and line.startswith("| ") and not line.startswith(("| Threat", "|---")):
            rows += 1
            if not REF.search(line):
                bare.append(line[:80])
    assert rows > 40 and bare == []


def test_the_doc_names_every_actor_and_the_admin_otp_setting():
    text = DOC.read_text(encoding="utf-8")
    for actor in ("Citizen", "Reporter", "Curious officer", "Hostile officer of another agency", "Outside attacker",
                  "Someone with the database dump"):
        assert f"**{actor}**" in text, actor
    assert "PRONGSAI_REQUIRE_ADMIN_OTP" in text and "## Assets" in text and "## Entry points" in text
