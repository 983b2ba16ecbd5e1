"""The results template: a blank .xlsx or .csv that Prongsai exports and reads back (``prongsai import``).

An agency that holds its ITA results only on paper, or in a form no reader handles, types them into this template.

XLSX layout
    Sheet ``ผลการประเมิน`` (results). Row 1 has Thai headers, row 2 English ones. From row 3 each row is one item:
    column A its key (``agency_name``, ``fiscal_year``, ``overall_score``, ``IIT``, ``indicator_1`` …; do not edit),
    B the Thai label (indicator names prefilled), C a note on what to type, and D, E, F … the values, one column per
    set of results (ชุดที่ 1, 2, 3 …, e.g. one per year). A set whose cells are all blank is ignored.

    Sheet ``ข้อคำถาม`` (question scores). Row 1 Thai headers, row 2 English; from row 3 one question per row:
    A code (e.g. i4, E1), B question text, C indicator number 1–10, D instrument IIT/EIT/OIT, E score 0–100,
    F the set number it belongs to (blank = 1).

CSV layout (one set of results; written as UTF-8 with BOM so that Excel shows Thai; read as UTF-8, UTF-16 with BOM
(Excel's tab-separated "Unicode Text" too) or cp874, which Excel on a Thai Windows writes)
    Lines whose first cell starts with ``#`` are comments. A header row ``key,value,label``, then one row per item:
    ``key,value,label`` with the value in column 2 and the label only as help. A row whose first cell is
    ``questions`` starts the question section: a header row ``code,text,indicator,instrument,score`` and then one
    row per question.

Values: blank means "not stated" (null). Numbers may use Thai digits (๘๕.๕๐) and a trailing ``%``. Scores are 0–100,
years are Buddhist-era fiscal years 2500–2700 (``พ.ศ. ๒๕๖๘`` is fine; a Gregorian year such as 2025 is refused
with a hint), indicators 1–10, instruments IIT/EIT/OIT. Every error names the sheet, row and cell (or the CSV line
and column), and all errors are reported together.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from prongsai.core.documents.model import Agency, Overall, ParsedDocument, QuestionScore
from prongsai.core.documents.read._common import MAX_BYTES, check_zip, display_name
from prongsai.core.errors import DocumentError, ProngsaiError
from prongsai.core.thai import to_arabic_digits

RESULTS_SHEET = "ผลการประเมิน"
QUESTIONS_SHEET = "ข้อคำถาม"
INSTRUMENTS = ("IIT", "EIT", "OIT")
INDICATORS = range(1, 11)
VALUE_COLUMN = 4  # D: the first set of results
TEMPLATE_SETS = 3  # value columns in a blank xlsx template
MAX_SETS = 30
MAX_ROWS = 5_000  # rows read from one sheet; a filled template has a few hundred at most
FIRST_DATA_ROW = 3
QUESTIONS_MARKER = "questions"
FONT = "TH Sarabun New"  # the government standard; Excel falls back to a Thai font when it is missing

FieldKind = Literal["text", "year", "score"]


@dataclass(frozen=True)
class _Field:
    key: str
    th: str
    en: str
    kind: FieldKind


_BASE_FIELDS = (
    _Field("agency_name", "ชื่อหน่วยงาน (ชื่อเต็ม)", "Agency name (in full)", "text"),
    _Field("district", "อำเภอ", "District", "text"),
    _Field("province", "จังหวัด", "Province", "text"),
    _Field("fiscal_year", "ปีงบประมาณของผลการประเมิน (พ.ศ.)", "Fiscal year of the results (B.E.)", "year"),
    _Field("document_year", "ปีงบประมาณของเอกสาร (พ.ศ.)", "Fiscal year the document is for (B.E.)", "year"),
    _Field("overall_score", "คะแนนรวม", "Overall score", "score"),
    _Field("level", "ระดับผลการประเมิน (ตามที่เขียน เช่น A, AA, ผ่าน)", "Level, as written", "text"),
)
_INSTRUMENT_TH = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    "OIT": "แบบตรวจการเปิดเผยข้อมูลสาธารณะ",
}
_NOTES: dict[FieldKind, tuple[str, str]] = {
    "text": ("ข้อความ", "text"),
    "year": ("ปี พ.ศ. เช่น 2568", "B.E. year, e.g. 2568"),
    "score": ("ตัวเลข 0–100", "number 0–100"),
}
_YEAR_ONLY = {"fiscal_year", "document_year"}


def _default_indicator_names(fiscal_year: int | None) -> dict[int, str]:
    """Indicator names from the framework of that year (or the newest one); none if frameworks fail to load."""
    try:
        from prongsai.core.frameworks import default_registry

        registry = default_registry()
        years = registry.years()
        framework = registry.get(fiscal_year if fiscal_year in years else max(years))
        return {i.number: i.name_th for i in framework.indicators.items}
    except (ProngsaiError, ValueError, OSError):
        return {}


def _fields(fiscal_year: int | None, indicator_names: dict[int, str] | None) -> list[_Field]:
    names = indicator_names if indicator_names is not None else _default_indicator_names(fiscal_year)
    fields = list(_BASE_FIELDS)
    fields += [_Field(code, f"คะแนน {code} ({_INSTRUMENT_TH[code]})", f"{code} score", "score") for code in INSTRUMENTS]
    for n in INDICATORS:
        name = (names or {}).get(n)
        th = f"ตัวชี้วัดที่ {n} {name}" if name else f"ตัวชี้วัดที่ {n}"
        fields.append(_Field(f"indicator_{n}", th, f"Indicator {n}", "score"))
    return fields


_FIELD_BY_KEY = {f.key: f for f in _fields(None, {})}

# --- export ---------------------------------------------------------------------------------------


def export_template(
    path: Path | str,
    *,
    fiscal_year: int | None = None,
    indicator_names: dict[int, str] | None = None,
) -> Path:
    """Write a blank results template, .xlsx or .csv by the path's extension; returns the path.

    ``fiscal_year`` (B.E.) is prefilled in the first set and picks the framework whose indicator names are shown;
    ``indicator_names`` ({1: "การปฏิบัติหน้าที่", …}) overrides them.
    """
    path = Path(path)
    if fiscal_year is not None:
        try:
            _year(fiscal_year)  # refuse 2025 early, with the same message as on import
        except _Invalid as exc:
            raise DocumentError(exc.th, exc.en) from exc
    fields = _fields(fiscal_year, indicator_names)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _export_xlsx(path, fields, fiscal_year)
    elif suffix == ".csv":
        _export_csv(path, fields, fiscal_year)
    else:
        raise DocumentError(
            f"แม่แบบต้องเป็น .xlsx หรือ .csv (ได้ “{display_name(path.name)}”)",
            f"the template must be .xlsx or .csv (got “{display_name(path.name)}”)",
        )
    return path


def _export_xlsx(path: Path, fields: list[_Field], fiscal_year: int | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header_font = Font(name=FONT, size=14, bold=True)
    body_font = Font(name=FONT, size=14)
    note_font = Font(name=FONT, size=12, italic=True, color="666666")
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    value_fill = PatternFill("solid", fgColor="FFF9DB")

    wb = Workbook()
    ws = wb.active
    ws.title = RESULTS_SHEET
    sets = [f"ชุดที่ {i}" for i in range(1, TEMPLATE_SETS + 1)]
    ws.append(["รหัส (ห้ามแก้)", "รายการ", "คำอธิบาย", *sets])
    ws.append(["Key (do not edit)", "Item", "Note", *(f"Set {i}" for i in range(1, TEMPLATE_SETS + 1))])
    for f in fields:
        th, en = _NOTES[f.kind]
        ws.append([f.key, f.th, f"{th} / {en}"])
    last_value_col = VALUE_COLUMN + TEMPLATE_SETS - 1
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=last_value_col):
        for cell in row:
            if cell.row <= 2:
                cell.font, cell.fill = header_font, header_fill
            elif cell.column >= VALUE_COLUMN:
                cell.font, cell.fill = body_font, value_fill
            else:
                cell.font = note_font if cell.column == 3 else body_font
            cell.alignment = Alignment(vertical="center", wrap_text=cell.column == 2)
    if fiscal_year is not None:
        row = FIRST_DATA_ROW + [f.key for f in fields].index("fiscal_year")
        ws.cell(row=row, column=VALUE_COLUMN, value=fiscal_year)
    first, last = get_column_letter(VALUE_COLUMN), get_column_letter(last_value_col)
    scores = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True, errorStyle="warning"
    )
    scores.error, scores.errorTitle = "คะแนนต้องอยู่ระหว่าง 0 ถึง 100", "คะแนนไม่ถูกต้อง"
    years = DataValidation(
        type="whole", operator="between", formula1="2500", formula2="2700", allow_blank=True, errorStyle="warning"
    )
    years.error, years.errorTitle = "ใช้ปี พ.ศ. เช่น 2568 (ไม่ใช่ ค.ศ.)", "ปีไม่ถูกต้อง"
    for i, f in enumerate(fields):
        row = FIRST_DATA_ROW + i
        if f.kind == "score":
            scores.add(f"{first}{row}:{last}{row}")
        elif f.kind == "year":
            years.add(f"{first}{row}:{last}{row}")
        if f.kind == "score":
            for col in range(VALUE_COLUMN, last_value_col + 1):
                ws.cell(row=row, column=col).number_format = "0.00"
    ws.add_data_validation(scores)
    ws.add_data_validation(years)
    for col, width in zip("ABC", (16, 60, 26), strict=True):
        ws.column_dimensions[col].width = width
    for col in range(VALUE_COLUMN, last_value_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 22
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=VALUE_COLUMN)

    qs = wb.create_sheet(QUESTIONS_SHEET)
    qs.append(["รหัสข้อ", "ข้อคำถาม", "ตัวชี้วัด (1–10)", "เครื่องมือ (IIT/EIT/OIT)", "คะแนน (0–100)", "ชุดที่ (ว่าง = 1)"])
    qs.append(["Code", "Question", "Indicator (1–10)", "Instrument", "Score (0–100)", "Set (blank = 1)"])
    for row in qs.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    instruments = DataValidation(type="list", formula1='"IIT,EIT,OIT"', allow_blank=True, errorStyle="warning")
    instruments.add("D3:D2000")
    indicators = DataValidation(
        type="whole", operator="between", formula1="1", formula2="10", allow_blank=True, errorStyle="warning"
    )
    indicators.add("C3:C2000")
    question_scores = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True, errorStyle="warning"
    )
    question_scores.add("E3:E2000")
    for dv in (instruments, indicators, question_scores):
        qs.add_data_validation(dv)
    for col, width in zip("ABCDEF", (10, 70, 14, 16, 14, 14), strict=True):
        qs.column_dimensions[col].width = width
    qs.freeze_panes = "A3"
    wb.save(path)


_CSV_HELP = [
    "# แม่แบบผลการประเมิน ITA ของ Prongsai: กรอกค่าในคอลัมน์ value (คอลัมน์ที่ 2) เว้นว่างได้ถ้าไม่มีข้อมูล",
    "# Prongsai ITA results template: fill column 2 (value); leave blank what the document does not state.",
    "# คะแนน 0–100 ใช้เลขไทยได้ ปีใช้ พ.ศ. ข้อคำถามกรอกใต้บรรทัด questions: code,text,indicator,instrument,score",
    "# Scores 0–100 (Thai digits allowed), years in B.E.; one question per row below the 'questions' line.",
]


def _export_csv(path: Path, fields: list[_Field], fiscal_year: int | None) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in _CSV_HELP:
        writer.writerow([line])
    writer.writerow(["key", "value", "label"])
    for f in fields:
        value = str(fiscal_year) if f.key == "fiscal_year" and fiscal_year is not None else ""
        th, en = _NOTES[f.kind]
        writer.writerow([f.key, value, f"{f.th} / {f.en} ({th} / {en})"])
    writer.writerow([QUESTIONS_MARKER, "", "ข้อคำถาม / Question scores"])
    writer.writerow(["code", "text", "indicator", "instrument", "score"])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


# --- import ---------------------------------------------------------------------------------------


class _Problems:
    """Errors gathered over a whole file, raised together."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[str, str]] = []

    def add(self, where: tuple[str, str], th: str, en: str) -> None:
        self.items.append((f"{where[0]}: {th}", f"{where[1]}: {en}"))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:20]
        more = len(self.items) - len(shown)
        th = "\n".join(f"- {t}" for t, _ in shown) + (f"\n- และอีก {more} รายการ" if more else "")
        en = "\n".join(f"- {e}" for _, e in shown) + (f"\n- and {more} more" if more else "")
        name = display_name(self.source)
        raise DocumentError(
            f"แม่แบบผลการประเมิน “{name}” มีข้อผิดพลาด {len(self.items)} รายการ:\n{th}",
            f"the results template “{name}” has {len(self.items)} error(s):\n{en}",
        )


