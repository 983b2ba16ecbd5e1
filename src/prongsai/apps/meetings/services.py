"""Writes for meetings: record a meeting (optionally with its agenda drafted from the year's analysis), add people,
decisions (a decision may create or amend a measure of the draft plan, through the plans app's public services),
photos and the signed minutes, and publish the development report. Keyword-only, atomic, audited. Bad input raises
``MeetingRefused`` (a ``ValidationError`` with a Thai message and the field it belongs to) before anything is
written; every write runs in one transaction, so nothing is half-saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base import files
from prongsai.apps.base.actors import real_actor
from prongsai.apps.meetings.models import Attendance, Decision, FileKind, Meeting, MeetingFile, MeetingPerson, Role
from prongsai.core.thai import fiscal_year_of, fiscal_year_period, thai_date

MAX_PEOPLE = 200
MAX_DECISIONS = 50
PHOTO_KINDS = ("png", "jpeg", "gif")
MINUTES_KINDS = ("pdf", "docx", "png", "jpeg")


class MeetingRefused(ValidationError):
    def __init__(self, th: str, *, field: str | None = None) -> None:
        super().__init__(th, code="meeting_refused")
        self.th, self.field = th, field


def _same_agency(agency: Agency, meeting: Meeting) -> None:
    if meeting.agency_id != agency.pk:
        raise MeetingRefused("ข้อมูลนี้ไม่ได้อยู่ในหน่วยงานของท่าน")


def check_day(*, day: date, fiscal_year: int) -> None:
    """A meeting's day must fall in the fiscal year it claims."""
    first, last = fiscal_year_period(fiscal_year)
    if not first <= day <= last:
        raise MeetingRefused(
            f"วันที่ประชุม {thai_date(day)} ไม่อยู่ในปีงบประมาณ {fiscal_year} ({thai_date(first)} ถึง {thai_date(last)})"
            f" แต่อยู่ในปีงบประมาณ {fiscal_year_of(day)}",
            field="day",
        )


def check_counts(*, people: int, present: int, absent: int, leave: int) -> None:
    """Attendance counts typed on the form must add up to the people listed."""
    if present + absent + leave != people:
        raise MeetingRefused(
            f"จำนวนผู้มาประชุม {present} คน ไม่มาประชุม {absent} คน และลาประชุม {leave} คน รวม {present + absent + leave}"
            f" คน ไม่ตรงกับรายชื่อ {people} คน",
            field="present_count",
        )


@transaction.atomic
def meeting_create(
    *,
    agency: Agency,
    actor: Any,
    fiscal_year: int,
    day: date,
    group_name: str = "",
    number: str = "",
    place: str = "",
    opened_at: str = "",
    closed_at: str = "",
    chair_name: str,
    chair_position: str = "",
    minute_taker: str = "",
    minute_taker_position: str = "",
    results_fiscal_year: int | None = None,
    agenda: list[dict] | None = None,
) -> Meeting:
    """A new meeting with its chair. ``agenda`` (``AgendaItem`` dicts) usually comes from
    ``selectors.agenda_draft``."""
    if not 2500 <= fiscal_year <= 2700:
        raise MeetingRefused("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569", field="fiscal_year")
    check_day(day=day, fiscal_year=fiscal_year)
    if not chair_name.strip():
        raise MeetingRefused("กรุณากรอกชื่อประธานในที่ประชุม", field="chair_name")
    meeting = Meeting.objects.create(
        agency=agency, fiscal_year=fiscal_year, day=day,
        group_name=group_name.strip() or Meeting.group_name.field.default,
        number=number.strip(), place=place.strip(), opened_at=opened_at.strip(), closed_at=closed_at.strip(),
        minute_taker=minute_taker.strip(), minute_taker_position=minute_taker_position.strip(),
        results_fiscal_year=results_fiscal_year, agenda=list(agenda or []), created_by=real_actor(actor),
    )
    MeetingPerson.objects.create(agency=agency, meeting=meeting, name=chair_name.strip(),
                                 position=chair_position.strip(), role=Role.CHAIR)
    audit_record(actor=actor, agency=agency, action="meeting.created", target=meeting, before=None,
                 after={"group_name": meeting.group_name, "day": day.isoformat(), "fiscal_year": fiscal_year})
    return meeting


