"""A national results CSV line with more cells than the header (a decimal comma in a score) is refused naming the
line, with the likely cause, instead of Polars' bare "cannot read"."""

from __future__ import annotations

import pytest

from prongsai.apps.national.validate import FileRefused, read_table

HEADER = "agency_id,agency_name,agency_type,province,fiscal_year," + ",".join(f"ind_{n}" for n in range(1, 11))
GOOD = "A1,อบต.หนึ่ง,อบต.,ตราด,2568,97.10,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50"


def test_a_decimal_comma_is_named_with_its_line():
    data = "\n".join([HEADER, GOOD, GOOD.replace("A1", "A2").replace("97.10", "97,10")]).encode()
    with pytest.raises(FileRefused) as refused:
        read_table(data, "ผล.csv")
    assert refused.value.th.startswith("ไฟล์ ผล.csv บรรทัดที่ 3: มีช่องเกินมา (16 ช่อง หัวตารางมี 15 คอลัมน์)")
    assert "อาจใช้จุลภาคแทนจุดทศนิยม (97,10) กรุณาใช้จุด เช่น 97.10" in refused.value.th


def test_another_extra_cell_asks_for_quotes():
    data = "\n".join([HEADER, GOOD.replace("อบต.หนึ่ง", "อบต.หนึ่ง, ตำบลใหม่")]).encode()
    with pytest.raises(FileRefused) as refused:
        read_table(data, "ผล.csv")
    assert "บรรทัดที่ 2: มีช่องเกินมา" in refused.value.th and "เครื่องหมายคำพูด" in refused.value.th


def test_a_good_file_still_reads():
    frame, where, first = read_table("\n".join([HEADER, GOOD]).encode(), "ผล.csv")
    assert frame.height == 1 and where == "บรรทัดที่" and first == 2
