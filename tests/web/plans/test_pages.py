"""Plan pages: drafting, the measure form keeping what was typed, what each role sees, the demo plan."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from prongsai.apps.plans.models import Comment, CommentKind, Plan, PlanStatus, PlanVersion, Task
from prongsai.core.thaidate import thai_date_words, typed_be_date


def _url(name, world, **kwargs):
    return reverse(f"plans:{name}", kwargs={"agency_slug": world.own.slug, **kwargs})


def test_draft_through_the_page(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(_url("plans", world)).content.decode()
    assert "จัดทำร่างแผน" in html and "ยังไม่มีแผนมาตรการ" in html
    response = client.post(_url("plan_draft", world), {"results_fiscal_year": "2568", "plan_fiscal_year": "๒๕๖๙"})
    assert response.status_code == 302 and response["Location"].endswith("/plans/2569/")
    assert Plan.objects.get().fiscal_year == 2569
    response = client.post(_url("plan_draft", world), {"results_fiscal_year": "2568", "plan_fiscal_year": "2569"})
    assert response.status_code == 400 and "มีแผนมาตรการของปีงบประมาณ 2569 อยู่แล้ว" in response.content.decode()
    client.force_login(world.user("unit_staff"))
    assert "จัดทำร่างแผน" not in client.get(_url("plans", world)).content.decode()
    assert client.post(_url("plan_draft", world), {"results_fiscal_year": "2567"}).status_code == 403


def test_measure_form_keeps_what_was_typed_on_error(client, world, plan):
    measure = plan.measures.order_by("number").first()
    url = _url("measure_edit", world, fiscal_year=2569, measure_id=measure.pk)
    client.force_login(world.user("coordinator"))
    page = client.get(url).content.decode()
    start = date.fromisoformat(measure.data["start"])
    assert f'value="{measure.data["title_th"]}"' in page and 'type="date"' not in page  # the Thai date box
    assert f'name="start" value="{typed_be_date(start)}"' in page and thai_date_words(start) in page
    typed = {
        "version": "1", "title_th": "ชื่อที่พิมพ์ใหม่", "objective_th": "วัตถุประสงค์ใหม่", "steps_th": "ขั้นหนึ่ง\nขั้นสอง",
        "responsible_unit": "กองคลัง", "co_units": "", "start": "2025-11-01", "end": "1/10/2569",  # 1 Oct 2026: outside
        "budget": "๒๐,๐๐๐", "outputs_th": "", "kpi_th": "", "evidence_th": "",
    }
    response = client.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "อยู่นอกปีงบประมาณ พ.ศ. 2569" in html and "error-summary" in html
    assert 'value="ชื่อที่พิมพ์ใหม่"' in html and "ขั้นหนึ่ง\nขั้นสอง" in html and 'value="๒๐,๐๐๐"' in html
    assert 'value="1/10/2569"' in html and 'value="01/11/2568"' in html  # ISO typed comes back in B.E.
    measure.refresh_from_db()
    assert measure.data["title_th"] != "ชื่อที่พิมพ์ใหม่"
    # fixed: saved, with the Thai-digit budget and B.E. date understood
    typed["end"] = "31/3/2569"
    assert client.post(url, typed).status_code == 302
    measure.refresh_from_db()
    assert (measure.data["end"], measure.data["budget"], measure.data["steps_th"]) == (
        "2026-03-31", "20000.00", ["ขั้นหนึ่ง", "ขั้นสอง"])


def test_a_version_conflict_keeps_the_typed_values_and_offers_to_save_again(client, world, plan):
    measure = plan.measures.order_by("number").first()
    url = _url("measure_edit", world, fiscal_year=2569, measure_id=measure.pk)
    client.force_login(world.user("coordinator"))
    form = {"version": "1", "title_th": "ของคนแรก", "responsible_unit": "กองคลัง", "start": "2025-10-01",
            "end": "2025-12-31"}
    assert client.post(url, form).status_code == 302  # version 2 now
    form["title_th"] = "ของคนที่สอง"
    response = client.post(url, form)  # still says version 1
    html = response.content.decode()
    assert response.status_code == 400 and "ถูกแก้ไขไปแล้ว" in html and 'value="ของคนที่สอง"' in html
    assert 'name="version" value="2"' in html  # one more click saves over the newer version, knowingly
    measure.refresh_from_db()
    assert measure.data["title_th"] == "ของคนแรก"


def test_add_measure_page(client, world, plan):
    client.force_login(world.user("agency_admin"))
    url = _url("measure_add", world, fiscal_year=2569)
    assert 'value="01/10/2568"' in client.get(url).content.decode()  # the fiscal year's first day, in B.E.
    response = client.post(url, {"version": "1", "title_th": "", "responsible_unit": "", "start": "", "end": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "กรุณากรอกชื่อมาตรการ" in html and "กรุณาระบุวันเริ่ม" in html
    response = client.post(url, {"version": "1", "title_th": "มาตรการใหม่", "responsible_unit": "กองคลัง",
                                 "start": "2025-10-01", "end": "2026-09-30", "steps_th": "ก\nข"})
    assert response.status_code == 302
    assert plan.measures.filter(data__title_th="มาตรการใหม่").exists()


def test_what_each_role_sees_on_the_plan_page(client, world, plan):
    url = _url("plan_detail", world, fiscal_year=2569)
    client.force_login(world.user("coordinator"))
    html = client.get(url).content.decode()
    assert "เสนอผู้บริหารอนุมัติ" in html and "แก้ไขมาตรการที่ 1" in html and "อนุมัติแผนมาตรการ" not in html
    client.force_login(world.user("executive"))
    html = client.get(url).content.decode()
    assert "เสนอผู้บริหารอนุมัติ" not in html and "แก้ไขมาตรการที่ 1" not in html
    assert "อนุมัติแผนมาตรการ" not in html  # a draft is not yet for the executive
    assert "บันทึกความเห็น" in html
    client.force_login(world.user("auditor"))
    html = client.get(url).content.decode()
    assert "บันทึกความเห็น" not in html and "ดาวน์โหลดเอกสาร" in html
    assert "ประวัติของแผน" in html and "จัดทำร่าง" in html


def test_plan_comment(client, world, plan):
    client.force_login(world.user("executive"))
    url = _url("plan_comment", world, fiscal_year=2569)
    assert client.post(url, {"body": "ควรเพิ่มงบประมาณ"}).status_code == 302
    response = client.post(url, {"body": " "})
    assert response.status_code == 400 and "กรุณาพิมพ์ความเห็น" in response.content.decode()
    client.force_login(world.user("auditor"))
    assert client.post(url, {"body": "x"}).status_code == 403
    assert Comment.objects.get(plan=plan).kind == CommentKind.COMMENT


def test_remove_measure_needs_confirmation(client, world, plan):
    measure = plan.measures.order_by("number").first()
    url = _url("measure_remove", world, fiscal_year=2569, measure_id=measure.pk)
    client.force_login(world.user("coordinator"))
    assert client.post(url, {"version": "1"}).status_code == 400
    assert client.post(url, {"version": "1", "confirm": "yes"}).status_code == 302
    assert not plan.measures.filter(pk=measure.pk).exists()


def test_the_demo_has_an_approved_tracked_plan(demo_agency):
    plan = Plan.objects.get(agency=demo_agency)
    assert plan.status == PlanStatus.APPROVED
    assert PlanVersion.objects.filter(plan=plan).order_by("number").last().status == "approved"
    assert PlanVersion.objects.filter(plan=plan, action="returned").exists()
    assert Comment.objects.filter(plan=plan, kind=CommentKind.RETURN).exists()
    tasks = Task.objects.filter(measure__plan=plan)
    assert tasks.count() > 10
    assert tasks.filter(owner_unit__name_th="กองคลัง").exists()  # the demo unit staff has tasks
    assert tasks.exclude(status="not_started").exists()


def test_a_measure_line_names_each_unit_once_even_for_a_plan_stored_before(client, world, plan):
    """Plans drafted before read "สำนักปลัด (งาน…) ร่วมกับ สำนักปลัด, กองคลัง…"; the page shows each unit once."""
    measure = plan.measures.order_by("number").first()
    measure.data = {**measure.data, "responsible_unit": "สำนักปลัด (งานประชาสัมพันธ์)",
                    "co_units": ["สำนักปลัด", "กองคลัง", "สำนักปลัด (งานนิติการ)", "กองคลัง"]}
    measure.save(update_fields=["data"])
    client.force_login(world.user("coordinator"))
    html = client.get(_url("plan_detail", world, fiscal_year=2569)).content.decode()
    assert "สำนักปลัด (งานประชาสัมพันธ์) ร่วมกับ กองคลัง</dd>" in html
    assert "ร่วมกับ สำนักปลัด" not in html
