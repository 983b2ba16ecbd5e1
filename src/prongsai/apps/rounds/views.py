"""Assessment-round pages. Every staff view wears ``@agency_view`` and then asks ``round_access`` what the
person may do in the round; the answer pages (``/r/<code>/``) are public and anonymous."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.abuse import (
    HONEYPOT_FIELD,
    FormReplayed,
    Limit,
    anonymous_form_view,
    form_token,
    form_token_read,
    limit_take,
)
from prongsai.apps.base.downloads import document_response, mark_attachment
from prongsai.apps.base.forms import save_form
from prongsai.apps.rounds import documents, exports, public, selectors, services, survey_bursts
from prongsai.apps.rounds.access import round_access
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
from prongsai.apps.surveys.bursts import pulse_answer_take
from prongsai.apps.surveys.documents import poster
from prongsai.core.oit import VERDICT_TH
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
    if racc.unit is not None:
        return _unit_page(request, agency, access, racc)
    return _round_page(request, agency, access, racc)


def _round_page(request, agency, access, racc, *, status: int = 200, **forms) -> HttpResponse:
    """The round admin's page; a form that was refused comes back bound (its errors beside it, the input kept).
    Seen from a unit's URL it is never shown: the unit gets its own page and the reason."""
    if racc.unit is not None:
        messages.error(request, "รายการนี้สำหรับผู้จัดการประเมินเท่านั้น")
        return _unit_page(request, agency, access, racc, status=400)
    context = {"agency": agency, "access": access, "racc": racc, "round": racc.round,
               **selectors.round_overview(agency=agency, racc=racc)}
    context["results"] = selectors.round_results(agency=agency, racc=racc)
    context["bursts"] = survey_bursts.round_bursts(racc=racc)
    context["phase_form"] = forms.get("phase_form") or PhaseForm()
    context["unit_form"] = forms.get("unit_form") or UnitAddForm()
    context["unit_agency_names"] = public.agency_names() if racc.is_admin and not racc.round.is_confirmed else []
    context["role_form"] = forms.get("role_form") or RoleForm(people=selectors.role_people(agency=agency, racc=racc))
    context["correction_form"] = forms.get("correction_form") or CorrectionForm()
    return render(request, "rounds/round.html", context, status=status)


def _unit_page(request, agency, access, racc, *, register_form=None, posted=None, status: int = 200) -> HttpResponse:
    """A unit's own page. ``posted`` is a refused OIT answer or dispute ({"kind", "item", "data", "errors"}): that
    item's form opens again with what was typed and the reason beside it."""
    context = {"agency": agency, "access": access, "racc": racc, "round": racc.round,
               **selectors.unit_page(agency=agency, racc=racc)}
    context["register_form"] = register_form or RegisterForm(initial={
        "staff_count": racc.unit.staff_count, "stakeholder_count": racc.unit.stakeholder_count,
        "website": racc.unit.website})
    context["eit_url"] = _answer_url(request, context["eit_survey"])
    context["iit_url"] = _answer_url(request, context["iit_survey"])
    context["ranked"] = selectors.round_results(agency=agency, racc=racc)
    context["bursts"] = survey_bursts.round_bursts(racc=racc, unit=racc.unit)
    context["posted"] = posted
    context["oit_rows"] = [(row, _item_draft(row, posted)) for row in context["items"]]
    return render(request, "rounds/unit.html", context, status=status)


def _item_draft(row, posted) -> dict:
    """What an item's answer and dispute forms show: the stored answer (or the checker's suggestion), or, for the
    item whose form was just refused, exactly what was typed."""
    sub, hint = row.submission, row.suggestion
    draft = {
        "has": "1" if (sub and sub.has_evidence) or (not sub and hint) else ("0" if sub else ""),
        "urls": sub.urls if sub else ((hint.get("urls") or [""])[0] if hint else ""),
        "explanation": sub.explanation if sub else "",
        "open": not sub, "errors": [], "dispute_text": "", "dispute_url": "", "dispute_open": False,
        "dispute_errors": [], "verdict": VERDICT_TH.get(hint.get("verdict", ""), "") if hint else "",
    }
    if posted and posted["item"] == row.code:
        data = posted["data"]
        if posted["kind"] == "oit":
            draft = {**draft, "has": data.get("has_evidence", ""), "urls": data.get("urls", ""),
                     "explanation": data.get("explanation", ""), "open": True, "errors": posted["errors"]}
        elif posted["kind"] == "dispute":
            draft = {**draft, "dispute_text": data.get("text", ""), "dispute_url": data.get("url", ""),
                     "dispute_open": True, "dispute_errors": posted["errors"]}
    return draft


def _form_errors(form) -> list[str]:
    """A refused form's errors as Thai sentences, each named by its field's label."""
    out = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else ""
        out.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return out


