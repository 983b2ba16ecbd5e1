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
from prongsai.apps.base.images import photo_without_metadata
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
        _check_measure(agency, meeting, measure)
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
    if kind == FileKind.PHOTO:  # photos may go public: no GPS, time or phone serial (base.images)
        try:
            data = photo_without_metadata(data, sniffed.kind)
        except files.EvidenceRefused as exc:
            raise MeetingRefused(exc.th, field="file") from exc
    stored = files.store(data, folder=f"meetings/{agency.pk}", suffix=sniffed.kind)
    row = MeetingFile.objects.create(agency=agency, meeting=meeting, kind=kind,
                                     original_name=files.display_filename(filename)[:255], stored_name=stored,
                                     content_type=sniffed.content_type, size=len(data))
    audit_record(actor=actor, agency=agency, action="meeting.file_added", target=meeting, before=None,
                 after={"kind": row.get_kind_display(), "file": row.original_name})
    return row


def _person(meeting: Meeting, person: MeetingPerson) -> None:
    if person.meeting_id != meeting.pk or person.agency_id != meeting.agency_id:
        raise MeetingRefused("ไม่พบผู้เข้าประชุมนี้ในการประชุม")


@transaction.atomic
def person_update(
    *, agency: Agency, meeting: Meeting, person: MeetingPerson, actor: Any, name: str, position: str = "",
    role: str = Role.MEMBER, attendance: str = Attendance.PRESENT, note: str = "",
) -> MeetingPerson:
    """Correct one person's name, position, role, attendance or note. The chair stays the chair (one per meeting):
    another person cannot be made chair, and the chair's role does not change."""
    _same_agency(agency, meeting)
    _person(meeting, person)
    name = (name or "").strip()
    if not name:
        raise MeetingRefused("กรุณากรอกชื่อ", field="name")
    if role not in Role.values:
        raise MeetingRefused("บทบาทไม่ถูกต้อง", field="role")
    if (role == Role.CHAIR) != (person.role == Role.CHAIR):
        raise MeetingRefused("การประชุมหนึ่งครั้งมีประธานหนึ่งคน เปลี่ยนบทบาทประธานไม่ได้", field="role")
    if attendance not in Attendance.values:
        raise MeetingRefused("การเข้าประชุมไม่ถูกต้อง", field="attendance")
    before = {"name": person.name, "position": person.position, "role": person.get_role_display(),
              "attendance": person.get_attendance_display(), "note": person.note}
    person.name, person.position, person.role = name[:200], (position or "").strip()[:300], role
    person.attendance, person.note = attendance, (note or "").strip()[:300]
    person.save(update_fields=["name", "position", "role", "attendance", "note"])
    after = {"name": person.name, "position": person.position, "role": person.get_role_display(),
             "attendance": person.get_attendance_display(), "note": person.note}
    if after != before:
        audit_record(actor=actor, agency=agency, action="meeting.person_updated", target=meeting, before=before,
                     after=after)
    return person


@transaction.atomic
def person_remove(*, agency: Agency, meeting: Meeting, person: MeetingPerson, actor: Any) -> None:
    """Take a person off the meeting; the chair cannot be removed (correct the name instead)."""
    _same_agency(agency, meeting)
    _person(meeting, person)
    if person.role == Role.CHAIR:
        raise MeetingRefused("ลบประธานในที่ประชุมไม่ได้ หากชื่อไม่ถูกต้องให้แก้ไขชื่อแทน")
    name = person.name
    person.delete()
    audit_record(actor=actor, agency=agency, action="meeting.person_removed", target=meeting,
                 before={"name": name}, after=None)


def _decision(meeting: Meeting, decision: Decision) -> None:
    if decision.meeting_id != meeting.pk or decision.agency_id != meeting.agency_id:
        raise MeetingRefused("ไม่พบมตินี้ในการประชุม")


def _check_measure(agency: Agency, meeting: Meeting, measure: Any) -> None:
    plan = measure.plan
    if measure.agency_id != agency.pk or plan.agency_id != agency.pk:
        raise MeetingRefused("มาตรการนี้ไม่ได้อยู่ในหน่วยงานของท่าน", field="measure")
    if plan.fiscal_year != meeting.fiscal_year:
        raise MeetingRefused(
            f"มาตรการนี้อยู่ในแผนปีงบประมาณ {plan.fiscal_year} ไม่ใช่ปีงบประมาณ {meeting.fiscal_year} ของการประชุม",
            field="measure",
        )