class _Invalid(ValueError):
    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th, self.en = th, en


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_COMMA_NUMBER = re.compile(r"([0-9]+),([0-9]{1,2})")
_INVISIBLE = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not _INVISIBLE.sub("", value))


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise _Invalid(f"ต้องเป็นตัวเลข (ได้ {value})", f"must be a number (got {value})")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = _INVISIBLE.sub("", to_arabic_digits(value)).removesuffix("%")
        comma = _COMMA_NUMBER.fullmatch(text)
        if comma:
            point = f"{comma.group(1)}.{comma.group(2)}"
            raise _Invalid(f"ใช้จุดเป็นจุดทศนิยม เช่น {point} (ได้ “{text}”)", f"use a decimal point, e.g. {point}")
        if not _NUMBER.fullmatch(text):
            raise _Invalid(f"ต้องเป็นตัวเลข (ได้ “{value.strip()[:40]}”)", f"must be a number (got {value.strip()[:40]!r})")
        number = float(text)
    else:
        raise _Invalid(f"ต้องเป็นตัวเลข (ได้ {value!s:.40})", f"must be a number (got {value!s:.40})")
    if not math.isfinite(number):
        raise _Invalid("ต้องเป็นตัวเลข", "must be a finite number")
    return number


def _score(value: Any) -> float:
    number = _number(value)
    if not 0 <= number <= 100:
        raise _Invalid(f"คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (ได้ {number:g})", f"a score must be 0–100 (got {number:g})")
    return number


