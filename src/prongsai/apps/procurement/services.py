"""Writes for procurement: one row through a form, or many from a CSV/JSON file in the e-GP shape.

An import is all or nothing: every row is checked first, and one bad row saves nothing (the page lists
each problem with its row number). Rows with the same ``project_id`` and ``contract_no`` replace the
stored one, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.services import agency_row_save
from prongsai.apps.procurement.models import Announcement, BudgetCategory, Contract, PlanItem
from prongsai.core.money import AmountError, parse_baht
from prongsai.core.thai import BE_OFFSET, to_arabic_digits

MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_ROWS = 5000


class ProcurementInputError(ValidationError):
    """Bad procurement input, with Thai messages (one per problem)."""


def contract_save(*, agency: Agency, actor: Any, item: Contract | None, data: Mapping[str, Any]) -> Contract:
    return agency_row_save(
        agency=agency, actor=actor, model=Contract, instance=item, data=data, action="procurement_contract"
    )


def plan_item_save(*, agency: Agency, actor: Any, item: PlanItem | None, data: Mapping[str, Any]) -> PlanItem:
    return agency_row_save(
        agency=agency, actor=actor, model=PlanItem, instance=item, data=data, action="procurement_plan"
    )


def announcement_save(
    *, agency: Agency, actor: Any, item: Announcement | None, data: Mapping[str, Any]
) -> Announcement:
    return agency_row_save(
        agency=agency, actor=actor, model=Announcement, instance=item, data=data, action="procurement_announcement"
    )


# --- parsing e-GP values --------------------------------------------------------------------------------


def parse_money(raw: Any) -> Decimal | None:
    """ "1,234,567.50", "1234567.5 บาท", 1234567.5 → Decimal("1234567.50"); "" → None; else ValueError (Thai):
    ``core.money.parse_baht``, the same reading as the forms (``1e30``, ``NaN``, ``12,5`` are refused)."""
    try:
        return parse_baht(raw)
    except AmountError as exc:
        raise ValueError(f"จำนวนเงิน “{str(raw)[:30]}”: {exc.th}") from None


def parse_date(raw: Any) -> date | None:
    """ "2024-01-15", "2567-01-15", "15/01/2567", "15/01/2024", "2024-01-15T00:00:00" → date; B.E. years become C.E."""
    if raw is None:
        return None
    text = to_arabic_digits(str(raw)).strip()
    if text in ("", "-"):
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not m:
            raise ValueError(f"วันที่ {raw!r} ไม่ถูกต้อง (ใช้ 2567-01-15 หรือ 15/01/2567)")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y > 2400:
        y -= BE_OFFSET
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"วันที่ {raw!r} ไม่มีอยู่จริง") from None


CATEGORY_WORDS = {
    "investment": BudgetCategory.INVESTMENT,
    "งบลงทุน": BudgetCategory.INVESTMENT,
    "ลงทุน": BudgetCategory.INVESTMENT,
    "operating": BudgetCategory.OPERATING,
    "งบดำเนินงาน": BudgetCategory.OPERATING,
    "ดำเนินงาน": BudgetCategory.OPERATING,
    "subsidy": BudgetCategory.SUBSIDY,
    "งบเงินอุดหนุน": BudgetCategory.SUBSIDY,
    "other": BudgetCategory.OTHER,
    "งบรายจ่ายอื่น": BudgetCategory.OTHER,
    "": BudgetCategory.UNSPECIFIED,
    "unspecified": BudgetCategory.UNSPECIFIED,
    "ไม่ระบุ": BudgetCategory.UNSPECIFIED,
}


def parse_category(raw: Any) -> str:
    text = str(raw or "").strip().lower()
    if text not in CATEGORY_WORDS:
        raise ValueError(f"ประเภทงบประมาณ {raw!r} ไม่รู้จัก (ใช้ งบลงทุน, งบดำเนินงาน, งบเงินอุดหนุน, งบรายจ่ายอื่น)")
    return CATEGORY_WORDS[text]


def _flatten(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An e-GP record with a ``contract`` list → one flat dict per contract (or one without a contract)."""
    base = {k: v for k, v in record.items() if k != "contract"}
    contracts = record.get("contract") or []
    if isinstance(contracts, dict):
        contracts = [contracts]
    if not contracts:
        return [base]
    return [{**base, **{k: v for k, v in c.items()}} for c in contracts if isinstance(c, Mapping)]


