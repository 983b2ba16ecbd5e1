"""Fiscal years named in Thai text."""

import pytest

from prongsai.core.oit.years import fiscal_years_mentioned


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567", {2567}),
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", {2568}),
        ("แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)", {2566, 2567, 2568, 2569, 2570}),
        ("แผนยุทธศาสตร์ 2566-70", {2566, 2567, 2568, 2569, 2570}),
        ("ระหว่างวันที่ 1 ตุลาคม 2567 ถึง 31 มีนาคม 2568", {2568}),  # dates → their fiscal year
        ("ข้อมูล ณ ต.ค. 67", {2568}),
        ("ปีงบประมาณ 68", {2568}),
        ("ประกาศ ณ วันที่ ๓๐ กันยายน ๒๕๖๗", {2567}),
        ("โทร 0 5400 0000 ต่อ 12", set()),
        ("ช่วงปี 2550-2590", {2550, 2590}),  # not a period: the two years only
        ("", set()),
    ],
)
def test_fiscal_years_mentioned(text, years):
    assert fiscal_years_mentioned(text) == years