def _integer(value: Any) -> int:
    if isinstance(value, str):
        value = re.sub(r"^\s*(?:พ\s*\.\s*ศ\s*\.?|ปี)\s*", "", value)
    number = _number(value)
    if number != int(number):
        raise _Invalid(f"ต้องเป็นจำนวนเต็ม (ได้ {number:g})", f"must be a whole number (got {number:g})")
    return int(number)


def _year(value: Any) -> int:
    year = _integer(value)
    if 1900 <= year <= 2300:
        raise _Invalid(
            f"ปี {year} เป็นปี ค.ศ. กรุณาใช้ปี พ.ศ. (เช่น {year + 543})",
            f"{year} is a Gregorian year; use the Buddhist-era year (e.g. {year + 543})",
        )
    if not 2500 <= year <= 2700:
        raise _Invalid(
            f"ปีงบประมาณต้องเป็นปี พ.ศ. 2500–2700 (ได้ {year})",
            f"the fiscal year must be a B.E. year 2500–2700 (got {year})",
        )
    return year


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _indicator(value: Any) -> int:
    number = _integer(value)
    if number not in INDICATORS:
        raise _Invalid(f"ตัวชี้วัดต้องเป็นเลข 1–10 (ได้ {number})", f"the indicator must be 1–10 (got {number})")
    return number