@transaction.atomic
def people_add(
    *, agency: Agency, meeting: Meeting, actor: Any, people: list[dict[str, str]],
    counts: dict[str, int] | None = None,
) -> list[MeetingPerson]:
    """Add invited people (``name``, ``position``, ``role``, ``attendance``, ``note``). ``counts`` (present, absent,
    leave, as typed on the form) must add up with the people already recorded."""
    _same_agency(agency, meeting)
    if not people:
        raise MeetingRefused("กรุณากรอกรายชื่ออย่างน้อยหนึ่งคน", field="people")
    existing = list(meeting.people.all())
    if len(existing) + len(people) > MAX_PEOPLE:
        raise MeetingRefused(f"การประชุมหนึ่งครั้งบันทึกผู้เข้าประชุมได้ไม่เกิน {MAX_PEOPLE} คน", field="people")
    rows = []
    for k, p in enumerate(people, 1):
        name = (p.get("name") or "").strip()
        role = p.get("role") or Role.MEMBER
        attendance = p.get("attendance") or Attendance.PRESENT
        if not name:
            raise MeetingRefused(f"รายการที่ {k}: กรุณากรอกชื่อ", field="people")
        if role not in Role.values or role == Role.CHAIR:
            raise MeetingRefused(f"รายการที่ {k}: บทบาทไม่ถูกต้อง (ประธานบันทึกไว้แล้ว)", field="people")
        if attendance not in Attendance.values:
            raise MeetingRefused(f"รายการที่ {k}: การเข้าประชุมไม่ถูกต้อง", field="people")
        rows.append(MeetingPerson(agency=agency, meeting=meeting, name=name[:200],
                                  position=(p.get("position") or "").strip()[:300], role=role,
                                  attendance=attendance, note=(p.get("note") or "").strip()[:300]))
    if counts is not None:
        everyone = existing + rows
        for key, attendance in (("present", Attendance.PRESENT), ("absent", Attendance.ABSENT),
                                ("leave", Attendance.LEAVE)):
            actual = sum(1 for r in everyone if r.attendance == attendance)
            if counts.get(key, actual) != actual:
                raise MeetingRefused(
                    f"จำนวน{Attendance(attendance).label} {counts[key]} คน ไม่ตรงกับรายชื่อ ({actual} คน)",
                    field=f"{key}_count",
                )
        check_counts(people=len(everyone), **{k: counts.get(k, 0) for k in ("present", "absent", "leave")})
    MeetingPerson.objects.bulk_create(rows)
    audit_record(actor=actor, agency=agency, action="meeting.person_added", target=meeting, before=None,
                 after={"people": [r.name for r in rows]})
    return rows


