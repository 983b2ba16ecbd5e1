"""Designating and revoking complaint officers (``/a/<slug>/complaints/officers/``): every designation, an agency
administrator's of themselves included, is audited and told to the agency's other administrators and complaint
officers (who designated whom, and when); bad input is a Thai 400, never a 500."""

from __future__ import annotations

import re

import pytest

from prongsai.apps.agencies import notices
from prongsai.apps.agencies.models import Membership, Role
from prongsai.apps.agencies.services import membership_set
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.complaints.models import ComplaintOfficer
from prongsai.apps.complaints.services import ComplaintInputError, complaint_officer_designate

from ..conftest import make_user

pytestmark = pytest.mark.django_db

WHEN = re.compile(r"^เมื่อ \d{1,2} \S+ 25\d\d เวลา \d\d:\d\d น\.$", re.MULTILINE)


def _with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def staffed(world, officer):
    """``own`` with two agency administrators and one complaint officer (the coordinator), all with e-mail."""
    _with_email(world.user("agency_admin"), "admin@own.example")
    _with_email(officer, "officer@own.example")
    second = _with_email(make_user("second_admin", first_name="ปลัด"), "second@own.example")
    membership_set(user=second, agency=world.own, role=Role.AGENCY_ADMIN)
    world.users["second_admin"] = second
    _with_email(world.user("executive"), "executive@own.example")  # neither admin nor officer: never told
    return world


def _officers(world):
    return f"/a/{world.own.slug}/complaints/officers/"


def test_an_agency_admin_designating_themselves_is_audited_and_told_to_the_others(client, staffed, mailoutbox):
    world = staffed
    admin = world.user("agency_admin")
    mailoutbox.clear()
    client.force_login(admin)
    response = client.post(_officers(world), {"action": "designate", "user": str(admin.pk)})
    assert response.status_code == 302
    designation = ComplaintOfficer.objects.get(agency=world.own, user=admin)
    assert designation.designated_by == admin
    entry = AuditEntry.objects.get(action="complaint_officer.designated", target_id=str(designation.pk))
    assert entry.actor == admin and entry.agency == world.own
    assert entry.note.startswith("แต่งตั้งตนเอง")
    assert "coordinator" in entry.note and "second_admin" in entry.note
    told = sorted(address for message in mailoutbox for address in message.to)
    assert told == ["officer@own.example", "second@own.example"]  # the others: not the actor, not the executive
    for message in mailoutbox:
        assert "ทดสอบagency_admin (agency_admin) แต่งตั้งตนเองเป็นเจ้าหน้าที่รับเรื่องร้องเรียนของ" in message.body
        assert world.own.name_th in message.body and world.own.name_th in message.subject
        assert WHEN.search(message.body)
    # the page shows who designated whom
    assert "โดย ทดสอบagency_admin" in client.get(_officers(world)).content.decode()


def test_designating_another_member_names_both(client, staffed, mailoutbox):
    world = staffed
    mailoutbox.clear()
    client.force_login(world.user("second_admin"))
    executive = world.user("executive")
    assert client.post(_officers(world), {"action": "designate", "user": str(executive.pk)}).status_code == 302
    assert sorted(a for m in mailoutbox for a in m.to) == ["admin@own.example", "officer@own.example"]
    assert "ปลัด (second_admin) แต่งตั้ง ทดสอบexecutive (executive) เป็นเจ้าหน้าที่รับเรื่องร้องเรียน" in (
        mailoutbox[0].body
    )


def test_the_system_administrators_way_in_is_audited_and_told_at_each_step(client, staffed, mailoutbox):
    """A system administrator cannot read complaints as such; to do so they must become a member and be
    designated, and each step is written in the agency's audit log and told to its administrators and officers."""
    world = staffed
    root = _with_email(world.user("system_admin"), "root@example.org")
    client.force_login(root)
    assert client.get(f"/a/{world.own.slug}/complaints/").status_code == 403
    mailoutbox.clear()
    people = f"/a/{world.own.slug}/people/"
    assert client.post(people, {"action": "set", "username": "root", "role": "agency_admin"}).status_code == 302
    assert client.post(_officers(world), {"action": "designate", "user": str(root.pk)}).status_code == 302
    actions = list(AuditEntry.objects.filter(actor=root).order_by("pk").values_list("action", flat=True))
    assert actions == ["membership.set", "complaint_officer.designated"]
    told = sorted(a for m in mailoutbox for a in m.to)
    assert told == sorted(["admin@own.example", "officer@own.example", "second@own.example"] * 2)
    assert "root@example.org" not in told
    assert client.get(f"/a/{world.own.slug}/complaints/").status_code == 200


