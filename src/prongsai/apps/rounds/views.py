"""Assessment-round pages (issue 11). Every staff view wears ``@agency_view`` and then asks ``round_access`` what the
person may do in the round; the answer pages (``/r/<code>/``) are public and anonymous."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agency_view, round_access
from prongsai.apps.agencies.forms import save_form
from prongsai.apps.agencies.models import Agency
from prongsai.apps.complaints.protect import HONEYPOT_FIELD, form_token, form_token_problem, rate_allow
from prongsai.apps.registers.documents import DOCX_TYPE
from prongsai.apps.rounds import documents, exports, public, selectors, services
from prongsai.apps.rounds.charts import group_dashboard
from prongsai.apps.rounds.forms import (
    CorrectionForm,
    DecideForm,
    DisputeForm,
    JudgeForm,
    OitForm,
    PhaseForm,
    RegisterForm,
    RoleForm,
    RoundForm,
    UnitAddForm,
)
from prongsai.apps.rounds.frameworks import round_framework, survey_blocks
from prongsai.apps.rounds.models import Instrument
from prongsai.apps.surveys.documents import poster
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import fiscal_year_of

EDIT = "edit_results"


def _found(obj):
    if obj is None:
        raise Http404("ไม่พบรายการ")
    return obj


def _racc(request, agency: Agency, access: Access, pk: int):
    round = _found(selectors.round_for_agency(agency=agency, pk=pk))
    return round_access(user=request.user, access=access, round=round)


def _bad(request, exc: ValidationError, back: str) -> HttpResponse:
    messages.error(request, exc.messages[0])
    return redirect(back)


def _detail_url(agency: Agency, pk: int) -> str:
    return reverse("rounds:detail", args=[agency.slug, pk])


# --- lists and the round page -----------------------------------------------------------------------------------


@agency_view("view")
@require_safe
def rounds(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "run": selectors.rounds_run_by(agency=agency),
        "entries": selectors.round_entries_for(agency=agency),
    }
    return render(request, "rounds/rounds.html", context)


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def round_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    today = timezone.localdate()
    form = RoundForm(request.POST or None, initial={"fiscal_year": fiscal_year_of(today), "starts_on": today})
    saved, item = save_form(
        request, form, lambda: services.round_create(assessor=agency, actor=request.user, **form.cleaned_data)
    )
    if saved:
        messages.success(request, "สร้างรอบการประเมินแล้ว")
        return redirect("rounds:detail", agency.slug, item.pk)
    context = {"agency": agency, "access": access, "form": form, "title": "สร้างรอบการประเมินหน่วยงานในสังกัด",
               "back": reverse("rounds:rounds", args=[agency.slug])}
    return render(request, "rounds/form.html", context, status=400 if request.method == "POST" else 200)


@agency_view("view")
@require_safe
def detail(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    base = {"agency": agency, "access": access, "racc": racc, "round": racc.round}
    if racc.unit is not None:
        context = {**base, **selectors.unit_page(agency=agency, racc=racc)}
        context["register_form"] = RegisterForm(initial={
            "staff_count": racc.unit.staff_count, "stakeholder_count": racc.unit.stakeholder_count,
            "website": racc.unit.website})
        context["eit_url"] = _answer_url(request, context["eit_survey"])
        context["iit_url"] = _answer_url(request, context["iit_survey"])
        context["ranked"] = selectors.round_results(agency=agency, racc=racc)
        return render(request, "rounds/unit.html", context)
    context = {**base, **selectors.round_overview(agency=agency, racc=racc)}
    context["results"] = selectors.round_results(agency=agency, racc=racc)
    context["phase_form"] = PhaseForm()
    context["unit_form"] = UnitAddForm()
    context["role_form"] = RoleForm()
    context["correction_form"] = CorrectionForm()
    return render(request, "rounds/round.html", context)


def _answer_url(request, survey) -> str:
    return request.build_absolute_uri(reverse("rounds:answer", args=[survey.open_token])) if survey else ""


# --- the round admin ---------------------------------------------------------------------------------------------


@agency_view(EDIT)
@require_POST
def phase_set(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return HttpResponse("กรุณาระบุช่วงและวันที่ให้ครบ", status=400, content_type="text/plain; charset=utf-8")
    try:
        services.round_phase_set(racc=racc, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _bad(request, exc, _detail_url(agency, pk))
    messages.success(request, "บันทึกปฏิทินแล้ว")
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def unit_add(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = UnitAddForm(request.POST)
    if not form.is_valid():
        return HttpResponse("กรุณาระบุหน่วยงาน", status=400, content_type="text/plain; charset=utf-8")
    unit_agency = public.agency_by_slug(form.cleaned_data["agency"])
    if unit_agency is None:
        messages.error(request, "ไม่พบหน่วยงานตามรหัสที่ระบุ")
        return redirect("rounds:detail", agency.slug, pk)
    try:
        services.round_unit_add(racc=racc, actor=request.user, agency=unit_agency, group=form.cleaned_data["group"])
    except ValidationError as exc:
        return _bad(request, exc, _detail_url(agency, pk))
    messages.success(request, f"เพิ่ม {unit_agency.name_th} แล้ว")
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def role_add(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return HttpResponse("กรุณาระบุชื่อผู้ใช้และบทบาท", status=400, content_type="text/plain; charset=utf-8")
    user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
    unit = None
    if form.cleaned_data["unit"]:
        unit = selectors.unit_in_round(agency=agency, racc=racc, pk=form.cleaned_data["unit"])
    if user is None or (form.cleaned_data["unit"] and unit is None):
        messages.error(request, "ไม่พบผู้ใช้หรือหน่วยรับการประเมินที่ระบุ")
        return redirect("rounds:detail", agency.slug, pk)
    try:
        services.round_role_assign(racc=racc, actor=request.user, user=user, kind=form.cleaned_data["kind"],
                                   group=form.cleaned_data["group"], unit=unit)
    except ValidationError as exc:
        return _bad(request, exc, _detail_url(agency, pk))
    messages.success(request, "กำหนดบทบาทแล้ว")
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def score(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = CorrectionForm(request.POST)
    form.is_valid()
    try:
        n = services.round_score(racc=racc, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("rounds:detail", agency.slug, pk)
    messages.success(request, f"คำนวณผลแล้ว บันทึกผลฉบับใหม่ {n} หน่วย")
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def confirm(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    if request.POST.get("confirm") != "yes":
        return HttpResponse("กรุณายืนยันการยืนยันผล", status=400, content_type="text/plain; charset=utf-8")
    try:
        services.round_confirm(racc=racc, actor=request.user)
    except ValidationError as exc:
        return _bad(request, exc, _detail_url(agency, pk))
    messages.success(request, "ยืนยันผลแล้ว ผลถูกตรึงไว้และหน่วยรับการประเมินเห็นผลของตนได้")
    return redirect("rounds:detail", agency.slug, pk)


# --- assessors ---------------------------------------------------------------------------------------------------


@agency_view("view")
@require_safe
def queue(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    if racc.unit is not None:
        raise PermissionDenied("หน้านี้สำหรับหน่วยงานผู้จัดการประเมิน")
    context = {
        "agency": agency, "access": access, "racc": racc, "round": racc.round,
        "mine": selectors.assessor_queue(agency=agency, racc=racc, user=request.user),
        "workload": selectors.workload(agency=agency, racc=racc),
    }
    return render(request, "rounds/queue.html", context)


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, pk: int, unit_pk: int, item: str, *, agency: Agency, access: Access) -> HttpResponse:
    """One item of one unit: every answer, judgement and dispute; assessors of the unit judge it here."""
    racc = _racc(request, agency, access, pk)
    if racc.unit is not None:
        raise PermissionDenied("หน้านี้สำหรับหน่วยงานผู้จัดการประเมิน")
    unit = _found(selectors.unit_in_round(agency=agency, racc=racc, pk=unit_pk))
    history = selectors.item_history(agency=agency, racc=racc, unit=unit, item=item)
    if history["title"] is None:
        raise Http404("ไม่พบข้อ OIT นี้")
    form = JudgeForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if unit.pk not in racc.assessor_unit_ids:
            raise PermissionDenied("ท่านไม่ได้เป็นผู้ประเมินของหน่วยนี้")
        saved, _ = save_form(request, form, lambda: services.judgement_record(
            racc=racc, actor=request.user, unit=unit, item=item, **form.cleaned_data))
        if saved:
            messages.success(request, f"บันทึกผลข้อ {item} แล้ว")
            return redirect("rounds:review", agency.slug, pk, unit.pk, item)
        status = 400
    context = {"agency": agency, "access": access, "racc": racc, "round": racc.round, "unit": unit, "item": item,
               "form": form, "can_judge": unit.pk in racc.assessor_unit_ids, **history}
    return render(request, "rounds/review.html", context, status=status)


@agency_view("view")
@require_POST
def decide(request: HttpRequest, pk: int, dispute_pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    dispute = _found(selectors.dispute_in_round(agency=agency, racc=racc, pk=dispute_pk))
    if dispute.unit_id not in racc.assessor_unit_ids:
        raise PermissionDenied("ท่านไม่ได้เป็นผู้ประเมินของหน่วยนี้")
    form = DecideForm(request.POST)
    if not form.is_valid():
        return HttpResponse("กรุณาเลือกคำวินิจฉัย", status=400, content_type="text/plain; charset=utf-8")
    back = reverse("rounds:review", args=[agency.slug, pk, dispute.unit_id, dispute.item])
    try:
        services.dispute_decide(racc=racc, actor=request.user, dispute=dispute, **form.cleaned_data)
    except ValidationError as exc:
        return _bad(request, exc, back)
    messages.success(request, "บันทึกคำวินิจฉัยแล้ว")
    return redirect(back)


# --- results, reports, dashboards, exports ---------------------------------------------------------------------------


@agency_view("view")
@require_safe
def dashboard(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    results = selectors.round_results(agency=agency, racc=racc)
    framework = round_framework(racc.round)
    context = {"agency": agency, "access": access, "racc": racc, "round": racc.round, "results": results,
               "charts": group_dashboard(results, framework) if results else None,
               "thai_digits": request.GET.get("digits") == "thai"}
    return render(request, "rounds/dashboard.html", context)


@agency_view("view")
@require_safe
def export(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    if racc.unit is not None:
        raise PermissionDenied("ไฟล์ผลรวมของรอบสำหรับหน่วยงานผู้จัดการประเมิน")
    if fmt not in exports.FORMATS:
        raise Http404("ไม่พบรูปแบบไฟล์")
    data, content_type = exports.export_results(
        selectors.round_results(agency=agency, racc=racc), round_framework(racc.round), fmt=fmt
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="round-{pk}-results.{fmt}"'
    return response


@agency_view("view")
@require_safe
def report(request: HttpRequest, pk: int, unit_pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    unit = _found(selectors.unit_in_round(agency=agency, racc=racc, pk=unit_pk))
    if fmt not in ("docx", "pdf"):
        raise Http404("ไม่พบรูปแบบไฟล์")
    if not racc.can_see_results:
        raise PermissionDenied("ผลการประเมินจะเปิดให้หน่วยรับการประเมินเห็นเมื่อผู้จัดการประเมินยืนยันผลแล้ว")
    doc = documents.unit_report(
        round=racc.round,
        unit=unit,
        ranked=selectors.round_results(agency=agency, racc=racc),
        earlier=selectors.earlier_results(agency=agency, racc=racc, unit=unit),
        digits="thai" if request.GET.get("digits") == "thai" else "arabic",
    )
    if doc is None:
        raise Http404("หน่วยนี้ยังไม่มีผลการประเมิน")
    if fmt == "pdf":
        try:
            data, kind = doc.to_pdf(), "application/pdf"
        except ProngsaiError as exc:
            return HttpResponse(exc.th, status=503, content_type="text/plain; charset=utf-8")
    else:
        data, kind = doc.to_bytes(), DOCX_TYPE
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="round-{pk}-unit-{unit.pk}.{fmt}"'
    return response


# --- the unit ----------------------------------------------------------------------------------------------------


def _unit_post(request, agency, access, pk, form, call, ok: str) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    if racc.unit is None:
        raise Http404("หน่วยงานนี้ไม่ได้เป็นหน่วยรับการประเมินของรอบนี้")
    if not form.is_valid():
        return HttpResponse("ข้อมูลไม่ครบหรือไม่ถูกต้อง", status=400, content_type="text/plain; charset=utf-8")
    try:
        call(racc)
    except ValidationError as exc:
        return _bad(request, exc, _detail_url(agency, pk))
    messages.success(request, ok)
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def register(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = RegisterForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.unit_register(
        racc=racc, actor=request.user, **form.cleaned_data), "ลงทะเบียนแล้ว")


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    """The printable list of IIT invitation codes (one per staff member; each good for one answer)."""
    racc = _racc(request, agency, access, pk)
    if racc.unit is None:
        raise Http404("หน่วยงานนี้ไม่ได้เป็นหน่วยรับการประเมินของรอบนี้")
    if request.method == "POST":
        try:
            n = services.invitations_create(racc=racc, actor=request.user)
        except ValidationError as exc:
            return _bad(request, exc, _detail_url(agency, pk))
        messages.success(request, f"สร้างรหัสเชิญตอบเพิ่ม {n} รหัส")
        return redirect("rounds:invitations", agency.slug, pk)
    codes = [(request.build_absolute_uri(reverse("rounds:answer", args=[t])), used)
             for t, used in selectors.invitation_codes(agency=agency, racc=racc)]
    context = {"agency": agency, "access": access, "round": racc.round, "unit": racc.unit, "codes": codes}
    return render(request, "rounds/invitations.html", context)


@agency_view("view")
@require_safe
def survey_poster(request: HttpRequest, pk: int, instrument: str, fmt: str, *, agency: Agency,
                  access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    if racc.unit is None or instrument not in ("IIT", "EIT") or fmt not in ("docx", "pdf"):
        raise Http404("ไม่พบโปสเตอร์")
    survey = racc.unit.surveys.get(instrument=instrument)
    if instrument == Instrument.EIT:
        lines = ["ขอเชิญผู้รับบริการและผู้มีส่วนได้ส่วนเสียตอบแบบวัดการรับรู้ (EIT)", "ไม่ระบุตัวตน ระบบไม่บันทึกว่าใครตอบ"]
    else:
        lines = ["ขอเชิญบุคลากรตอบแบบวัดการรับรู้ (IIT)", "ใช้รหัสเชิญตอบที่ได้รับ คนละหนึ่งรหัส ระบบไม่บันทึกว่าใครตอบ"]
    doc = poster(agency_name=agency.name_th, title=f"{racc.round.title}: แบบ {instrument}", lines=lines,
                 url=_answer_url(request, survey))
    data, kind = (doc.to_bytes(), DOCX_TYPE) if fmt == "docx" else (None, "application/pdf")
    if fmt == "pdf":
        try:
            data = doc.to_pdf()
        except ProngsaiError as exc:
            return HttpResponse(exc.th, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="round-{pk}-{instrument.lower()}-poster.{fmt}"'
    return response


@agency_view(EDIT)
@require_POST
def oit_submit(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = OitForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.oit_submit(
        racc=racc, actor=request.user, **form.cleaned_data), f"บันทึกข้อ {request.POST.get('item', '')[:8]} แล้ว")


@agency_view(EDIT)
@require_POST
def site_check(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = CorrectionForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.site_check_request(
        racc=racc, actor=request.user), "ส่งตรวจเว็บไซต์แล้ว ผลจะใช้เติมคำตอบที่ยังว่าง")


@agency_view(EDIT)
@require_POST
def dispute(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = DisputeForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.dispute_file(
        racc=racc, actor=request.user, **form.cleaned_data), "ส่งคำโต้แย้งแล้ว")


# --- the public, anonymous answer pages ---------------------------------------------------------------------------

ANSWERED_COOKIE = "prongsai_round_answered"


def _answered(request, survey_pk: int) -> bool:
    try:
        done = signing.loads(request.COOKIES.get(ANSWERED_COOKIE, ""), salt=ANSWERED_COOKIE)
    except signing.BadSignature:
        return False
    return survey_pk in done if isinstance(done, list) else False


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """``token``: an IIT invitation code, the IIT entry link (asks for the code) or the open EIT link. Nothing about
    the person is read or kept; the EIT gets the complaint channel's robot checks and a rate limit."""
    survey, invitation = public.survey_for_token(token)
    if survey is None:
        raise Http404("ไม่พบแบบสำรวจ")
    unit = survey.unit
    if survey.instrument == Instrument.IIT and not invitation:
        code = request.GET.get("code", "").strip()
        if code and len(code) <= 32:
            return redirect("rounds:answer", code)
        return render(request, "rounds/enter_code.html", {"round": survey.pulse, "agency": unit.agency})
    blocks = survey_blocks(round_framework(unit.round), survey.instrument)
    chosen = {k: v for k, v in request.POST.items() if "__" in k} if request.method == "POST" else {}
    closed = not services.surveys_open(unit.round)
    used = bool(invitation) and public.invitation_used(invitation)
    again = survey.instrument == Instrument.EIT and _answered(request, survey.pk)
    form_name = f"round-eit-{survey.pk}"
    error = ""
    if request.method == "POST" and not (closed or used or again):
        if survey.instrument == Instrument.EIT:
            problem = form_token_problem(agency=unit.agency, form=form_name, token=request.POST.get("ft", ""))
            if request.POST.get(HONEYPOT_FIELD):
                problem = "ส่งแบบสำรวจไม่สำเร็จ กรุณาลองใหม่"
            elif not problem and not rate_allow(
                agency=unit.agency, scope=form_name,
                limit=int(getattr(settings, "PRONGSAI_ROUNDS_EIT_PER_HOUR", 300)), window_seconds=3600,
            ):
                problem = "มีผู้ส่งแบบสำรวจนี้จำนวนมากในขณะนี้ กรุณาลองใหม่ภายหลัง"
            error = problem
        if not error:
            try:
                services.survey_answer(survey=survey, answers=chosen, invitation=invitation)
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                response = redirect("rounds:thanks")
                if survey.instrument == Instrument.EIT:
                    done = [survey.pk]
                    response.set_cookie(ANSWERED_COOKIE, signing.dumps(done, salt=ANSWERED_COOKIE),
                                        max_age=400 * 86400, httponly=True, samesite="Lax")
                return response
    context = {
        "round": survey.pulse, "agency": unit.agency, "title": f"{unit.round.title}: แบบ {survey.instrument}",
        "instrument": survey.instrument, "blocks": blocks, "chosen": chosen, "closed": closed, "used": used,
        "again": again, "error": error, "ft": form_token(agency=unit.agency, form=form_name),
        "honeypot": HONEYPOT_FIELD,
    }
    status = 400 if error else (410 if closed or used else (409 if again else 200))
    return render(request, "rounds/answer.html", context, status=status)


@never_cache
@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "rounds/thanks.html", {})