@transaction.atomic
def decision_update(
    *, agency: Agency, meeting: Meeting, decision: Decision, access: Access, actor: Any, text: str,
    indicator: int | None = None, measure: Any | None = None,
) -> Decision:
    """Correct a decision's text, indicator or the measure it amends (a measure of the meeting's agency and fiscal
    year only). The measure itself is changed on the plan page."""
    _same_agency(agency, meeting)
    _decision(meeting, decision)
    if access.agency.pk != agency.pk or not access.can_edit_results:
        raise MeetingRefused("ท่านไม่มีสิทธิ์แก้ไขมติที่ประชุม")
    text = (text or "").strip()
    if not text:
        raise MeetingRefused("กรุณากรอกมติหรือแนวทาง", field="text")
    if indicator is not None and not 1 <= indicator <= 20:
        raise MeetingRefused("ตัวชี้วัดไม่ถูกต้อง", field="indicator")
    if measure is not None:
        _check_measure(agency, meeting, measure)
    before = {"text": decision.text, "indicator": decision.indicator,
              "measure": decision.measure.title_th if decision.measure_id else None}
    decision.text, decision.indicator, decision.measure = text, indicator, measure
    decision.save(update_fields=["text", "indicator", "measure"])
    after = {"text": text, "indicator": indicator, "measure": measure.title_th if measure is not None else None}
    if after != before:
        audit_record(actor=actor, agency=agency, action="meeting.decision_updated", target=meeting,
                     before={"number": decision.number, **before}, after={"number": decision.number, **after})
    return decision


@transaction.atomic
def decision_remove(*, agency: Agency, meeting: Meeting, decision: Decision, access: Access, actor: Any) -> None:
    """Remove a decision and number the rest again (1, 2, 3 …). A measure it created stays in the plan (remove it
    there when it is no longer wanted)."""
    _same_agency(agency, meeting)
    _decision(meeting, decision)
    if access.agency.pk != agency.pk or not access.can_edit_results:
        raise MeetingRefused("ท่านไม่มีสิทธิ์ลบมติที่ประชุม")
    before = {"number": decision.number, "text": decision.text}
    decision.delete()
    for k, row in enumerate(meeting.decisions.order_by("number", "pk"), 1):
        if row.number != k:
            row.number = k
            row.save(update_fields=["number"])
    audit_record(actor=actor, agency=agency, action="meeting.decision_removed", target=meeting, before=before,
                 after=None)


OWN_AGENDA = (1, 2, 5)  # เรื่องที่ประธานแจ้ง, รับรองรายงานการประชุมครั้งก่อน, เรื่องอื่น ๆ: typed by the secretary


@transaction.atomic
def agenda_set(
    *, agency: Agency, meeting: Meeting, actor: Any, items: dict[int, tuple[str, str]], checker: str = "",
    checker_position: str = "", closed_at: str | None = None,
) -> Meeting:
    """Agenda items 1, 2 and 5 (``{section: (detail, resolution)}``; an empty pair removes the item), the
    minutes' checker and the closing time. Items 3 and 4 (drafted from the analysis) are kept as they are."""
    _same_agency(agency, meeting)
    if set(items) - set(OWN_AGENDA):
        raise MeetingRefused("บันทึกได้เฉพาะระเบียบวาระที่ 1, 2 และ 5")
    titles = {1: "", 2: "", 5: ""}
    kept = [i for i in (meeting.agenda or []) if not (isinstance(i, dict) and i.get("section") in items)]
    new = []
    for section in OWN_AGENDA:
        detail, resolution = (x.strip() for x in items.get(section, ("", "")))
        if len(detail) > 20_000 or len(resolution) > 5_000:
            raise MeetingRefused(f"ระเบียบวาระที่ {section} ยาวเกินไป", field=f"item{section}_detail")
        if detail or resolution:
            new.append({"section": section, "title": titles[section], "detail": detail, "resolution": resolution})
    agenda = sorted(kept + new, key=lambda i: i.get("section", 0) if isinstance(i, dict) else 0)
    before = {"agenda": meeting.agenda, "checker": meeting.checker, "checker_position": meeting.checker_position,
              "closed_at": meeting.closed_at}
    meeting.agenda = agenda
    meeting.checker, meeting.checker_position = checker.strip()[:200], checker_position.strip()[:300]
    if closed_at is not None:
        meeting.closed_at = closed_at.strip()[:20]
    meeting.save(update_fields=["agenda", "checker", "checker_position", "closed_at"])
    after = {"agenda": meeting.agenda, "checker": meeting.checker, "checker_position": meeting.checker_position,
             "closed_at": meeting.closed_at}
    if after != before:
        audit_record(actor=actor, agency=agency, action="meeting.agenda_updated", target=meeting, before=before,
                     after=after)
    return meeting


def is_development_item(title: str) -> bool:
    """The OIT item that asks for "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" (the words vary a little by year)."""
    text = "".join((title or "").split())
    return "ผลการประเมิน" in text and "พัฒนาองค์กร" in text


