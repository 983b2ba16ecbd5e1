"""Turning pydantic validation errors into messages that name the field and the problem, in Thai first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError


def field_path(loc: Iterable[Any]) -> str:
    """('indicators', 'items', 0, 'name_th') → indicators.items[0].name_th"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(ทั้งไฟล์)"


def describe_error(err: dict[str, Any]) -> str:
    """One pydantic error as 'Thai / English'."""
    kind = err["type"]
    msg = str(err["msg"])
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "missing":
        return "ขาดข้อมูลที่จำเป็น / field required"
    if kind == "extra_forbidden":
        return "มีช่องข้อมูลที่ไม่รู้จัก / unknown field"
    if kind == "literal_error":
        return f"ค่าไม่อยู่ในตัวเลือกที่อนุญาต (ได้ {err.get('input')!r}) / {msg}"
    if kind in ("too_short", "too_long"):
        return f"จำนวนรายการไม่ถูกต้อง / {msg}"
    if kind == "string_pattern_mismatch":
        return f"รูปแบบไม่ถูกต้อง (ได้ {err.get('input')!r}) / {msg}"
    if kind.startswith(("greater", "less")):
        return f"ค่าอยู่นอกช่วงที่อนุญาต (ได้ {err.get('input')!r}) / {msg}"
    if "type" in kind or "parsing" in kind:
        return f"ชนิดข้อมูลไม่ถูกต้อง (ได้ {err.get('input')!r}) / {msg}"
    return msg


WHOLE_FILE = field_path(())  # how a problem of the whole file is named


def problem_lines(exc: ValidationError) -> str:
    """Every error of a ValidationError, one '  - field: problem' line each; a problem of several lines (a model's
    own cross-checks) gives several lines, and a problem of the whole file names no field."""
    lines = []
    for err in exc.errors():
        where = field_path(err["loc"])
        for line in describe_error(err).splitlines():
            lines.append(f"  - {line}" if where == WHOLE_FILE else f"  - {where}: {line}")
    return "\n".join(lines)
