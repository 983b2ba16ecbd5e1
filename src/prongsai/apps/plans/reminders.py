"""E-mail reminders of tasks overdue or due soon (``send_reminders``), through Django's e-mail backend.

Idempotent per day: a ``ReminderSent`` row (agency, person, day) is written in the same transaction as the
e-mail is handed to the backend, and a second run the same day skips everyone already reminded. If sending
fails, the row is rolled back and the next run tries again.

Who gets what: ITA coordinators and agency administrators, every open task of the agency due within
``PRONGSAI_REMINDER_DAYS`` or overdue; unit staff, their own unit's. People without an e-mail address or
inactive are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from prongsai.apps.agencies.models import Agency, Membership, Role
from prongsai.apps.audit.services import audit_record
from prongsai.apps.plans.models import ReminderSent, Task
from prongsai.apps.plans.selectors import reminders_for
from prongsai.core.thai import thai_date

RECIPIENT_ROLES = (Role.COORDINATOR, Role.AGENCY_ADMIN, Role.UNIT_STAFF)


@dataclass
class ReminderReport:
    day: date
    sent: list[tuple[str, str, int]] = field(default_factory=list)  # (agency slug, username, tasks)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # already reminded today


def _line(task: Task, site: str, agency: Agency) -> str:
    url = site + reverse("plans:task_detail", kwargs={"agency_slug": agency.slug, "task_id": task.pk})
    return (
        f"- {task.title_th} ({task.owner_unit.name_th}) กำหนดเสร็จ {thai_date(task.due)}"
        f" ความคืบหน้าร้อยละ {task.progress}\n  {url}"
    )


def _message(agency: Agency, overdue: list[Task], soon: list[Task], days: int, site: str) -> tuple[str, str]:
    subject = f"[โปร่งใส] งานเลยกำหนด {len(overdue)} งาน ใกล้ครบกำหนด {len(soon)} งาน – {agency.name_th}"
    parts = [f"งานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{agency.name_th}", ""]
    if overdue:
        parts += [f"เลยกำหนดแล้ว ({len(overdue)} งาน)", *[_line(t, site, agency) for t in overdue], ""]
    if soon:
        parts += [f"ครบกำหนดภายใน {days} วัน ({len(soon)} งาน)", *[_line(t, site, agency) for t in soon], ""]
    tasks_url = site + reverse("plans:tasks", kwargs={"agency_slug": agency.slug})
    parts += [f"ปรับปรุงความคืบหน้าและแนบหลักฐานได้ที่ {tasks_url}", "", "อีเมลนี้ส่งจากระบบโปร่งใสวันละไม่เกินหนึ่งครั้ง"]
    return subject, "\n".join(parts)


def reminders_send(*, today: date, agencies: list[Agency] | None = None) -> ReminderReport:
    """Send today's reminders (see the module docstring). Safe to run many times a day."""
    site = getattr(settings, "PRONGSAI_SITE_URL", "").rstrip("/")
    report = ReminderReport(day=today)
    targets = agencies if agencies is not None else list(
        Agency.objects.filter(pk__in=Task.objects.values("agency_id")).order_by("pk")
    )
    for agency in targets:
        members = (
            Membership.objects.filter(agency=agency, role__in=RECIPIENT_ROLES, user__is_active=True)
            .exclude(user__email="")
            .select_related("user", "unit")
            .order_by("pk")
        )
        sent_here = 0
        task_ids: set[int] = set()
        for m in members:
            unit = m.unit if m.role == Role.UNIT_STAFF else None
            if m.role == Role.UNIT_STAFF and unit is None:
                continue
            r = reminders_for(agency=agency, unit=unit, today=today, limit=200)
            if not r.count:
                continue
            subject, body = _message(agency, r.overdue, r.soon, r.days, site)
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(agency=agency, user=m.user, day=today, tasks=r.count)
                    send_mail(subject, body, None, [m.user.email])
            except IntegrityError:
                report.skipped.append((agency.slug, m.user.get_username()))
                continue
            sent_here += 1
            task_ids |= {t.pk for t in r.overdue + r.soon}
            report.sent.append((agency.slug, m.user.get_username(), r.count))
        if sent_here:
            audit_record(
                actor=None, agency=agency, action="reminders.sent", target=None, before=None,
                after={"recipient": sent_here, "tasks": len(task_ids), "day": today.isoformat()},
            )
    return report
