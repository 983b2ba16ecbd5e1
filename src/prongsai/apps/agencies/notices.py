"""Notices of grants that open an agency's complaints (docs/access.md, "Who can read what").

Who is told: everyone who already holds that access in the agency — its people who may manage people (agency
administrators) and the people other apps name through ``register_access_watchers`` (the complaints app names
its designated complaint officers) — except the person who made the change. The notice says who gave what to
whom, and when.

How: one e-mail each through Django's mail backend, handed over inside the grant's transaction. If the backend
fails, ``AccessNoticeFailed`` (a Thai ``ValidationError``) undoes the grant: no grant happens unannounced. A
revocation is told the same way but is never held up by the mail (``must_deliver=False``): taking access away
must always work. People without an e-mail address cannot be told; the caller writes who was told, and who
could not be, in the audit entry (``Notice.note``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.agencies.access import ROLE_PERMISSIONS
from prongsai.apps.agencies.models import Agency, Membership, Role
from prongsai.core.thai import thai_date

# The agency roles that may designate complaint officers (the ``manage_people`` permission).
GRANTING_ROLES: tuple[str, ...] = tuple(role.value for role in Role if ROLE_PERMISSIONS[role].manage_people)

Watcher = Callable[..., Iterable[Any]]  # watcher(agency=…) -> the people who hold complaint access there

_WATCHERS: list[Watcher] = []


class AccessNoticeFailed(ValidationError):
    """The notice could not be handed to the mail backend; the grant was not made."""


def register_access_watchers(watcher: Watcher) -> None:
    """Add the people ``watcher(agency=…)`` names to those told of every grant (called in ``AppConfig.ready()``)."""
    if watcher not in _WATCHERS:
        _WATCHERS.append(watcher)


def access_watchers(*, agency: Agency) -> list[Any]:
    """The active people told of a grant in ``agency``: those who may manage people, and the registered watchers'."""
    people: dict[int, Any] = {}
    for membership in Membership.objects.filter(
        agency=agency, role__in=GRANTING_ROLES, user__is_active=True
    ).select_related("user"):
        people[membership.user.pk] = membership.user
    for watcher in _WATCHERS:
        for person in watcher(agency=agency):
            if person.is_active:
                people.setdefault(person.pk, person)
    return [people[pk] for pk in sorted(people)]


def holds_complaint_access(person: Any) -> bool:
    """Whether ``person`` may read complaints, or give that access, in any agency: a role that manages people, or
    named by a registered watcher (a complaint officer) in one of their agencies."""
    memberships = Membership.objects.filter(user=person).select_related("agency")
    if memberships.filter(role__in=GRANTING_ROLES).exists():
        return True
    return any(
        any(other.pk == person.pk for other in watcher(agency=membership.agency))
        for membership in memberships
        for watcher in _WATCHERS
    )


def person_label(person: Any) -> str:
    """``ชื่อ นามสกุล (ชื่อผู้ใช้)``, or the system when there is no person (a command)."""
    if person is None or not getattr(person, "is_authenticated", False):
        return "ระบบ (คำสั่งผู้ดูแล)"
    full = person.get_full_name().strip()
    return f"{full} ({person.get_username()})" if full else person.get_username()


def when_label(when: datetime) -> str:
    local = timezone.localtime(when)
    return f"{thai_date(local.date())} เวลา {local:%H:%M} น."


@dataclass(frozen=True)
class Notice:
    """Who was told (usernames), and who could not be (no e-mail address)."""

    sent_to: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    failed: bool = False  # the backend refused (only when delivery was not required)

    def note(self) -> str:
        """A line for the audit entry."""
        if not self.sent_to and not self.without_email:
            return "ไม่มีผู้ดูแลระบบของหน่วยงานหรือเจ้าหน้าที่รับเรื่องร้องเรียนคนอื่นให้แจ้ง"
        parts = []
        if self.sent_to and self.failed:
            parts.append(f"ส่งอีเมลแจ้งไม่สำเร็จ {len(self.sent_to)} คน: {', '.join(self.sent_to)}")
        elif self.sent_to:
            parts.append(f"แจ้งทางอีเมลแล้ว {len(self.sent_to)} คน: {', '.join(self.sent_to)}")
        if self.without_email:
            parts.append(f"แจ้งไม่ได้เพราะไม่มีอีเมล {len(self.without_email)} คน: {', '.join(self.without_email)}")
        return " · ".join(parts)


def access_notice_send(
    *, agency: Agency, recipients: list[Any], actor: Any, what: str, when: datetime, must_deliver: bool = True
) -> Notice:
    """Tell ``recipients`` (except ``actor``) that ``what`` happened in ``agency`` at ``when``.

    ``what`` is one Thai sentence naming who did what to whom (the caller builds it with ``person_label``).
    When the backend refuses: ``must_deliver`` raises ``AccessNoticeFailed`` (the caller's transaction, the
    grant, is undone); otherwise the returned notice says it failed.
    """
    actor_pk = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    told = [p for p in recipients if p.pk != actor_pk]
    with_email = [p for p in told if p.email]
    notice = Notice(
        sent_to=[p.get_username() for p in with_email],
        without_email=[p.get_username() for p in told if not p.email],
    )
    if not with_email:
        return notice
    site = getattr(settings, "PRONGSAI_SITE_URL", "").rstrip("/")
    audit_url = site + reverse("audit:log", kwargs={"agency_slug": agency.slug})
    subject = f"[โปร่งใส] แจ้งการเปลี่ยนแปลงสิทธิ์เกี่ยวกับเรื่องร้องเรียน – {agency.name_th}"
    body = "\n".join(
        [
            what,
            f"เมื่อ {when_label(when)}",
            "",
            "การเปลี่ยนแปลงนี้เกี่ยวกับสิทธิ์อ่านเรื่องร้องเรียนและเปิดดูตัวตนผู้แจ้ง หรือสิทธิ์แต่งตั้งผู้ที่ทำเช่นนั้นได้ "
            "หากท่านไม่ทราบเรื่องหรือเห็นว่าไม่ถูกต้อง กรุณาแจ้งผู้บริหารของหน่วยงานโดยเร็ว",
            f"ตรวจดูได้ในบันทึกการเปลี่ยนแปลงของหน่วยงาน: {audit_url}",
            "",
            "อีเมลนี้ส่งถึงผู้ดูแลระบบของหน่วยงานและเจ้าหน้าที่รับเรื่องร้องเรียนทุกคน ยกเว้นผู้ที่ทำรายการ",
        ]
    )
    try:
        send_mass_mail([(subject, body, None, [p.email]) for p in with_email], fail_silently=False)
    except (OSError, ValueError) as exc:  # smtplib errors are OSErrors; a malformed address is a ValueError
        if not must_deliver:
            return Notice(sent_to=notice.sent_to, without_email=notice.without_email, failed=True)
        raise AccessNoticeFailed(
            "ส่งอีเมลแจ้งผู้ดูแลระบบของหน่วยงานและเจ้าหน้าที่รับเรื่องร้องเรียนไม่สำเร็จ จึงยังไม่ได้บันทึกการให้สิทธิ์นี้ "
            "กรุณาลองใหม่ภายหลัง หรือแจ้งผู้ดูแลเซิร์ฟเวอร์ให้ตรวจการตั้งค่าอีเมล"
        ) from exc
    return notice
