"""Creating a year from another and editing each part: every save a new version with a reason; a stale version is
refused with the Thai conflict message and both people's changes are safe; schema errors are shown in Thai, beside
the field when a row holds it, and nothing is saved; no input answers 500."""

from __future__ import annotations

import pytest

from prongsai.apps.frameworks.models import FrameworkYear
from prongsai.apps.frameworks.selectors import framework_for

from .conftest import form_data, versions_count


def _edit(client, url, part, fy=2570):
    response = client.get(url("edit", fiscal_year=fy, part=part))
    assert response.status_code == 200
    return form_data(response.content.decode())


def test_create_year_from_year(admin_client, url):
    assert framework_for(fiscal_year=2571) is None
    page = admin_client.get(url("index")).content.decode()
    assert "2570" in page and "ชั่วคราว" in page
    response = admin_client.post(url("index"), {"fiscal_year": "2571", "base_year": "2570",
                                                "reason": "เตรียมปี 2571 ก่อนได้รับคู่มือ"})
    assert response.status_code == 302 and response["Location"] == url("year", fiscal_year=2571)
    fw = framework_for(fiscal_year=2571)
    assert fw is not None and fw.is_provisional and "2571" in fw.title_th
    assert FrameworkYear.objects.get(fiscal_year=2571).version == 1
    page = admin_client.get(url("year", fiscal_year=2571)).content.decode()
    assert "ฉบับที่ 1 ที่บันทึกในระบบ" in page
    # once created, the year is edited, not created again
    response = admin_client.post(url("index"), {"fiscal_year": "2571", "base_year": "2570", "reason": "ซ้ำ"})
    assert response.status_code == 400 and "มีอยู่แล้ว" in response.content.decode()
    assert FrameworkYear.objects.get(fiscal_year=2571).version == 1


