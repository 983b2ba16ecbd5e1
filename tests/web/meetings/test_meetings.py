"""Working-group meetings: record one with its agenda drafted from the analysis, attendance, decisions that become
plan measures, photos, the two documents read back by the parser, publication; bad input refused in Thai."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.meetings import selectors, services
from prongsai.apps.meetings.models import Decision, Meeting, MeetingPerson
from prongsai.apps.plans import services as plan_services
from prongsai.core.documents.check import check_parsed
from prongsai.core.documents.parse import parse_text
from prongsai.core.documents.read import read_bytes

from ..conftest import TINY_PNG


@pytest.fixture
def meeting(world, coordinator):
    return services.meeting_create(agency=world.own, actor=coordinator, fiscal_year=2569, day=date(2026, 4, 2),
                                   chair_name="นายณัฐพล ศรีจันทร์", chair_position="นายกองค์การบริหารส่วนตำบลทดสอบหนึ่ง",
                                   results_fiscal_year=2568, place="ห้องประชุม")


@pytest.fixture
def plan(world, coordinator):
    return plan_services.plan_draft(agency=world.own, access=agency_access(user=coordinator, agency=world.own),
                                    actor=coordinator, results_fiscal_year=2568)


def test_create_meeting_with_agenda_from_the_analysis(client, client_for, world, coordinator):
    client_for(client, coordinator)
    url = reverse("meetings:new", args=[world.own.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "group_name": "คณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส", "fiscal_year": 2569, "day": "2 เม.ย. 2569",
        "chair_name": "นายณัฐพล ศรีจันทร์", "results_fiscal_year": 2568,
    })
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get(agency=world.own)
    assert [i["section"] for i in meeting.agenda] == [3, 4]
    assert "อยู่ในระดับ" in meeting.agenda[0]["detail"]
    assert AuditEntry.objects.filter(action="meeting.created").exists()
    page = client.get(reverse("meetings:detail", args=[world.own.slug, meeting.pk]))
    assert page.status_code == 200 and "ระเบียบวาระที่ 4" in page.content.decode()


def test_a_day_outside_the_fiscal_year_is_refused_beside_the_field(client, client_for, world, coordinator):
    client_for(client, coordinator)
    response = client.post(reverse("meetings:new", args=[world.own.slug]), {
        "group_name": "คณะทำงาน", "fiscal_year": 2569, "day": "2 เม.ย. 2568", "chair_name": "ก",
    })
    assert response.status_code == 400
    assert "ไม่อยู่ในปีงบประมาณ 2569" in response.context["form"].errors["day"][0]
    assert not Meeting.objects.exists()


def test_attendance_counts_must_add_up(client, client_for, world, coordinator, meeting):
    client_for(client, coordinator)
    url = reverse("meetings:people_add", args=[world.own.slug, meeting.pk])
    people = (
        "นางสาวสมศรี ใจดี | ปลัด | คณะทำงานและเลขานุการ | มาประชุม\n"
        "นายสมชาย มั่นคง | ผอ.กองคลัง | คณะทำงาน | ลาประชุม | ติดราชการ"
    )
    bad = client.post(url, {"people": people, "present_count": 3, "absent_count": 0, "leave_count": 1})
    assert bad.status_code == 400
    assert "ไม่ตรงกับรายชื่อ" in bad.context["people_form"].errors["present_count"][0]
    assert MeetingPerson.objects.filter(meeting=meeting).count() == 1  # the chair only: nothing half-saved
    good = client.post(url, {"people": people,
                             "present_count": 2, "absent_count": 0, "leave_count": 1})
    assert good.status_code == 302
    assert MeetingPerson.objects.filter(meeting=meeting, attendance="leave").get().note == "ติดราชการ"


def test_a_decision_becomes_a_measure_and_the_plan_page_links_back(client, client_for, world, coordinator, meeting,
                                                                    plan):
    client_for(client, coordinator)
    url = reverse("meetings:decision_add", args=[world.own.slug, meeting.pk])
    before = plan.measures.count()
    response = client.post(url, {"text": "จัดทำคู่มือการใช้ทรัพย์สินของราชการ", "indicator": 4, "create_measure": "on"})
    assert response.status_code == 302, response.content.decode()
    decision = Decision.objects.get(meeting=meeting)
    assert decision.measure is not None and decision.measure.plan_id == plan.pk
    assert plan.measures.count() == before + 1
    links = selectors.decisions_for_measures(agency=world.own, measure_ids=[decision.measure_id])
    assert links[decision.measure_id] == meeting


def test_a_measure_of_another_agency_or_year_is_refused(world, coordinator, meeting):
    foreign_user = world.user("foreign")
    foreign_access = agency_access(user=foreign_user, agency=world.foreign)
    other = plan_services.plan_draft(agency=world.foreign, access=foreign_access, actor=foreign_user,
                                     results_fiscal_year=2568)
    access = agency_access(user=coordinator, agency=world.own)
    with pytest.raises(services.MeetingRefused, match="ไม่ได้อยู่ในหน่วยงานของท่าน"):
        services.decision_add(agency=world.own, meeting=meeting, access=access, actor=coordinator, text="x",
                              measure=other.measures.first())
    late = services.meeting_create(agency=world.own, actor=coordinator, fiscal_year=2570, day=date(2026, 11, 2),
                                   chair_name="ก", results_fiscal_year=2568)
    own_plan = plan_services.plan_draft(agency=world.own, access=access, actor=coordinator, results_fiscal_year=2568)
    with pytest.raises(services.MeetingRefused, match="ไม่ใช่ปีงบประมาณ 2570"):
        services.decision_add(agency=world.own, meeting=late, access=access, actor=coordinator, text="x",
                              measure=own_plan.measures.first())
    assert not Decision.objects.exists()


def test_photos_are_sniffed(client, client_for, world, coordinator, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_for(client, coordinator)
    url = reverse("meetings:file_add", args=[world.own.slug, meeting.pk])
    html = SimpleUploadedFile("ภาพ.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    bad = client.post(url, {"kind": "photo", "file": html})
    assert bad.status_code == 400 and meeting.files.count() == 0
    pdf = SimpleUploadedFile("ภาพ.png", b"%PDF-1.4\n%%EOF\n", content_type="image/png")
    assert client.post(url, {"kind": "photo", "file": pdf}).status_code == 400  # a PDF is not a photo
    png = SimpleUploadedFile("ภาพ.png", TINY_PNG, content_type="image/png")
    assert client.post(url, {"kind": "photo", "file": png}).status_code == 302
    row = meeting.files.get()
    download = client.get(reverse("meetings:file_download", args=[world.own.slug, row.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize("kind", ["development", "minutes"])
def test_documents_read_back_with_the_stored_result(client, client_for, world, coordinator, meeting, kind):
    access = agency_access(user=coordinator, agency=world.own)
    services.decision_add(agency=world.own, meeting=meeting, access=access, actor=coordinator,
                          text="เผยแพร่ข้อมูลข่าวสารผ่านช่องทางที่หลากหลาย", indicator=9)
    client_for(client, coordinator)
    response = client.get(reverse("meetings:document", args=[world.own.slug, meeting.pk, kind, "docx"]))
    assert response.status_code == 200
    parsed = parse_text(read_bytes(response.content, filename="x.docx").text)
    doc = parsed.document
    from prongsai.apps.assessments.selectors import result_for_year

    stored = result_for_year(agency=world.own, fiscal_year=2568)
    assert doc.agency.name == world.own.name_th
    assert doc.fiscal_year == 2568
    assert doc.overall.score == float(stored.overall) and doc.overall.level == stored.level
    assert check_parsed(parsed).findings == []


def test_publish_is_deliberate_and_audited(client, client_for, world, coordinator, meeting):
    admin = world.user("agency_admin")
    client_for(client, admin)
    url = reverse("meetings:publish", args=[world.own.slug, meeting.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 400  # no decision yet
    services.decision_add(agency=world.own, meeting=meeting, access=agency_access(user=coordinator, agency=world.own),
                          actor=coordinator, text="ก")
    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 400  # publishing is deliberate: the box must be ticked
    assert "ยืนยัน" in unconfirmed.context["publish_form"].errors["confirm"][0]
    assert client.post(url, {"confirm": "on"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.development_published_at is not None
    assert AuditEntry.objects.filter(action="meeting.development_published").exists()
    assert list(selectors.published_developments(agency=world.own, fiscal_year=2569)) == [meeting]
    client_for(client, world.user("auditor"))
    assert client.post(url, {"publish": "no"}).status_code == 403  # an auditor may not edit the portal
