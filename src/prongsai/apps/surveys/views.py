"""Pulse survey pages: the public answer page (by the round's link), staff rounds, results (with answers that came in
a burst flagged, to be set aside or restored), posters and QR codes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from prongsai.apps.base.downloads import document_response
from prongsai.apps.base.forms import save_form
from prongsai.apps.base.qr import qr_png, qr_svg
from prongsai.apps.surveys.bursts import pulse_answer_take, pulse_burst_set_aside
from prongsai.apps.surveys.documents import poster
from prongsai.apps.surveys.forms import OfficialLinkForm, OwnQuestionForm, RoundForm
from prongsai.apps.surveys.models import SurveyKind
from prongsai.apps.surveys.public import round_for_token
from prongsai.apps.surveys.questions import min_respondents, question_year_note, round_blocks
from prongsai.apps.surveys.selectors import (
    official_link_for_agency,
    official_links_for_agency,
    round_bursts,
    round_for_agency,
    round_results,
    rounds_for_agency,
)
from prongsai.apps.surveys.services import (
    official_link_save,
    pulse_question_add,
    pulse_round_close,
    pulse_round_create,
    pulse_submit,
)
from prongsai.core.thai import fiscal_year_of

EDIT = "edit_results"


def _found(obj):
    if obj is None:
        raise Http404("ไม่พบรายการ")
    return obj


def _public_url(request: HttpRequest, round) -> str:
    return request.build_absolute_uri(reverse("surveys:answer", args=[round.token]))


# --- the public, anonymous answer page ------------------------------------------------------------------------

# Per client and survey link (base.abuse): every POST, accepted or not. Generous: a whole office or a meeting room
# answers a pulse survey by QR from one address; a flood beyond it is refused, and bursts under it are flagged.
ANSWERS = Limit("survey.post", "PRONGSAI_SURVEY_POSTS_PER_CLIENT", 500)
TOO_MANY = "มีการส่งแบบสำรวจนี้จากเครือข่ายที่ท่านใช้อยู่จำนวนมากในช่วงนี้ กรุณาลองใหม่ภายหลัง คำตอบที่เลือกไว้ยังอยู่ครบ"


@anonymous_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the round's link may answer. Nothing about the person is read or kept: not who is signed in,
    not the address or browser (the abuse limit counts a keyed hash of the address in the cache only), not the time
    of day; the page sets no cookie and writes no log line. Each showing of the form answers once (a single-use
    token); answers that come in a burst are flagged to staff (``surveys.bursts``)."""
    round = _found(round_for_token(token))
    blocks = round_blocks(round=round)
    closed = round.is_closed or round.closes_on < timezone.localdate()
    chosen = {k: v for k, v in request.POST.items() if "__" in k} if request.method == "POST" else {}
    error, replayed, status = "", False, 410 if closed else 200
    if request.method == "POST" and not closed:
        status = 400
        if not limit_take(request, ANSWERS, scope=str(round.pk)):
            error, status = TOO_MANY, 429
        elif request.POST.get(HONEYPOT_FIELD):
            error = "ส่งแบบสำรวจไม่สำเร็จ กรุณาลองใหม่"
        else:
            posted = request.POST.get("ft", "")
            error, nonce = form_token_read(agency=round.agency, form=_form_name(round), token=posted)
            if not error:
                try:
                    pulse_answer_take(
                        round=round, nonce=nonce, store=lambda: pulse_submit(round=round, answers=chosen)
                    )
                except FormReplayed as exc:
                    error, replayed = exc.messages[0], True
                except ValidationError as exc:
                    error = exc.messages[0]
                else:
                    return redirect("surveys:thanks", round.token)
    context = {"round": round, "agency": round.agency, "blocks": blocks, "closed": closed, "error": error}
    context["chosen"] = chosen
    # Each item still unanswered is marked beside it; the message at the top links to the first one.
    missing = [
        (b.number, p.field) for b in blocks for p in b.points if chosen.get(p.field) not in p.options
    ] if error and request.method == "POST" and not replayed else []
    context["missing"] = {field for _n, field in missing}
    context["first_missing"] = missing[0] if missing else None
    context["replayed"] = replayed
    context["is_own"] = round.kind == SurveyKind.EIT
    context["minimum"] = min_respondents()
    context["token"] = form_token(agency=round.agency, form=_form_name(round))
    return render(request, "surveys/answer.html", context, status=status)


def _form_name(round) -> str:
    return f"pulse-{round.pk}"


@anonymous_form_view
@require_safe
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    round = _found(round_for_token(token))
    return render(request, "surveys/thanks.html", {"round": round, "agency": round.agency})


# --- staff ------------------------------------------------------------------------------------------------------


@agency_view("view")
@require_safe
def rounds(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(EDIT),
        "rounds": rounds_for_agency(agency=agency),
        "links": official_links_for_agency(agency=agency),
    }
    return render(request, "surveys/rounds.html", context)


def _form_page(request, *, agency, access, form, title, back, status=200, intro="") -> HttpResponse:
    context = {"agency": agency, "access": access, "form": form, "title": title, "back": back, "intro": intro}
    return render(request, "surveys/form.html", context, status=status)


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def round_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = RoundForm(request.POST or None, initial={"fiscal_year": fiscal_year_of(timezone.localdate())})
    back = reverse("surveys:rounds", args=[agency.slug])
    saved, item = save_form(
        request, form, lambda: pulse_round_create(agency=agency, actor=request.user, **form.cleaned_data)
    )
    if saved:
        messages.success(request, "เปิดรอบแบบสำรวจแล้ว")
        return redirect("surveys:round", agency.slug, item.pk)
    return _form_page(
        request,
        agency=agency,
        access=access,
        form=form,
        title="เปิดรอบแบบสำรวจ",
        back=back,
        status=400 if request.method == "POST" else 200,
    )


