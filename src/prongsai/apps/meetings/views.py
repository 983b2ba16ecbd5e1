"""Staff pages of the working-group meetings (``/a/<agency>/meetings/…``): list and record a meeting (its agenda
drafted from the year's analysis), attendance, decisions (a decision may become a measure of the draft plan),
photos and the signed minutes, the two documents, and the deliberate publication of the development report."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.downloads import document_response, stored_file_response
from prongsai.apps.base.forms import check_upload_size
from prongsai.apps.meetings import selectors, services
from prongsai.apps.meetings.forms import (
    AgendaForm,
    DecisionEditForm,
    DecisionForm,
    FileForm,
    MeetingForm,
    PeopleForm,
    PersonForm,
    PublishForm,
)
from prongsai.apps.meetings.models import Attendance, FileKind, Meeting
from prongsai.core.errors import ProngsaiError
from prongsai.core.pipeline.meetings import MEETING_KIND_TH
from prongsai.core.thai import fiscal_year_of


def _meeting(agency: Agency, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_for_agency(agency=agency, meeting_id=meeting_id)
    if meeting is None:
        raise Http404("ไม่พบการประชุมนี้")
    return meeting


def _refused(form, exc: services.MeetingRefused) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.th)


@agency_view("view")
@require_safe
def meetings(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    return render(request, "meetings/list.html", {
        "agency": agency, "meetings": selectors.meetings_for_agency(agency=agency), "can_edit": access.can_edit_results,
    })


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    from django.utils import timezone

    years = selectors.results_years(agency=agency)
    today = timezone.localdate()
    initial = {"fiscal_year": fiscal_year_of(today), "results_fiscal_year": years[0] if years else None}
    form = MeetingForm(request.POST or None, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agenda = []
        try:
            if d["results_fiscal_year"]:
                agenda = selectors.agenda_draft(agency=agency, results_fiscal_year=d["results_fiscal_year"],
                                                plan_fiscal_year=d["results_fiscal_year"] + 1)
            meeting = services.meeting_create(
                agency=agency, actor=request.user, fiscal_year=d["fiscal_year"], day=d["day"],
                group_name=d["group_name"], number=d["number"], place=d["place"], opened_at=d["opened_at"],
                closed_at=d["closed_at"], chair_name=d["chair_name"], chair_position=d["chair_position"],
                minute_taker=d["minute_taker"], minute_taker_position=d["minute_taker_position"],
                results_fiscal_year=d["results_fiscal_year"], agenda=agenda,
            )
        except services.MeetingRefused as exc:
            _refused(form, exc)
        except ProngsaiError as exc:
            form.add_error("results_fiscal_year", exc.th)
        else:
            messages.success(request, "บันทึกการประชุมแล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return render(request, "meetings/new.html", {"agency": agency, "form": form}, status=400 if form.errors else 200)


def _indicators(meeting: Meeting) -> list[tuple[int, str]]:
    from prongsai.apps.frameworks.selectors import framework_registry

    year = meeting.results_fiscal_year or meeting.fiscal_year - 1
    try:
        framework = framework_registry().get(year)
    except ProngsaiError:
        return []
    return [(i.number, i.name_th) for i in framework.indicators.items]


def _photo_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return [(f.pk, f.original_name) for f in meeting.files.all() if f.kind == FileKind.PHOTO]


def _publish_form(meeting: Meeting, data=None) -> PublishForm:
    initial = {"photos": [f.pk for f in meeting.files.all() if f.kind == FileKind.PHOTO and f.published]}
    return PublishForm(data, photo_choices=_photo_choices(meeting), initial=initial)


def _detail(request, agency: Agency, access: Access, meeting: Meeting, *, people=None, decision=None, upload=None,
            publish=None, status: int = 200) -> HttpResponse:
    measures = selectors.plan_measures(agency=agency, fiscal_year=meeting.fiscal_year)
    people_list = list(meeting.people.all())
    counts = {a.label: sum(1 for p in people_list if p.attendance == a) for a in Attendance}
    oit_item = services.oit_item_for(agency=agency, fiscal_year=meeting.fiscal_year) if access.can_edit_portal else None
    return render(request, "meetings/detail.html", {
        "agency": agency, "meeting": meeting, "people": people_list, "counts": counts,
        "decisions": meeting.decisions.select_related("measure", "measure__plan"),
        "files": meeting.files.all(), "can_edit": access.can_edit_results, "can_publish": access.can_edit_portal,
        "people_form": people or PeopleForm(),
        "decision_form": decision or DecisionForm(indicator_names=_indicators(meeting), measures=measures),
        "file_form": upload or FileForm(), "kinds": MEETING_KIND_TH,
        "publish_form": publish or _publish_form(meeting), "oit_item": oit_item,
        "plan": selectors.plan_of_year(agency=agency, fiscal_year=meeting.fiscal_year),
    }, status=status)


@agency_view("view")
@require_safe
def meeting_detail(request: HttpRequest, meeting_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    return _detail(request, agency, access, _meeting(agency, meeting_id))


@agency_view("edit_results")
@require_POST
def people_add(request: HttpRequest, meeting_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    form = PeopleForm(request.POST)
    if form.is_valid():
        try:
            services.people_add(agency=agency, meeting=meeting, actor=request.user, people=form.parsed(),
                                 counts=form.counts())
        except services.MeetingRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "บันทึกผู้เข้าประชุมแล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return _detail(request, agency, access, meeting, people=form, status=400)


@agency_view("edit_results")
@require_POST
def decision_add(request: HttpRequest, meeting_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    measures = selectors.plan_measures(agency=agency, fiscal_year=meeting.fiscal_year)
    form = DecisionForm(request.POST, indicator_names=_indicators(meeting), measures=measures)
    if form.is_valid():
        d = form.cleaned_data
        measure = next((m for m in measures if m.pk == d["measure"]), None)
        try:
            services.decision_add(agency=agency, meeting=meeting, access=access, actor=request.user, text=d["text"],
                                  indicator=d["indicator"], measure=measure, create_measure=d["create_measure"])
        except services.MeetingRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "บันทึกมติแล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return _detail(request, agency, access, meeting, decision=form, status=400)


@agency_view("edit_results")
@require_POST
def file_add(request: HttpRequest, meeting_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload)
            services.file_add(agency=agency, meeting=meeting, actor=request.user, kind=form.cleaned_data["kind"],
                              data=b"".join(upload.chunks()), filename=upload.name)
        except services.MeetingRefused as exc:
            _refused(form, exc)
        except Exception as exc:  # check_upload_size's forms.ValidationError
            from django.forms import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            form.add_error("file", exc.messages[0])
        else:
            messages.success(request, "แนบไฟล์แล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return _detail(request, agency, access, meeting, upload=form, status=400)


@agency_view("view")
@require_safe
def file_download(request: HttpRequest, file_id: int, *, agency: Agency, access: Access):
    row = selectors.meeting_file_for_agency(agency=agency, file_id=file_id)
    if row is None:
        raise Http404("ไม่พบไฟล์นี้")
    return stored_file_response(
        row.stored_name,
        content_type=row.content_type,
        filename=row.original_name or "meeting",
        missing="ไม่พบไฟล์นี้",
    )


@agency_view("view")
@require_safe
def document(request: HttpRequest, meeting_id: int, kind: str, fmt: str, *, agency: Agency,
             access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    if kind not in MEETING_KIND_TH or fmt not in ("docx", "pdf"):
        raise Http404("ไม่พบเอกสารนี้")
    digits = "arabic" if request.GET.get("digits") == "arabic" else "thai"
    try:
        doc = selectors.meeting_document(agency=agency, meeting=meeting, kind=kind, digits=digits)
    except ProngsaiError as exc:
        messages.error(request, exc.th)
        return redirect("meetings:detail", agency.slug, meeting.pk)
    return document_response(doc, fmt=fmt, name=f"{agency.slug}-{meeting.fiscal_year}-{kind}")


@agency_view("edit_portal")
@require_POST
def publish(request: HttpRequest, meeting_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    form = _publish_form(meeting, request.POST)
    if form.is_valid():
        try:
            services.development_publish(agency=agency, meeting=meeting, access=access, actor=request.user,
                                         publish=request.POST.get("publish") != "no",
                                         photo_ids=form.cleaned_data["photos"],
                                         offer_oit=form.cleaned_data["offer_oit"])
        except services.MeetingRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "บันทึกการเผยแพร่แล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return _detail(request, agency, access, meeting, publish=form, status=400)


# --- correcting people and decisions; agenda items 1, 2 and 5 ------------------------------------------------------


def _person(agency: Agency, meeting: Meeting, person_id: int):
    person = selectors.person_for_meeting(agency=agency, meeting=meeting, person_id=person_id)
    if person is None:
        raise Http404("ไม่พบผู้เข้าประชุมนี้")
    return person


def _decision(agency: Agency, meeting: Meeting, decision_id: int):
    decision = selectors.decision_for_meeting(agency=agency, meeting=meeting, decision_id=decision_id)
    if decision is None:
        raise Http404("ไม่พบมตินี้")
    return decision


def _edit_page(request, agency: Agency, meeting: Meeting, form, *, title: str, remove_url: str = "",
               status: int = 200) -> HttpResponse:
    return render(request, "meetings/edit.html", {"agency": agency, "meeting": meeting, "form": form,
                                                  "title": title, "remove_url": remove_url}, status=status)


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request: HttpRequest, meeting_id: int, person_id: int, *, agency: Agency,
                access: Access) -> HttpResponse:
    from django.urls import reverse

    meeting = _meeting(agency, meeting_id)
    person = _person(agency, meeting, person_id)
    initial = {k: getattr(person, k) for k in ("name", "position", "role", "attendance", "note")}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(agency=agency, meeting=meeting, person=person, actor=request.user,
                                   **form.cleaned_data)
        except services.MeetingRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "แก้ไขผู้เข้าประชุมแล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    remove = "" if person.role == "chair" else reverse("meetings:person_remove",
                                                        args=[agency.slug, meeting.pk, person.pk])
    return _edit_page(request, agency, meeting, form, title=f"แก้ไขผู้เข้าประชุม: {person.name}", remove_url=remove,
                      status=400 if form.errors else 200)


@agency_view("edit_results")
@require_POST
def person_remove(request: HttpRequest, meeting_id: int, person_id: int, *, agency: Agency,
                  access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    person = _person(agency, meeting, person_id)
    try:
        services.person_remove(agency=agency, meeting=meeting, person=person, actor=request.user)
    except services.MeetingRefused as exc:
        messages.error(request, exc.th)
        return _detail(request, agency, access, meeting, status=400)
    messages.success(request, "ลบผู้เข้าประชุมแล้ว")
    return redirect("meetings:detail", agency.slug, meeting.pk)


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def decision_edit(request: HttpRequest, meeting_id: int, decision_id: int, *, agency: Agency,
                  access: Access) -> HttpResponse:
    from django.urls import reverse

    meeting = _meeting(agency, meeting_id)
    decision = _decision(agency, meeting, decision_id)
    measures = selectors.plan_measures(agency=agency, fiscal_year=meeting.fiscal_year)
    initial = {"text": decision.text, "indicator": decision.indicator, "measure": decision.measure_id}
    form = DecisionEditForm(request.POST or None, initial=initial, indicator_names=_indicators(meeting),
                            measures=measures)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        measure = next((m for m in measures if m.pk == d["measure"]), None)
        try:
            services.decision_update(agency=agency, meeting=meeting, decision=decision, access=access,
                                     actor=request.user, text=d["text"], indicator=d["indicator"], measure=measure)
        except services.MeetingRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"แก้ไขมติข้อที่ {decision.number} แล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return _edit_page(request, agency, meeting, form, title=f"แก้ไขมติข้อที่ {decision.number}",
                      remove_url=reverse("meetings:decision_remove", args=[agency.slug, meeting.pk, decision.pk]),
                      status=400 if form.errors else 200)


@agency_view("edit_results")
@require_POST
def decision_remove(request: HttpRequest, meeting_id: int, decision_id: int, *, agency: Agency,
                    access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    decision = _decision(agency, meeting, decision_id)
    try:
        services.decision_remove(agency=agency, meeting=meeting, decision=decision, access=access,
                                 actor=request.user)
    except services.MeetingRefused as exc:
        messages.error(request, exc.th)
        return _detail(request, agency, access, meeting, status=400)
    messages.success(request, "ลบมติแล้ว")
    return redirect("meetings:detail", agency.slug, meeting.pk)


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_edit(request: HttpRequest, meeting_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    meeting = _meeting(agency, meeting_id)
    form = AgendaForm(request.POST or None, initial=AgendaForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.agenda_set(agency=agency, meeting=meeting, actor=request.user, items=form.agenda_items(),
                                checker=d["checker"], checker_position=d["checker_position"],
                                closed_at=d["closed_at"])
        except services.MeetingRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "บันทึกระเบียบวาระแล้ว")
            return redirect("meetings:detail", agency.slug, meeting.pk)
    return _edit_page(request, agency, meeting, form, title="ระเบียบวาระที่ 1, 2 และ 5 และผู้ตรวจรายงานการประชุม",
                      status=400 if form.errors else 200)