@pytest.mark.parametrize("year", ["abc", "1e9", "", "99999999999999999999", "๒๕๗๑x"])
def test_create_year_malformed_numbers_are_thai_errors(admin_client, url, year):
    response = admin_client.post(url("index"), {"fiscal_year": year, "base_year": "2570", "reason": "ทดสอบ"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert versions_count() == 0


def test_current_year_missing_is_offered(admin_client, url, monkeypatch):
    from prongsai.apps.frameworks import views

    monkeypatch.setattr(views, "current_fiscal_year", lambda: 2571)
    html = admin_client.get(url("index")).content.decode()
    assert "ปีงบประมาณปัจจุบัน (2571) ยังไม่มีกรอบการประเมิน" in html
    assert 'value="2571"' in html


def test_weights_save_a_new_version(admin_client, url):
    data = _edit(admin_client, url, "weights")
    assert data["version"] == "0"
    data.update({"w-0-weight": "0.35", "w-1-weight": "0.25", "reason": "ตามคู่มือปี 2570 หน้า 5"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="weights"), data)
    assert response.status_code == 302
    fw = framework_for(fiscal_year=2570)
    assert [i.weight for i in fw.instruments.items] == [0.35, 0.25, 0.4]
    assert fw.origin == "workbench:2570@v1"
    page = admin_client.get(url("year", fiscal_year=2570)).content.decode()
    assert "0.35" in page and "บันทึกน้ำหนักเครื่องมือ" in page


def test_weights_that_do_not_sum_to_one_are_refused_in_thai_and_kept(admin_client, url):
    data = _edit(admin_client, url, "weights")
    data.update({"w-0-weight": "0.5", "reason": "ลองน้ำหนักใหม่"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="weights"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "น้ำหนักของเครื่องมือรวมกันต้องเท่ากับ 1" in html
    assert 'value="0.5"' in html and "ลองน้ำหนักใหม่" in html  # nothing typed is lost
    assert versions_count() == 0


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "1,5", "-0.1", "2"])
def test_malformed_weights_are_thai_errors_beside_the_field(admin_client, url, value):
    data = _edit(admin_client, url, "weights")
    data.update({"w-0-weight": value, "reason": "ทดสอบ"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="weights"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_w-0-weight_error"' in html
    assert versions_count() == 0


def test_a_reason_is_required(admin_client, url):
    data = _edit(admin_client, url, "weights")
    data.update({"reason": "  "})
    response = admin_client.post(url("edit", fiscal_year=2570, part="weights"), data)
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert versions_count() == 0


def test_two_admins_editing_the_same_year_the_second_is_told_and_loses_nothing(client, world, url, django_user_model):
    from django.test import Client

    second = django_user_model.objects.create_superuser("root2", password="x-test-password-1")
    first_client, second_client = client, Client()
    first_client.force_login(world.user("system_admin"))
    second_client.force_login(second)
    first = _edit(first_client, url, "indicators")
    other = _edit(second_client, url, "levels")
    first.update({"i-0-name_th": "การปฏิบัติหน้าที่ (ปรับตามคู่มือ)", "reason": "ผู้ดูแลคนแรก"})
    assert first_client.post(url("edit", fiscal_year=2570, part="indicators"), first).status_code == 302
    other.update({"l-2-label": "ผ่านเกณฑ์", "reason": "ผู้ดูแลคนที่สอง"})
    response = second_client.post(url("edit", fiscal_year=2570, part="levels"), other)
    html = response.content.decode()
    assert response.status_code == 409
    assert "มีผู้แก้ไขกรอบการประเมินปี 2570 ไปก่อนหน้าท่าน" in html
    assert 'value="ผ่านเกณฑ์"' in html and "ผู้ดูแลคนที่สอง" in html  # the second person's input is on the page
    fw = framework_for(fiscal_year=2570)
    assert fw.indicators.items[0].name_th == "การปฏิบัติหน้าที่ (ปรับตามคู่มือ)"  # the first change is kept
    assert [r.label for r in fw.levels.rules][2] == "ผ่าน"
    assert FrameworkYear.objects.get(fiscal_year=2570).version == 1
    # reloading and saving again works
    other = _edit(second_client, url, "levels")
    other.update({"l-2-label": "ผ่านเกณฑ์", "reason": "ผู้ดูแลคนที่สอง อีกครั้ง"})
    assert second_client.post(url("edit", fiscal_year=2570, part="levels"), other).status_code == 302
    fw = framework_for(fiscal_year=2570)
    assert fw.levels.rules[2].label == "ผ่านเกณฑ์" and fw.indicators.items[0].name_th.endswith("(ปรับตามคู่มือ)")


def test_level_rules_schema_error_in_thai_and_nothing_saved(admin_client, url):
    data = _edit(admin_client, url, "levels")
    data.update({"l-3-min_overall": "5", "reason": "ทดสอบระดับ"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="levels"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "ระดับสุดท้าย (ไม่ผ่าน) ต้องครอบคลุมคะแนนตั้งแต่ 0" in html
    assert versions_count() == 0


def test_level_rules_add_remove_and_reorder(admin_client, url):
    data = _edit(admin_client, url, "levels")
    # drop "ผ่านดีเยี่ยม" (first row)
    data.update({"l-0-DELETE": "on", "reason": "ตัดระดับดีเยี่ยม"})
    assert admin_client.post(url("edit", fiscal_year=2570, part="levels"), data).status_code == 302
    assert [r.label for r in framework_for(fiscal_year=2570).levels.rules] == ["ผ่านดี", "ผ่าน", "ไม่ผ่าน"]
    data = _edit(admin_client, url, "levels")
    data.update({"l-3-ORDER": "0", "l-3-label": "ผ่านดีมาก", "l-3-label_en": "Very good", "l-3-passed": "on",
                 "l-3-min_overall": "90", "l-3-min_each_instrument": "90", "reason": "เพิ่มระดับ"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="levels"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert framework_for(fiscal_year=2570).levels.rules[0].label == "ผ่านดีมาก"


def test_add_rows_button_keeps_input_and_saves_nothing(admin_client, url):
    data = _edit(admin_client, url, "oit")
    data.update({"it-0-title_th": "ชื่อที่กำลังพิมพ์", "add_rows": "1", "reason": "ยังพิมพ์อยู่"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'value="ชื่อที่กำลังพิมพ์"' in html
    total = int(data["it-TOTAL_FORMS"])
    assert f'name="it-TOTAL_FORMS" value="{total + 5}"' in html
    assert versions_count() == 0


def test_oit_items_edit_rename_add_remove(admin_client, url):
    data = _edit(admin_client, url, "oit")
    assert data["it-0-code"] == "O1"
    items = int(data["it-INITIAL_FORMS"])
    data.update({"it-0-title_th": "โครงสร้างองค์กร", "it-0-required_parts": "แผนผัง\nอำนาจหน้าที่\n",
                 "it-0-period": "current", "it-3-DELETE": "on",
                 f"it-{items}-code": "o99", f"it-{items}-title_th": "ข้อใหม่", f"it-{items}-subindicator": "9.1",
                 "reason": "ตามคู่มือ"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fw = framework_for(fiscal_year=2570)
    first = fw.oit.subindicators[0]
    assert [i.code for i in first.items] == ["O1", "O2", "O3", "O99"]
    assert first.items[0].title_th == "โครงสร้างองค์กร"
    assert first.items[0].required_parts == ["แผนผัง", "อำนาจหน้าที่"] and first.items[0].period == "current"


def test_oit_errors_beside_the_row(admin_client, url):
    data = _edit(admin_client, url, "oit")
    data.update({"it-1-code": "O1", "it-2-subindicator": "9.9", "reason": "ทดสอบ"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_it-1-code_error"' in html and "ซ้ำกับแถวก่อนหน้า" in html
    data = _edit(admin_client, url, "oit")
    data.update({"it-2-subindicator": "9.9", "it-0-code": "X1", "reason": "ทดสอบ"})
    html = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data).content.decode()
    assert 'id="id_it-0-code_error"' in html and "รหัสข้อ OIT ต้องเป็นรูปแบบ" in html
    data = _edit(admin_client, url, "oit")
    data.update({"it-2-subindicator": "9.9", "reason": "ทดสอบ"})
    html = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data).content.decode()
    assert 'id="id_it-2-subindicator_error"' in html and "ไม่มีตัวชี้วัดย่อย 9.9" in html
    assert versions_count() == 0


def test_subindicator_rename_carries_its_items_and_new_one_needs_items(admin_client, url):
    data = _edit(admin_client, url, "oit")
    subs = int(data["sub-INITIAL_FORMS"])
    data.update({"sub-0-code": "9.10", "sub-0-name_th": "ข้อมูลพื้นฐานของหน่วยงาน",
                 f"sub-{subs}-code": "9.6", f"sub-{subs}-indicator": "9", "reason": "ทดสอบ"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data)
    assert response.status_code == 400
    assert "ตัวชี้วัดย่อย 9.6 ยังไม่มีข้อ OIT" in response.content.decode()
    data.pop(f"sub-{subs}-code"), data.pop(f"sub-{subs}-indicator")
    response = admin_client.post(url("edit", fiscal_year=2570, part="oit"), data)
    assert response.status_code == 302
    sub = framework_for(fiscal_year=2570).oit.subindicators[0]
    assert sub.code == "9.10" and sub.name_th == "ข้อมูลพื้นฐานของหน่วยงาน" and sub.items[0].code == "O1"


def test_indicators_and_sources_edit(admin_client, url):
    data = _edit(admin_client, url, "indicators")
    data.update({"i-9-name_en": "Open data (edited)", "s-confidence": "medium", "reason": "ตามคู่มือ"})
    assert admin_client.post(url("edit", fiscal_year=2570, part="indicators"), data).status_code == 302
    fw = framework_for(fiscal_year=2570)
    assert fw.indicators.items[9].name_en == "Open data (edited)" and fw.indicators.confidence == "medium"
    data = _edit(admin_client, url, "sources")
    data.update({"src-levels_source": "คู่มือการประเมิน ITA 2570 หน้า 9\nประกาศ ป.ป.ช.", "src-levels_confidence": "high",
                 "reason": "ตรวจที่มา"})
    assert admin_client.post(url("edit", fiscal_year=2570, part="sources"), data).status_code == 302
    fw = framework_for(fiscal_year=2570)
    assert fw.levels.source == ["คู่มือการประเมิน ITA 2570 หน้า 9", "ประกาศ ป.ป.ช."] and fw.levels.confidence == "high"
    data = _edit(admin_client, url, "sources")
    data.update({"src-levels_source": "   ", "reason": "ลบที่มา"})
    response = admin_client.post(url("edit", fiscal_year=2570, part="sources"), data)
    assert response.status_code == 400 and 'id="id_src-levels_source_error"' in response.content.decode()


def test_questions_edit(admin_client, url):
    data = _edit(admin_client, url, "questions", fy=2564)
    rows = int(data["q-INITIAL_FORMS"])
    assert rows == 30
    data.update({"q-0-text_th": "ข้อคำถามที่แก้ไขแล้ว", f"q-{rows}-code": "i99", f"q-{rows}-indicator": "1",
                 f"q-{rows}-text_th": "ข้อคำถามใหม่", f"q-{rows}-scale": "four_level", "q-1-DELETE": "on",
                 "reason": "ทดสอบข้อคำถาม"})
    response = admin_client.post(url("edit", fiscal_year=2564, part="questions"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fw = framework_for(fiscal_year=2564)
    codes = [q.code for q in fw.questions.items]
    assert fw.questions.items[0].text_th == "ข้อคำถามที่แก้ไขแล้ว" and codes[-1] == "i99" and len(codes) == 30
    data = _edit(admin_client, url, "questions", fy=2564)
    data.update({"q-0-indicator": "55", "reason": "x"})
    response = admin_client.post(url("edit", fiscal_year=2564, part="questions"), data)
    assert response.status_code == 400 and 'id="id_q-0-indicator_error"' in response.content.decode()


@pytest.mark.parametrize("path", [
    "/frameworks/2400/", "/frameworks/9999/", "/frameworks/99999999999999999999999/", "/frameworks/2570/edit/nope/",
    "/frameworks/2599/edit/weights/", "/frameworks/2599/versions/", "/frameworks/2599/effects/",
    "/frameworks/2599/export.yaml", "/frameworks/2599/confirm/", "/frameworks/9999/sheet/",
])
def test_unknown_years_and_parts_are_404(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_tampered_management_form_is_not_a_500(admin_client, url):
    data = _edit(admin_client, url, "weights")
    for bad in ({"w-TOTAL_FORMS": "abc"}, {"w-TOTAL_FORMS": "99999"}, {"w-0-code": "ZZZ"}, {"version": "x"},
                {"version": "-1"}):
        response = admin_client.post(url("edit", fiscal_year=2570, part="weights"), {**data, **bad, "reason": "x"})
        assert response.status_code == 400, bad
    payload = {k: v for k, v in data.items() if not k.startswith("w-")}
    assert admin_client.post(url("edit", fiscal_year=2570, part="weights"), payload).status_code == 400
    assert versions_count() == 0
