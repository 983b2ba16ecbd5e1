"""Reads for the portal, always for one agency."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.frameworks.selectors import current_fiscal_year, framework_registry
from prongsai.apps.plans.models import (
    PUBLIC_KINDS,
    DocumentStatus,
    GeneratedDocument,
    Plan,
    PlanMeasure,
    PlanStatus,
    TaskStatus,
)
from prongsai.apps.portal.models import (
    SERVICE_DONE,
    EvidenceLink,
    NewsItem,
    Question,
    ServiceAttachment,
    ServiceRequest,
    ServiceStatus,
    ServiceStatusChange,
    ServiceType,
)
from prongsai.apps.portal.services import tracking_normalise
from prongsai.core.analysis import Analysis
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import fiscal_year_of

ANSWER_TARGET_DAYS = 15  # a common Thai service standard for answering within 15 days


# --- news --------------------------------------------------------------------------------------------------


def news_for_agency(*, agency: Agency, published_only: bool = True) -> QuerySet[NewsItem]:
    found = NewsItem.objects.filter(agency=agency)
    if published_only:
        found = found.filter(is_published=True, published_on__lte=timezone.localdate())
    return found.order_by("-published_on", "-pk")


def news_item(*, agency: Agency, pk: int, published_only: bool = True) -> NewsItem | None:
    return news_for_agency(agency=agency, published_only=published_only).filter(pk=pk).first()


# --- questions ---------------------------------------------------------------------------------------------


def questions_public(*, agency: Agency) -> QuerySet[Question]:
    """Every question, hidden ones included: the page shows that they were hidden and why, not their text."""
    return Question.objects.filter(agency=agency).order_by("-asked_at", "-pk")


def questions_for_staff(*, agency: Agency, show: str = "unanswered") -> QuerySet[Question]:
    found = Question.objects.filter(agency=agency)
    if show == "unanswered":
        found = found.filter(answered_at__isnull=True)
    elif show == "hidden":
        found = found.filter(is_hidden=True)
    return found.order_by("answered_at", "-asked_at", "-pk") if show == "unanswered" else found.order_by("-asked_at")


def question_for_agency(*, agency: Agency, pk: int) -> Question | None:
    return Question.objects.filter(agency=agency, pk=pk).first()


@dataclass(frozen=True)
class QaStatistics:
    asked: int
    answered: int
    waiting: int
    median_days: float | None
    mean_days: float | None
    within_target: int
    target_days: int = ANSWER_TARGET_DAYS

    @property
    def within_target_percent(self) -> float | None:
        return round(100 * self.within_target / self.answered, 1) if self.answered else None


def qa_statistics(*, agency: Agency, fiscal_year: int | None = None) -> QaStatistics:
    """Response times: how many asked, answered, waiting; median and mean days to an answer."""
    found = Question.objects.filter(agency=agency)
    rows = list(found.values_list("asked_at", "answered_at"))
    if fiscal_year is not None:
        rows = [r for r in rows if fiscal_year_of(timezone.localtime(r[0]).date()) == fiscal_year]
    days = [(answered - asked) / timedelta(days=1) for asked, answered in rows if answered is not None]
    return QaStatistics(
        asked=len(rows),
        answered=len(days),
        waiting=len(rows) - len(days),
        median_days=round(statistics.median(days), 1) if days else None,
        mean_days=round(statistics.fmean(days), 1) if days else None,
        within_target=sum(1 for d in days if d <= ANSWER_TARGET_DAYS),
    )


# --- e-service ---------------------------------------------------------------------------------------------


def service_types_for_agency(*, agency: Agency, active_only: bool = True) -> QuerySet[ServiceType]:
    found = ServiceType.objects.filter(agency=agency).select_related("unit")
    return found.filter(is_active=True) if active_only else found


def service_type_for_agency(*, agency: Agency, pk: int, active_only: bool = True) -> ServiceType | None:
    return service_types_for_agency(agency=agency, active_only=active_only).filter(pk=pk).first()


def service_request_by_code(*, agency: Agency, code: str) -> ServiceRequest | None:
    normalised = tracking_normalise(code)
    if not normalised:
        return None
    return ServiceRequest.objects.filter(agency=agency, tracking_code=normalised).select_related("service_type").first()


def service_requests_for_agency(*, agency: Agency, open_only: bool = False) -> QuerySet[ServiceRequest]:
    found = ServiceRequest.objects.filter(agency=agency).select_related("service_type")
    return found.exclude(status__in=SERVICE_DONE) if open_only else found


def service_request_for_agency(*, agency: Agency, pk: int) -> ServiceRequest | None:
    return service_requests_for_agency(agency=agency).filter(pk=pk).first()


def service_history(*, agency: Agency, request: ServiceRequest) -> QuerySet[ServiceStatusChange]:
    return ServiceStatusChange.objects.filter(request__agency=agency, request=request).order_by("pk")


def attachments_for_request(*, agency: Agency, request: ServiceRequest) -> QuerySet[ServiceAttachment]:
    return ServiceAttachment.objects.filter(request__agency=agency, request=request).defer("data")


def attachment_for_agency(*, agency: Agency, pk: int) -> ServiceAttachment | None:
    return ServiceAttachment.objects.filter(request__agency=agency, pk=pk).first()


@dataclass(frozen=True)
class ServiceStatRow:
    fiscal_year: int
    service: str
    received: int
    completed: int
    in_progress: int
    rejected: int
    mean_days_to_complete: float | None


def service_statistics(*, agency: Agency) -> list[ServiceStatRow]:
    """Per fiscal year and service type (the OIT item on service statistics)."""
    rows: dict[tuple[int, str], list] = {}
    for req in ServiceRequest.objects.filter(agency=agency).select_related("service_type").order_by("pk"):
        key = (req.fiscal_year, req.service_type.name)
        cell = rows.setdefault(key, [0, 0, 0, 0, []])
        cell[0] += 1
        if req.status == ServiceStatus.COMPLETED:
            cell[1] += 1
            if req.completed_at:
                cell[4].append((req.completed_at - req.submitted_at) / timedelta(days=1))
        elif req.status == ServiceStatus.REJECTED:
            cell[3] += 1
        else:
            cell[2] += 1
    return [
        ServiceStatRow(
            fiscal_year=year,
            service=name,
            received=c[0],
            completed=c[1],
            in_progress=c[2],
            rejected=c[3],
            mean_days_to_complete=round(statistics.fmean(c[4]), 1) if c[4] else None,
        )
        for (year, name), c in sorted(rows.items(), key=lambda kv: (-kv[0][0], kv[0][1]))
    ]


# --- OIT evidence ------------------------------------------------------------------------------------------


def evidence_for_agency(*, agency: Agency, fiscal_year: int, published_only: bool = True) -> QuerySet[EvidenceLink]:
    found = EvidenceLink.objects.filter(agency=agency, fiscal_year=fiscal_year)
    return found.filter(is_published=True) if published_only else found


def evidence_link_for_agency(*, agency: Agency, pk: int) -> EvidenceLink | None:
    return EvidenceLink.objects.filter(agency=agency, pk=pk).first()


@dataclass
class OitRow:
    code: str
    title: str
    subindicator: str
    subindicator_name: str
    links: list[EvidenceLink] = field(default_factory=list)
    suggestion: tuple[str, str] | None = None  # (title, path) of a portal page that publishes this item


@dataclass(frozen=True)
class OitPage:
    fiscal_year: int
    framework_title: str
    confidence_note: str
    rows: list[OitRow]
    extra_links: list[EvidenceLink]  # links for item codes not in the year's framework

    @property
    def covered(self) -> int:
        return sum(1 for r in self.rows if r.links)


# Portal pages that publish an OIT item, found by words in the item's Thai title (titles change by year).
SUGGESTIONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("สถิติเรื่องร้องเรียน",), "complaints:statistics", "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
    (("ช่องทางแจ้งเรื่องร้องเรียน", "ช่องทางการร้องเรียน"), "complaints:start", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต"),
    (("สถิติการให้บริการ",), "portal:dataset_service_statistics", "ข้อมูลสถิติการให้บริการ"),
    (("e–service", "e-service", "e service"), "portal:eservice", "บริการออนไลน์ (e-Service)"),
    (("รายงานผลการจัดซื้อจัดจ้าง",), "procurement:public", "รายงานผลการจัดซื้อจัดจ้างประจำปี"),
    (("จัดซื้อจัดจ้าง",), "procurement:public", "ข้อมูลการจัดซื้อจัดจ้าง"),
    (("รายงานการรับทรัพย์สิน", "รับของขวัญ"), "registers:nogift", "รายงานการรับของขวัญและประโยชน์อื่นใด"),
    (("no gift",), "registers:nogift", "ประกาศเจตนารมณ์ No Gift Policy"),
    (("ข่าวประชาสัมพันธ์",), "portal:news", "ข่าวประชาสัมพันธ์"),
    (("การมีส่วนร่วม", "ถาม-ตอบ", "q&a"), "portal:qa", "ถาม-ตอบและข้อเสนอแนะ"),
)


def _suggest(agency: Agency, title: str) -> tuple[str, str] | None:
    low = (title or "").lower()
    for words, url_name, label in SUGGESTIONS:
        if any(w in low for w in words):
            if url_name == "portal:dataset_service_statistics":
                return label, reverse("portal:dataset", args=[agency.slug, "service-statistics"])
            return label, reverse(url_name, args=[agency.slug])
    return None


def oit_page(*, agency: Agency, fiscal_year: int, published_only: bool = True) -> OitPage | None:
    """Every OIT item of the year's framework with the agency's links; None when the year has no framework."""
    try:
        framework = framework_registry().get(fiscal_year)
    except ProngsaiError:
        return None
    links = list(evidence_for_agency(agency=agency, fiscal_year=fiscal_year, published_only=published_only))
    by_code: dict[str, list[EvidenceLink]] = {}
    for link in links:
        by_code.setdefault(link.item_code.upper(), []).append(link)
    rows = []
    for sub, item in framework.oit.items():
        title = item.title_th or "(ยังไม่ทราบชื่อข้อในกรอบของปีนี้)"
        rows.append(
            OitRow(
                code=item.code.upper(),
                title=title,
                subindicator=sub.code,
                subindicator_name=sub.name_th or "",
                links=by_code.pop(item.code.upper(), []),
                suggestion=_suggest(agency, item.title_th or ""),
            )
        )
    note = framework.oit.notes or ""
    return OitPage(
        fiscal_year=fiscal_year,
        framework_title=framework.title_th,
        confidence_note=note if framework.oit.confidence in ("low", "unknown") else "",
        rows=rows,
        extra_links=[lk for group in by_code.values() for lk in group],
    )


def oit_default_year(*, agency: Agency) -> int:
    """The current fiscal year if its framework is known, else the latest known year before it."""
    current = current_fiscal_year()
    known = framework_registry().years()
    if current in known or not known:
        return current
    earlier = [y for y in known if y <= current]
    return max(earlier) if earlier else max(known)


def oit_years(*, agency: Agency) -> list[int]:
    years = set(framework_registry().years())
    years.update(EvidenceLink.objects.filter(agency=agency).values_list("fiscal_year", flat=True))
    return sorted(years, reverse=True)


def question_counts(*, agency: Agency) -> dict[str, int]:
    rows = Question.objects.filter(agency=agency).values("is_hidden").annotate(n=Count("pk"))
    return {("hidden" if r["is_hidden"] else "shown"): r["n"] for r in rows}


# --- one year's analysis, approved measures and their documents (public) ---------------------------------


@dataclass(frozen=True)
class YearAnalysis:
    """The analysis the public year page shows: the snapshot stored in the approved plan drafted from this year's
    results (``from_plan``; the same analysis as that plan's documents), or, only when there is none, one
    computed now from the stored scores."""

    analysis: Analysis
    from_plan: bool
    plan_fiscal_year: int | None = None  # the plan whose snapshot this is


def year_analysis(*, agency: Agency, fiscal_year: int) -> YearAnalysis | None:
    """The analysis of a year's result: the approved plan's stored snapshot (``Plan.analysis``) when the year has
    one, else computed now from the year's **published** version (never a draft, never typed); None when neither is
    possible (no published result, or one that no longer fits its framework)."""
    from prongsai.apps.plans.inputs import analysis_of, report_input
    from prongsai.apps.plans.selectors import plans_for_agency
    from prongsai.core.analysis import analyse

    approved = (
        plans_for_agency(agency=agency)
        .filter(status=PlanStatus.APPROVED, results_fiscal_year=fiscal_year)
        .order_by("-decided_at", "-fiscal_year")
    )
    for plan in approved:
        try:
            return YearAnalysis(analysis=analysis_of(plan), from_plan=True, plan_fiscal_year=plan.fiscal_year)
        except (ProngsaiError, ValueError):  # a snapshot the core no longer reads: try the next, then live
            continue
    registry = framework_registry()
    try:
        data = report_input(
            agency=agency, results_fiscal_year=fiscal_year, plan_fiscal_year=fiscal_year + 1, registry=registry,
            published_only=True,  # the public never sees an analysis of a draft
        )
        analysis = analyse(
            registry.get(fiscal_year),
            data.result,
            agency=data.agency(),
            history=data.history,
            questions=data.questions,
            plan_fiscal_year=fiscal_year + 1,
        )
    except ProngsaiError:
        return None
    return YearAnalysis(analysis=analysis, from_plan=False)


@dataclass(frozen=True)
class PublicMeasure:
    number: int
    title_th: str
    responsible_unit: str
    start: date | None
    end: date | None
    tasks: int
    done: int
    percent: int | None  # mean task progress (a done task counts 100); None without tasks

    @property
    def status_th(self) -> str:
        if not self.tasks:
            return "ยังไม่มีงานที่ติดตาม"
        if self.done == self.tasks:
            return "ดำเนินการเสร็จแล้ว"
        return "กำลังดำเนินการ" if self.percent else "ยังไม่เริ่ม"


@dataclass(frozen=True)
class PublicPlan:
    plan: Plan
    measures: list[PublicMeasure]
    documents: list[GeneratedDocument]
    from_this_year: bool  # drafted from this year's results (else: the plan carried out in this year)


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def public_plans_for_year(*, agency: Agency, fiscal_year: int) -> list[PublicPlan]:
    """Approved plans drafted from this year's results or carried out in this year, with measures, progress and
    ready documents. Draft, submitted and returned plans are never public."""
    from django.db.models import Q

    plans = Plan.objects.filter(agency=agency, status=PlanStatus.APPROVED).filter(
        Q(results_fiscal_year=fiscal_year) | Q(fiscal_year=fiscal_year)
    )
    out = []
    for plan in plans.order_by("-fiscal_year"):
        measures = []
        rows = PlanMeasure.objects.filter(agency=agency, plan=plan).prefetch_related("tasks").order_by("number", "pk")
        for m in rows:
            tasks = list(m.tasks.all())
            done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
            percent = (
                round(sum(100 if t.status == TaskStatus.DONE else t.progress for t in tasks) / len(tasks))
                if tasks
                else None
            )
            measures.append(
                PublicMeasure(
                    number=m.number,
                    title_th=m.title_th,
                    responsible_unit=str(m.data.get("responsible_unit") or ""),
                    start=_iso(m.data.get("start")),
                    end=_iso(m.data.get("end")),
                    tasks=len(tasks),
                    done=done,
                    percent=percent,
                )
            )
        out.append(
            PublicPlan(
                plan=plan,
                measures=measures,
                documents=public_documents_for_plan(agency=agency, plan=plan),
                from_this_year=plan.results_fiscal_year == fiscal_year,
            )
        )
    return out


def _published(agency: Agency):
    """Ready documents that staff published, of a kind that may be public (never the approval memo)."""
    return GeneratedDocument.objects.filter(
        agency=agency, status=DocumentStatus.READY, published_at__isnull=False, kind__in=PUBLIC_KINDS
    )


def public_documents_for_plan(*, agency: Agency, plan: Plan) -> list[GeneratedDocument]:
    """The published documents of an approved plan, the newest of each kind and format (none for any other plan).
    A ready document is not public until staff publish it (``plans.documents.document_publish``)."""
    if plan.agency_id != agency.pk or plan.status != PlanStatus.APPROVED:
        return []
    seen: set[tuple[str, str]] = set()
    out = []
    found = _published(agency).filter(plan=plan)
    for doc in found.order_by("kind", "fmt", "-published_at", "-created_at"):
        if (doc.kind, doc.fmt) not in seen:
            seen.add((doc.kind, doc.fmt))
            out.append(doc)
    return out


def public_document(*, agency: Agency, document_id: object) -> GeneratedDocument | None:
    """A published document of one of the agency's approved plans; None for anything else."""
    return (
        _published(agency)
        .filter(plan__agency=agency, plan__status=PlanStatus.APPROVED, pk=document_id)
        .select_related("plan")
        .first()
    )


def latest_approved_plan(*, agency: Agency) -> Plan | None:
    return Plan.objects.filter(agency=agency, status=PlanStatus.APPROVED).order_by("-fiscal_year").first()
