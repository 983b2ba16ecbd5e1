"""Meetings: the plan page shows the meeting a measure came from; people and decisions are
corrected and removed (audited, CSRF, permissions); agenda items 1, 2 and 5 reach the minutes; the development
report and the chosen photos reach the portal's year page only after a deliberate publish (and leave it on
unpublish); the report is offered as the OIT evidence of the year. Nothing unpublished is public."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.meetings import services
from prongsai.apps.meetings.models import Decision, MeetingFile, MeetingPerson
from prongsai.apps.plans import services as plan_services
from prongsai.core.documents.read import read_bytes

from ..conftest import TINY_PNG

PNG = TINY_PNG


@pytest.fixture
def access(world, coordinator):
    return agency_access(user=coordinator, agency=world.own)


@pytest.fixture
def meeting(world, coordinator):
    return services.meeting_create(
        agency=world.own,
        actor=coordinator,
        fiscal_year=2569,
        day=date(2026, 4, 2),
        chair_name="นายณัฐพล ศรีจันทร์",
        chair_position="นายก",
        number="1/2569",
        results_fiscal_year=2568,
        place="ห้องประชุม",
    )


@pytest.fixture
def member(world, coordinator, meeting):
    return services.people_add(
        agency=world.own,
        meeting=meeting,
        actor=coordinator,
        people=[
            {"name": "นางสาวสมศรี ใจดี", "position": "ปลัด", "role": "secretary", "attendance": "present"},
        ],
    )[0]


@pytest.fixture
def decision(world, coordinator, meeting, access):
    return services.decision_add(
        agency=world.own,
        meeting=meeting,
        access=access,
        actor=coordinator,
        text="เผยแพร่ข้อมูลข่าวสารผ่านช่องทางที่หลากหลาย",
        indicator=9,
    )


# --- 1. decisions → measures: the plan page links back ---------------------------------------------------------


def test_the_plan_page_shows_the_meeting_a_measure_came_from(client, client_for, world, coordinator, meeting, access):
    plan = plan_services.plan_draft(agency=world.own, access=access, actor=coordinator, results_fiscal_year=2568)
    services.decision_add(
        agency=world.own,
        meeting=meeting,
        access=access,
        actor=coordinator,
        text="จัดทำคู่มือการใช้ทรัพย์สินของราชการ",
        indicator=4,
        create_measure=True,
    )
    client_for(client, coordinator)
    page = client.get(reverse("plans:plan_detail", args=[world.own.slug, plan.fiscal_year]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "ที่มา:" in html and "มติที่ประชุมคณะทำงาน" in html and "ครั้งที่ 1/2569" in html
    assert reverse("meetings:detail", args=[world.own.slug, meeting.pk]) in html
    assert html.count("measure-origin") == 1  # only the measure the decision made


# --- 3. correcting people and decisions; agenda items 1, 2, 5 ----------------------------------------------------


def test_a_person_is_corrected_and_removed_audited(client, client_for, world, coordinator, meeting, member):
    client_for(client, coordinator)
    url = reverse("meetings:person_edit", args=[world.own.slug, meeting.pk, member.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "นางสาวสมศรี ใจงาม",
            "position": "ปลัด อบต.",
            "role": "secretary",
            "attendance": "leave",
            "note": "ติดราชการ",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.attendance, member.note) == ("นางสาวสมศรี ใจงาม", "leave", "ติดราชการ")
    entry = AuditEntry.objects.get(action="meeting.person_updated")
    assert entry.before["name"] == "นางสาวสมศรี ใจดี" and entry.after["name"] == "นางสาวสมศรี ใจงาม"
    remove = reverse("meetings:person_remove", args=[world.own.slug, meeting.pk, member.pk])
    assert client.post(remove).status_code == 302
    assert not MeetingPerson.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="meeting.person_removed").exists()


def test_the_chair_stays_and_bad_input_is_thai(client, client_for, world, coordinator, meeting, member):
    client_for(client, coordinator)
    chair = meeting.people.get(role="chair")
    refused = client.post(reverse("meetings:person_remove", args=[world.own.slug, meeting.pk, chair.pk]))
    assert refused.status_code == 400 and "ลบประธาน" in refused.content.decode()
    url = reverse("meetings:person_edit", args=[world.own.slug, meeting.pk, member.pk])
    to_chair = client.post(url, {"name": "ก", "role": "chair", "attendance": "present"})
    assert to_chair.status_code == 400 and "ประธานหนึ่งคน" in to_chair.context["form"].errors["role"][0]
    nonsense = client.post(url, {"name": "", "role": "x" * 500, "attendance": "\x00"})
    assert nonsense.status_code == 400
    errors = [e for errs in nonsense.context["form"].errors.values() for e in errs]
    assert errors and all(re.search("[\u0e00-\u0e7f]", e) for e in errors)
    member.refresh_from_db()
    assert member.name == "นางสาวสมศรี ใจดี" and meeting.people.count() == 2


def test_people_and_decisions_of_another_meeting_or_agency_are_404(
    client, client_for, world, coordinator, meeting, member, decision
):
    other = services.meeting_create(
        agency=world.own, actor=coordinator, fiscal_year=2569, day=date(2026, 5, 2), chair_name="ข"
    )
    client_for(client, coordinator)
    assert client.get(reverse("meetings:person_edit", args=[world.own.slug, other.pk, member.pk])).status_code == 404
    assert (
        client.post(reverse("meetings:decision_remove", args=[world.own.slug, other.pk, decision.pk])).status_code
        == 404
    )
    client_for(client, world.user("foreign"))
    assert (
        client.get(reverse("meetings:decision_edit", args=[world.own.slug, meeting.pk, decision.pk])).status_code == 404
    )
    client_for(client, world.user("auditor"))
    assert (
        client.post(reverse("meetings:decision_remove", args=[world.own.slug, meeting.pk, decision.pk])).status_code
        == 403
    )
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_removing_needs_the_csrf_token(world, coordinator, meeting, member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    response = strict.post(reverse("meetings:person_remove", args=[world.own.slug, meeting.pk, member.pk]))
    assert response.status_code == 403
    assert MeetingPerson.objects.filter(pk=member.pk).exists()


def test_a_decision_is_corrected_removed_and_the_rest_renumbered(
    client, client_for, world, coordinator, meeting, access, decision
):
    second = services.decision_add(
        agency=world.own, meeting=meeting, access=access, actor=coordinator, text="ทบทวนคู่มือการปฏิบัติงาน", indicator=1
    )
    client_for(client, coordinator)
    url = reverse("meetings:decision_edit", args=[world.own.slug, meeting.pk, second.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"text": "", "indicator": "99999999999999999999"})
    assert bad.status_code == 400 and bad.context["form"].errors["text"]
    assert client.post(url, {"text": "ทบทวนคู่มือการปฏิบัติงานทุกกอง", "indicator": 2}).status_code == 302
    second.refresh_from_db()
    assert (second.text, second.indicator) == ("ทบทวนคู่มือการปฏิบัติงานทุกกอง", 2)
    assert AuditEntry.objects.filter(action="meeting.decision_updated").exists()
    remove = reverse("meetings:decision_remove", args=[world.own.slug, meeting.pk, decision.pk])
    assert client.post(remove).status_code == 302
    assert list(meeting.decisions.values_list("number", "text")) == [(1, "ทบทวนคู่มือการปฏิบัติงานทุกกอง")]
    assert AuditEntry.objects.filter(action="meeting.decision_removed").exists()


def test_a_corrected_decision_may_not_name_a_measure_of_another_year(world, coordinator, access, decision, meeting):
    other = services.meeting_create(
        agency=world.own,
        actor=coordinator,
        fiscal_year=2570,
        day=date(2026, 11, 2),
        chair_name="ก",
        results_fiscal_year=2568,
    )
    plan = plan_services.plan_draft(agency=world.own, access=access, actor=coordinator, results_fiscal_year=2568)
    late = services.decision_add(agency=world.own, meeting=other, access=access, actor=coordinator, text="ก")
    with pytest.raises(services.MeetingRefused, match="ไม่ใช่ปีงบประมาณ 2570"):
        services.decision_update(
            agency=world.own,
            meeting=other,
            decision=late,
            access=access,
            actor=coordinator,
            text="ข",
            measure=plan.measures.first(),
        )
    late.refresh_from_db()
    assert late.text == "ก" and late.measure is None


def test_agenda_items_one_two_and_five_reach_the_minutes(client, client_for, world, coordinator, meeting):
    from prongsai.apps.meetings import selectors

    meeting.agenda = selectors.agenda_draft(agency=world.own, results_fiscal_year=2568, plan_fiscal_year=2569)
    meeting.save(update_fields=["agenda"])
    client_for(client, coordinator)
    url = reverse("meetings:agenda_edit", args=[world.own.slug, meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "item1_detail": "ประธานแจ้งกำหนดการประเมิน ITA ประจำปี",
            "item1_resolution": "รับทราบ",
            "item2_detail": "รายงานการประชุมครั้งที่ 4/2568",
            "item2_resolution": "รับรองรายงานการประชุม",
            "item5_detail": "นัดประชุมครั้งต่อไปเดือนมิถุนายน",
            "closed_at": "12.00",
            "checker": "นางสาวตรวจ ละเอียด",
            "checker_position": "ปลัด อบต.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert [i["section"] for i in meeting.agenda] == [1, 2, 3, 4, 5]  # 3 and 4 (from the analysis) kept
    assert AuditEntry.objects.filter(action="meeting.agenda_updated").exists()
    doc = client.get(reverse("meetings:document", args=[world.own.slug, meeting.pk, "minutes", "docx"]))
    text = read_bytes(doc.content, filename="x.docx").text
    for words in (
        "ประธานแจ้งกำหนดการประเมิน ITA ประจำปี",
        "รายงานการประชุมครั้งที่ ๔/๒๕๖๘",
        "นัดประชุมครั้งต่อไปเดือนมิถุนายน",
        "นางสาวตรวจ ละเอียด",
        "๑๒.๐๐",
    ):
        assert words in text, words
    # emptying an item removes it; the minutes then say "- ไม่มี -" for it
    client.post(url, {"item1_detail": "ประธานแจ้ง", "item2_detail": "", "item5_detail": ""})
    meeting.refresh_from_db()
    assert [i["section"] for i in meeting.agenda] == [1, 3, 4]


# --- 2. publication ------------------------------------------------------------------------------------------------


def _photo(world, coordinator, meeting, name="ภาพ.png"):
    return services.file_add(
        agency=world.own, meeting=meeting, actor=coordinator, kind="photo", data=PNG, filename=name
    )


def test_a_photo_is_stored_without_its_gps_and_phone_serial(world, coordinator, meeting):
    import io

    from PIL import Image

    from prongsai.apps.base import files

    exif = Image.Exif()
    exif[0xA431] = "SERIAL-98765"
    exif.get_ifd(0x8825)[2] = (13.0, 45.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="JPEG", exif=exif.tobytes())
    row = services.file_add(agency=world.own, meeting=meeting, actor=coordinator, kind="photo",
                            data=out.getvalue(), filename="ภาพ.jpg")
    stored = files.path_of(row.stored_name).read_bytes()
    assert b"SERIAL-98765" not in stored and b"Exif" not in stored and row.size == len(stored)


def test_the_portal_shows_nothing_unpublished(client, world, coordinator, meeting, decision):
    photo = _photo(world, coordinator, meeting)
    year = reverse("portal:result_year", args=[world.own.slug, 2568])
    html = client.get(year).content.decode()
    assert "ไปพัฒนาองค์กร" not in html and "/meetings/" not in html
    assert client.get(reverse("meetings:public_development", args=[world.own.slug, meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:public_photo", args=[world.own.slug, photo.pk])).status_code == 404
    MeetingFile.objects.filter(pk=photo.pk).update(published=True)  # a chosen photo of an unpublished meeting
    assert client.get(reverse("meetings:public_photo", args=[world.own.slug, photo.pk])).status_code == 404
    assert "/meetings/" not in client.get(year).content.decode()


def test_publish_puts_the_report_and_chosen_photos_on_the_year_page_and_unpublish_takes_them_off(
    client, client_for, world, coordinator, meeting, decision
):
    chosen, other = _photo(world, coordinator, meeting, "เลือก.png"), _photo(world, coordinator, meeting, "ไม่.png")
    staff = Client()
    client_for(staff, world.user("agency_admin"))
    publish = reverse("meetings:publish", args=[world.own.slug, meeting.pk])
    assert staff.post(publish, {"confirm": "on", "photos": [chosen.pk]}).status_code == 302
    entry = AuditEntry.objects.get(action="meeting.development_published")
    assert entry.after["photos"] == 1
    report = reverse("meetings:public_development", args=[world.own.slug, meeting.pk])
    for year in (2568, 2569):  # the results year and the meeting's year
        response = client.get(reverse("portal:result_year", args=[world.own.slug, year]))
        if response.status_code == 404:  # no results of that year in the test world
            continue
        html = response.content.decode()
        assert "การนำผลการประเมิน ITA ไปพัฒนาองค์กร" in html and report in html
        assert reverse("meetings:public_photo", args=[world.own.slug, chosen.pk]) in html
        assert reverse("meetings:public_photo", args=[world.own.slug, other.pk]) not in html
    download = client.get(report)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    text = read_bytes(data, filename="x.docx").text
    assert "การนำผลการประเมิน ITA ไปพัฒนาองค์กร" in text and world.own.name_th in text
    assert client.get(reverse("meetings:public_photo", args=[world.own.slug, chosen.pk])).status_code == 200
    assert client.get(reverse("meetings:public_photo", args=[world.own.slug, other.pk])).status_code == 404
    # another agency's slug does not reach it
    assert client.get(reverse("meetings:public_development", args=[world.foreign.slug, meeting.pk])).status_code == 404
    # unpublish: off the page, the links answer 404, audited
    assert staff.post(publish, {"publish": "no", "confirm": "on"}).status_code == 302
    assert AuditEntry.objects.filter(action="meeting.development_unpublished").exists()
    html = client.get(reverse("portal:result_year", args=[world.own.slug, 2568])).content.decode()
    assert "ไปพัฒนาองค์กร" not in html
    assert client.get(report).status_code == 404
    assert client.get(reverse("meetings:public_photo", args=[world.own.slug, chosen.pk])).status_code == 404


def test_the_public_copy_is_the_one_published(client, world, coordinator, meeting, decision, access):
    admin = world.user("agency_admin")
    services.development_publish(
        agency=world.own, meeting=meeting, access=agency_access(user=admin, agency=world.own), actor=admin
    )
    services.decision_add(
        agency=world.own, meeting=meeting, access=access, actor=coordinator, text="ข้อความที่ยังไม่ได้เผยแพร่"
    )
    response = client.get(reverse("meetings:public_development", args=[world.own.slug, meeting.pk]))
    text = read_bytes(b"".join(response.streaming_content), filename="x.docx").text
    assert "ข้อความที่ยังไม่ได้เผยแพร่" not in text


def test_only_the_right_role_publishes(client, client_for, world, meeting, decision):
    url = reverse("meetings:publish", args=[world.own.slug, meeting.pk])
    for role in ("executive", "unit_staff", "auditor"):
        client_for(client, world.user(role))
        assert client.post(url, {"confirm": "on"}).status_code == 403, role
    meeting.refresh_from_db()
    assert meeting.development_published_at is None


def test_photos_of_another_meeting_are_refused(client, client_for, world, coordinator, meeting, decision):
    other = services.meeting_create(
        agency=world.own, actor=coordinator, fiscal_year=2569, day=date(2026, 5, 2), chair_name="ข"
    )
    stranger = _photo(world, coordinator, other)
    access = agency_access(user=coordinator, agency=world.own)
    with pytest.raises(services.MeetingRefused, match="ไม่ใช่ภาพของการประชุมนี้"):
        services.development_publish(
            agency=world.own, meeting=meeting, access=access, actor=coordinator, photo_ids=[stranger.pk]
        )
    meeting.refresh_from_db()
    assert meeting.development_published_at is None


def test_the_report_is_offered_as_the_oit_evidence_of_the_year(
    client, client_for, world, coordinator, meeting, decision, access
):
    from prongsai.apps.oit import services as oit_services
    from prongsai.apps.oit.models import OitFile

    client_for(client, coordinator)
    url = reverse("meetings:publish", args=[world.own.slug, meeting.pk])
    no_list = client.post(url, {"confirm": "on", "offer_oit": "on"})
    assert no_list.status_code == 400
    assert "ไม่พบข้อ OIT" in no_list.context["publish_form"].errors["offer_oit"][0]
    meeting.refresh_from_db()
    assert meeting.development_published_at is None  # nothing half-saved
    oit_services.checklist_create(agency=world.own, access=access, actor=coordinator, fiscal_year=2569)
    page = client.get(reverse("meetings:detail", args=[world.own.slug, meeting.pk])).content.decode()
    assert "ข้อ O25" in page
    assert client.post(url, {"confirm": "on", "offer_oit": "on"}).status_code == 302
    evidence = OitFile.objects.get(agency=world.own)
    assert evidence.item.code.upper() == "O25" and evidence.item.checklist.fiscal_year == 2569
    assert evidence.kind == "docx" and "พัฒนาองค์กร" in evidence.original_name
    assert AuditEntry.objects.get(action="meeting.development_published").after["oit"] == "O25"
    assert AuditEntry.objects.filter(action="oit.file_added").exists()
