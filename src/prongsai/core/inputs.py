"""Reading scores and OIT checklists that users type or upload."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from prongsai.core.errors import ScoreInputError
from prongsai.core.thai import to_arabic_digits

MAX_INPUT_BYTES = 5_000_000
_ITEM_COLUMNS = ("item", "code", "ข้อ", "รหัส")
_PASS_COLUMNS = ("pass", "passed", "result", "ผล", "ผลการประเมิน")


def parse_score_list(text: str) -> list[float]:
    """'93.55,87.72,…' (Arabic or Thai digits; commas, spaces or semicolons) → floats."""
    cleaned = to_arabic_digits(text).replace(";", ",").replace(" ", ",")
    parts = [p for p in cleaned.split(",") if p.strip()]
    out = []
    for i, part in enumerate(parts, start=1):
        try:
            out.append(float(part))
        except ValueError:
            raise ScoreInputError(
                f"คะแนนลำดับที่ {i} ไม่ใช่ตัวเลข: {part!r}", f"score number {i} is not a number: {part!r}"
            ) from None
    return out


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise ScoreInputError(f"ไฟล์ {path} ใหญ่เกินไป", f"file {path} is too large")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScoreInputError(f"ไม่พบไฟล์: {path}", f"file not found: {path}") from None
    except UnicodeDecodeError:
        raise ScoreInputError(
            f"ไฟล์ {path} ไม่ได้เข้ารหัสเป็น UTF-8", f"file {path} is not UTF-8 text"
        ) from None


def read_oit_file(path: Path | str) -> dict[str, object]:
    """An OIT checklist: item → pass. JSON ({"o1": true, …} or [{"item": …, "pass": …}]) or CSV."""
    path = Path(path)
    text = _read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScoreInputError(
                f"ไฟล์ {path}: JSON ไม่ถูกต้อง (บรรทัด {exc.lineno})",
                f"file {path}: invalid JSON (line {exc.lineno})",
            ) from None
        if isinstance(data, dict) and isinstance(data.get("items"), dict | list):
            data = data["items"]
        if isinstance(data, dict):
            return {str(k): v for k, v in data.items()}
        if isinstance(data, list) and all(isinstance(r, dict) for r in data):
            return _rows_to_items(data, path)
        raise ScoreInputError(
            f"ไฟล์ {path}: ต้องเป็น {{\"o1\": true, …}} หรือรายการ [{{\"item\": \"o1\", \"pass\": true}}]",
            f"file {path}: expected {{\"o1\": true, …}} or a list of {{\"item\", \"pass\"}} rows",
        )
    if suffix in (".csv", ".txt"):
        rows = list(csv.reader(io.StringIO(text)))
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            raise ScoreInputError(f"ไฟล์ {path} ว่างเปล่า", f"file {path} is empty")
        header = [c.strip().lower() for c in rows[0]]
        if any(h in _ITEM_COLUMNS for h in header):
            return _rows_to_items([dict(zip(header, r, strict=False)) for r in rows[1:]], path)
        return _rows_to_items([{"item": r[0], "pass": r[1] if len(r) > 1 else ""} for r in rows], path)
    raise ScoreInputError(
        f"ไฟล์ {path}: รองรับเฉพาะ .json และ .csv", f"file {path}: only .json and .csv are supported"
    )


def _rows_to_items(rows: list[dict], path: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for i, row in enumerate(rows, start=1):
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        item = next((lowered[c] for c in _ITEM_COLUMNS if c in lowered), None)
        result = next((lowered[c] for c in _PASS_COLUMNS if c in lowered), None)
        if item is None or str(item).strip() == "":
            raise ScoreInputError(
                f"ไฟล์ {path} แถวที่ {i}: ไม่มีรหัสข้อ (คอลัมน์ item)", f"file {path} row {i}: no item code"
            )
        key = str(item).strip()
        if key in out:
            raise ScoreInputError(
                f"ไฟล์ {path}: ข้อ {key} ซ้ำกัน", f"file {path}: item {key} appears twice"
            )
        out[key] = result if result is not None else ""
    return out
