"""Importing the OIT item list as typed from the manual (XLSX/CSV) and a YAML year from another installation: a
review page first (items, notes, the difference from the year), then a confirmation that saves exactly what was
reviewed (a signed token, never the file again). Bad files save nothing and name the row."""

from __future__ import annotations

import pytest
import yaml
from django.core import signing

from prongsai.apps.frameworks.models import FrameworkVersion, FrameworkYear
from prongsai.apps.frameworks.selectors import framework_for
from prongsai.apps.frameworks.services import current_raw
from prongsai.apps.frameworks.views import SHEET_SALT

from .conftest import SHEET_ROWS, csv_bytes, form_data, token_of, upload, versions_count, xlsx_bytes


def _review(client, url, name, data, fy=2570, **extra):
    return client.post(url("sheet", fiscal_year=fy), {"file": upload(name, data), **extra})


@pytest.mark.parametrize(("name", "data"), [("oit-2570.csv", csv_bytes()), ("รายการ OIT 2570.xlsx", xlsx_bytes())])
def test_sheet_review_then_confirm_saves_exactly_what_was_reviewed(admin_client, url, name, data):
    response = _review(admin_client, url, name, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ตรวจทานรายการข้อ OIT ปีงบประมาณ 2570" in html
    assert "ข้อใหม่ของปีทดสอบ" in html and "ตัวชี้วัดย่อยใหม่" in html  # the items read, grouped
    assert "O40" in html and "เพิ่ม" in html  # the difference from the current year
    assert "แผนการดำเนินงานประจำปีฉบับทดสอบ" in html
    assert versions_count() == 0  # nothing saved by the review
    token = token_of(html)
    response = admin_client.post(url("sheet_confirm", fiscal_year=2570), {"token": token, "reason": "คู่มือ 2570"})
    assert response.status_code == 302 and response["Location"] == url("effects", fiscal_year=2570)
    version = FrameworkVersion.objects.get()
    assert version.origin_note.startswith("ไฟล์รายการข้อ OIT:") and version.reason == "คู่มือ 2570"
    fw = framework_for(fiscal_year=2570)
    assert [it.code for _, it in fw.oit.items()] == [row[0] for row in SHEET_ROWS]
    assert fw.oit.subindicators[0].items[0].required_parts == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]
    assert fw.oit.subindicators[0].items[0].period == "current"
    # the saved data is the reviewed data: the token's raw, validated
    reviewed = signing.loads(token, salt=SHEET_SALT)["raw"]
    assert current_raw(fiscal_year=2570)["oit"] == {**reviewed["oit"], **current_raw(fiscal_year=2570)["oit"]}
    # the same token cannot be replayed over the new version
    response = admin_client.post(url("sheet_confirm", fiscal_year=2570), {"token": token, "reason": "อีกครั้ง"})
    assert response.status_code == 400 and "มีผู้แก้ไขกรอบการประเมินปี 2570" in response.content.decode()
    assert versions_count() == 1


def test_sheet_for_a_new_year_uses_the_chosen_base_year(admin_client, url):
    page = admin_client.get(url("sheet", fiscal_year=2571)).content.decode()
    assert "ยังไม่มีกรอบการประเมิน" in page and 'name="base_year"' in page
    response = _review(admin_client, url, "oit.csv", csv_bytes(), fy=2571)
    assert response.status_code == 400  # the base year is required for a year that does not exist
    response = _review(admin_client, url, "oit.csv", csv_bytes(), fy=2571, base_year="2570")
    assert response.status_code == 200
    token = token_of(response.content.decode())
    response = admin_client.post(url("sheet_confirm", fiscal_year=2571), {"token": token, "reason": "ปีใหม่"})
    assert response.status_code == 302
    fw = framework_for(fiscal_year=2571)
    assert fw is not None and fw.is_provisional and len(fw.oit.items()) == len(SHEET_ROWS)


BAD_SHEETS = {
    "duplicate": ("dup.csv", csv_bytes([*SHEET_ROWS, ("O3", "ข้อซ้ำ", "9.1", "", "", "")]), "แถวที่ 9"),
    "missing title": ("title.csv", csv_bytes([SHEET_ROWS[0], ("O2", "", "9.1", "", "", "")]), "แถวที่ 4"),
    "unknown sub-indicator": ("sub.csv", csv_bytes([SHEET_ROWS[0], ("O2", "ข้อสอง", "11.1", "", "", "")]), "แถวที่ 4"),
    "formula": ("formula.xlsx", xlsx_bytes(formula_at=(3, 2)), "แถวที่ 3"),
    "no header": ("nohead.csv", "1,2,3\nก,ข,ค\n".encode(), "หัวตาราง"),
    "garbage xlsx": ("garbage.xlsx", b"PK\x03\x04" + b"\x00" * 5000, ""),
    "empty": ("empty.csv", b"", ""),
    "wrong suffix": ("oit.pdf", b"%PDF-1.4", ""),
}


@pytest.mark.parametrize("case", list(BAD_SHEETS))
def test_bad_sheets_save_nothing_and_name_the_row(admin_client, url, case):
    name, data, where = BAD_SHEETS[case]
    response = _review(admin_client, url, name, data)
    html = response.content.decode()
    assert response.status_code == 400, case
    assert "error-summary" in html and 'name="token"' not in html
    assert where in html, case
    assert versions_count() == 0


