"""The people page (``/a/<slug>/people/``): the one way to give a role in an agency. Every change is audited; a
role that may designate complaint officers is told to the agency's administrators and complaint officers, and
is not given when that notice cannot be sent. Bad input is a Thai 400, never a 500."""

from __future__ import annotations

import re

import pytest

from prongsai.apps.agencies import notices
from prongsai.apps.agencies.models import Membership, Role
from prongsai.apps.agencies.services import membership_set
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.complaints.models import ComplaintOfficer
from prongsai.apps.complaints.services import complaint_officer_designate

from ..conftest import make_user

pytestmark = pytest.mark.django_db


def _with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def watched(world):
    """``own`` with an e-mail address for its agency administrator and a designated complaint officer (the
    coordinator); the system administrator has one too (they must not be told of their own act)."""
    _with_email(world.user("agency_admin"), "admin@own.example")
    _with_email(world.user("coordinator"), "officer@own.example")
    _with_email(world.user("system_admin"), "root@example.org")
    _with_email(world.user("executive"), "executive@own.example")  # neither admin nor officer: never told
    complaint_officer_designate(agency=world.own, user=world.user("coordinator"), actor=None)
    return world


def _people(world):
    return f"/a/{world.own.slug}/people/"


def test_a_system_administrator_giving_themselves_agency_admin_is_audited_and_told(
    client, watched, mailoutbox
):
    """The attack: a system administrator makes themselves agency administrator (to designate
    themselves complaint officer next). It is possible only here, and everyone who holds the access hears of it."""
    world = watched
    root = world.user("system_admin")
    mailoutbox.clear()
    client.force_login(root)
    response = client.post(_people(world), {"action": "set", "username": "root", "role": Role.AGENCY_ADMIN})
    assert response.status_code == 302
    assert Membership.objects.get(user=root, agency=world.own).role == Role.AGENCY_ADMIN
    entry = AuditEntry.objects.get(action="membership.set", target_id=str(Membership.objects.get(user=root).pk))
    assert entry.agency == world.own and entry.actor == root
    assert entry.after["role"] == Role.AGENCY_ADMIN.label and entry.before is None
    assert "agency_admin" in entry.note and "coordinator" in entry.note  # who was told
    told = sorted(address for message in mailoutbox for address in message.to)
    assert told == ["admin@own.example", "officer@own.example"]  # not the actor, not the executive
    message = mailoutbox[0]
    assert world.own.name_th in message.subject
    assert "root กำหนดบทบาท “ผู้ดูแลระบบของหน่วยงาน” ให้ตนเอง" in message.body
    assert "เพิ่มเป็นบุคลากรใหม่" in message.body
    assert re.search(r"^เมื่อ \d{1,2} \S+ 25\d\d เวลา \d\d:\d\d น\.$", message.body, re.MULTILINE)  # when
    assert f"/a/{world.own.slug}/audit/" in message.body


def test_a_role_change_to_agency_admin_is_told_and_other_roles_are_only_audited(client, watched, mailoutbox):
    world = watched
    mailoutbox.clear()
    client.force_login(world.user("agency_admin"))
    newcomer = _with_email(make_user("newcomer", first_name="สมชาย"), "newcomer@own.example")
    assert client.post(
        _people(world), {"action": "set", "username": "newcomer", "role": Role.COORDINATOR}
    ).status_code == 302
    assert AuditEntry.objects.filter(action="membership.set", after__user="newcomer").count() == 1
    assert mailoutbox == []  # a coordinator cannot designate complaint officers
    assert client.post(
        _people(world), {"action": "set", "username": "newcomer", "role": Role.AGENCY_ADMIN}
    ).status_code == 302
    entries = AuditEntry.objects.filter(action="membership.set", after__user="newcomer").order_by("pk")
    assert [e.after["role"] for e in entries] == [Role.COORDINATOR.label, Role.AGENCY_ADMIN.label]
    assert [address for message in mailoutbox for address in message.to] == ["officer@own.example"]
    assert "ทดสอบagency_admin (agency_admin) กำหนดบทบาท “ผู้ดูแลระบบของหน่วยงาน” ให้ สมชาย (newcomer)" in (
        mailoutbox[0].body
    )
    assert "(เดิม: ผู้ประสานงาน ITA)" in mailoutbox[0].body
    assert newcomer.email not in mailoutbox[0].to


def test_a_grant_whose_notice_cannot_be_sent_is_not_made(client, watched, mailoutbox, monkeypatch):
    world = watched

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notices, "send_mass_mail", broken)
    client.force_login(world.user("system_admin"))
    response = client.post(_people(world), {"action": "set", "username": "root", "role": Role.AGENCY_ADMIN})
    assert response.status_code == 400
    assert "ส่งอีเมลแจ้ง" in response.content.decode() and "ยังไม่ได้บันทึกการให้สิทธิ์นี้" in response.content.decode()
    assert not Membership.objects.filter(user=world.user("system_admin")).exists()
    assert not AuditEntry.objects.filter(action="membership.set", actor=world.user("system_admin")).exists()


