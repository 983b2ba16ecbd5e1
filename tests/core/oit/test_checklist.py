"""The per-year OIT checklist: building it, the completeness check, the ITAS export, drafted clarifications."""

from __future__ import annotations

import csv

import pytest

from prongsai.core.oit.checklist import (
    ITAS_COLUMNS,
    Checklist,
    ChecklistError,
    EvidenceFile,
    apply_site_report,
    build_checklist,
    completeness,
    draft_clarification,
    external_drive_name,
    itas_export,
)
from prongsai.core.oit.requirements import load_requirements, requirements_from_dict, resolve_items

SITE = "https://www.example.go.th"


def test_every_builtin_year_builds(frameworks):
    for fy in frameworks.years():
        fw = frameworks.get(fy)
        checklist = build_checklist(fw)
        assert [i.code for i in checklist.items] == [it.code for _, it in fw.oit.items()]
        titled = [i for i in checklist.items if i.title_th]
        assert all(i.topic is not None for i in titled), [i.code for i in titled if i.topic is None]
        assert Checklist.model_validate(checklist.to_json_dict()) == checklist


def test_o9_2568_service_manual_parts_come_from_the_psu_list(frameworks):
    item = build_checklist(frameworks.get(2568)).item("O9")
    assert [p.id for p in item.parts] == ["service_name", "steps", "time", "channels", "fees", "documents"]
    assert {p.basis for p in item.parts} == {"source"} and {p.source for p in item.parts} == {"psu_o9_2568"}
    assert any("ค่าธรรมเนียม" in p.name_th for p in item.parts)


def test_annual_reports_are_for_the_previous_year(frameworks):
    checklist = build_checklist(frameworks.get(2569))
    o24 = checklist.item("O24")  # รายงานผลการดำเนินการป้องกันการทุจริต (2569 list)
    assert o24.period == "previous" and "2568" in o24.period_note_th
    o23 = checklist.item("O23")  # แผนปฏิบัติการป้องกันการทุจริต (2569 list)
    assert o23.period == "current" and "2569" in o23.period_note_th and "ยังไม่ยืนยัน" in o23.period_note_th


def test_part_applicability_by_year_and_title(frameworks):
    contact_2568 = build_checklist(frameworks.get(2568)).item("O3")
    contact_2564 = build_checklist(frameworks.get(2564)).item("o5")
    assert "two_way" in [p.id for p in contact_2568.parts]
    assert "two_way" not in [p.id for p in contact_2564.parts]
    nogift = build_checklist(frameworks.get(2566))
    assert [p.id for p in nogift.item("o31").parts] == ["announcement"]
    assert [p.id for p in nogift.item("o32").parts] == ["culture"]


def test_requirements_file_is_validated():
    raw = {"topics": {"x": {"name_th": "x", "title": {"match": [["a"]]}, "period": "sometime"}}}
    with pytest.raises(Exception) as err:
        requirements_from_dict(raw, "mine.yaml")
    assert "mine.yaml" in str(err.value) and "period" in str(err.value)
    reqs = load_requirements()
    assert all(p.source in reqs.sources for t in reqs.topics.values() for p in t.parts if p.source)


def test_unknown_titles_get_no_topic(frameworks):
    items = {i.code: i for i in resolve_items(frameworks.get(2568))}
    assert items["O2"].topic is None and items["O2"].parts == []


# --- completeness ------------------------------------------------------------------------------------------


def _fill(item, url=SITE + "/ita/o1"):
    item.responsible = "นางสาวตัวอย่าง ใจดี นักวิเคราะห์นโยบายและแผน"
    item.urls = [url]
    item.how_to_find = ["หน้าหลัก", "ITA 2566", item.label]
    for p in item.parts:
        p.done = True
    item.status = "published"


def test_completeness_lists_exactly_what_is_missing(frameworks):
    checklist = build_checklist(frameworks.get(2566), main_site=SITE)
    first = checklist.items[0]
    kinds = [g.kind for g in completeness(checklist) if g.code == first.code]
    assert kinds == ["responsible", "url", "how_to_find", "part", "part", "status"]
    _fill(first)
    assert [g for g in completeness(checklist) if g.code == first.code] == []
    for item in checklist.items:
        _fill(item, SITE + f"/ita/{item.code}")
    assert completeness(checklist) == []


def test_completeness_flags_external_drives_other_sites_and_explanations(frameworks):
    checklist = build_checklist(frameworks.get(2566), main_site=SITE)
    a, b, c = checklist.items[:3]
    _fill(a, "https://drive.google.com/file/d/1/view")
    _fill(b, "https://other.go.th/x")
    _fill(c, "http://example.go.th/ita/o3")  # the same site without www. and over http: fine
    gaps = {g.code: g for g in completeness(checklist) if g.code in (a.code, b.code, c.code)}
    assert gaps[a.code].kind == "external_drive" and "Google Drive" in gaps[a.code].message_th
    assert gaps[b.code].kind == "main_site"
    assert c.code not in gaps
    a.status = "not_applicable"
    assert [g.kind for g in completeness(checklist) if g.code == a.code] == ["explanation"]
    a.explanation = "ปีนี้ไม่มีการจัดซื้อจัดจ้างเกิน 5,000 บาท"
    assert [g for g in completeness(checklist) if g.code == a.code] == []


