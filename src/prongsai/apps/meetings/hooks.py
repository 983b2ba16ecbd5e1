"""What meetings add to other apps' pages, through the base's extension points (``base.extensions``, registered in
``MeetingsConfig.ready()``): the plan page's link from a measure to the meeting it came from, and the portal's
public year page's published development reports and chosen photos. Neither page imports this app."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.extensions import Link, PublicSection
from prongsai.apps.meetings import selectors
from prongsai.apps.meetings.models import FileKind, Meeting
from prongsai.core.thai import thai_date


def _meeting_th(meeting: Meeting) -> str:
    number = f" ครั้งที่ {meeting.number}" if meeting.number else ""
    return f"{meeting.group_name}{number} วันที่ {thai_date(meeting.day)}"


def measure_origin_links(*, agency: Agency, measure_ids: list[int]) -> dict[int, Link]:
    """measure id → "มติที่ประชุม<group> ครั้งที่ … วันที่ …", linked to the meeting's staff page."""
    found = selectors.decisions_for_measures(agency=agency, measure_ids=measure_ids)
    return {
        measure_id: Link(f"มติที่ประชุม{_meeting_th(meeting)}", reverse("meetings:detail", args=[agency.slug, meeting.pk]))
        for measure_id, meeting in found.items()
    }


def public_year_sections(*, agency: Agency, fiscal_year: int) -> list[PublicSection]:
    """The development reports published for the year (the meeting's fiscal year or the results year it used),
    each with its photos chosen for the public site. Nothing unpublished."""
    meetings = (
        selectors.published_developments(agency=agency)
        .filter(Q(fiscal_year=fiscal_year) | Q(results_fiscal_year=fiscal_year))
        .exclude(development_stored_name="")
        .prefetch_related("files")
    )
    out = []
    for meeting in meetings:
        photos = [f for f in meeting.files.all() if f.kind == FileKind.PHOTO and f.published]
        out.append(
            PublicSection(
                title=f"การนำผลการประเมิน ITA ไปพัฒนาองค์กร ปีงบประมาณ พ.ศ. {meeting.fiscal_year}",
                text=f"จากการประชุม{_meeting_th(meeting)}"
                + (
                    f" (ใช้ผลการประเมินปีงบประมาณ พ.ศ. {meeting.results_fiscal_year})"
                    if meeting.results_fiscal_year
                    else ""
                ),
                links=(
                    Link(
                        "รายงานการนำผลการประเมิน ITA ไปพัฒนาองค์กร (DOCX)",
                        reverse("meetings:public_development", args=[agency.slug, meeting.pk]),
                    ),
                ),
                images=tuple(
                    Link(f"ภาพการประชุม {k}", reverse("meetings:public_photo", args=[agency.slug, f.pk]))
                    for k, f in enumerate(photos, 1)
                ),
                order=60,
            )
        )
    return out