def _instrument(value: Any) -> str:
    code = _INVISIBLE.sub("", str(value)).upper()
    if code not in INSTRUMENTS:
        raise _Invalid(
            f"เครื่องมือต้องเป็น IIT, EIT หรือ OIT (ได้ “{str(value).strip()[:20]}”)",
            f"the instrument must be IIT, EIT or OIT (got {str(value).strip()[:20]!r})",
        )
    return code


def _set_number(value: Any) -> int:
    number = _integer(value)
    if not 1 <= number <= MAX_SETS:
        raise _Invalid(f"ชุดที่ต้องเป็นเลข 1–{MAX_SETS} (ได้ {number})", f"the set must be 1–{MAX_SETS} (got {number})")
    return number


_PARSE = {"text": _text, "year": _year, "score": _score}


@dataclass
class _Set:
    values: dict[str, Any]
    questions: list[QuestionScore]


def _checked(problems: _Problems, where: tuple[str, str], parse, value: Any) -> Any:
    try:
        return parse(value)
    except _Invalid as exc:
        problems.add(where, exc.th, exc.en)
        return None


def _question(problems: _Problems, cells: list[Any], where) -> QuestionScore | None:
    """cells: code, text, indicator, instrument, score; where(i) gives the location of cell i."""
    code, text, indicator, instrument, score = (list(cells) + [None] * 5)[:5]
    if _blank(text):
        problems.add(where(1), "ต้องมีข้อความข้อคำถาม", "the question text is missing")
    parsed_indicator = None if _blank(indicator) else _checked(problems, where(2), _indicator, indicator)
    parsed_instrument = None if _blank(instrument) else _checked(problems, where(3), _instrument, instrument)
    if _blank(score):
        problems.add(where(4), "ต้องมีคะแนน", "the score is missing")
    parsed_score = None if _blank(score) else _checked(problems, where(4), _score, score)
    if _blank(text) or parsed_score is None:
        return None
    return QuestionScore(
        code=None if _blank(code) else _text(code),
        text=_text(text),
        indicator=parsed_indicator,
        instrument=parsed_instrument,
        score=parsed_score,
    )


