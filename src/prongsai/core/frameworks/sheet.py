"""Reading the year's OIT item list that an officer typed from the NACC manual into Excel or CSV.

The sheet has one row per OIT item under a header row that names its columns, in Thai or English, in any
order (see `COLUMN_NAMES`): code (ข้อ) and title (ชื่อข้อ) are required to find the header; the sub-indicator
(ตัวชี้วัดย่อย) is required for every item; the sub-indicator name, the required parts and the period are
optional. Title rows above the header and blank rows anywhere are skipped. A blank sub-indicator cell takes
the value of the item above (Excel merged cells leave only the top cell filled).

Values: codes "O1", "o1", "O 1", "O๑", "o.1", "O-01" and a bare "1" are all "O1"; Thai digits are read
anywhere. A sub-indicator typed as text keeps its digits ("9.10" stays "9.10"); one that Excel stored as a
number is read back as the shortest decimal of that number, so a numeric 9.1 and a numeric 9.10 are both
"9.1" (the file cannot tell them apart: format the column as text when a year has a 9.10).

Nothing is evaluated: an XLSX formula, or a CSV cell that starts with = + - @ and is not a plain number, is
refused. Every problem found is collected and raised together as a `SheetError` naming its row.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from prongsai.core.errors import FrameworkError
from prongsai.core.frameworks.loader import framework_as_raw
from prongsai.core.frameworks.schema import Framework
from prongsai.core.thai import to_arabic_digits

MAX_SHEET_BYTES = 5_000_000
MAX_UNCOMPRESSED_BYTES = 50_000_000  # an XLSX is a zip: its members together, once inflated
MAX_ZIP_MEMBERS = 1_000
MAX_ITEMS = 2_000
MAX_ROWS = 100_000  # rows read per sheet, blank ones included
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 50  # the header must be among a sheet's first non-blank rows
MAX_PROBLEMS = 500  # parsing stops after this many
MAX_LISTED_PROBLEMS = 20  # in the error's summary text; `.problems` holds them all

# Column names as people write them, after `_header_key` (lower case, NFKC, no spaces, _ or -).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "code": ("ข้อ", "code", "รหัส", "รหัสข้อ", "ข้อที่", "itemcode", "item", "oit"),
    "title": ("ชื่อข้อ", "title", "รายการ", "ชื่อรายการ", "titleth", "ชื่อ", "ประเด็น"),
    "subindicator": ("ตัวชี้วัดย่อย", "subindicator", "รหัสตัวชี้วัดย่อย", "ตัวชี้วัดย่อยที่"),
    "subindicator_title": ("ชื่อตัวชี้วัดย่อย", "subindicatortitle", "subindicatorname"),
    "required_parts": ("ส่วนประกอบที่ต้องมี", "requiredparts", "ส่วนประกอบ", "องค์ประกอบ", "รายละเอียดที่ต้องมี"),
    "period": ("ช่วงเวลา", "period", "ปีของข้อมูล", "ช่วงเวลาของข้อมูล"),
}
COLUMN_TH = {
    "code": "ข้อ", "title": "ชื่อข้อ", "subindicator": "ตัวชี้วัดย่อย", "subindicator_title": "ชื่อตัวชี้วัดย่อย",
    "required_parts": "ส่วนประกอบที่ต้องมี", "period": "ช่วงเวลา",
}
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    "current": ("current", "ปีปัจจุบัน", "ปีที่ประเมิน", "ปีงบประมาณปัจจุบัน", "ปีงบประมาณที่ประเมิน", "ปีนี้"),
    "previous": ("previous", "ปีก่อนหน้า", "ปีที่แล้ว", "ปีก่อน", "ปีงบประมาณก่อนหน้า", "ปีที่ผ่านมา"),
    "current_or_previous": (
        "current_or_previous", "ปีปัจจุบันหรือปีก่อนหน้า", "ปีที่ประเมินหรือปีก่อนหน้า", "ปีปัจจุบันหรือปีที่แล้ว",
        "ปีก่อนหน้าหรือปีปัจจุบัน",
    ),
    "any": ("any", "ไม่จำกัด", "ไม่กำหนด", "ใดก็ได้", "ปีใดก็ได้", "ทุกปี", "ไม่ระบุ"),
}


# --- results and errors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    row: int | None  # 1-based, as the spreadsheet shows it; None: the whole file
    column: str | None  # the header as written in the file, or None
    message_th: str
    message_en: str
    sheet: str | None = None

    def text_th(self) -> str:
        """'แถวที่ 7 (ชื่อข้อ): ไม่มีชื่อข้อ'."""
        where = f"แถวที่ {self.row}" if self.row is not None else ""
        if self.column:
            where += f" ({self.column})" if where else f"คอลัมน์ {self.column}"
        return f"{where}: {self.message_th}" if where else self.message_th

    def text_en(self) -> str:
        where = f"row {self.row}" if self.row is not None else ""
        if self.column:
            where += f" ({self.column})" if where else f"column {self.column}"
        return f"{where}: {self.message_en}" if where else self.message_en


class SheetError(FrameworkError):
    """The sheet cannot be used. `.th`/`.en` summarise; `.problems` lists every problem found."""

    def __init__(self, problems: list[SheetProblem], *, filename: str = "") -> None:
        self.problems = list(problems)
        name = f" {filename}" if filename else ""
        shown = self.problems[:MAX_LISTED_PROBLEMS]
        more = len(self.problems) - len(shown)
        if len(self.problems) == 1 and self.problems[0].row is None:
            th = f"อ่านตารางรายการข้อ OIT{name} ไม่ได้: {self.problems[0].text_th()}"
            en = f"cannot read the OIT item sheet{name}: {self.problems[0].text_en()}"
        else:
            th = f"ตารางรายการข้อ OIT{name} มีปัญหา {len(self.problems)} รายการ แก้ไขแล้วนำเข้าใหม่:\n" + "\n".join(
                f"  - {p.text_th()}" for p in shown
            )
            en = f"the OIT item sheet{name} has {len(self.problems)} problem(s):\n" + "\n".join(
                f"  - {p.text_en()}" for p in shown
            )
            if more:
                th += f"\n  … และอีก {more} รายการ"
                en += f"\n  … and {more} more"
        super().__init__(th, en)


@dataclass(frozen=True)
class SheetItem:
    row: int
    code: str  # normalised: "O1"
    title_th: str
    subindicator: str  # "9.1"
    subindicator_title: str | None
    required_parts: list[str] = field(default_factory=list)
    period: str | None = None  # current | previous | current_or_previous | any


@dataclass(frozen=True)
class OitSheet:
    sheet_name: str | None  # None for CSV
    header_row: int
    items: list[SheetItem]
    notes: list[str]  # Thai, for the review page


# --- cell values -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Formula:
    text: str


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
_HEADER_DROP = re.compile(r"[\s_\-–—]+")
_HEADER_TRAIL = re.compile(r"[\s:：.。,;*#?!\"'()（）\[\]]+$")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_CODE = re.compile(r"^(?:O|โอ)?\s*[.\-–—_:#]?\s*(\d{1,4})\s*[.:]?$")
_SUB = re.compile(r"^(?:ตัวชี้วัดย่อย(?:ที่)?|sub-?indicator)?\s*(\d{1,2})\s*\.\s*(\d{1,2})(?:\s+(.+))?$", re.S | re.I)
_PART_SPLIT = re.compile(r"[\n;•●▪◦·]+")
_PART_BULLET = re.compile(r"^[\s\-–—*]+")


def _clean_text(text: str) -> str:
    """NFC, no zero-width characters, NBSP as a space, ำ composed (PDF copies split it), one space between words."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).replace("\u00a0", " ")
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return text.strip()


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", _clean_text(text)).lower()
    text = re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", text)  # "ข้อ (code)" → "ข้อ"
    text = _HEADER_TRAIL.sub("", text)
    return _HEADER_DROP.sub("", text)


