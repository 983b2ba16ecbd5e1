"""Thin views for plans, tasks, evidence, documents and the calendar. Every view wears ``@agency_view``; rows are
read through selectors scoped by the resolved agency and written through one service, which checks the rules
again (``rules``). A service refusal shows beside the form with everything typed kept (status 400), or 403 when
the person's role does not allow it."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base import files
from prongsai.apps.base.downloads import stored_file_response
from prongsai.apps.base.extensions import measure_origins
from prongsai.apps.plans import documents as docs
from prongsai.apps.plans import rules, selectors, services
from prongsai.apps.plans.forms import (
    CommentForm,
    DecisionForm,
    DocumentRequestForm,
    DraftForm,
    EvidenceForm,
    MeasureForm,
    PlanActionForm,
    TaskForm,
    TaskUpdateForm,
)
from prongsai.apps.plans.models import DocumentStatus, Plan, Task, TaskStatus
from prongsai.core.thai import fiscal_year_of, fiscal_year_period


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _plan(agency: Agency, fiscal_year: int) -> Plan:
    plan = selectors.plan_for_year(agency=agency, fiscal_year=fiscal_year)
    if plan is None:
        raise Http404("ไม่พบแผนมาตรการของปีนี้")
    return plan


def _plan_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", kwargs={"agency_slug": plan.agency.slug, "fiscal_year": plan.fiscal_year})


def _refused(exc: services.PlanRefused) -> None:
    if isinstance(exc, services.NotAllowed):
        raise PermissionDenied(exc.th)


def _add_error(form, exc: services.PlanRefused) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.th)


def _today() -> date:
    return timezone.localdate()


# --- plans ---------------------------------------------------------------------------------------------


@agency_view("view")
@require_safe
def plan_list(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    years = selectors.draft_choices(agency=agency)
    form = DraftForm(years=years) if rules.can_manage_plans(access) and years else None
    return render(request, "plans/plan_list.html", _list_context(agency, access, form))


def _list_context(agency: Agency, access: Access, form: DraftForm | None) -> dict:
    return {"agency": agency, "access": access, "plans": list(selectors.plans_for_agency(agency=agency)), "form": form}


@agency_view("edit_results")
@require_POST
def plan_draft(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = DraftForm(request.POST, years=selectors.draft_choices(agency=agency))
    if form.is_valid():
        results_year = form.cleaned_data["results_fiscal_year"]
        plan_year = form.cleaned_data["plan_fiscal_year"] or selectors.default_plan_year(
            agency=agency, results_fiscal_year=results_year, today=_today()
        )
        try:
            plan = services.plan_draft(
                agency=agency, access=access, actor=request.user, results_fiscal_year=results_year,
                plan_fiscal_year=plan_year,
            )
        except services.PlanRefused as exc:
            _refused(exc)
            _add_error(form, exc)
        else:
            messages.success(
                request, f"จัดทำร่างแผนมาตรการปีงบประมาณ {plan.fiscal_year} แล้ว ตรวจสอบและแก้ไขได้ก่อนเสนอผู้บริหาร"
            )
            return redirect(_plan_url(plan))
    return render(request, "plans/plan_list.html", _list_context(agency, access, form), status=400)


def _plan_context(request: HttpRequest, agency: Agency, access: Access, plan: Plan, **forms) -> dict:
    measures = selectors.measures_for_plan(agency=agency, plan=plan)
    tasks = [t for m in measures for t in m.tasks.all()]
    done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
    context = {
        "agency": agency,
        "access": access,
        "plan": plan,
        "header": plan.header,
        "measures": measures,
        "task_count": len(tasks),
        "task_done": done,
        "task_progress": round(sum(t.progress for t in tasks) / len(tasks)) if tasks else 0,
        "versions": list(selectors.plan_versions(agency=agency, plan=plan)[:20]),
        "comments": list(selectors.plan_comments(agency=agency, plan=plan)),
        "can_manage": rules.can_manage_plans(access),
        "can_decide": rules.can_decide(access),
        "can_comment": rules.can_comment(access),
        "total_budget": sum(float(m.data.get("budget") or 0) for m in measures),
        "period": fiscal_year_period(plan.fiscal_year),
        "documents": [d for d in selectors.documents_for_plan(agency=agency, plan=plan) if d.status == "ready"],
        # where a measure came from (a meeting's decision …), from the apps registered with base.extensions
        "measure_origins": measure_origins(agency=agency, measure_ids=[m.pk for m in measures]),
    }
    context["submit_form"] = forms.get("submit_form") or PlanActionForm(initial={"version": plan.version})
    context["decision_form"] = forms.get("decision_form") or DecisionForm(initial={"version": plan.version})
    context["comment_form"] = forms.get("comment_form") or CommentForm()
    context["action_error"] = forms.get("action_error", "")
    return context


@agency_view("view")
@require_safe
def plan_detail(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    return render(request, "plans/plan_detail.html", _plan_context(request, agency, access, plan))


def _measure(agency: Agency, plan: Plan, measure_id: int):
    measure = selectors.measure_for_plan(agency=agency, plan=plan, measure_id=measure_id)
    if measure is None:
        raise Http404("ไม่พบมาตรการนี้")
    return measure


def _measure_page(request, agency, access, plan, form, measure=None, status=200) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "plan": plan,
        "measure": measure,
        "form": form,
        "unit_names": [u.name_th for u in selectors.units_for_tasks(agency=agency)],
    }
    return render(request, "plans/measure_form.html", context, status=status)


def _conflict(form: MeasureForm, plan: Plan) -> None:
    """After a refusal, let the person save what they typed over the newer plan with one more click."""
    data = form.data.copy()
    data["version"] = str(plan.version)
    form.data = data


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def measure_edit(request: HttpRequest, fiscal_year: int, measure_id: int, *, agency: Agency, access: Access):
    plan = _plan(agency, fiscal_year)
    measure = _measure(agency, plan, measure_id)
    if request.method == "POST":
        form = MeasureForm(request.POST, fiscal_year=plan.fiscal_year)
        if form.is_valid():
            try:
                services.measure_update(
                    plan=plan, measure=measure, access=access, actor=request.user,
                    version=form.cleaned_data["version"], fields=form.measure_fields(),
                )
            except services.PlanRefused as exc:
                _refused(exc)
                _add_error(form, exc)
                plan.refresh_from_db()
                _conflict(form, plan)
            else:
                messages.success(request, f"บันทึกมาตรการที่ {measure.number} แล้ว")
                return redirect(_plan_url(plan) + f"#measure-{measure.pk}")
        return _measure_page(request, agency, access, plan, form, measure, status=400)
    form = MeasureForm(initial=MeasureForm.initial_from(measure.data, plan.version), fiscal_year=plan.fiscal_year)
    return _measure_page(request, agency, access, plan, form, measure)


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def measure_add(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    if request.method == "POST":
        form = MeasureForm(request.POST, fiscal_year=plan.fiscal_year)
        if form.is_valid():
            try:
                added = services.measure_add(
                    plan=plan, access=access, actor=request.user, version=form.cleaned_data["version"],
                    fields=form.measure_fields(),
                )
            except services.PlanRefused as exc:
                _refused(exc)
                _add_error(form, exc)
                plan.refresh_from_db()
                _conflict(form, plan)
            else:
                messages.success(request, f"เพิ่มมาตรการที่ {added.number} แล้ว")
                return redirect(_plan_url(plan) + f"#measure-{added.pk}")
        return _measure_page(request, agency, access, plan, form, status=400)
    first, last = fiscal_year_period(plan.fiscal_year)
    initial = {"version": plan.version, "start": first.isoformat(), "end": last.isoformat()}
    return _measure_page(request, agency, access, plan, MeasureForm(initial=initial, fiscal_year=plan.fiscal_year))


def _action_failed(request, agency, access, plan, exc: services.PlanRefused, **forms) -> HttpResponse:
    _refused(exc)
    plan.refresh_from_db()
    context = _plan_context(request, agency, access, plan, action_error=exc.th, **forms)
    return render(request, "plans/plan_detail.html", context, status=400)


@agency_view("edit_results")
@require_POST
def measure_remove(request: HttpRequest, fiscal_year: int, measure_id: int, *, agency: Agency, access: Access):
    plan = _plan(agency, fiscal_year)
    measure = _measure(agency, plan, measure_id)
    form = PlanActionForm(request.POST)
    try:
        if not form.is_valid() or request.POST.get("confirm") != "yes":
            raise services.PlanRefused("กรุณายืนยันการลบมาตรการ")
        services.measure_remove(
            plan=plan, measure=measure, access=access, actor=request.user, version=form.cleaned_data["version"]
        )
    except services.PlanRefused as exc:
        return _action_failed(request, agency, access, plan, exc)
    messages.success(request, f"ลบมาตรการที่ {measure.number} แล้ว")
    return redirect(_plan_url(plan))


@agency_view("edit_results")
@require_POST
def plan_submit(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    form = PlanActionForm(request.POST)
    try:
        if not form.is_valid():
            raise services.PlanRefused("ไม่พบฉบับของแผนที่ท่านเปิดอยู่ กรุณาโหลดหน้าใหม่")
        services.plan_submit(
            plan=plan, access=access, actor=request.user, version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except services.PlanRefused as exc:
        return _action_failed(request, agency, access, plan, exc, submit_form=form)
    messages.success(request, "เสนอแผนมาตรการต่อผู้บริหารแล้ว")
    return redirect(_plan_url(plan))


def _decide(request: HttpRequest, agency: Agency, access: Access, fiscal_year: int, approve: bool) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise services.PlanRefused("ไม่พบฉบับของแผนที่ท่านเปิดอยู่ กรุณาโหลดหน้าใหม่")
        service = services.plan_approve if approve else services.plan_return
        service(
            plan=plan, access=access, actor=request.user, version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except services.PlanRefused as exc:
        if exc.field == "comment" and form.is_bound and "comment" in form.fields and not form.errors:
            form.add_error("comment", exc.th)
        return _action_failed(request, agency, access, plan, exc, decision_form=form)
    messages.success(request, "อนุมัติแผนมาตรการแล้ว งานตามขั้นตอนของแต่ละมาตรการพร้อมให้ติดตาม" if approve
                     else "ส่งแผนมาตรการกลับให้แก้ไขแล้ว")
    return redirect(_plan_url(plan))


@agency_view("approve")
@require_POST
def plan_approve(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    return _decide(request, agency, access, fiscal_year, approve=True)


@agency_view("approve")
@require_POST
def plan_return(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    return _decide(request, agency, access, fiscal_year, approve=False)


@agency_view("comment")
@require_POST
def plan_comment(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.plan_comment_add(plan=plan, access=access, actor=request.user, body=form.cleaned_data["body"])
        except services.PlanRefused as exc:
            _refused(exc)
            _add_error(form, exc)
        else:
            messages.success(request, "บันทึกความเห็นแล้ว")
            return redirect(_plan_url(plan) + "#comments")
    context = _plan_context(request, agency, access, plan, comment_form=form)
    return render(request, "plans/plan_detail.html", context, status=400)


# --- documents -----------------------------------------------------------------------------------------


def _documents_page(request, agency, access, plan, form, status=200, publish_error="") -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "plan": plan,
        "form": form,
        "documents": selectors.documents_for_plan(agency=agency, plan=plan),
        "has_tasks": any(m.tasks.all() for m in selectors.measures_for_plan(agency=agency, plan=plan)),
        "publish_error": publish_error,
    }
    return render(request, "plans/documents.html", context, status=status)


@agency_view("view")
@require_safe
def plan_documents(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    return _documents_page(request, agency, access, plan, DocumentRequestForm())


@agency_view("view")
@require_POST
def document_request(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    plan = _plan(agency, fiscal_year)
    form = DocumentRequestForm(request.POST)
    if form.is_valid():
        try:
            doc = docs.document_request(
                plan=plan, access=access, actor=request.user, kind=form.cleaned_data["kind"],
                fmt=form.cleaned_data["fmt"], digits=form.cleaned_data["digits"],
            )
        except services.PlanRefused as exc:
            _refused(exc)
            _add_error(form, exc)
        else:
            return redirect("plans:document_status", agency_slug=agency.slug, document_id=doc.pk)
    return _documents_page(request, agency, access, plan, form, status=400)


@agency_view("view")
@require_safe
def document_status(request: HttpRequest, document_id: object, *, agency: Agency, access: Access) -> HttpResponse:
    doc = selectors.document_for_agency(agency=agency, document_id=document_id)
    if doc is None:
        raise Http404("ไม่พบเอกสารนี้")
    waited = (timezone.now() - doc.created_at).total_seconds()
    context = {"agency": agency, "access": access, "doc": doc, "plan": doc.plan, "slow": waited > 60}
    template = "plans/_document_status.html" if _is_htmx(request) else "plans/document_status.html"
    response = render(request, template, context)
    if not doc.is_finished:
        response["Cache-Control"] = "no-store"
    return response



def _publication_change(request: HttpRequest, document_id: object, agency: Agency, access: Access, *,
                        publish: bool) -> HttpResponse:
    doc = selectors.document_for_agency(agency=agency, document_id=document_id)
    if doc is None:
        raise Http404("ไม่พบเอกสารนี้")
    was_published = doc.published_at is not None
    try:
        change = docs.document_publish if publish else docs.document_unpublish
        change(document=doc, access=access, actor=request.user)
    except services.PlanRefused as exc:
        _refused(exc)
        return _documents_page(request, agency, access, doc.plan, DocumentRequestForm(), status=400,
                               publish_error=exc.th)
    name = f"{doc.get_kind_display()} ({doc.get_fmt_display()})"
    if publish:
        messages.success(request, f"เผยแพร่ “{name}” บนเว็บไซต์ของหน่วยงานแล้ว")
    elif was_published:
        messages.success(request, f"ยกเลิกการเผยแพร่ “{name}” แล้ว ประชาชนจะไม่เห็นเอกสารนี้บนเว็บไซต์อีก")
    else:
        messages.info(request, f"“{name}” ไม่ได้เผยแพร่อยู่ จึงไม่มีการเปลี่ยนแปลง")
    url = reverse("plans:plan_documents", kwargs={"agency_slug": agency.slug, "fiscal_year": doc.plan.fiscal_year})
    return redirect(url + "#recent-title")


@agency_view("edit_portal")
@require_POST
def document_publish(request: HttpRequest, document_id: object, *, agency: Agency, access: Access) -> HttpResponse:
    """Publish a ready document of the approved plan on the portal (never the approval memo)."""
    return _publication_change(request, document_id, agency, access, publish=True)


@agency_view("edit_portal")
@require_POST
def document_unpublish(request: HttpRequest, document_id: object, *, agency: Agency, access: Access) -> HttpResponse:
    return _publication_change(request, document_id, agency, access, publish=False)


@agency_view("view")
@require_safe
def document_download(request: HttpRequest, document_id: object, *, agency: Agency, access: Access):
    doc = selectors.document_for_agency(agency=agency, document_id=document_id)
    if doc is None or doc.status != DocumentStatus.READY:
        raise Http404("เอกสารนี้ยังไม่พร้อม")
    return stored_file_response(
        doc.stored_name,
        content_type=files.CONTENT_TYPES.get(doc.fmt, "application/octet-stream"),
        filename=doc.filename,
        missing="ไม่พบไฟล์ของเอกสารนี้",
    )


# --- tasks ---------------------------------------------------------------------------------------------


def _task_filters(request: HttpRequest, agency: Agency, access: Access) -> dict:
    units = list(selectors.units_for_tasks(agency=agency))
    raw_unit = request.GET.get("unit", "")
    if raw_unit == "" and access.unit is not None and not access.can_edit_results:
        unit = access.unit  # unit staff see their own unit first
    else:
        unit = next((u for u in units if str(u.pk) == raw_unit), None)
    years = selectors.task_years(agency=agency)
    raw_year = request.GET.get("year", "")
    chosen = int(raw_year) if raw_year.isdecimal() and len(raw_year) == 4 else None
    # without a choice: the person's current tasks (this fiscal year's, of their unit when one is shown)
    year = chosen if chosen in years else selectors.task_year_to_open(agency=agency, unit=unit, today=_today())
    status = request.GET.get("status", "")
    when = request.GET.get("when", "")
    return {
        "units": units,
        "unit": unit,
        "years": years,
        "year": year,
        "status": status if status in TaskStatus.values else "",
        "when": when if when in ("overdue", "soon", "open") else "",
    }


@agency_view("view")
@require_safe
def task_list(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    f = _task_filters(request, agency, access)
    tasks = list(
        selectors.tasks_for_agency(
            agency=agency, unit=f["unit"], status=f["status"], fiscal_year=f["year"], when=f["when"], today=_today()
        )
    )
    rows = [_row(t, access) for t in tasks]
    context = {"agency": agency, "access": access, "rows": rows, "filters": f, "statuses": TaskStatus.choices,
               "today": _today()}
    return render(request, "plans/task_list.html", context)


def _row(task: Task, access: Access, form: TaskUpdateForm | None = None) -> dict:
    can = rules.can_update_task(access, task)
    if can and form is None:
        form = TaskUpdateForm(initial={"status": task.status, "progress": task.progress}, prefix=f"t{task.pk}")
    return {"task": task, "can_update": can, "form": form if can else None, "overdue": _overdue(task)}


def _overdue(task: Task) -> bool:
    return task.status != TaskStatus.DONE and task.due < _today()


def _task(agency: Agency, task_id: int) -> Task:
    task = selectors.task_for_agency(agency=agency, task_id=task_id)
    if task is None:
        raise Http404("ไม่พบงานนี้")
    return task


def _task_page(request, agency, access, task, *, update_form=None, evidence_form=None, comment_form=None, status=200):
    can = rules.can_update_task(access, task)
    context = {
        "agency": agency,
        "access": access,
        "task": task,
        "plan": task.measure.plan,
        "measure": task.measure,
        "overdue": _overdue(task),
        "can_update": can,
        "can_comment": rules.can_comment(access),
        "update_form": update_form or (TaskUpdateForm(initial={"status": task.status, "progress": task.progress})
                                       if can else None),
        "evidence_form": evidence_form or (EvidenceForm() if can else None),
        "comment_form": comment_form or CommentForm(),
        "evidence": list(selectors.task_evidence(agency=agency, task=task)),
        "comments": list(selectors.task_comments(agency=agency, task=task)),
    }
    return render(request, "plans/task_detail.html", context, status=status)


@agency_view("view")
@require_safe
def task_detail(request: HttpRequest, task_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    return _task_page(request, agency, access, _task(agency, task_id))


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if target and allowed and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@agency_view("view")
@require_POST
def task_update(request: HttpRequest, task_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    """Status and progress. Unit staff: own unit only (403 otherwise). HTMX: answers the task's card."""
    task = _task(agency, task_id)
    if not rules.can_update_task(access, task):
        raise PermissionDenied("ท่านปรับปรุงได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    htmx = _is_htmx(request) and request.POST.get("card") == "1"
    prefix = f"t{task.pk}" if request.POST.get("card") == "1" else None
    form = TaskUpdateForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            task = services.task_update(
                task=task, access=access, actor=request.user, status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"], note=form.cleaned_data["note"],
            )
        except services.PlanRefused as exc:
            _refused(exc)
            _add_error(form, exc)
        else:
            if htmx:
                task = _task(agency, task.pk)
                row = _row(task, access)
                context = {"row": row, "agency": agency, "saved": True, "next_url": _safe_next(request)}
                return render(request, "plans/_task_card.html", context)
            messages.success(request, f"บันทึกความคืบหน้าของงาน “{task.title_th}” แล้ว")
            return redirect(_safe_next(request) or reverse("plans:task_detail", kwargs={
                "agency_slug": agency.slug, "task_id": task.pk}))
    if htmx:  # htmx swaps only 2xx answers: the card comes back with the errors and what was typed
        context = {"row": _row(task, access, form), "agency": agency, "next_url": _safe_next(request)}
        return render(request, "plans/_task_card.html", context)
    return _task_page(request, agency, access, task, update_form=form, status=400)


@agency_view("view")
@require_POST
def evidence_add(request: HttpRequest, task_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    task = _task(agency, task_id)
    if not rules.can_update_task(access, task):
        raise PermissionDenied("ท่านเพิ่มหลักฐานได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            services.evidence_add(
                task=task, access=access, actor=request.user, title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                data=b"".join(upload.chunks()) if upload is not None else None,
                filename=upload.name if upload is not None else "",
            )
        except services.PlanRefused as exc:
            _refused(exc)
            _add_error(form, exc)
        else:
            messages.success(request, "เพิ่มหลักฐานแล้ว")
            return redirect("plans:task_detail", agency_slug=agency.slug, task_id=task.pk)
    return _task_page(request, agency, access, task, evidence_form=form, status=400)


@agency_view("view")
@require_safe
def evidence_download(request: HttpRequest, evidence_id: int, *, agency: Agency, access: Access):
    """A stored evidence file, always as an attachment (never shown inline), with nosniff and a sandbox CSP."""
    evidence = selectors.evidence_for_agency(agency=agency, evidence_id=evidence_id)
    if evidence is None or not evidence.is_file:
        raise Http404("ไม่พบไฟล์หลักฐานนี้")
    return stored_file_response(
        evidence.stored_name,
        content_type=files.CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
        filename=evidence.original_name or "evidence",
        missing="ไม่พบไฟล์หลักฐานนี้",
    )


@agency_view("view")
@require_POST
def evidence_remove(request: HttpRequest, evidence_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    """Remove a piece of evidence (a duplicate upload, a wrong link): POST with ``confirm=yes``, by those who may
    update the task (403 otherwise); the task page again, with a message."""
    evidence = selectors.evidence_for_agency(agency=agency, evidence_id=evidence_id)
    if evidence is None:
        raise Http404("ไม่พบหลักฐานนี้")
    task = _task(agency, evidence.task_id)
    if not rules.can_update_task(access, task):
        raise PermissionDenied("ท่านลบหลักฐานได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    if request.POST.get("confirm") != "yes":
        return HttpResponse("กรุณายืนยันการลบหลักฐาน", status=400, content_type="text/plain; charset=utf-8")
    try:
        services.evidence_remove(evidence=evidence, access=access, actor=request.user)
    except services.PlanRefused as exc:
        _refused(exc)
        messages.error(request, exc.th)
    else:
        messages.success(request, f"ลบหลักฐาน “{evidence.title}” แล้ว")
    return redirect(reverse("plans:task_detail", kwargs={"agency_slug": agency.slug, "task_id": task.pk}) + "#evidence")


@agency_view("comment")
@require_POST
def task_comment(request: HttpRequest, task_id: int, *, agency: Agency, access: Access) -> HttpResponse:
    task = _task(agency, task_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.task_comment_add(task=task, access=access, actor=request.user, body=form.cleaned_data["body"])
        except services.PlanRefused as exc:
            _refused(exc)
            _add_error(form, exc)
        else:
            messages.success(request, "บันทึกความเห็นแล้ว")
            return redirect(reverse("plans:task_detail", kwargs={"agency_slug": agency.slug, "task_id": task.pk})
                            + "#comments")
    return _task_page(request, agency, access, task, comment_form=form, status=400)


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def task_add(request: HttpRequest, fiscal_year: int, measure_id: int, *, agency: Agency, access: Access):
    plan = _plan(agency, fiscal_year)
    measure = _measure(agency, plan, measure_id)
    units = selectors.units_for_tasks(agency=agency)
    if request.method == "POST":
        form = TaskForm(request.POST, units=units, fiscal_year=plan.fiscal_year)
        if form.is_valid():
            try:
                services.task_create(
                    measure=measure, access=access, actor=request.user, title_th=form.cleaned_data["title_th"],
                    owner_unit=form.cleaned_data["owner_unit"], due=form.cleaned_data["due"],
                )
            except services.PlanRefused as exc:
                _refused(exc)
                _add_error(form, exc)
            else:
                messages.success(request, f"เพิ่มงานในมาตรการที่ {measure.number} แล้ว")
                return redirect(_plan_url(plan) + f"#measure-{measure.pk}")
        status = 400
    else:
        form = TaskForm(
            units=units, fiscal_year=plan.fiscal_year,
            initial={"due": measure.data.get("end"),
                     "owner_unit": services.unit_for_name(agency, str(measure.data.get("responsible_unit", "")))},
        )
        status = 200
    context = {"agency": agency, "access": access, "plan": plan, "measure": measure, "form": form}
    return render(request, "plans/task_form.html", context, status=status)


# --- calendar ------------------------------------------------------------------------------------------


@agency_view("view")
@require_safe
def calendar(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and len(raw) == 4 and 2500 <= int(raw) <= 2700 else fiscal_year_of(_today())
    cal = selectors.calendar_for_agency(agency=agency, fiscal_year=year)
    context = {"agency": agency, "access": access, "cal": cal, "today": _today(), "period": fiscal_year_period(year)}
    return render(request, "plans/calendar.html", context)