def oit_item_for(*, agency: Agency, fiscal_year: int) -> Any:
    """The year's OIT checklist item the development report is evidence for, or None (no checklist yet, or no
    such item in that year's list)."""
    from prongsai.apps.oit import selectors as oit_selectors

    checklist = oit_selectors.checklist_for_year(agency=agency, fiscal_year=fiscal_year)
    if checklist is None:
        return None
    for item in checklist.items.filter(retired=False).order_by("position"):
        if is_development_item(str((item.data or {}).get("title_th", ""))):
            return item
    return None


@transaction.atomic
def development_publish(
    *, agency: Agency, meeting: Meeting, access: Access, actor: Any, publish: bool = True,
    photo_ids: list[int] | None = None, offer_oit: bool = False,
) -> Meeting:
    """Publish (or take back) the development report of a meeting on the portal's year page: a deliberate act by
    someone with ``edit_portal``, audited. It needs the results year and at least one decision.

    Publishing stores the report as it is now (DOCX, private storage): the public site serves that copy, with the
    photos chosen (``photo_ids``, photos of this meeting only). Publishing again replaces the copy and the choice.
    ``offer_oit`` also adds the copy as a file of the year's OIT item "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    (``oit.services.file_add``; needs ``edit_results`` too). Taking back removes the copy and the photos from the
    public site; a file already given to the OIT checklist stays there (remove it on the OIT page)."""
    from prongsai.apps.meetings.selectors import meeting_document
    from prongsai.core.errors import ProngsaiError

    _same_agency(agency, meeting)
    if access.agency.pk != agency.pk or not access.can_edit_portal:
        raise MeetingRefused("ท่านไม่มีสิทธิ์เผยแพร่เอกสารบนเว็บไซต์ของหน่วยงาน")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, agency=agency)
    old_stored = meeting.development_stored_name
    photos = meeting.files.filter(kind=FileKind.PHOTO)
    if not publish:
        if meeting.development_published_at is None:
            return meeting
        meeting.development_published_at, meeting.development_published_by = None, None
        meeting.development_stored_name = ""
        meeting.save(update_fields=["development_published_at", "development_published_by",
                                    "development_stored_name"])
        photos.update(published=False)
        if old_stored:
            transaction.on_commit(lambda: files.remove(old_stored))
        audit_record(actor=actor, agency=agency, action="meeting.development_unpublished", target=meeting,
                     before=None, after={"fiscal_year": meeting.fiscal_year})
        return meeting
    if meeting.results_fiscal_year is None or not meeting.decisions.exists():
        raise MeetingRefused("ต้องระบุผลการประเมินที่ใช้และมีมติอย่างน้อยหนึ่งข้อจึงจะเผยแพร่ได้")
    chosen = set(photo_ids or [])
    known = set(photos.values_list("pk", flat=True))
    if chosen - known:
        raise MeetingRefused("ภาพที่เลือกไม่ใช่ภาพของการประชุมนี้", field="photos")
    item = None
    if offer_oit:
        if not access.can_edit_results:
            raise MeetingRefused("ท่านไม่มีสิทธิ์แนบหลักฐาน OIT", field="offer_oit")
        item = oit_item_for(agency=agency, fiscal_year=meeting.fiscal_year)
        if item is None:
            raise MeetingRefused(
                f"ไม่พบข้อ OIT เรื่องการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กรในรายการตรวจ OIT ปีงบประมาณ"
                f" {meeting.fiscal_year} (สร้างรายการตรวจของปีนั้นก่อน หรือไม่เลือกแนบเป็นหลักฐาน)",
                field="offer_oit",
            )
    try:
        data = meeting_document(agency=agency, meeting=meeting, kind="development").to_bytes()
    except ProngsaiError as exc:
        raise MeetingRefused(exc.th) from exc
    stored = files.store(data, folder=f"meetings/{agency.pk}", suffix="docx")
    transaction.on_commit(lambda: files.remove(old_stored) if old_stored else None)
    meeting.development_published_at, meeting.development_published_by = timezone.now(), real_actor(actor)
    meeting.development_stored_name = stored
    meeting.save(update_fields=["development_published_at", "development_published_by", "development_stored_name"])
    photos.exclude(pk__in=chosen).update(published=False)
    photos.filter(pk__in=chosen).update(published=True)
    filename = f"การนำผลการประเมิน ITA ไปพัฒนาองค์กร {meeting.fiscal_year}.docx"
    if item is not None:
        from prongsai.apps.oit import services as oit_services

        try:
            oit_services.file_add(item=item, access=access, actor=actor, data=data, filename=filename)
        except ValidationError as exc:
            files.remove(stored)
            raise MeetingRefused(exc.messages[0], field="offer_oit") from exc
    audit_record(actor=actor, agency=agency, action="meeting.development_published", target=meeting, before=None,
                 after={"fiscal_year": meeting.fiscal_year, "photos": len(chosen),
                        "oit": item.code.upper() if item is not None else None})
    return meeting