_COLUMN_OF = {_header_key(name): col for col, names in COLUMN_NAMES.items() for name in names}
_PERIOD_OF = {_header_key(w): p for p, words in PERIOD_WORDS.items() for w in words}


def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0 and floats as their shortest decimal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _Formula):
        return value.text
    return _clean_text(str(value))


def _blank(value: Any) -> bool:
    return _text(value) == ""


def normalise_code(value: Any) -> str | None:
    """'O1', 'o1', 'O 1', 'O๑', 'o.1', 'O-01', '1' → 'O1'; None when it is not an OIT item code."""
    text = unicodedata.normalize("NFKC", to_arabic_digits(_text(value))).upper().strip()
    match = _CODE.match(text)
    if not match or not 1 <= int(match.group(1)) <= 999:
        return None
    return f"O{int(match.group(1))}"


def normalise_subindicator(value: Any) -> tuple[str, str | None] | None:
    """'9.1', '๙.๑', 9.1 (a number) → ('9.1', None); '9.1 ข้อมูลพื้นฐาน' → ('9.1', 'ข้อมูลพื้นฐาน'); None if malformed."""
    match = _SUB.match(to_arabic_digits(_text(value)))
    if not match:
        return None
    major, minor = int(match.group(1)), int(match.group(2))
    if major < 1:
        return None
    name = _one_line(match.group(3)) if match.group(3) else None
    return f"{major}.{minor}", name or None


