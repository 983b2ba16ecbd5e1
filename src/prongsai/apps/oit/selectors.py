"""Reads for OIT evidence. Every selector takes the ``agency`` the access check resolved and filters by it, so an
id of another agency's row finds nothing (the view answers 404)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.oit.charts import response_chart
from prongsai.apps.oit.convert import core_checklist, core_item
from prongsai.apps.oit.models import CheckStatus, OitChecklist, OitFile, OitItem, SiteCheck, UptimeProbe
from prongsai.core.errors import ProngsaiError
from prongsai.core.oit import Checklist, ChecklistItem, Gap, UptimeHistory, UptimeSample, completeness
from prongsai.core.oit.checklist import STATUS_TH

# --- checklists --------------------------------------------------------------------------------------------


def framework_years(*, agency: Agency) -> list[int]:
    """The fiscal years a checklist can be made for (those with a framework), newest first."""
    return sorted(framework_registry().years(), reverse=True)


def _current_origin(fiscal_year: int) -> str | None:
    try:
        return framework_registry().get(fiscal_year).origin
    except ProngsaiError:
        return None


def checklists_behind(*, fiscal_year: int) -> list[OitChecklist]:
    """Every agency's checklist of the year built from another framework version than the current one."""
    current = _current_origin(fiscal_year)
    if current is None:
        return []
    return list(
        OitChecklist.objects.filter(fiscal_year=fiscal_year).exclude(framework_origin=current)
        .select_related("agency").order_by("agency__name_th", "pk")
    )


def checklists_for_agency(*, agency: Agency) -> QuerySet[OitChecklist]:
    return OitChecklist.objects.filter(agency=agency).annotate(n_items=Count("items")).order_by("-fiscal_year")


def checklist_for_year(*, agency: Agency, fiscal_year: int) -> OitChecklist | None:
    return OitChecklist.objects.filter(agency=agency, fiscal_year=fiscal_year).first()


def _files_by_item(agency: Agency, checklist: OitChecklist) -> dict[int, list[OitFile]]:
    out: dict[int, list[OitFile]] = {}
    for f in OitFile.objects.filter(agency=agency, item__checklist=checklist).order_by("pk"):
        out.setdefault(f.item_id, []).append(f)
    return out


def checklist_core(*, agency: Agency, checklist: OitChecklist) -> Checklist:
    """The stored checklist as the core model (files by name), for completeness, exports and clarifications."""
    rows = list(OitItem.objects.filter(agency=agency, checklist=checklist, retired=False).order_by("position"))
    return core_checklist(checklist, rows, agency_name=agency.name_th, files=_files_by_item(agency, checklist))


@dataclass
class ItemRow:
    row: OitItem
    item: ChecklistItem
    gaps: list[Gap]
    files: list[OitFile]

    @property
    def ready(self) -> bool:
        return not self.gaps

    @property
    def status_th(self) -> str:
        return STATUS_TH[self.item.status]

    @property
    def parts_done(self) -> int:
        return sum(1 for p in self.item.parts if p.done is True)


@dataclass
class ChecklistPage:
    checklist: OitChecklist
    rows: list[ItemRow]
    gaps: list[Gap]
    statuses: dict[str, int] = field(default_factory=dict)
    retired: list[tuple[OitItem, ChecklistItem]] = field(default_factory=list)  # evidence of items no longer listed
    behind: bool = False  # the year's framework changed since the checklist was built

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def ready(self) -> int:
        return sum(1 for r in self.rows if r.ready)


def checklist_page(*, agency: Agency, checklist: OitChecklist) -> ChecklistPage:
    """Every item with its status, files and what is still missing (core ``completeness``)."""
    all_rows = list(OitItem.objects.filter(agency=agency, checklist=checklist).order_by("position"))
    rows = [r for r in all_rows if not r.retired]
    files = _files_by_item(agency, checklist)
    core = core_checklist(checklist, rows, agency_name=agency.name_th, files=files)
    gaps = completeness(core)
    by_code: dict[str, list[Gap]] = {}
    for gap in gaps:
        by_code.setdefault(gap.code.lower(), []).append(gap)
    items = [ItemRow(row=r, item=it, gaps=by_code.get(it.code.lower(), []), files=files.get(r.pk, []))
             for r, it in zip(rows, core.items, strict=True)]
    statuses = Counter(it.item.status for it in items)
    retired = [core_item(r, files.get(r.pk, ())) for r in all_rows if r.retired]
    return ChecklistPage(
        checklist=checklist, rows=items, gaps=gaps,
        retired=[(r, it) for r, it in zip([r for r in all_rows if r.retired], retired, strict=True)],
        behind=checklist.framework_origin != _current_origin(checklist.fiscal_year),
        statuses={STATUS_TH[k]: statuses.get(k, 0) for k in STATUS_TH if statuses.get(k)},
    )


