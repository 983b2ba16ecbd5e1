"""All results of a round as CSV, XLSX or Parquet (one row per unit), with spreadsheet formula injection
neutralised in every text cell."""

from __future__ import annotations

import io

import polars as pl

from prongsai.core.frameworks.schema import Framework
from prongsai.core.spreadsheet import neutralise_cell

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def results_frame(results, framework: Framework) -> pl.DataFrame:
    rows = []
    for r in results:
        row = {
            "อันดับ": r.rank,
            "หน่วยงาน": neutralise_cell(r.unit.agency.name_th),
            "กลุ่ม": neutralise_cell(r.unit.group),
            "ฉบับที่": r.version,
            "คะแนนภาพรวม": float(r.overall),
            "ระดับผล": neutralise_cell(r.level),
            "ผ่าน": r.passed,
        }
        for inst in framework.instruments.items:
            row[inst.code] = r.data["instruments"].get(inst.code)
        for ind in framework.indicators.items:
            row[f"ตัวชี้วัดที่ {ind.number}"] = r.data["indicators"].get(str(ind.number))
        for code in ("IIT", "EIT"):
            row[f"ผู้ตอบ {code}"] = r.data.get("respondents", {}).get(code)
        rows.append(row)
    if not rows:
        return pl.DataFrame({"หน่วยงาน": []}, schema={"หน่วยงาน": pl.String})
    return pl.DataFrame(rows, infer_schema_length=None)


def export_results(results, framework: Framework, *, fmt: str) -> tuple[bytes, str]:
    frame = results_frame(results, framework)
    buffer = io.BytesIO()
    if fmt == "csv":
        buffer.write(b"\xef\xbb\xbf")  # BOM: Excel opens the Thai text as UTF-8
        frame.write_csv(buffer)
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "results"
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
        book.save(buffer)
    elif fmt == "parquet":
        frame.write_parquet(buffer)
    else:
        raise ValueError(fmt)
    return buffer.getvalue(), FORMATS[fmt]