def _document(source: str, s: _Set) -> ParsedDocument:
    v = s.values
    return ParsedDocument(
        source=source,
        agency=Agency(name=v.get("agency_name"), district=v.get("district"), province=v.get("province")),
        fiscal_year=v.get("fiscal_year"),
        document_year=v.get("document_year"),
        overall=Overall(score=v.get("overall_score"), level=v.get("level")),
        instruments={code: v[code] for code in INSTRUMENTS if v.get(code) is not None},
        indicators={str(n): v[f"indicator_{n}"] for n in INDICATORS if v.get(f"indicator_{n}") is not None},
        questions=s.questions,
    )


def _documents(source: str, sets: dict[int, _Set]) -> list[ParsedDocument]:
    docs = [
        _document(source, s)
        for _, s in sorted(sets.items())
        if s.questions or any(value is not None for key, value in s.values.items() if key not in _YEAR_ONLY)
    ]
    if not docs:
        name = display_name(source)
        raise DocumentError(
            f"แม่แบบผลการประเมิน “{name}” ยังไม่ได้กรอกผลการประเมิน",
            f"the results template “{name}” has no results filled in",
        )
    return docs


def import_results(path: Path | str, *, max_bytes: int = MAX_BYTES) -> list[ParsedDocument]:
    """Read a filled template (.xlsx or .csv): one ParsedDocument per set of results, ``source`` = the path."""
    source = str(path)
    p = Path(path)
    name = display_name(source)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise DocumentError(f"“{name}” ไม่ใช่ไฟล์", f"“{name}” is not a file")
        if size > max_bytes:
            raise DocumentError(
                f"ไฟล์ “{name}” ใหญ่เกินกำหนด ({size / 1e6:,.1f} MB)", f"“{name}” is too large ({size / 1e6:,.1f} MB)"
            )
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"ไม่พบไฟล์ “{name}”", f"file not found: “{name}”") from exc
    except OSError as exc:
        raise DocumentError(f"เปิดไฟล์ “{name}” ไม่ได้", f"cannot open “{name}”: {exc.strerror or exc}") from exc
    suffix = p.suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".xlsx":
        return _import_xlsx(data, source)
    if suffix == ".csv":
        return _import_csv(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            f"“{name}” เป็นไฟล์ Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx",
            f"“{name}” is an old Excel (.xls) file; save it as .xlsx",
        )
    raise DocumentError(
        f"แม่แบบผลการประเมินต้องเป็น .xlsx หรือ .csv (ได้ “{name}”)",
        f"the results template must be .xlsx or .csv (got “{name}”)",
    )


# --- xlsx -----------------------------------------------------------------------------------------


def _rows(ws, max_col: int, source: str) -> Iterable[tuple[int, list[Any]]]:
    """(row number, values padded to max_col) for each row; a filled row past MAX_ROWS is an error."""
    for number, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
        values = list(row)[:max_col]
        if number > MAX_ROWS:
            if any(not _blank(v) for v in values):
                name = display_name(source)
                raise DocumentError(
                    f"ชีต “{ws.title}” ในไฟล์ “{name}” มีเกิน {MAX_ROWS:,} แถว",
                    f"sheet “{ws.title}” in “{name}” has more than {MAX_ROWS:,} rows",
                )
            continue
        yield number, values + [None] * (max_col - len(values))


