"""Reminders: the dashboard panel and the daily e-mail (idempotent per day)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from prongsai.apps.agencies.models import Unit
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.plans import services
from prongsai.apps.plans.models import ReminderSent
from prongsai.apps.plans.reminders import reminders_send
from prongsai.apps.plans.selectors import reminders_for

TODAY = date(2026, 1, 20)


@pytest.fixture
def tasks(world, access, plan):
    measure = plan.measures.order_by("number").first()
    finance = Unit.objects.get(agency=world.own, name_th="กองคลัง")
    office = Unit.objects.get(agency=world.own, name_th="สำนักปลัด")
    coord = access("coordinator")

    def make(title, unit, due):
        return services.task_create(measure=measure, access=coord, actor=None, title_th=title, owner_unit=unit, due=due)

    made = {
        "late_finance": make("คลังเลยกำหนด", finance, date(2026, 1, 10)),
        "soon_office": make("สำนักปลัดใกล้ถึงกำหนด", office, date(2026, 1, 30)),
        "later_finance": make("คลังอีกนาน", finance, date(2026, 6, 30)),
        "done_finance": make("คลังเสร็จแล้ว", finance, date(2026, 1, 5)),
    }
    services.task_update(task=made["done_finance"], access=coord, actor=None, status="done", progress=100)
    for role in ("coordinator", "unit_staff"):
        user = world.user(role)
        user.email = f"{role}@own.example"
        user.save()
    return made


def test_reminders_for_the_agency_and_for_a_unit(world, tasks):
    r = reminders_for(agency=world.own, today=TODAY)
    assert [t.title_th for t in r.overdue] == ["คลังเลยกำหนด"]
    assert [t.title_th for t in r.soon] == ["สำนักปลัดใกล้ถึงกำหนด"]
    finance = Unit.objects.get(agency=world.own, name_th="กองคลัง")
    r = reminders_for(agency=world.own, unit=finance, today=TODAY)
    assert [t.title_th for t in r.overdue] == ["คลังเลยกำหนด"] and r.soon == []
    assert reminders_for(agency=world.foreign, today=TODAY).count == 0


def test_dashboard_panel_replaces_the_placeholder(client, world, tasks):
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).content.decode()
    assert "งานที่เลยกำหนดและใกล้ครบกำหนด" in html
    assert "คลังเลยกำหนด" in html and "คลังเสร็จแล้ว" not in html  # today is after every due date here
    assert reverse("plans:tasks", kwargs={"agency_slug": world.own.slug}) in html
    client.force_login(world.user("unit_staff"))
    html = client.get(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).content.decode()
    assert "คลังเลยกำหนด" in html and "สำนักปลัดใกล้ถึงกำหนด" not in html  # only their unit's


def test_dashboard_without_tasks_says_so(client, world):
    client.force_login(world.user("auditor"))
    html = client.get(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).content.decode()
    assert "ยังไม่มีงานในระบบ" in html


def test_send_reminders_once_a_day(world, tasks):
    report = reminders_send(today=TODAY)
    assert sorted((u, n) for _, u, n in report.sent) == [("coordinator", 2), ("unit_staff", 1)]
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    coordinator = by_to["coordinator@own.example"]
    assert "งานเลยกำหนด 1 งาน ใกล้ครบกำหนด 1 งาน" in coordinator.subject
    assert world.own.name_th in coordinator.subject
    assert "คลังเลยกำหนด" in coordinator.body and "สำนักปลัดใกล้ถึงกำหนด" in coordinator.body
    assert "10 มกราคม 2569" in coordinator.body  # B.E. dates
    assert f"/a/{world.own.slug}/tasks/" in coordinator.body
    staff = by_to["unit_staff@own.example"]
    assert "คลังเลยกำหนด" in staff.body and "สำนักปลัด" not in staff.body.split("\n\n")[1]
    # the same day again: nothing
    again = reminders_send(today=TODAY)
    assert again.sent == [] and len(again.skipped) == 2 and len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2
    assert AuditEntry.objects.filter(action="reminders.sent").count() == 1
    # the next day: again
    reminders_send(today=date(2026, 1, 21))
    assert len(mail.outbox) == 4


def test_people_without_email_or_tasks_get_nothing(world, tasks):
    user = world.user("unit_staff")
    user.email = ""
    user.save()
    reminders_send(today=date(2026, 7, 1))  # after everything: all open tasks overdue
    assert [m.to for m in mail.outbox] == [["coordinator@own.example"]]


def test_a_failed_send_is_retried(world, tasks, settings):
    settings.EMAIL_BACKEND = "tests.nonexistent.Backend"
    with pytest.raises(ImportError):
        reminders_send(today=TODAY)
    assert ReminderSent.objects.count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(reminders_send(today=TODAY).sent) == 2


def test_the_command(world, tasks):
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "ส่ง 2 ฉบับ" in out.getvalue()
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "ส่ง 0 ฉบับ ข้าม 2 ฉบับ" in out.getvalue()