@agency_view("view")
@require_safe
def round_detail(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    return _round_page(request, agency=agency, access=access, item=_found(round_for_agency(agency=agency, pk=pk)))


def _round_page(request, *, agency, access, item, status: int = 200) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(EDIT),
        "round": item,
        "public_url": _public_url(request, item),
        "results": round_results(agency=agency, round=item),
        "blocks": round_blocks(round=item),
        "question_note": (
            question_year_note(item.fiscal_year, item.question_year) if item.kind == SurveyKind.IIT else ""
        ),
        "bursts": round_bursts(agency=agency, round=item),
        "question_form": OwnQuestionForm() if item.kind == SurveyKind.EIT else None,
    }
    return render(request, "surveys/round.html", context, status=status)


@agency_view(EDIT)
@require_POST
def burst(request: HttpRequest, pk: int, burst_pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    """Set a burst of answers aside (``set_aside=1``) or restore it (``set_aside=0``); audited."""
    item = _found(round_for_agency(agency=agency, pk=pk))
    choice = request.POST.get("set_aside")
    if choice not in ("0", "1"):
        messages.error(request, "กรุณาเลือกว่าจะกันคำตอบช่วงนี้ออกหรือนำกลับมานับ")
        return _round_page(request, agency=agency, access=access, item=item, status=400)
    try:
        pulse_burst_set_aside(agency=agency, actor=request.user, round=item, burst_id=burst_pk, set_aside=choice == "1")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return _round_page(request, agency=agency, access=access, item=item, status=400)
    if choice == "1":
        messages.success(request, "กันคำตอบช่วงนี้ออกจากผลแล้ว (นำกลับมานับได้)")
    else:
        messages.success(request, "นำคำตอบช่วงนี้กลับมานับในผลแล้ว")
    return redirect("surveys:round", agency.slug, item.pk)


@agency_view(EDIT)
@require_POST
def round_close(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    item = _found(round_for_agency(agency=agency, pk=pk))
    pulse_round_close(agency=agency, actor=request.user, round=item)
    messages.success(request, "ปิดรอบแล้ว")
    return redirect("surveys:round", agency.slug, item.pk)


@agency_view(EDIT)
@require_POST
def question_new(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    item = _found(round_for_agency(agency=agency, pk=pk))
    form = OwnQuestionForm(request.POST)
    if form.is_valid():
        try:
            pulse_question_add(agency=agency, actor=request.user, round=item, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "เพิ่มข้อคำถามแล้ว")
    else:
        messages.error(request, "กรุณากรอกข้อคำถาม ตัวชี้วัด และมาตรวัดให้ครบ")
    return redirect("surveys:round", agency.slug, item.pk)


@agency_view("view")
@require_safe
def round_qr(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    item = _found(round_for_agency(agency=agency, pk=pk))
    if fmt == "png":
        return HttpResponse(qr_png(_public_url(request, item)), content_type="image/png")
    if fmt == "svg":
        return HttpResponse(qr_svg(_public_url(request, item)), content_type="image/svg+xml")
    raise Http404("ไม่พบรูปแบบไฟล์")



@agency_view("view")
@require_safe
def round_poster(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    item = _found(round_for_agency(agency=agency, pk=pk))
    if item.kind == SurveyKind.IIT:
        lines = ["แบบสำรวจความคิดเห็นของบุคลากร (ไม่ระบุตัวตน)", "ระบบไม่บันทึกว่าใครตอบ"]
    else:
        lines = ["แบบสำรวจความคิดเห็นผู้รับบริการ (ไม่ระบุตัวตน)", "ข้อคำถามของหน่วยงานเอง ไม่ใช่แบบสำรวจของ ป.ป.ช."]
    doc = poster(agency_name=agency.name_th, title=item.title, lines=lines, url=_public_url(request, item))
    return document_response(doc, fmt=fmt, name=f"poster-{item.pk}")


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def official_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = OfficialLinkForm(request.POST or None, initial={"fiscal_year": fiscal_year_of(timezone.localdate())})
    back = reverse("surveys:rounds", args=[agency.slug])
    saved, _ = save_form(
        request, form, lambda: official_link_save(agency=agency, actor=request.user, **form.cleaned_data)
    )
    if saved:
        messages.success(request, "บันทึกลิงก์แล้ว")
        return redirect(back)
    return _form_page(
        request,
        agency=agency,
        access=access,
        form=form,
        title="ลิงก์แบบสำรวจทางการ (ITAS)",
        back=back,
        status=400 if request.method == "POST" else 200,
        intro="กรอกลิงก์แบบสำรวจ IIT/EIT ตามที่ ป.ป.ช. แจ้งในระบบ ITAS เพื่อพิมพ์โปสเตอร์พร้อม QR Code",
    )


@agency_view("view")
@require_safe
def official_poster(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    link = _found(official_link_for_agency(agency=agency, pk=pk))
    who = "บุคลากรของหน่วยงาน" if link.instrument == "IIT" else "ผู้รับบริการและผู้มีส่วนได้ส่วนเสียภายนอก"
    lines = [f"ขอเชิญ{who}ตอบแบบวัดการรับรู้ {link.instrument} ปีงบประมาณ {link.fiscal_year}", "ในระบบ ITAS ของ ป.ป.ช."]
    if link.note:
        lines.append(link.note)
    doc = poster(agency_name=agency.name_th, title=f"ร่วมตอบแบบสำรวจ {link.instrument}", lines=lines, url=link.url)
    return document_response(doc, fmt=fmt, name=f"itas-{link.instrument.lower()}-{link.fiscal_year}")