def test_unknown_title_is_a_gap(frameworks):
    checklist = build_checklist(frameworks.get(2568))
    assert any(g.kind == "title" and g.code == "O2" for g in completeness(checklist))


def test_external_drive_name():
    assert external_drive_name("https://drive.google.com/drive/folders/x") == "Google Drive"
    assert external_drive_name("https://abc-my.sharepoint.com/x") == "OneDrive/SharePoint"
    assert external_drive_name("https://m.facebook.com/page") == "Facebook"
    assert external_drive_name("https://www.example.go.th/") is None


# --- ITAS export -------------------------------------------------------------------------------------------


@pytest.fixture
def filled(frameworks):
    checklist = build_checklist(frameworks.get(2568), main_site=SITE)
    _fill(checklist.item("O1"))
    checklist.item("O4").status = "not_applicable"
    checklist.item("O4").explanation = "ชี้แจงเหตุผล"
    return checklist


def test_itas_export_csv(filled, tmp_path):
    path = itas_export(filled, tmp_path / "itas.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Thai
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == ITAS_COLUMNS == ("ข้อ", "มี/ไม่มี", "URL", "คำอธิบาย")
    assert len(rows) == 1 + len(filled.items)
    o1 = rows[1]
    assert o1[0] == "O1 โครงสร้างและอำนาจหน้าที่" and o1[1] == "มี" and o1[2] == SITE + "/ita/o1"
    assert o1[3].startswith("หน้าหลัก → ITA 2566 → O1")
    o2 = rows[2]
    assert o2[0] == "O2 (ยังไม่ทราบชื่อข้อ)" and o2[1] == "ไม่มี" and o2[3] == "ยังไม่มีข้อมูลเผยแพร่"
    assert rows[4][1] == "ไม่มี" and rows[4][3] == "ชี้แจงเหตุผล"


def test_itas_export_xlsx(filled, tmp_path):
    from openpyxl import load_workbook

    path = itas_export(filled, tmp_path / "itas.xlsx")
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ITAS_COLUMNS
    assert rows[1][:3] == ("O1 โครงสร้างและอำนาจหน้าที่", "มี", SITE + "/ita/o1")
    assert len(rows) == 1 + len(filled.items)


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://evil.example","x")', "+1", "-1+2", "@SUM(A1)", "\t=1"])
def test_itas_export_never_writes_a_formula(filled, tmp_path, typed):
    from openpyxl import load_workbook

    filled.item("O4").explanation = typed
    ws = load_workbook(itas_export(filled, tmp_path / "itas.xlsx")).active
    cell = ws["D5"]
    assert cell.data_type != "f" and cell.value == "'" + typed.strip()
    with itas_export(filled, tmp_path / "itas.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[4][3] == "'" + typed.strip()
    assert filled.item("O4").explanation == typed  # the checklist keeps what was typed


def test_itas_export_refuses_other_formats(filled, tmp_path):
    with pytest.raises(ChecklistError):
        itas_export(filled, tmp_path / "itas.pdf")


# --- clarification -----------------------------------------------------------------------------------------


def test_draft_clarification(filled):
    item = filled.item("O1")
    item.files.append(EvidenceFile(name="โครงสร้าง.pdf", url=SITE + "/files/o1.pdf"))
    text = draft_clarification(item, "ไม่พบแผนผังโครงสร้าง", fiscal_year=2568, agency="เทศบาลตำบลตัวอย่าง")
    assert "ขอชี้แจงเพิ่มเติมผลการประเมิน OIT ปีงบประมาณ พ.ศ. 2568 ข้อ O1 โครงสร้างและอำนาจหน้าที่" in text
    assert "“ไม่พบแผนผังโครงสร้าง”" in text and "เทศบาลตำบลตัวอย่างขอชี้แจง" in text
    assert SITE + "/ita/o1" in text and "หน้าหลัก → ITA 2566 → O1" in text
    assert "แผนผังโครงสร้างการแบ่งส่วนราชการ: มี" in text and "โครงสร้าง.pdf" in text
    blank = draft_clarification(filled.item("O9"), "ไม่ระบุค่าธรรมเนียม")
    assert "[โปรดระบุ URL บนเว็บไซต์หลัก]" in blank and "ค่าธรรมเนียม (ถ้าไม่มีให้ระบุว่าไม่มี): [โปรดตรวจ" in blank


def test_apply_site_report(run_check, frameworks):
    report, _, _ = run_check(2568, {"O1": "missing", "O9": "parts_missing"})
    checklist = build_checklist(frameworks.get(2568))
    apply_site_report(checklist, report, mark_published=True)
    o3, o9, o1 = checklist.item("O3"), checklist.item("O9"), checklist.item("O1")
    assert o3.urls and o3.status == "published" and o3.how_to_find[0] == "หน้าหลัก"
    assert all(p.done for p in o3.parts)
    assert o9.status == "todo" and o9.part("steps").done is True and o9.part("fees").done is None
    assert o1.urls == [] and o1.status == "todo"
    assert checklist.main_site == report.site
    with pytest.raises(ChecklistError):
        apply_site_report(build_checklist(frameworks.get(2566)), report)
