"""The ITA calendar as data (core) and its page; the progress-report builder (core)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from prongsai.core.calendar import CalendarError, known_years, load_calendar, load_year_file
from prongsai.core.documents.read import read_bytes
from prongsai.core.pipeline import (
    ProgressEvidence,
    ProgressInput,
    ProgressMeasure,
    ProgressTask,
    build_progress_report,
    summary,
)
from prongsai.core.thai import fiscal_year_period


def test_only_sourced_years_have_nacc_deadlines():
    assert {2565, 2567} <= set(known_years())
    for year in known_years():
        cal = load_calendar(year)
        first, last = fiscal_year_period(year)
        assert cal.has_nacc_data and cal.nacc()
        for e in cal.nacc():
            assert e.source and e.confidence in ("high", "medium", "low")
            assert first <= e.first_day <= e.end <= last


def test_2565_and_2567_as_the_research_says():
    c65 = load_calendar(2565)
    assert (c65.entry("registration").start, c65.entry("registration").end) == (date(2022, 1, 1), date(2022, 2, 28))
    assert (c65.entry("oit_answers").start, c65.entry("oit_answers").end) == (date(2022, 3, 1), date(2022, 4, 30))
    assert c65.entry("confirmation").end == date(2022, 6, 30)
    window = load_calendar(2567).entry("assessment_window")
    assert (window.start, window.end) == (date(2024, 1, 1), date(2024, 6, 30))


def test_agency_practice_is_marked_and_repeats_every_year():
    cal = load_calendar(2570)
    assert not cal.has_nacc_data and cal.nacc() == [] and "ยังไม่มีกำหนดการ" in cal.notes_th[0]
    six = cal.entry("report_6_months")
    assert six.kind == "practice" and six.end == date(2027, 3, 31) and six.kind_th == "แนวปฏิบัติของหน่วยงาน"
    assert cal.entry("report_12_months").end == date(2027, 9, 30)
    assert [e.first_day for e in cal.entries] == sorted(e.first_day for e in cal.entries)


def test_a_calendar_file_with_a_date_outside_its_year_is_refused(tmp_path):
    bad = tmp_path / "2566.yaml"
    bad.write_text(
        "fiscal_year: 2566\ntitle_th: x\ndeadlines:\n"
        "  - {key: a, title_th: ก, end: 2023-10-01, source: [s], confidence: low}\n",
        encoding="utf-8",
    )
    with pytest.raises(CalendarError, match="อยู่นอกปีงบประมาณ"):
        load_year_file(bad)
    bad.write_text("fiscal_year: 2566\ntitle_th: x\ndeadlines:\n  - {key: a, title_th: ก, end: 2023-01-01}\n",
                   encoding="utf-8")
    with pytest.raises(CalendarError, match="source"):
        load_year_file(bad)


def test_the_calendar_page(client, world, approved):
    client.force_login(world.user("unit_staff"))
    url = reverse("plans:calendar", kwargs={"agency_slug": world.own.slug})
    html = client.get(url + "?year=2569").content.decode()
    assert "ปฏิทินการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2569" in html
    assert "รายงานผลการดำเนินการตามมาตรการรอบ 6 เดือนต่อผู้บริหาร" in html
    assert "แนวปฏิบัติของหน่วยงาน" in html and "ครบกำหนดในเดือนนี้" in html
    html = client.get(url + "?year=2565").content.decode()
    assert "ts-local.com" in html and "ลงทะเบียน" in html and "1 ม.ค. 2565" in html


def _data(**overrides):
    tasks = [
        ProgressTask(title_th="จัดประชุม", owner_unit="สำนักปลัด", due=date(2026, 1, 15), status="done", progress=100,
                     evidence=[ProgressEvidence(label="รายงานการประชุม", url="https://own.example/m1")]),
        ProgressTask(title_th="สำรวจความพึงพอใจ", owner_unit="กองคลัง", due=date(2026, 3, 1), status="in_progress",
                     progress=40, notes_th=["รอแบบสำรวจ"]),
        ProgressTask(title_th="สรุปผล", owner_unit="กองคลัง", due=date(2026, 9, 1), status="not_started", progress=0),
    ]
    data = dict(
        agency_name="องค์การบริหารส่วนตำบลทดสอบ", place="อำเภอเมือง จังหวัดทดสอบ", fiscal_year=2569, period="6",
        as_of=date(2026, 3, 20), measures=[
            ProgressMeasure(number=1, title_th="มาตรการหนึ่ง", responsible_unit="สำนักปลัด", start=date(2025, 10, 1),
                            end=date(2026, 9, 30), tasks=tasks),
            ProgressMeasure(number=2, title_th="มาตรการสอง", start=date(2025, 10, 1), end=date(2026, 9, 30)),
        ],
    )
    data.update(overrides)
    return ProgressInput(**data)


def test_progress_summary_numbers():
    s = summary(_data())
    assert (s.measures, s.tasks, s.done, s.in_progress, s.not_started) == (2, 3, 1, 1, 1)
    assert (s.due_in_period, s.done_of_due, s.overdue, s.average_progress, s.evidence) == (2, 1, 1, 47, 1)


def test_progress_report_text():
    doc = build_progress_report(_data(), digits="arabic")
    text = read_bytes(doc.to_bytes(), filename="p.docx").text
    assert "รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2569" in text
    assert "องค์การบริหารส่วนตำบลทดสอบ" in text
    assert "แบ่งเป็นงานย่อย 3 งาน ดำเนินการแล้วเสร็จ 1 งาน" in text and "ร้อยละ 47" in text
    assert "https://own.example/m1" in text and "รอแบบสำรวจ" in text and "(เลยกำหนด)" in text
    assert "31 มีนาคม 2569" in text
    thai = read_bytes(build_progress_report(_data(period="12"), digits="thai").to_bytes(), filename="p.docx").text
    assert "รอบ ๑๒ เดือน" in thai and "https://own.example/m1" in thai  # addresses keep their digits


def test_progress_input_refuses_dates_outside_the_year():
    with pytest.raises(ValueError, match="อยู่นอกปีงบประมาณ"):
        _data(measures=[ProgressMeasure(number=1, title_th="x", start=date(2025, 10, 1), end=date(2026, 9, 30), tasks=[
            ProgressTask(title_th="y", owner_unit="z", due=date(2026, 10, 1), status="done", progress=100)])])


@pytest.mark.parametrize("district", ["เหนือ", "อำเภอเหนือ"])
def test_the_6_month_report_names_the_district_once(world, approved, district):
    """The demo round stores อำเภอเหนือ; the progress report printed "อำเภออำเภอเหนือ"."""
    from prongsai.apps.plans.inputs import progress_input

    world.own.district = district
    world.own.save(update_fields=["district"])
    approved.refresh_from_db()
    data = progress_input(plan=approved, period="6", as_of=date(2026, 3, 31))
    assert data.place == "อำเภอเหนือ จังหวัดทดสอบ"
    text = read_bytes(build_progress_report(data, digits="arabic").to_bytes(), filename="p.docx").text
    assert "อำเภอเหนือ จังหวัดทดสอบ" in text and "อำเภออำเภอ" not in text