def item_for_agency(*, agency: Agency, pk: int) -> OitItem | None:
    return OitItem.objects.select_related("checklist").filter(agency=agency, pk=pk).first()


def item_detail(*, agency: Agency, item: OitItem) -> ItemRow:
    files = list(OitFile.objects.filter(agency=agency, item=item).order_by("pk"))
    core = core_item(item, files)
    one = Checklist(
        fiscal_year=item.checklist.fiscal_year, agency=agency.name_th, main_site=item.checklist.main_site or None,
        items=[core],
    )
    return ItemRow(row=item, item=core, gaps=completeness(one), files=files)


def file_for_agency(*, agency: Agency, pk: int) -> OitFile | None:
    return OitFile.objects.select_related("item__checklist").filter(agency=agency, pk=pk).first()


# --- website checks ----------------------------------------------------------------------------------------


def site_checks(*, agency: Agency, limit: int = 20) -> list[SiteCheck]:
    return list(SiteCheck.objects.filter(agency=agency).defer("report").order_by("-created_at", "-pk")[:limit])


def site_check_for_agency(*, agency: Agency, pk: int) -> SiteCheck | None:
    return SiteCheck.objects.filter(agency=agency, pk=pk).first()


def running_check(*, agency: Agency) -> SiteCheck | None:
    return (
        SiteCheck.objects.filter(agency=agency, status__in=(CheckStatus.QUEUED, CheckStatus.RUNNING))
        .defer("report").order_by("-created_at").first()
    )


# --- uptime ------------------------------------------------------------------------------------------------

WINDOWS = (7, 30, 90)


@dataclass
class UptimePage:
    url: str
    days: int
    windows: dict[int, dict]
    summary: dict
    chart: dict | None
    last: UptimeProbe | None
    urls: list[str]
    outages: list = field(default_factory=list)  # core Outage of the chosen window, oldest first


def uptime_page(*, agency: Agency, days: int = 30, now: datetime | None = None) -> UptimePage:
    """Availability over 7/30/90 days, the outages and a response-time chart of the last ``days`` (core
    ``UptimeHistory``), for the agency's current main website (or the last one probed)."""
    now = now or timezone.now()
    days = days if days in WINDOWS else 30
    probes = UptimeProbe.objects.filter(agency=agency)
    last = probes.order_by("-checked_at").first()
    url = agency.website or (last.url if last else "")
    urls = list(probes.values_list("url", flat=True).distinct().order_by("url"))
    since = now - timedelta(days=max(WINDOWS))
    rows = probes.filter(url=url, checked_at__gte=since).order_by("checked_at").values_list(
        "checked_at", "ok", "status", "elapsed_ms", "error"
    )
    samples = [
        UptimeSample.model_construct(checked_at=c, ok=ok, status=st, elapsed_ms=ms, error=err or None)
        for c, ok, st, ms, err in rows.iterator(chunk_size=5000)
    ]
    history = UptimeHistory.model_construct(url=url, samples=samples)
    windows = {d: history.summary(days=d, now=now) for d in WINDOWS}
    start = now - timedelta(days=days)
    chart = response_chart([s for s in samples if s.checked_at >= start], start=start, end=now)
    last_of_url = next((p for p in [last] if p is not None and p.url == url), None)
    return UptimePage(url=url, days=days, windows=windows, summary=windows[days], chart=chart, last=last_of_url,
                      urls=urls, outages=history.outages(start))


def agencies_with_website(*, agency: Agency | None = None) -> QuerySet[Agency]:
    """The agencies ``probe_uptime`` probes: every one with a main website (or just ``agency``)."""
    found = Agency.objects.exclude(Q(website="") | Q(website__isnull=True))
    return found.filter(pk=agency.pk) if agency is not None else found.order_by("pk")