def _import_xlsx(data: bytes, source: str) -> list[ParsedDocument]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    name = display_name(source)
    corrupt = DocumentError(
        f"ไฟล์ Excel “{name}” เสียหายหรือไม่ใช่ไฟล์ .xlsx เปิดไม่ได้",
        f"the Excel file “{name}” is corrupt or not an .xlsx file",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip(zf, source, " Excel", "Excel")
            if "xl/workbook.xml" not in zf.namelist():
                raise corrupt
    except DocumentError:
        raise
    except Exception as exc:
        raise corrupt from exc

    problems = _Problems(source)
    sets: dict[int, _Set] = {}
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise corrupt from exc
    try:
        if RESULTS_SHEET not in wb.sheetnames:
            found = ", ".join(wb.sheetnames[:10])
            raise DocumentError(
                f"ไฟล์ “{name}” ไม่มีชีต “{RESULTS_SHEET}” (มี: {found}) กรุณาใช้แม่แบบที่ส่งออกจาก Prongsai",
                f"“{name}” has no sheet “{RESULTS_SHEET}” (found: {found}); use the template Prongsai exports",
            )
        ws = wb[RESULTS_SHEET]
        ws.reset_dimensions()  # ignore a declared size; read only the rows the file holds
        seen: dict[str, int] = {}
        max_col = VALUE_COLUMN + MAX_SETS - 1
        for row, values in _rows(ws, max_col, source):
            key = values[0].strip() if isinstance(values[0], str) else values[0]
            field = _FIELD_BY_KEY.get(key) if isinstance(key, str) else None
            filled = [(i, v) for i, v in enumerate(values[VALUE_COLUMN - 1 :]) if not _blank(v)]
            if field is None:
                if filled and row >= FIRST_DATA_ROW and not _blank(key):
                    where = (
                        f"ชีต “{RESULTS_SHEET}” แถว {row} เซลล์ A{row}",
                        f"sheet “{RESULTS_SHEET}” row {row} cell A{row}",
                    )
                    problems.add(where, f"ไม่รู้จักรหัส “{key!s:.30}”", f"unknown key {key!s:.30}")
                continue
            if key in seen:
                where = (
                    f"ชีต “{RESULTS_SHEET}” แถว {row} เซลล์ A{row}",
                    f"sheet “{RESULTS_SHEET}” row {row} cell A{row}",
                )
                problems.add(where, f"รหัส “{key}” ซ้ำกับแถว {seen[key]}", f"key {key} repeats row {seen[key]}")
                continue
            seen[key] = row
            for offset, value in filled:
                cell = f"{get_column_letter(VALUE_COLUMN + offset)}{row}"
                where = (
                    f"ชีต “{RESULTS_SHEET}” แถว {row} เซลล์ {cell}",
                    f"sheet “{RESULTS_SHEET}” row {row} cell {cell}",
                )
                parsed = _checked(problems, where, _PARSE[field.kind], value)
                sets.setdefault(offset + 1, _Set({}, [])).values[key] = parsed
        if QUESTIONS_SHEET in wb.sheetnames:
            qs = wb[QUESTIONS_SHEET]
            qs.reset_dimensions()
            for row, values in _rows(qs, 6, source):
                if row < FIRST_DATA_ROW or all(_blank(v) for v in values):
                    continue

                def where(i: int, row: int = row) -> tuple[str, str]:
                    cell = f"{'ABCDEF'[i]}{row}"
                    return (
                        f"ชีต “{QUESTIONS_SHEET}” แถว {row} เซลล์ {cell}",
                        f"sheet “{QUESTIONS_SHEET}” row {row} cell {cell}",
                    )

                question = _question(problems, values[:5], where)
                number = 1 if _blank(values[5]) else _checked(problems, where(5), _set_number, values[5])
                if question is not None and number is not None:
                    sets.setdefault(number, _Set({}, [])).questions.append(question)
    except DocumentError:
        raise
    except Exception as exc:
        raise corrupt from exc
    finally:
        wb.close()
    problems.raise_if_any()
    return _documents(source, sets)


# --- csv ------------------------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    """Comma, or TAB for tab-separated text (Excel's "Unicode Text"): judged on the first line that is not a comment."""
    for line in text.splitlines()[:50]:
        if line.strip() and not line.lstrip().startswith(("#", '"#')):
            return "\t" if "\t" in line and "," not in line else ","
    return ","


KEY_COLUMNS = 3  # key, value, label
QUESTION_COLUMNS = 5  # code, text, indicator, instrument, score
_WHOLE = re.compile(r"[0-9]+")
_CENTS = re.compile(r"[0-9]{1,2}")


def _extra_cells(problems: _Problems, cells: list[str], width: int, where, *, number_at: int | None) -> bool:
    """A row with something beyond its ``width`` columns (blank cells Excel pads rows with are fine): an error
    naming the line and column, and True. When the number at ``number_at`` is whole and the next cell one or two
    digits, it says what most likely happened: a decimal comma (``97,10``) split the number in two."""
    if number_at is not None and len(cells) > number_at + 1:
        whole, cents = to_arabic_digits(cells[number_at]), to_arabic_digits(cells[number_at + 1])
        if _WHOLE.fullmatch(whole) and _CENTS.fullmatch(cents):
            problems.add(
                where(number_at + 1),
                f"มีช่องเกินมา อาจใช้จุลภาคแทนจุดทศนิยม ({whole},{cents}) กรุณาใช้จุด เช่น {whole}.{cents}",
                f"an extra column: a decimal comma ({whole},{cents})? use a dot, e.g. {whole}.{cents}",
            )
            return True
    extra = next((i for i in range(width, len(cells)) if not _blank(cells[i])), None)
    if extra is None:
        return False
    problems.add(
        where(extra),
        f"มีช่องเกินมา (“{cells[extra][:30]}”) แต่ละบรรทัดมีได้ {width} ช่อง ข้อความที่มีจุลภาค (,) ต้องอยู่ในเครื่องหมายคำพูด",
        f"an extra column ({cells[extra][:30]!r}): a line has {width} columns; quote text that holds a comma",
    )
    return True


def _import_csv(data: bytes, source: str) -> list[ParsedDocument]:
    name = display_name(source)
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")  # Excel's "Unicode Text"
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp874")  # "CSV" saved by Excel on a Thai Windows
        except UnicodeDecodeError as exc:
            raise DocumentError(
                f"ไฟล์ CSV “{name}” เข้ารหัสอักขระไม่ถูกต้อง กรุณาบันทึกเป็น CSV UTF-8",
                f"the CSV file “{name}” has an unknown character encoding; save it as CSV UTF-8",
            ) from exc
    if "\x00" in text:
        raise DocumentError(f"“{name}” ไม่ใช่ไฟล์ CSV", f"“{name}” is not a CSV file")
    problems = _Problems(source)
    values: dict[str, Any] = {}
    questions: list[QuestionScore] = []
    seen: dict[str, int] = {}
    in_questions = False
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        for line, row in enumerate(reader, start=1):
            if line > MAX_ROWS:
                break
            cells = [c.strip() for c in row]
            if not cells or all(_blank(c) for c in cells) or cells[0].startswith("#"):
                continue
            first = cells[0]

            def where(i: int, line: int = line) -> tuple[str, str]:
                return (f"บรรทัด {line} คอลัมน์ {i + 1}", f"line {line} column {i + 1}")

            if first.lower() in (QUESTIONS_MARKER, QUESTIONS_SHEET):
                in_questions = True
                continue
            if in_questions:
                if first.lower() == "code" and len(cells) > 1 and cells[1].lower() == "text":
                    continue
                if _extra_cells(problems, cells, QUESTION_COLUMNS, where, number_at=4):
                    continue
                question = _question(problems, cells[:5], where)
                if question is not None:
                    questions.append(question)
                continue
            if first.lower() == "key":
                continue
            field = _FIELD_BY_KEY.get(first)
            value = cells[1] if len(cells) > 1 else ""
            if field is None:
                if not _blank(value):
                    problems.add(where(0), f"ไม่รู้จักรหัส “{first[:30]}”", f"unknown key {first[:30]!r}")
                continue
            if first in seen:
                problems.add(
                    where(0), f"รหัส “{first}” ซ้ำกับบรรทัด {seen[first]}", f"key {first} repeats line {seen[first]}"
                )
                continue
            seen[first] = line
            if _extra_cells(problems, cells, KEY_COLUMNS, where, number_at=1 if field.kind == "score" else None):
                continue
            if not _blank(value):
                values[first] = _checked(problems, where(1), _PARSE[field.kind], value)
    except csv.Error as exc:
        raise DocumentError(f"ไฟล์ CSV “{name}” มีรูปแบบไม่ถูกต้อง", f"the CSV file “{name}” is malformed: {exc}") from exc
    problems.raise_if_any()
    return _documents(source, {1: _Set(values, questions)})