def _get(row: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        for key in (name, f"contract_0_{name}", f"contract_{name}"):
            if key in row and row[key] not in (None, ""):
                return row[key]
    return None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def read_rows(*, data: bytes, filename: str) -> list[dict[str, Any]]:
    """The records of a CSV (UTF-8, with or without BOM) or JSON file (a list or ``{"result": [...]}``)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ProcurementInputError(f"ไฟล์ใหญ่เกิน {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProcurementInputError("ไฟล์ต้องเป็น UTF-8 (CSV หรือ JSON)") from None
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped.startswith(("{", "[")):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProcurementInputError(f"อ่าน JSON ไม่ได้: บรรทัด {exc.lineno}") from None
        except (ValueError, RecursionError):  # a number of thousands of digits, nesting thousands deep
            raise ProcurementInputError("อ่าน JSON ไม่ได้: มีตัวเลขยาวเกินไปหรือซ้อนกันลึกเกินไป") from None
        records = doc.get("result") if isinstance(doc, dict) else doc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ProcurementInputError('JSON ต้องเป็นรายการของระเบียน หรือ {"result": [...]} แบบข้อมูล e-GP')
        rows = [flat for r in records for flat in _flatten(r)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        try:
            if not reader.fieldnames or "project_name" not in [f.strip() for f in reader.fieldnames]:
                raise ProcurementInputError("CSV ต้องมีแถวหัวตาราง และมีคอลัมน์ project_name")
            rows, extra = [], []
            for number, row in enumerate(reader, start=1):
                # cells beyond the header row: DictReader files them under None, as a list
                problem = _extra_cells(reader.fieldnames, row, number)
                if problem:
                    extra.append(problem)
                rows.append({k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str)})
        except csv.Error as exc:
            raise ProcurementInputError(f"อ่าน CSV ไม่ได้: {exc}") from None
        if extra:
            raise ProcurementInputError(extra[:50])
    if not rows:
        raise ProcurementInputError("ไม่พบรายการในไฟล์")
    if len(rows) > MAX_IMPORT_ROWS:
        raise ProcurementInputError(f"นำเข้าได้ครั้งละไม่เกิน {MAX_IMPORT_ROWS:,} รายการ")
    return rows


def _extra_cells(fieldnames: list[str], row: Mapping[Any, Any], number: int) -> str:
    """The Thai problem of a CSV row with a filled cell beyond the header (blank padding is fine), or ""."""
    extra = [str(v).strip() for v in row.get(None) or []]
    if not any(extra):
        return ""
    column = len(fieldnames) + next(i for i, v in enumerate(extra) if v) + 1
    shown = next(v for v in extra if v)[:30]
    return (
        f"รายการที่ {number}: มีช่องเกินมา (คอลัมน์ที่ {column} “{shown}”) อาจมีจุลภาคในจำนวนเงินหรือข้อความที่ไม่อยู่ใน"
        'เครื่องหมายคำพูด เช่น 1,500.50 ต้องเขียนเป็น "1,500.50" หรือ 1500.50 (ใช้จุดเป็นจุดทศนิยม)'
    )


def _year(raw: Any, default_year: int) -> int:
    if raw in (None, ""):
        return default_year
    text = to_arabic_digits(str(raw)).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError(f"ปีงบประมาณ {str(raw)[:20]!r} ไม่ถูกต้อง (ใช้ปี พ.ศ. เช่น 2568)")
    year = int(text)
    return year + BE_OFFSET if year < 2400 else year


def _row_values(row: Mapping[str, Any], default_year: int) -> dict[str, Any]:
    name = str(_get(row, "project_name") or "").strip()
    if not name:
        raise ValueError("ไม่มีชื่อโครงการ (project_name)")
    method = str(_get(row, "purchase_method_name", "purchase_method") or "").strip()
    if not method:
        raise ValueError("ไม่มีวิธีจัดหา (purchase_method_name)")
    money = parse_money(_get(row, "project_money"))
    if money is None:
        raise ValueError("ไม่มีวงเงินงบประมาณ (project_money)")
    year_raw = _get(row, "budget_year", "fiscal_year")
    year = _year(year_raw, default_year)
    if not 2500 <= year <= 2700:
        raise ValueError(f"ปีงบประมาณ {year_raw!r} ไม่ถูกต้อง")
    return {
        "fiscal_year": year,
        "project_id": str(_get(row, "project_id") or "").strip()[:40],
        "project_name": name[:500],
        "project_type": str(_get(row, "project_type_name", "project_type") or "").strip()[:100],
        "purchase_method": method[:200],
        "budget_category": parse_category(_get(row, "budget_category")),
        "project_money": money,
        "price_build": parse_money(_get(row, "price_build")),
        "price_agree": parse_money(_get(row, "price_agree", "sum_price_agree")),
        "winner": str(_get(row, "winner") or "").strip()[:300],
        "winner_tin": re.sub(r"\D", "", str(_get(row, "winner_tin") or ""))[:20],
        "contract_no": str(_get(row, "contract_no") or "").strip()[:100],
        "contract_date": parse_date(_get(row, "contract_date")),
        "contract_finish_date": parse_date(_get(row, "contract_finish_date")),
        "announce_date": parse_date(_get(row, "announce_date")),
        "project_status": str(_get(row, "project_status") or "").strip()[:100],
        "reason": str(_get(row, "reason") or "").strip()[:500],
    }


@transaction.atomic
def contracts_import(*, agency: Agency, actor: Any, data: bytes, filename: str, default_year: int) -> ImportResult:
    rows = read_rows(data=data, filename=filename)
    values, problems = [], []
    for number, row in enumerate(rows, start=1):
        try:
            values.append(_row_values(row, default_year))
        except ValueError as exc:
            problems.append(f"รายการที่ {number}: {exc}")
    if problems:
        raise ProcurementInputError(problems[:50])
    created = updated = unchanged = 0
    for v in values:
        existing = None
        if v["project_id"]:
            existing = Contract.objects.filter(
                agency=agency, project_id=v["project_id"], contract_no=v["contract_no"]
            ).first()
        if existing is None:
            Contract.objects.create(agency=agency, **v)
            created += 1
        elif any(getattr(existing, k) != val for k, val in v.items()):
            for k, val in v.items():
                setattr(existing, k, val)
            existing.save()
            updated += 1
        else:
            unchanged += 1
    if created or updated:
        audit_record(
            actor=actor,
            agency=agency,
            action="procurement.imported",
            target=None,
            before=None,
            after={"file": filename[:200], "rows": len(values), "created": created, "updated": updated},
        )
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
