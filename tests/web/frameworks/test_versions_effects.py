"""Versions, differences, confirming a year, and the effects of a new version on agencies: results scored by
another version are re-scored with a reason; OIT checklists follow the new list, evidence carried or kept."""

from __future__ import annotations

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.assessments.selectors import results_needing_rescore
from prongsai.apps.frameworks.models import FrameworkVersion
from prongsai.apps.frameworks.selectors import framework_for
from prongsai.apps.oit import services as oit_services
from prongsai.apps.oit.models import OitItem
from prongsai.apps.oit.selectors import checklists_behind

from .conftest import csv_bytes, form_data, token_of, upload, versions_count


def _save_weights(client, url, fy, first, second, reason):
    data = form_data(client.get(url("edit", fiscal_year=fy, part="weights")).content.decode())
    data.update({"w-0-weight": first, "w-1-weight": second, "reason": reason})
    assert client.post(url("edit", fiscal_year=fy, part="weights"), data).status_code == 302


def test_versions_page_shows_who_when_why_and_origin(admin_client, url):
    html = admin_client.get(url("versions", fiscal_year=2570)).content.decode()
    assert "ยังไม่มีฉบับที่บันทึกในระบบ" in html
    _save_weights(admin_client, url, 2570, "0.35", "0.25", "ตามคู่มือหน้า 5")
    _save_weights(admin_client, url, 2570, "0.4", "0.2", "แก้ไขอีกครั้ง")
    html = admin_client.get(url("versions", fiscal_year=2570)).content.decode()
    assert "ตามคู่มือหน้า 5" in html and "แก้ไขอีกครั้ง" in html
    assert "workbench:2570@v2" in html and "แก้ไข: น้ำหนักเครื่องมือ" in html and "root" in html
    assert "a=2570%40v1&amp;b=2570%40v2" in html


def test_diff_between_years_and_versions(admin_client, url):
    html = admin_client.get(url("diff")).content.decode()
    assert "เปรียบเทียบกรอบการประเมิน" in html
    response = admin_client.get(url("diff") + "?a=2565&b=2566")
    assert response.status_code == 200 and "ปี 2565" in response.content.decode()
    _save_weights(admin_client, url, 2570, "0.35", "0.25", "ทดสอบ")
    _save_weights(admin_client, url, 2570, "0.4", "0.2", "ทดสอบ 2")
    html = admin_client.get(url("diff") + "?a=2570%40v1&b=2570%40v2").content.decode()
    assert "ปี 2570 ฉบับที่ 1" in html and "IIT 35%" in html and "IIT 40%" in html
    html = admin_client.get(url("diff") + "?a=2570%40v0&b=2570").content.decode()
    assert "ในตัวระบบ" in html
    html = admin_client.get(url("diff") + "?a=2570&b=2570").content.decode()
    assert "ไม่มีความต่าง" in html
    for bad in ("?a=abc&b=2570", "?a=2570%40v9&b=2570", "?a=2599&b=2570", "?a=" + "9" * 60 + "&b=1", "?a=2570"):
        response = admin_client.get(url("diff") + bad)
        assert response.status_code == 400, bad
        assert "error-summary" in response.content.decode()


def test_confirm_year(admin_client, url):
    assert framework_for(fiscal_year=2570).is_provisional
    page = admin_client.get(url("confirm", fiscal_year=2570)).content.decode()
    data = form_data(page)
    assert admin_client.post(url("confirm", fiscal_year=2570), {**data, "reason": ""}).status_code == 400
    response = admin_client.post(url("confirm", fiscal_year=2570), {**data, "reason": "ตรวจกับคู่มือ 2570 ครบทุกส่วน"})
    assert response.status_code == 302
    fw = framework_for(fiscal_year=2570)
    assert not fw.is_provisional
    assert "ยืนยันแล้ว" in admin_client.get(url("year", fiscal_year=2570)).content.decode()
    # the same stale form again is a conflict, nothing saved
    response = admin_client.post(url("confirm", fiscal_year=2570), {**data, "reason": "ซ้ำ"})
    assert response.status_code == 409 and "ไปก่อนหน้าท่าน" in response.content.decode()
    assert versions_count() == 1


def test_effects_rescore_results_scored_by_another_version(admin_client, url, world):
    assert results_needing_rescore(fiscal_year=2568) == []
    assert "ไม่มี ผลการประเมินทุกรายการ" in admin_client.get(url("effects", fiscal_year=2568)).content.decode()
    _save_weights(admin_client, url, 2568, "0.35", "0.25", "ทดสอบผลกระทบ")
    html = admin_client.get(url("year", fiscal_year=2568)).content.decode()
    assert "ผลการประเมิน 2 รายการ" in html and url("effects", fiscal_year=2568) in html
    html = admin_client.get(url("effects", fiscal_year=2568)).content.decode()
    assert world.own.name_th in html and world.foreign.name_th in html
    assert admin_client.post(url("rescore", fiscal_year=2568), {"reason": ""}).status_code == 400
    response = admin_client.post(url("rescore", fiscal_year=2568), {"reason": "น้ำหนักตามคู่มือ"})
    assert response.status_code == 200 and "คำนวณใหม่แล้ว 2 รายการ" in response.content.decode()
    assert results_needing_rescore(fiscal_year=2568) == []


def test_import_sheet_then_checklists_follow_and_evidence_is_kept(admin_client, url, world, settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    coordinator = world.user("coordinator")
    access = agency_access(user=coordinator, agency=world.own)
    checklist = oit_services.checklist_create(agency=world.own, access=access, actor=coordinator, fiscal_year=2570)
    for code, link in (("o1", "https://www.example.go.th/structure"), ("o8", "https://www.example.go.th/manual")):
        item = OitItem.objects.get(checklist=checklist, code=code)
        oit_services.item_update(item=item, access=access, actor=coordinator, version=item.version,
                                 responsible="สำนักปลัด", urls=[link], how_to_find=[], parts_done=set(),
                                 status="published", explanation="")

    html = admin_client.post(url("sheet", fiscal_year=2570), {"file": upload("oit.csv", csv_bytes())}).content.decode()
    response = admin_client.post(url("sheet_confirm", fiscal_year=2570), {"token": token_of(html), "reason": "คู่มือ"})
    assert response.status_code == 302
    assert [c.pk for c in checklists_behind(fiscal_year=2570)] == [checklist.pk]
    html = admin_client.get(response["Location"]).content.decode()
    assert world.own.name_th in html and "ปรับรายการตรวจทุกหน่วยงาน" in html
    assert admin_client.post(url("follow", fiscal_year=2570), {}).status_code == 400
    response = admin_client.post(url("follow", fiscal_year=2570), {"confirm": "yes"})
    html = response.content.decode()
    assert response.status_code == 200 and "ปรับรายการตรวจแล้ว 1 หน่วยงาน" in html
    assert "หลักฐานที่ไม่มีข้อใหม่รองรับ (เก็บไว้ ไม่ได้ลบ)" in html and "O8" in html
    assert checklists_behind(fiscal_year=2570) == []
    items = {i.code: i for i in OitItem.objects.filter(checklist=checklist)}
    assert "o40" in items and not items["o1"].retired
    assert items["o1"].data["urls"] == ["https://www.example.go.th/structure"]  # carried to the new list
    kept = [i for i in items.values() if i.retired]
    assert [i.data["urls"] for i in kept] == [["https://www.example.go.th/manual"]]  # kept, not dropped
    assert FrameworkVersion.objects.count() == 1