@transaction.atomic
def decision_add(
    *,
    agency: Agency,
    meeting: Meeting,
    access: Access,
    actor: Any,
    text: str,
    indicator: int | None = None,
    measure: Any | None = None,
    create_measure: bool = False,
    plan_version: int | str | None = None,
) -> Decision:
    """A decision of the meeting. ``measure`` (a ``PlanMeasure``) links it to a measure it amends; with
    ``create_measure`` a new measure of the meeting's draft plan is written (plans' ``measure_add``), titled with the
    decision. A measure of another agency or another year is refused."""
    from prongsai.apps.plans import selectors as plan_selectors
    from prongsai.apps.plans import services as plan_services

    _same_agency(agency, meeting)
    if access.agency.pk != agency.pk or not access.can_edit_results:
        raise MeetingRefused("ท่านไม่มีสิทธิ์บันทึกมติที่ประชุม")
    text = (text or "").strip()
    if not text:
        raise MeetingRefused("กรุณากรอกมติหรือแนวทาง", field="text")
    if meeting.decisions.count() >= MAX_DECISIONS:
        raise MeetingRefused(f"การประชุมหนึ่งครั้งบันทึกมติได้ไม่เกิน {MAX_DECISIONS} ข้อ", field="text")
    if indicator is not None and not 1 <= indicator <= 20:
        raise MeetingRefused("ตัวชี้วัดไม่ถูกต้อง", field="indicator")
    if measure is not None:
        plan = measure.plan
        if measure.agency_id != agency.pk or plan.agency_id != agency.pk:
            raise MeetingRefused("มาตรการนี้ไม่ได้อยู่ในหน่วยงานของท่าน", field="measure")
        if plan.fiscal_year != meeting.fiscal_year:
            raise MeetingRefused(
                f"มาตรการนี้อยู่ในแผนปีงบประมาณ {plan.fiscal_year} ไม่ใช่ปีงบประมาณ {meeting.fiscal_year} ของการประชุม",
                field="measure",
            )
    if create_measure:
        plan = plan_selectors.plan_for_year(agency=agency, fiscal_year=meeting.fiscal_year)
        if plan is None:
            raise MeetingRefused(f"ยังไม่มีแผนมาตรการปีงบประมาณ {meeting.fiscal_year} ให้เพิ่มมาตรการ",
                                 field="create_measure")
        if not plan.is_editable:
            raise MeetingRefused("แผนมาตรการเสนอหรืออนุมัติแล้ว จึงเพิ่มมาตรการไม่ได้", field="create_measure")
        first, last = fiscal_year_period(plan.fiscal_year)
        start = max(first, meeting.day)
        try:
            measure = plan_services.measure_add(
                plan=plan, access=access, actor=actor,
                version=plan_version if plan_version is not None else plan.version,
                fields={"title_th": text[:300], "objective_th": text, "responsible_unit": "สำนักปลัด",
                        "start": start, "end": last},
            )
        except ValidationError as exc:
            raise MeetingRefused(exc.messages[0], field="create_measure") from exc
    number = (meeting.decisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    decision = Decision.objects.create(agency=agency, meeting=meeting, number=number, text=text,
                                       indicator=indicator, measure=measure)
    audit_record(actor=actor, agency=agency, action="meeting.decision_added", target=meeting, before=None,
                 after={"number": number, "text": text, "indicator": indicator,
                        "measure": measure.title_th if measure is not None else None})
    return decision


@transaction.atomic
def file_add(*, agency: Agency, meeting: Meeting, actor: Any, kind: str, data: bytes, filename: str) -> MeetingFile:
    """A photo (PNG/JPEG/GIF) or the signed minutes (PDF, Word or a scan), sniffed from its bytes
    (``base.files.sniff_evidence``) and stored under a random name."""
    _same_agency(agency, meeting)
    if kind not in FileKind.values:
        raise MeetingRefused("กรุณาเลือกชนิดไฟล์", field="kind")
    try:
        sniffed = files.sniff_evidence(data, filename)
    except files.EvidenceRefused as exc:
        raise MeetingRefused(exc.th, field="file") from exc
    allowed = PHOTO_KINDS if kind == FileKind.PHOTO else MINUTES_KINDS
    if sniffed.kind not in allowed:
        what = "รูปภาพ PNG, JPEG หรือ GIF" if kind == FileKind.PHOTO else "PDF, Word (.docx) หรือภาพสแกน PNG/JPEG"
        raise MeetingRefused(f"ไฟล์นี้ไม่ใช่{what}", field="file")
    stored = files.store(data, folder=f"meetings/{agency.pk}", suffix=sniffed.kind)
    row = MeetingFile.objects.create(agency=agency, meeting=meeting, kind=kind,
                                     original_name=files.display_filename(filename)[:255], stored_name=stored,
                                     content_type=sniffed.content_type, size=len(data))
    audit_record(actor=actor, agency=agency, action="meeting.file_added", target=meeting, before=None,
                 after={"kind": row.get_kind_display(), "file": row.original_name})
    return row


@transaction.atomic
def development_publish(
    *, agency: Agency, meeting: Meeting, access: Access, actor: Any, publish: bool = True
) -> Meeting:
    """Publish (or take back) the development report of a meeting on the portal's year page: a deliberate act by
    someone with ``edit_portal``, audited. It needs the results year and at least one decision."""
    _same_agency(agency, meeting)
    if access.agency.pk != agency.pk or not access.can_edit_portal:
        raise MeetingRefused("ท่านไม่มีสิทธิ์เผยแพร่เอกสารบนเว็บไซต์ของหน่วยงาน")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, agency=agency)
    if publish:
        if meeting.results_fiscal_year is None or not meeting.decisions.exists():
            raise MeetingRefused("ต้องระบุผลการประเมินที่ใช้และมีมติอย่างน้อยหนึ่งข้อจึงจะเผยแพร่ได้")
        if meeting.development_published_at is not None:
            return meeting
        meeting.development_published_at, meeting.development_published_by = timezone.now(), real_actor(actor)
        action = "meeting.development_published"
    else:
        if meeting.development_published_at is None:
            return meeting
        meeting.development_published_at, meeting.development_published_by = None, None
        action = "meeting.development_unpublished"
    meeting.save(update_fields=["development_published_at", "development_published_by"])
    audit_record(actor=actor, agency=agency, action=action, target=meeting, before=None,
                 after={"fiscal_year": meeting.fiscal_year})
    return meeting