def test_a_designation_whose_notice_cannot_be_sent_is_not_made(client, staffed, monkeypatch):
    world = staffed

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notices, "send_mass_mail", broken)
    client.force_login(world.user("agency_admin"))
    response = client.post(_officers(world), {"action": "designate", "user": str(world.user("agency_admin").pk)})
    assert response.status_code == 400
    assert "ยังไม่ได้บันทึกการให้สิทธิ์นี้" in response.content.decode()
    assert not ComplaintOfficer.objects.filter(user=world.user("agency_admin")).exists()
    assert not AuditEntry.objects.filter(action="complaint_officer.designated", after__officer="agency_admin")


def test_revoking_is_audited_and_told_to_the_revoked_officer_too(client, staffed, mailoutbox):
    world = staffed
    designation = ComplaintOfficer.objects.get(agency=world.own)
    mailoutbox.clear()
    client.force_login(world.user("agency_admin"))
    response = client.post(_officers(world), {"action": "revoke", "officer": str(designation.pk)})
    assert response.status_code == 302
    assert not ComplaintOfficer.objects.filter(pk=designation.pk).exists()
    entry = AuditEntry.objects.get(action="complaint_officer.revoked")
    assert entry.before == {"officer": "coordinator"} and entry.actor == world.user("agency_admin")
    assert sorted(a for m in mailoutbox for a in m.to) == ["officer@own.example", "second@own.example"]
    assert "ยกเลิกการแต่งตั้ง ทดสอบcoordinator (coordinator)" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("data", "thai"),
    [
        ({"action": "revoke", "officer": "999999"}, "ไม่พบเจ้าหน้าที่รับเรื่องร้องเรียนรายนี้ในหน่วยงาน"),
        ({"action": "revoke", "officer": "FOREIGN"}, "ไม่พบเจ้าหน้าที่รับเรื่องร้องเรียนรายนี้ในหน่วยงาน"),
        ({"action": "revoke", "officer": "abc"}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "revoke", "officer": "1.5"}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "revoke", "officer": "-1"}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "revoke", "officer": "๑"}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "revoke", "officer": "9" * 40}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "revoke", "officer": ""}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "revoke"}, "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก"),
        ({"action": "zap", "officer": "1"}, "ไม่รู้จักคำสั่งนี้"),
        ({}, "ไม่รู้จักคำสั่งนี้"),
        ({"action": "designate", "user": "abc"}, "เลือกบุคลากรของหน่วยงาน"),
        ({"action": "designate", "user": "FOREIGN_USER"}, "เลือกบุคลากรของหน่วยงาน"),
        ({"action": "designate"}, "กรุณา"),
    ],
)
def test_bad_officer_input_is_a_thai_400(client, world, officer, data, thai):
    complaint_officer_designate(agency=world.foreign, user=world.user("foreign"), actor=None)
    if data.get("officer") == "FOREIGN":
        data = {**data, "officer": str(ComplaintOfficer.objects.get(agency=world.foreign).pk)}
    if data.get("user") == "FOREIGN_USER":
        data = {**data, "user": str(world.user("foreign").pk)}
    before = sorted(ComplaintOfficer.objects.values_list("pk", "agency_id", "user_id"))
    audited = AuditEntry.objects.count()
    client.force_login(world.user("agency_admin"))
    response = client.post(_officers(world), data)
    assert response.status_code == 400, data
    assert thai in response.content.decode(), data
    assert sorted(ComplaintOfficer.objects.values_list("pk", "agency_id", "user_id")) == before
    assert AuditEntry.objects.count() == audited


def test_a_member_removed_is_not_an_officer_candidate_and_cannot_be_designated(world):
    membership = Membership.objects.get(user=world.user("executive"), agency=world.own)
    membership.delete()
    with pytest.raises(ComplaintInputError):
        complaint_officer_designate(agency=world.own, user=world.user("executive"), actor=world.user("agency_admin"))
