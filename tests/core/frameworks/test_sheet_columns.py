"""An OIT item list typed as CSV: a row with a filled cell beyond the header (a comma in an unquoted title) is a
problem naming the row and column, never read without it; blank cells Excel pads rows with are fine."""

from __future__ import annotations

import pytest

from prongsai.core.frameworks.sheet import SheetError, read_oit_sheet


def test_a_cell_beyond_the_header_is_a_problem_naming_row_and_column():
    data = "ข้อ,ชื่อข้อ,ตัวชี้วัดย่อย\nO1,โครงสร้าง,9.1\nO2,ข้อมูลผู้บริหาร,9.1,และอำนาจหน้าที่\n".encode()
    with pytest.raises(SheetError) as info:
        read_oit_sheet(data, "oit.csv")
    (problem,) = info.value.problems
    assert problem.row == 3 and problem.column == "คอลัมน์ D"
    assert problem.text_th() == (
        "แถวที่ 3 (คอลัมน์ D): มีช่องเกินมา (“และอำนาจหน้าที่”) ข้อความที่มีจุลภาค (,) ต้องอยู่ในเครื่องหมายคำพูด"
    )


def test_blank_padding_and_quoted_commas_are_fine():
    data = 'ข้อ,ชื่อข้อ,ตัวชี้วัดย่อย,,\nO1,"โครงสร้าง, แผนผัง",9.1,,\n'.encode()
    sheet = read_oit_sheet(data, "oit.csv")
    assert [(i.code, i.title_th) for i in sheet.items] == [("O1", "โครงสร้าง, แผนผัง")]