def test_ten_megabytes_of_garbage_is_refused_before_reading(admin_client, url):
    response = _review(admin_client, url, "big.xlsx", b"\x00" * 10_500_000)
    html = response.content.decode()
    assert response.status_code == 400 and "ไฟล์ใหญ่เกินกำหนด" in html
    assert versions_count() == 0


def test_confirm_token_cannot_be_tampered_with(admin_client, url, world, client):
    html = _review(admin_client, url, "oit.csv", csv_bytes()).content.decode()
    token = token_of(html)
    payload = signing.loads(token, salt=SHEET_SALT)
    forged = signing.dumps({**payload, "version": 99}, salt="another-salt", compress=True)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "", "x" * 50, forged,
                token.replace(":", ";", 1)):
        response = admin_client.post(url("sheet_confirm", fiscal_year=2570), {"token": bad, "reason": "ปลอม"})
        assert response.status_code == 400
        assert "ข้อมูลการตรวจทานไม่ถูกต้องหรือหมดอายุแล้ว" in response.content.decode()
    # a good token for another year, or of another person, is refused too
    response = admin_client.post(url("sheet_confirm", fiscal_year=2569), {"token": token, "reason": "ปีอื่น"})
    assert response.status_code == 400
    from prongsai.apps.frameworks.services import editor_grant

    editor_grant(actor=world.user("system_admin"), user=world.user("outsider"))
    client.force_login(world.user("outsider"))
    assert client.post(url("sheet_confirm", fiscal_year=2570), {"token": token, "reason": "คนอื่น"}).status_code == 400
    assert versions_count() == 0


def test_confirm_without_reason_keeps_the_review(admin_client, url):
    token = token_of(_review(admin_client, url, "oit.csv", csv_bytes()).content.decode())
    response = admin_client.post(url("sheet_confirm", fiscal_year=2570), {"token": token, "reason": ""})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_reason_error"' in html and token_of(html) == token
    assert "ข้อใหม่ของปีทดสอบ" in html
    assert versions_count() == 0


def test_a_save_between_review_and_confirm_is_a_conflict(admin_client, url):
    token = token_of(_review(admin_client, url, "oit.csv", csv_bytes()).content.decode())
    data = form_data(admin_client.get(url("edit", fiscal_year=2570, part="weights")).content.decode())
    data.update({"w-0-weight": "0.35", "w-1-weight": "0.25", "reason": "คนอื่นแก้ก่อน"})
    assert admin_client.post(url("edit", fiscal_year=2570, part="weights"), data).status_code == 302
    response = admin_client.post(url("sheet_confirm", fiscal_year=2570), {"token": token, "reason": "ช้าไป"})
    assert response.status_code == 400 and "ไปก่อนหน้าท่าน" in response.content.decode()
    assert FrameworkYear.objects.get(fiscal_year=2570).version == 1


def test_yaml_export_import_round_trip(admin_client, url):
    data = form_data(admin_client.get(url("edit", fiscal_year=2570, part="weights")).content.decode())
    data.update({"w-0-weight": "0.35", "w-1-weight": "0.25", "reason": "ปรับน้ำหนัก"})
    assert admin_client.post(url("edit", fiscal_year=2570, part="weights"), data).status_code == 302
    response = admin_client.get(url("export", fiscal_year=2570))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "2570.yaml" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    text = response.content.decode()
    exported = yaml.safe_load(text)
    assert exported == current_raw(fiscal_year=2570)
    # another installation changes the title and shares the file back
    exported["title_th"] = "กรอบการประเมินปี 2570 จากจังหวัดทดสอบ"
    shared = yaml.safe_dump(exported, allow_unicode=True, sort_keys=False).encode()
    response = admin_client.post(url("yaml_import"), {"file": upload("2570-shared.yaml", shared)})
    html = response.content.decode()
    assert response.status_code == 200 and "ตรวจทานกรอบการประเมินปีงบประมาณ 2570" in html
    assert versions_count() == 1
    response = admin_client.post(url("yaml_confirm"), {"token": token_of(html), "reason": "จากจังหวัดทดสอบ"})
    assert response.status_code == 302
    assert current_raw(fiscal_year=2570) == exported
    assert FrameworkVersion.objects.get(number=2).origin_note == "YAML: 2570-shared.yaml"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bad.yaml", b"fiscal_year: [unclosed", "ไฟล์ YAML รูปแบบไม่ถูกต้อง"),
    ("list.yaml", b"- 1\n- 2\n", "ต้องเป็นกรอบการประเมินที่ระบุ fiscal_year"),
    ("latin.yaml", "fiscal_year: 2570\ntitle_th: é".encode("latin-1"), "UTF-8"),
    ("year.yaml", b"fiscal_year: 3000\n", "ระหว่าง 2500 ถึง 2700"),
    ("broken.yaml", b"fiscal_year: 2572\ntitle_th: x\n", "ไม่ผ่านการตรวจ"),
    ("x.txt", b"fiscal_year: 2570", "รองรับเฉพาะไฟล์ .yaml"),
])
def test_bad_yaml_is_refused_in_thai(admin_client, url, name, data, message):
    response = admin_client.post(url("yaml_import"), {"file": upload(name, data)})
    html = response.content.decode()
    assert response.status_code == 400 and message in html, html[html.find("error-summary"):][:600]
    assert 'name="token"' not in html
    assert versions_count() == 0


def test_yaml_confirm_with_a_bad_token(admin_client, url):
    response = admin_client.post(url("yaml_confirm"), {"token": "abc", "reason": "x"})
    assert response.status_code == 400 and "หมดอายุ" in response.content.decode()