def _answer_url(request, survey) -> str:
    return request.build_absolute_uri(reverse("rounds:answer", args=[survey.open_token])) if survey else ""


# --- the round admin ---------------------------------------------------------------------------------------------


@agency_view(EDIT)
@require_POST
def phase_set(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = PhaseForm(request.POST)
    saved, _ = save_form(request, form, lambda: services.round_phase_set(racc=racc, actor=request.user,
                                                                         **form.cleaned_data))
    if not saved:
        return _round_page(request, agency, access, racc, phase_form=form, status=400)
    messages.success(request, "บันทึกปฏิทินแล้ว")
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def unit_add(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = UnitAddForm(request.POST)
    unit_agency = None
    if form.is_valid():
        found = public.agencies_by_name(form.cleaned_data["agency"])
        if len(found) == 1:
            unit_agency = found[0]
        elif found:
            form.add_error("agency", "มีหลายหน่วยงานที่ตรงกับที่พิมพ์ กรุณาเลือกชื่อเต็มจากรายการ: "
                           + ", ".join(a.name_th for a in found[:5]))
        else:
            form.add_error("agency", "ไม่พบหน่วยงานชื่อนี้ในระบบ กรุณาพิมพ์ชื่อหน่วยงานแล้วเลือกจากรายการ")
    saved, _ = save_form(request, form, lambda: services.round_unit_add(
        racc=racc, actor=request.user, agency=unit_agency, group=form.cleaned_data["group"]))
    if not saved:
        return _round_page(request, agency, access, racc, unit_form=form, status=400)
    messages.success(request, f"เพิ่ม {unit_agency.name_th} แล้ว")
    return redirect("rounds:detail", agency.slug, pk)


@agency_view(EDIT)
@require_POST
def role_add(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    racc = _racc(request, agency, access, pk)
    form = RoleForm(request.POST, people=selectors.role_people(agency=agency, racc=racc))
    user = unit = None
    valid = form.is_valid()
    if valid:
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        if user is None:
            form.add_error("username", "ไม่พบบุคคลนี้ กรุณาเลือกจากรายการ")
    if form.cleaned_data.get("unit"):  # checked even when no person was picked: every reason at once
        unit = selectors.unit_in_round(agency=agency, racc=racc, pk=form.cleaned_data["unit"])
        if unit is None:
            form.add_error("unit", "ไม่มีหน่วยรับการประเมินเลขที่นี้ในรอบ (ดูเลขที่ในตารางหน่วยรับการประเมิน)")
    saved, _ = save_form(request, form, lambda: services.round_role_assign(
        racc=racc, actor=request.user, user=user, kind=form.cleaned_data["kind"], group=form.cleaned_data["group"],
        unit=unit))
    if not saved:
        return _round_page(request, agency, access, racc, role_form=form, status=400)
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
        messages.error(request, "ยังไม่ได้ยืนยันผล กรุณาทำเครื่องหมาย “ข้าพเจ้าเข้าใจว่า…” แล้วกดยืนยันผลอีกครั้ง")
        return _round_page(request, agency, access, racc, status=400)
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
    return _review_page(request, agency, access, racc, unit, item, history, form=form, status=status)


def _review_page(request, agency, access, racc, unit, item, history, *, form=None, decide=None, status=200):
    """``decide``: a refused decision on a dispute ({"pk", "data", "errors"}), shown again with what was typed."""
    context = {"agency": agency, "access": access, "racc": racc, "round": racc.round, "unit": unit, "item": item,
               "form": form or JudgeForm(initial={"checked_on": timezone.localdate()}),
               "can_judge": unit.pk in racc.assessor_unit_ids, "decide": decide, **history}
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
        errors = ["กรุณาเลือกคำวินิจฉัย: รับหรือไม่รับคำโต้แย้ง"]
    else:
        try:
            services.dispute_decide(racc=racc, actor=request.user, dispute=dispute, **form.cleaned_data)
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(request, "บันทึกคำวินิจฉัยแล้ว")
            return redirect("rounds:review", agency.slug, pk, dispute.unit_id, dispute.item)
    unit = _found(selectors.unit_in_round(agency=agency, racc=racc, pk=dispute.unit_id))
    history = selectors.item_history(agency=agency, racc=racc, unit=unit, item=dispute.item)
    decide = {"pk": dispute.pk, "data": request.POST, "errors": errors}
    return _review_page(request, agency, access, racc, unit, dispute.item, history, decide=decide, status=400)


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
    return mark_attachment(HttpResponse(data, content_type=content_type), f"round-{pk}-results.{fmt}")


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
    return document_response(doc, fmt=fmt, name=f"round-{pk}-unit-{unit.pk}")


# --- the unit ----------------------------------------------------------------------------------------------------


def _unit_post(request, agency, access, pk, form, call, ok: str, kind: str) -> HttpResponse:
    """A unit coordinator's form (``kind``: register, oit, dispute, check). Refused input comes back on the unit's page
    with the reason in Thai and what was typed still in the form (status 400); nothing is written."""
    racc = _racc(request, agency, access, pk)
    if racc.unit is None:
        raise Http404("หน่วยงานนี้ไม่ได้เป็นหน่วยรับการประเมินของรอบนี้")
    errors: list[str] = []
    if form.is_valid():
        try:
            call(racc)
        except ValidationError as exc:
            errors = list(exc.messages)
            form.add_error(None, exc.messages[0])
    else:
        errors = _form_errors(form)
    if not errors:
        messages.success(request, ok)
        return redirect("rounds:detail", agency.slug, pk)
    if kind == "check":
        messages.error(request, errors[0])
        return redirect("rounds:detail", agency.slug, pk)
    if kind == "register":
        return _unit_page(request, agency, access, racc, register_form=form, status=400)
    posted = {"kind": kind, "item": request.POST.get("item", "")[:8], "data": request.POST, "errors": errors}
    return _unit_page(request, agency, access, racc, posted=posted, status=400)


@agency_view(EDIT)
@require_POST
def register(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = RegisterForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.unit_register(
        racc=racc, actor=request.user, **form.cleaned_data), "ลงทะเบียนแล้ว", "register")


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
    page = selectors.unit_invitations(agency=agency, racc=racc)  # counts only: never which code has answered
    page["codes"] = [request.build_absolute_uri(reverse("rounds:answer", args=[t])) for t in page["codes"]]
    context = {"agency": agency, "access": access, "round": racc.round, "unit": racc.unit, **page}
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
    return document_response(doc, fmt=fmt, name=f"round-{pk}-{instrument.lower()}-poster")


@agency_view(EDIT)
@require_POST
def oit_submit(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = OitForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.oit_submit(
        racc=racc, actor=request.user, **form.cleaned_data), f"บันทึกข้อ {request.POST.get('item', '')[:8]} แล้ว", "oit")


@agency_view(EDIT)
@require_POST
def site_check(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = CorrectionForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.site_check_request(
        racc=racc, actor=request.user), "ส่งตรวจเว็บไซต์แล้ว ผลจะใช้เติมคำตอบที่ยังว่าง", "check")


@agency_view(EDIT)
@require_POST
def dispute(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    form = DisputeForm(request.POST)
    return _unit_post(request, agency, access, pk, form, lambda racc: services.dispute_file(
        racc=racc, actor=request.user, **form.cleaned_data), "ส่งคำโต้แย้งแล้ว", "dispute")


@agency_view(EDIT)
@require_POST
def burst(request: HttpRequest, pk: int, burst_pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    """The round admin sets a burst of answers aside (``set_aside=1``) or restores it (``set_aside=0``); audited."""
    racc = _racc(request, agency, access, pk)
    choice = request.POST.get("set_aside")
    if choice not in ("0", "1"):
        messages.error(request, "กรุณาเลือกว่าจะกันคำตอบช่วงนี้ออกหรือนำกลับมานับ")
        return _round_page(request, agency, access, racc, status=400)
    try:
        survey_bursts.survey_burst_set_aside(racc=racc, actor=request.user, burst_id=burst_pk, set_aside=choice == "1")
    except ValidationError as exc:
        return _bad(request, exc, _detail_url(agency, pk))
    messages.success(request, "กันคำตอบช่วงนี้ออกแล้ว คำนวณผลใหม่เพื่อให้คะแนนเปลี่ยนตาม" if choice == "1"
                     else "นำคำตอบช่วงนี้กลับมานับแล้ว คำนวณผลใหม่เพื่อให้คะแนนเปลี่ยนตาม")
    return redirect(_detail_url(agency, pk))


# --- the public, anonymous answer pages ---------------------------------------------------------------------------

# Per client and survey link (base.abuse): every POST to the open EIT link, accepted or not. Generous: a whole office
# or a meeting room answers from one address. The open EIT keeps no per-browser "answered" cookie: each showing of
# its form answers once (a single-use token), and answers that come in a burst are flagged to the round admin
# (surveys.bursts, survey_bursts). An IIT answer with a valid invitation code is not counted: the code answers once,
# so it is its own limit, and a whole office answering by their cards is never refused.
SURVEY_POSTS = Limit("survey.post", "PRONGSAI_SURVEY_POSTS_PER_CLIENT", 500)
TOO_MANY_ANSWERS = "มีการส่งแบบสำรวจนี้จากเครือข่ายที่ท่านใช้อยู่จำนวนมากในช่วงนี้ กรุณาลองใหม่ภายหลัง คำตอบที่เลือกไว้ยังอยู่ครบ"


@anonymous_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """``token``: an IIT invitation code, the IIT entry link (asks for the code) or the open EIT link. Nothing about
    the person is read or kept (no cookie; the per-client limit counts a keyed hash of the address in the cache
    only); the EIT gets the public forms' robot checks and single-use form token (a replay: 409, nothing stored)."""
    survey, invitation = public.survey_for_token(token)
    if survey is None:
        raise Http404("ไม่พบแบบสำรวจ")
    unit = survey.unit
    submitting = request.method == "POST"
    if survey.instrument == Instrument.IIT and not invitation:
        # The card's link (/r/<code>/) shows the form, but the form (and the entry page) post the code in the body
        # to the survey's entry link: no POST line of any log carries a code (docs/rounds.md).
        invitation = public.invitation_in(survey, request.POST.get("code", "")) if submitting else ""
        if not invitation:
            return _enter_code(request, survey)
        submitting = request.POST.get("answering") == "1"  # else: the entry page's code opens the form
    blocks = survey_blocks(round_framework(unit.round), survey.instrument)
    chosen = {k: v for k, v in request.POST.items() if "__" in k} if submitting else {}
    closed = not services.surveys_open(unit.round)
    used = bool(invitation) and public.invitation_used(invitation)
    form_name = f"round-eit-{survey.pk}"
    error, again, limited = "", False, False
    if submitting and not (closed or used):
        if survey.instrument == Instrument.EIT and not limit_take(request, SURVEY_POSTS, scope=str(survey.pulse_id)):
            error, limited = TOO_MANY_ANSWERS, True
        elif survey.instrument == Instrument.EIT:
            error, again = _eit_take(request, survey, chosen, form_name)
            if not (error or again):
                return redirect("rounds:thanks")
        else:
            try:
                services.survey_answer(survey=survey, answers=chosen, invitation=invitation)
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                return redirect("rounds:thanks")
    context = {
        "round": survey.pulse, "agency": unit.agency, "title": f"{unit.round.title}: แบบ {survey.instrument}",
        "instrument": survey.instrument, "blocks": blocks, "chosen": chosen, "closed": closed, "used": used,
        "again": again, "error": error, "ft": form_token(agency=unit.agency, form=form_name),
        "honeypot": HONEYPOT_FIELD,
        "code": invitation, "action": reverse("rounds:answer", args=[survey.open_token]) if invitation else "",
    }
    status = 429 if limited else 400 if error else (410 if closed or used else (409 if again else 200))
    return render(request, "rounds/answer.html", context, status=status)


def _eit_take(request: HttpRequest, survey, chosen: dict[str, str], form_name: str) -> tuple[str, bool]:
    """An open-EIT answer: (error, already sent). Stored through the survey engine with the form's token spent in
    the same transaction and the answer counted in the link's burst watch (the round admin decides on bursts)."""
    problem, nonce = form_token_read(agency=survey.unit.agency, form=form_name, token=request.POST.get("ft", ""))
    if request.POST.get(HONEYPOT_FIELD):
        problem = "ส่งแบบสำรวจไม่สำเร็จ กรุณาลองใหม่"
    if problem:
        return problem, False
    try:
        pulse_answer_take(
            round=survey.pulse, nonce=nonce, managed_elsewhere=True,
            store=lambda: services.survey_answer(survey=survey, answers=chosen, invitation=""),
        )
    except FormReplayed:
        return "", True
    except ValidationError as exc:
        return exc.messages[0], False
    return "", False


def _enter_code(request: HttpRequest, survey) -> HttpResponse:
    """The IIT entry page: a code of this survey (or the whole link from the card, pasted) opens the answer form; a
    code that is not one of this survey's says so beside the box, with what was typed kept."""
    posted = request.method == "POST"
    typed = (request.POST.get("code", "") if posted else request.GET.get("code", "")).strip()
    error = "กรุณากรอกรหัสเชิญตอบจากบัตรเชิญ" if posted and not typed else ""
    if typed:
        invitation = public.invitation_in(survey, typed)
        if invitation and not posted:  # an older link with ?code=: the card's own link
            return redirect("rounds:answer", invitation)
        error = "ไม่พบรหัสเชิญตอบนี้ กรุณาตรวจรหัสบนบัตรเชิญอีกครั้ง (ตัวพิมพ์ใหญ่และเล็กต่างกัน)"
    context = {"round": survey.pulse, "agency": survey.unit.agency, "code": typed[:200], "error": error}
    return render(request, "rounds/enter_code.html", context, status=400 if error else 200)


@anonymous_form_view
@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "rounds/thanks.html", {})

