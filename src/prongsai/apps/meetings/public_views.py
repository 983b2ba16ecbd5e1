"""Public downloads of the meetings app (``/p/<slug>/meetings/…``, no login): the development report as it was
published (the stored copy) and the photos chosen with it. Anything not published answers 404, alike for every
agency and every id."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.downloads import DOCX_TYPE, stored_file_response
from prongsai.apps.meetings import selectors


@require_safe
def development(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    meeting = selectors.public_development(agency=agency, meeting_id=meeting_id)
    if meeting is None:
        raise Http404("ไม่พบเอกสาร")
    return stored_file_response(
        meeting.development_stored_name,
        content_type=DOCX_TYPE,
        filename=f"การนำผลการประเมิน ITA ไปพัฒนาองค์กร {meeting.fiscal_year}.docx",
        missing="ไม่พบไฟล์ของเอกสารนี้",
    )


@require_safe
def photo(request: HttpRequest, slug: str, file_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    row = selectors.public_photo(agency=agency, file_id=file_id)
    if row is None:
        raise Http404("ไม่พบภาพ")
    return stored_file_response(
        row.stored_name, content_type=row.content_type, filename=row.original_name or "ภาพการประชุม", missing="ไม่พบภาพ"
    )
