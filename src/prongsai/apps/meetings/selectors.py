"""Reads for meetings, scoped by agency; the core inputs of the minutes and the development report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from prongsai.apps.agencies.models import Agency
from prongsai.apps.meetings.models import Decision, FileKind, Meeting, MeetingFile, MeetingPerson
from prongsai.core.errors import ProngsaiError


def meetings_for_agency(*, agency: Agency) -> QuerySet[Meeting]:
    return Meeting.objects.filter(agency=agency).order_by("-day", "-pk")


def meeting_for_agency(*, agency: Agency, meeting_id: int) -> Meeting | None:
    return Meeting.objects.filter(agency=agency, pk=meeting_id).first()


def meeting_file_for_agency(*, agency: Agency, file_id: int) -> MeetingFile | None:
    return MeetingFile.objects.filter(agency=agency, pk=file_id).first()


def results_years(*, agency: Agency) -> list[int]:
    from prongsai.apps.assessments.selectors import results_for_agency

    return list(results_for_agency(agency=agency).values_list("fiscal_year", flat=True))


def plan_measures(*, agency: Agency, fiscal_year: int) -> list[Any]:
    """The measures of the agency's plan of the meeting's year (for linking a decision)."""
    from prongsai.apps.plans import selectors as plan_selectors

    plan = plan_selectors.plan_for_year(agency=agency, fiscal_year=fiscal_year)
    return plan_selectors.measures_for_plan(agency=agency, plan=plan) if plan is not None else []


def plan_of_year(*, agency: Agency, fiscal_year: int) -> Any:
    from prongsai.apps.plans import selectors as plan_selectors

    return plan_selectors.plan_for_year(agency=agency, fiscal_year=fiscal_year)


def _prepared(agency: Agency, results_fiscal_year: int, plan_fiscal_year: int):
    from prongsai.apps.frameworks.selectors import framework_registry
    from prongsai.apps.plans.inputs import report_input
    from prongsai.core.pipeline import prepare

    registry = framework_registry()
    data = report_input(agency=agency, results_fiscal_year=results_fiscal_year, plan_fiscal_year=plan_fiscal_year,
                        registry=registry)
    analysis, plan = prepare(data, registry=registry)
    return data, analysis, plan


def agenda_draft(*, agency: Agency, results_fiscal_year: int, plan_fiscal_year: int) -> list[dict]:
    """Agenda items drafted from the year's analysis (core ``agenda_from_analysis``): the results and their level,
    weak indicators and questions, the gap to the next level, the proposed measures. Raises ``ProngsaiError``."""
    from prongsai.core.pipeline.meetings import agenda_from_analysis

    _, analysis, plan = _prepared(agency, results_fiscal_year, plan_fiscal_year)
    return [item.model_dump(mode="json") for item in agenda_from_analysis(analysis, plan)]


def decisions_for_measures(*, agency: Agency, measure_ids: list[int]) -> dict[int, Meeting]:
    """measure id → the meeting whose decision created or amended it (the plan page's small link)."""
    out: dict[int, Meeting] = {}
    rows = Decision.objects.filter(agency=agency, measure_id__in=measure_ids).select_related("meeting")
    for d in rows.order_by("meeting__day", "pk"):
        out.setdefault(d.measure_id, d.meeting)
    return out


def person_for_meeting(*, agency: Agency, meeting: Meeting, person_id: int) -> MeetingPerson | None:
    return MeetingPerson.objects.filter(agency=agency, meeting=meeting, pk=person_id).first()


def decision_for_meeting(*, agency: Agency, meeting: Meeting, decision_id: int) -> Decision | None:
    return Decision.objects.filter(agency=agency, meeting=meeting, pk=decision_id).select_related("measure").first()


def public_development(*, agency: Agency, meeting_id: int) -> Meeting | None:
    """A meeting whose development report is published (with its stored copy); None for anything else."""
    return (Meeting.objects.filter(agency=agency, pk=meeting_id, development_published_at__isnull=False)
            .exclude(development_stored_name="").first())


def public_photo(*, agency: Agency, file_id: int) -> MeetingFile | None:
    """A photo chosen for the public site, of a meeting whose report is published; None for anything else."""
    return MeetingFile.objects.filter(agency=agency, pk=file_id, kind=FileKind.PHOTO, published=True,
                                      meeting__development_published_at__isnull=False).first()


def published_developments(*, agency: Agency, fiscal_year: int | None = None) -> QuerySet[Meeting]:
    found = Meeting.objects.filter(agency=agency, development_published_at__isnull=False)
    if fiscal_year is not None:
        found = found.filter(fiscal_year=fiscal_year)
    return found.order_by("-day")


def meeting_document(*, agency: Agency, meeting: Meeting, kind: str, digits: str = "thai"):
    """The minutes or the development report of a stored meeting as a ``ThaiDocument`` (core
    ``build_meeting_document``). Raises ``ProngsaiError`` (Thai) when the meeting has no results year."""
    from prongsai.core.pipeline.meetings import (
        AgendaItem,
        MeetingDecision,
        MeetingInput,
        MeetingPerson,
        build_meeting_document,
    )

    if meeting.agency_id != agency.pk:
        raise ProngsaiError("ข้อมูลนี้ไม่ได้อยู่ในหน่วยงานของท่าน")
    if meeting.results_fiscal_year is None:
        raise ProngsaiError("การประชุมนี้ยังไม่ได้ระบุผลการประเมินที่ใช้ จึงจัดทำเอกสารไม่ได้")
    data, analysis, _ = _prepared(agency, meeting.results_fiscal_year, meeting.results_fiscal_year + 1)
    data = data.model_copy(update={"document_date": meeting.day})
    people = [MeetingPerson(name=p.name, position=p.position, role=p.role, attendance=p.attendance, note=p.note)
              for p in meeting.people.all()]
    decisions = []
    for d in meeting.decisions.select_related("measure"):
        decisions.append(MeetingDecision(text=d.text, indicator=d.indicator,
                                         measure_title=d.measure.title_th if d.measure else None))
    agenda = []
    for item in meeting.agenda or []:
        try:
            agenda.append(AgendaItem.model_validate(item))
        except ValueError:
            continue
    core = MeetingInput(
        group_name=meeting.group_name, number=meeting.number, fiscal_year=meeting.fiscal_year, day=meeting.day,
        place=meeting.place, opened_at=meeting.opened_at, closed_at=meeting.closed_at, people=people,
        agenda=agenda, decisions=decisions, minute_taker=meeting.minute_taker,
        minute_taker_position=meeting.minute_taker_position, checker=meeting.checker,
        checker_position=meeting.checker_position,
    )
    return build_meeting_document(kind, analysis, core, data, digits=digits)