def test_removing_a_member_ends_their_designation(client, watched, mailoutbox, monkeypatch):
    """Taking someone out of the agency is audited and ends their complaint officer designation, so that adding
    them again later does not silently give it back. Taking access away never waits for the mail."""
    world = watched
    officer = world.user("coordinator")
    membership = Membership.objects.get(user=officer, agency=world.own)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notices, "send_mass_mail", broken)
    client.force_login(world.user("agency_admin"))
    # taking someone out asks first: without the "ข้าพเจ้าเข้าใจว่า…" box nothing happens
    refused = client.post(_people(world), {"action": "remove", "member": str(membership.pk)})
    assert refused.status_code == 400 and "ข้าพเจ้าเข้าใจว่า" in refused.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    done = client.post(_people(world), {"action": "remove", "member": str(membership.pk), "confirm": "yes"})
    assert done.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not ComplaintOfficer.objects.filter(user=officer).exists()
    removed = AuditEntry.objects.get(action="membership.removed")
    assert removed.before["user"] == "coordinator" and removed.actor == world.user("agency_admin")
    revoked = AuditEntry.objects.get(action="complaint_officer.revoked")
    assert "ส่งอีเมลแจ้งไม่สำเร็จ" in revoked.note
    membership_set(user=officer, agency=world.own, role=Role.COORDINATOR, actor=world.user("agency_admin"))
    assert not ComplaintOfficer.objects.filter(user=officer).exists()


@pytest.mark.parametrize(
    ("data", "thai"),
    [
        ({"action": "set", "username": "nobody", "role": "coordinator"}, "ไม่พบบัญชีผู้ใช้ชื่อนี้"),
        ({"action": "set", "username": "outsider", "role": "overlord"}, "เลือกบทบาทจากรายการ"),
        ({"action": "set", "username": "outsider", "role": "unit_staff"}, "ต้องระบุส่วนราชการที่สังกัด"),
        ({"action": "set", "username": "outsider", "role": "unit_staff", "unit": "abc"}, "เลือกส่วนราชการภายใน"),
        ({"action": "set", "username": "outsider", "role": "unit_staff", "unit": "9" * 30}, "เลือกส่วนราชการภายใน"),
        ({"action": "set", "username": "", "role": ""}, "กรุณา"),
        ({"action": "remove", "member": "abc"}, "ไม่ได้ระบุบุคลากรที่จะนำออก"),
        ({"action": "remove"}, "ไม่ได้ระบุบุคลากรที่จะนำออก"),
        ({"action": "remove", "member": "9" * 30}, "ไม่ได้ระบุบุคลากรที่จะนำออก"),
        ({"action": "remove", "member": "-1"}, "ไม่ได้ระบุบุคลากรที่จะนำออก"),
        ({"action": "remove", "member": "999999", "confirm": "yes"}, "ไม่พบบุคลากรรายนี้ในหน่วยงาน"),
        ({"action": "remove", "member": "FOREIGN", "confirm": "yes"}, "ไม่พบบุคลากรรายนี้ในหน่วยงาน"),
        ({"action": "zap"}, "ไม่รู้จักคำสั่งนี้"),
        ({}, "ไม่รู้จักคำสั่งนี้"),
    ],
)
def test_bad_input_on_the_people_page_is_a_thai_400(client, world, data, thai):
    if data.get("member") == "FOREIGN":
        data = {**data, "member": str(Membership.objects.get(user=world.user("foreign")).pk)}
    before = sorted(Membership.objects.values_list("pk", "user_id", "agency_id", "role", "unit_id"))
    client.force_login(world.user("agency_admin"))
    response = client.post(_people(world), data)
    assert response.status_code == 400, data
    assert thai in response.content.decode(), data
    assert sorted(Membership.objects.values_list("pk", "user_id", "agency_id", "role", "unit_id")) == before


def test_a_unit_of_another_agency_is_refused(client, world):
    client.force_login(world.user("agency_admin"))
    foreign_unit = world.foreign.units.get()
    response = client.post(
        _people(world), {"action": "set", "username": "outsider", "role": "unit_staff", "unit": str(foreign_unit.pk)}
    )
    assert response.status_code == 400
    assert "เลือกส่วนราชการภายในของหน่วยงานนี้" in response.content.decode()
    assert not Membership.objects.filter(user=world.user("outsider")).exists()


def test_only_people_managers_change_people(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(_people(world), {"action": "set", "username": "coordinator", "role": "agency_admin"})
    assert response.status_code == 403
    assert Membership.objects.get(user=world.user("coordinator"), agency=world.own).role == Role.COORDINATOR