def split_parts(value: Any) -> list[str]:
    """Required parts in one cell, one per line or separated by ; or bullets."""
    parts = (_PART_BULLET.sub("", p).strip() for p in _PART_SPLIT.split(_text(value)))
    return [_one_line(p) for p in parts if p]


# --- reading the grid --------------------------------------------------------------------------------------


def _problem(row: int | None, column: str | None, th: str, en: str, sheet: str | None = None) -> SheetProblem:
    return SheetProblem(row, column, th, en, sheet)


def _fail(th: str, en: str, filename: str) -> SheetError:
    return SheetError([SheetProblem(None, None, th, en)], filename=filename)


@dataclass
class _Grid:
    name: str | None
    rows: list[list[Any]]  # rows[0] is spreadsheet row 1
    notes: list[str] = field(default_factory=list)
    too_long: bool = False
    empty: bool | None = None  # None: look at the cells

    def is_empty(self) -> bool:
        return self.empty if self.empty is not None else all(_blank(v) for row in self.rows for v in row)


def _check_zip(data: bytes, filename: str) -> None:
    """Refuse a zip that is not a workbook or that inflates beyond MAX_UNCOMPRESSED_BYTES (zip bombs)."""
    not_excel = _fail(
        "ไม่ใช่ไฟล์ Excel ที่อ่านได้ (ต้องเป็น .xlsx ที่ไม่ได้ตั้งรหัสผ่าน ไฟล์ .xls รุ่นเก่าให้บันทึกเป็น .xlsx ก่อน)",
        "not a readable Excel file (an .xlsx without a password is needed; save an old .xls as .xlsx)",
        filename,
    )
    too_big = _fail(
        f"ไฟล์ Excel เมื่อขยายแล้วใหญ่เกินไป (เกิน {MAX_UNCOMPRESSED_BYTES // 1_000_000} MB) จึงไม่อ่าน",
        f"the Excel file inflates beyond {MAX_UNCOMPRESSED_BYTES // 1_000_000} MB and is refused",
        filename,
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                raise not_excel
            if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
                raise too_big
            total = 0
            for info in infos:  # the declared sizes may lie: count what really comes out
                with zf.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            raise too_big
    except SheetError:
        raise
    except Exception:  # any failure of a hostile zip means "not a workbook"
        raise not_excel from None
    if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
        raise _fail(
            "ไฟล์ Excel แบบ .xlsb อ่านไม่ได้ ให้บันทึกเป็น .xlsx", "binary .xlsb workbooks are not supported; save as .xlsx",
            filename,
        )


def _xlsx_grids(data: bytes, filename: str):
    _check_zip(data, filename)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on broken files
        raise _fail(
            "ไม่ใช่ไฟล์ Excel ที่อ่านได้ (ไฟล์เสียหรือไม่ใช่ .xlsx)", "not a readable Excel file (broken or not .xlsx)",
            filename,
        ) from None
    try:
        for ws in wb.worksheets:
            yield _read_worksheet(ws, filename)
    finally:
        wb.close()


def _read_worksheet(ws, filename: str) -> _Grid:
    grid = _Grid(ws.title, [])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for n, row in enumerate(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
                if n > MAX_ROWS:
                    grid.too_long = True
                    break
                values = []
                for cell in row:
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                        value = _Formula(str(value) if isinstance(value, str) else "=…")
                    elif value is not None and not isinstance(value, str | int | float | bool | date | time):
                        value = _Formula("=…")  # array and table formulas come as objects
                    values.append(value)
                grid.rows.append(values)
    except SheetError:
        raise
    except Exception:  # a broken sheet: openpyxl raises many kinds
        raise _fail(
            f"อ่านแผ่นงาน '{ws.title}' ไม่ได้ (ไฟล์เสีย)", f"cannot read worksheet '{ws.title}' (broken file)", filename
        ) from None
    return grid


_THAI = re.compile("[\u0e00-\u0e7f]")
_TWO_BYTE = re.compile("[\u0080-\u07ff]")  # what two TIS-620 letters read as UTF-8 become


def _decode(data: bytes, filename: str) -> tuple[str, str | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "อ่านเป็นข้อความ UTF-16 (Unicode text ของ Excel)"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        # Short TIS-620 text can also be valid UTF-8 ("ยก" is C2 A1, "¡"): such letters and no Thai mean TIS-620.
        if _THAI.search(text) or not _TWO_BYTE.search(text) or not _THAI.search(data.decode("cp874", "replace")):
            return text, None
    try:
        return data.decode("cp874"), "อ่านเป็นภาษาไทยแบบ TIS-620/Windows-874 (ไม่ใช่ UTF-8)"
    except UnicodeDecodeError:
        raise _fail(
            "อ่านไฟล์ CSV ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ TIS-620 (บันทึกใหม่เป็น CSV UTF-8)",
            "cannot read the CSV: it is neither UTF-8 nor TIS-620 text (save it as CSV UTF-8)",
            filename,
        ) from None


def _csv_cell(text: str) -> Any:
    stripped = text.lstrip(" \t\r\n")
    if stripped.startswith(("=", "+", "-", "@")) and not _PLAIN_NUMBER.match(to_arabic_digits(stripped.strip())):
        return _Formula(stripped)
    return text


def _csv_grids(data: bytes, filename: str) -> list[_Grid]:
    text, encoding_note = _decode(data, filename)
    if "\x00" in text:
        raise _fail("ไม่ใช่ไฟล์ CSV ที่อ่านได้ (มีข้อมูลไบนารี)", "not a readable CSV file (binary data)", filename)
    sample = text[:20_000]
    delimiters = sorted([",", ";", "\t"], key=lambda d: -sample.count(d))
    grids = []
    for delimiter in delimiters:
        try:
            rows, too_long = [], False
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                if len(rows) >= MAX_ROWS:
                    too_long = True
                    break
                rows.append([_csv_cell(c) for c in row[:MAX_COLUMNS]])
        except csv.Error:
            raise _fail(
                "อ่านไฟล์ CSV ไม่ได้ (รูปแบบเสีย เช่น เครื่องหมายคำพูดไม่ครบคู่ หรือเซลล์ยาวเกินไป)",
                "cannot read the CSV (broken quoting or an overlong cell)",
                filename,
            ) from None
        grid = _Grid(None, rows, too_long=too_long, empty=not text.strip(" \t\r\n,;\"'"))
        if encoding_note:
            grid.notes.append(encoding_note)
        if delimiter != ",":
            grid.notes.append("ตัวคั่นคอลัมน์: " + ("เซมิโคลอน (;)" if delimiter == ";" else "แท็บ"))
        grids.append(grid)
    return grids


# --- the header and the items ------------------------------------------------------------------------------


def _header(row: list[Any]) -> dict[str, int] | None:
    """Column positions when the row names at least the code and title columns (first of each wins)."""
    found: dict[str, int] = {}
    for i, value in enumerate(row):
        if isinstance(value, _Formula):
            continue
        col = _COLUMN_OF.get(_header_key(_text(value)))
        if col and col not in found:
            found[col] = i
    return found if {"code", "title"} <= found.keys() else None


def _find_header(grid: _Grid) -> int | None:
    """0-based index of the header row, among the first HEADER_SEARCH_ROWS non-blank rows."""
    seen = 0
    for i, row in enumerate(grid.rows):
        if all(_blank(v) for v in row):
            continue
        if _header(row) is not None:
            return i
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            return None
    return None


def _parse_items(grid: _Grid, header_index: int) -> tuple[list[SheetItem], list[SheetProblem], list[str]]:
    sheet = grid.name
    header_row = grid.rows[header_index]
    columns = _header(header_row) or {}
    written = {col: _text(header_row[i]) for col, i in columns.items()}
    problems: list[SheetProblem] = []
    notes: list[str] = []

    def problem(row: int | None, col: str | None, th: str, en: str) -> None:
        problems.append(_problem(row, written.get(col, COLUMN_TH.get(col)) if col else None, th, en, sheet))

    # columns named twice, and columns that are not used
    for i, value in enumerate(header_row):
        col = _COLUMN_OF.get(_header_key(_text(value)))
        if col and columns.get(col) != i:
            problem(header_index + 1, col, f"คอลัมน์ '{_text(value)}' ซ้ำกับคอลัมน์ '{written[col]}' (ใช้ได้คอลัมน์เดียว)",
                    f"column '{_text(value)}' repeats column '{written[col]}'")
    unused = [_text(v) for i, v in enumerate(header_row) if not _blank(v) and i not in columns.values()]
    if unused:
        notes.append("ไม่ใช้คอลัมน์: " + ", ".join(unused))
    if "subindicator" not in columns:
        problem(header_index + 1, None, "ไม่มีคอลัมน์ตัวชี้วัดย่อย (เช่น 9.1) ต้องระบุตัวชี้วัดย่อยของทุกข้อ",
                "no sub-indicator column (such as 9.1): every item needs its sub-indicator")

    def cell(row: list[Any], col: str) -> Any:
        i = columns.get(col)
        return row[i] if i is not None and i < len(row) else None

    def formula_problems(row: list[Any], number: int) -> bool:
        found = False
        for i, value in enumerate(row):
            if isinstance(value, _Formula):
                found = True
                name = next((c for c, j in columns.items() if j == i), None)
                problems.append(_problem(
                    number, written[name] if name else _column_letter(i),
                    f"เซลล์เป็นสูตร ({value.text[:40]}) ระบบไม่คำนวณสูตร ให้พิมพ์ค่าเป็นข้อความ",
                    f"the cell is a formula ({value.text[:40]}); formulas are never evaluated, type the value",
                    sheet,
                ))
        return found

    sub_names: dict[str, tuple[str, int]] = {}

    def name_subindicator(sub: str, named: str, number: int) -> None:
        if sub in sub_names and sub_names[sub][0] != named:
            first_name, first_row = sub_names[sub]
            problem(number, "subindicator_title",
                    f"ชื่อตัวชี้วัดย่อย {sub} '{named}' ไม่ตรงกับแถวที่ {first_row} ('{first_name}')",
                    f"sub-indicator {sub} is named '{named}' here but '{first_name}' on row {first_row}")
        sub_names.setdefault(sub, (named, number))

    for index in range(header_index + 1):  # title rows and the header itself
        formula_problems(grid.rows[index], index + 1)

    filled = [i for i in range(header_index + 1, len(grid.rows)) if not all(_blank(v) for v in grid.rows[i])]
    if len(filled) > MAX_ITEMS:
        problem(filled[MAX_ITEMS] + 1, None, f"มีแถวข้อมูลเกิน {MAX_ITEMS:,} แถว ไม่ใช่รายการข้อ OIT ของหนึ่งปี",
                f"more than {MAX_ITEMS:,} data rows: not one year's OIT list")
        return [], problems, notes

    header_width = max((i + 1 for i, v in enumerate(header_row) if not _blank(v)), default=0)
    items: list[SheetItem] = []
    first_row_of: dict[str, int] = {}
    blank_rows = filled_down = repeated_headers = heading_rows = 0
    previous_sub: str | None = None
    for index in range(header_index + 1, len(grid.rows)):
        row, number = grid.rows[index], index + 1
        if len(problems) >= MAX_PROBLEMS:
            problem(None, None, f"หยุดตรวจที่แถวที่ {number} เพราะพบปัญหาเกิน {MAX_PROBLEMS} รายการ",
                    f"stopped at row {number}: over {MAX_PROBLEMS} problems")
            break
        if all(_blank(v) for v in row):
            blank_rows += 1
            continue
        if _header(row) == columns and not any(isinstance(v, _Formula) for v in row):
            repeated_headers += 1
            continue
        if formula_problems(row, number):
            continue
        extra = next((i for i in range(header_width, len(row)) if not _blank(row[i])), None)
        if grid.name is None and extra is not None:  # CSV: a comma in a cell that is not quoted
            problems.append(_problem(
                number, _column_letter(extra),
                f"มีช่องเกินมา (“{_text(row[extra])[:30]}”) ข้อความที่มีจุลภาค (,) ต้องอยู่ในเครื่องหมายคำพูด",
                f"an extra column ({_text(row[extra])[:30]!r}): quote text that holds a comma",
                sheet,
            ))
            continue
        raw_code, title = cell(row, "code"), _one_line(_text(cell(row, "title")))
        if _blank(raw_code) and not title and not _blank(cell(row, "subindicator")):
            # a heading row ("9.1 ข้อมูลพื้นฐาน") for the items below it
            sub, sub_name = _row_subindicator(cell(row, "subindicator"), number, problem, True)
            named = _one_line(_text(cell(row, "subindicator_title"))) or sub_name
            if sub is not None:
                previous_sub = sub
                heading_rows += 1
                if named:
                    name_subindicator(sub, named, number)
            continue
        code = normalise_code(raw_code)
        if _blank(raw_code):
            problem(number, "code", "ไม่มีรหัสข้อ (เช่น O1)", "no item code (such as O1)")
        elif code is None:
            problem(number, "code", f"รหัสข้อ '{_text(raw_code)}' ไม่ถูกต้อง (ต้องเป็นแบบ O1 ถึง O999)",
                    f"item code '{_text(raw_code)}' is malformed (expected O1 to O999)")
        if not title:
            problem(number, "title", "ไม่มีชื่อข้อ", "no item title")
        if code is not None:
            if code in first_row_of:
                problem(number, "code", f"ข้อ {code} ซ้ำกัน (แถวที่ {first_row_of[code]} และแถวที่ {number})",
                        f"item {code} appears twice (rows {first_row_of[code]} and {number})")
            else:
                first_row_of[code] = number
        sub, sub_name = _row_subindicator(cell(row, "subindicator"), number, problem, "subindicator" in columns)
        if sub is None and _blank(cell(row, "subindicator")) and previous_sub is not None:
            sub = previous_sub
            filled_down += 1
        elif sub is None and _blank(cell(row, "subindicator")) and "subindicator" in columns:
            problem(number, "subindicator", "ไม่มีตัวชี้วัดย่อย (เช่น 9.1)", "no sub-indicator (such as 9.1)")
        named = _one_line(_text(cell(row, "subindicator_title"))) or sub_name
        if sub is not None:
            previous_sub = sub
            if named:
                name_subindicator(sub, named, number)
        period = None
        raw_period = cell(row, "period")
        if not _blank(raw_period) and _text(raw_period) not in ("-", "–"):
            period = _PERIOD_OF.get(_header_key(_text(raw_period)))
            if period is None:
                problem(number, "period", f"ช่วงเวลา '{_text(raw_period)}' ไม่รู้จัก (ใช้ ปีที่ประเมิน ปีก่อนหน้า"
                        " ปีที่ประเมินหรือปีก่อนหน้า หรือ ไม่จำกัด)",
                        f"unknown period '{_text(raw_period)}' (use current, previous, current_or_previous or any)")
        if code is None or not title or sub is None:
            continue
        items.append(SheetItem(number, code, title, sub, None, split_parts(cell(row, "required_parts")), period))
    # every item carries its sub-indicator's name, wherever in the sheet the name was written
    items = [
        SheetItem(it.row, it.code, it.title_th, it.subindicator, sub_names.get(it.subindicator, (None, 0))[0],
                  it.required_parts, it.period)
        for it in items
    ]
    if not items and not problems:
        problem(header_index + 1, None, "ไม่มีข้อ OIT ใต้แถวหัวตาราง", "no OIT item below the header row")
    if grid.too_long:
        problem(None, None, f"ตารางยาวเกิน {MAX_ROWS:,} แถว (ลบแถวว่างท้ายตาราง)",
                f"the sheet is longer than {MAX_ROWS:,} rows (delete the trailing empty rows)")
    above = sum(1 for row in grid.rows[:header_index] if not all(_blank(v) for v in row))
    if above:
        notes.append(f"ข้ามแถวชื่อเรื่องเหนือหัวตาราง {above} แถว")
    if blank_rows:
        notes.append(f"ข้ามแถวว่าง {blank_rows} แถว")
    if repeated_headers:
        notes.append(f"ข้ามแถวหัวตารางที่ซ้ำ {repeated_headers} แถว")
    if heading_rows:
        notes.append(f"อ่านแถวหัวข้อตัวชี้วัดย่อย {heading_rows} แถว")
    if filled_down:
        notes.append(f"ใช้ตัวชี้วัดย่อยของแถวบนกับ {filled_down} แถวที่เว้นว่างไว้ (เช่น เซลล์ผสาน)")
    return items, problems, notes


def _row_subindicator(value: Any, number: int, problem, has_column: bool) -> tuple[str | None, str | None]:
    if _blank(value) or not has_column:
        return None, None
    if isinstance(value, datetime | date):
        problem(number, "subindicator", "Excel แปลงตัวชี้วัดย่อยเป็นวันที่ ให้จัดรูปแบบคอลัมน์เป็นข้อความแล้วพิมพ์ใหม่ (เช่น 9.1)",
                "Excel turned the sub-indicator into a date; format the column as text and type it again")
        return None, None
    parsed = normalise_subindicator(value)
    if parsed is None:
        problem(number, "subindicator", f"ตัวชี้วัดย่อย '{_text(value)}' ไม่ถูกต้อง (ต้องเป็นแบบ 9.1)",
                f"sub-indicator '{_text(value)}' is malformed (expected such as 9.1)")
        return None, None
    return parsed


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"คอลัมน์ {letters}"


def read_oit_sheet(data: bytes, filename: str) -> OitSheet:
    """The OIT items of an .xlsx or .csv sheet (the first sheet with a recognisable header). Raises SheetError."""
    if len(data) > MAX_SHEET_BYTES:
        raise _fail(
            f"ไฟล์ใหญ่เกินไป ({len(data) / 1_000_000:.1f} MB เกิน {MAX_SHEET_BYTES / 1_000_000:g} MB)"
            " รายการข้อ OIT ของหนึ่งปีไม่ควรใหญ่ขนาดนี้",
            f"the file is too large ({len(data) / 1_000_000:.1f} MB, over {MAX_SHEET_BYTES / 1_000_000:g} MB)",
            filename,
        )
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in ("xlsx", "xlsm"):
        grids = _xlsx_grids(data, filename)
    elif suffix in ("csv", "tsv", "txt"):
        grids = (g for g in _csv_grids(data, filename))
    elif suffix == "xls":
        raise _fail("ไฟล์ .xls รุ่นเก่าอ่านไม่ได้ ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx หรือ .csv",
                    "old .xls files are not supported; save as .xlsx or .csv", filename)
    else:
        raise _fail("รองรับเฉพาะไฟล์ .xlsx และ .csv", "only .xlsx and .csv files are supported", filename)
    empty = True
    try:
        for grid in grids:
            if not grid.is_empty():
                empty = False
            index = _find_header(grid)
            if index is None:
                continue
            items, problems, notes = _parse_items(grid, index)
            if problems:
                raise SheetError(problems, filename=filename)
            if grid.name is not None:
                notes.insert(0, f"ใช้แผ่นงาน '{grid.name}'")
            return OitSheet(grid.name, index + 1, items, [*grid.notes, *notes])
    finally:
        grids.close()
    if empty:
        raise _fail("ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty", filename)
    raise _fail(
        "ไม่พบแถวหัวตาราง ต้องมีแถวที่มีคอลัมน์ 'ข้อ' และ 'ชื่อข้อ' (และ 'ตัวชี้วัดย่อย')",
        "no header row: a row naming the columns 'code' and 'title' (and 'subindicator') is needed",
        filename,
    )


# --- the framework -----------------------------------------------------------------------------------------


def framework_with_oit_items(base: Framework, sheet: OitSheet, *, fiscal_year: int, source: str) -> dict[str, Any]:
    """Raw framework data (for `framework_from_raw`): `base` with its OIT sub-indicators replaced by the sheet's.

    Sub-indicators come in the order the sheet first names them; a name comes from the sheet, else from the
    base's sub-indicator of the same code. The year is provisional, its OIT section sourced from `source` with
    medium confidence (typed from the manual by a person). The title's year follows `fiscal_year`, and the
    base's national results (another year's) are dropped.
    """
    oit_indicators = {n for inst in base.instruments.items if inst.code == "OIT" for n in inst.indicators}
    base_names = {s.code: s.name_th for s in base.oit.subindicators} if base.oit else {}
    groups: dict[str, list[SheetItem]] = {}
    for item in sheet.items:
        groups.setdefault(item.subindicator, []).append(item)
    problems = []
    subindicators = []
    for code, items in groups.items():
        indicator = int(code.split(".")[0])
        name = next((it.subindicator_title for it in items if it.subindicator_title), None) or base_names.get(code)
        if indicator not in oit_indicators:
            known = ", ".join(str(n) for n in sorted(oit_indicators)) or "-"
            problems.append(SheetProblem(
                items[0].row, None,
                f"ตัวชี้วัดย่อย {code}: ตัวชี้วัดที่ {indicator} ไม่ใช่ตัวชี้วัดของ OIT ในกรอบปี {base.fiscal_year}"
                f" (ตัวชี้วัด OIT: {known})",
                f"sub-indicator {code}: indicator {indicator} is not an OIT indicator of FY{base.fiscal_year}"
                f" (OIT indicators: {known})",
                sheet.sheet_name,
            ))
            continue
        if code not in base_names and not name:
            problems.append(SheetProblem(
                items[0].row, None,
                f"ตัวชี้วัดย่อย {code} ไม่มีในกรอบปี {base.fiscal_year} และตารางไม่ได้ระบุชื่อ"
                " (เพิ่มคอลัมน์ชื่อตัวชี้วัดย่อย)",
                f"sub-indicator {code} is not in FY{base.fiscal_year} and the sheet gives no name for it",
                sheet.sheet_name,
            ))
            continue
        entry: dict[str, Any] = {"code": code, "indicator": indicator}
        if name:
            entry["name_th"] = name
        entry["items"] = [_raw_item(it) for it in items]
        subindicators.append(entry)
    if problems:
        raise SheetError(problems)
    raw = framework_as_raw(base)
    raw["fiscal_year"] = fiscal_year
    raw["status"] = "provisional"
    raw.pop("status_note", None)
    if fiscal_year != base.fiscal_year:
        raw["title_th"] = base.title_th.replace(str(base.fiscal_year), str(fiscal_year))
        raw.pop("national_results", None)
        raw["summary_th"] = (
            f"รายการข้อ OIT ของปี {fiscal_year} นำเข้าจากตารางที่พิมพ์จากคู่มือ ส่วนอื่นยกจากกรอบปี {base.fiscal_year}"
        )
    oit = dict(raw.get("oit") or {"item_scoring": "pass_fail"})
    oit.update(
        source=[source],
        confidence="medium",
        notes=f"พิมพ์จากคู่มือการประเมินโดยเจ้าหน้าที่ {len(sheet.items)} ข้อ ตรวจทานกับคู่มืออีกครั้งก่อนยืนยัน",
        subindicators=subindicators,
    )
    raw["oit"] = oit
    return raw


def _raw_item(item: SheetItem) -> dict[str, Any]:
    out: dict[str, Any] = {"code": item.code, "title_th": item.title_th}
    if item.period:
        out["period"] = item.period
    if item.required_parts:
        out["required_parts"] = list(item.required_parts)
    return out
