"""What OIT adds to the agency home's "next tasks" (``base.next_tasks``): for those who keep the evidence (the ITA
coordinator and the agency's administrators), the items of the current fiscal year without evidence yet."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse

from prongsai.apps.base.next_tasks import NextTask, kept_with_agency_data
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.oit.models import OitChecklist, OitFile


@kept_with_agency_data  # checklists, items, files: only oit.services, each with its audit entry
def missing_evidence(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Items with neither a file nor a link (one query: the year's checklist joined to its items, whether each has
    a file; no row at all when there is no checklist)."""
    if not access.can_edit_results:
        return []
    year = current_fiscal_year(today=today)
    rows = list(
        OitChecklist.objects.filter(agency=agency, fiscal_year=year).order_by()
        .values_list("items__pk", "items__retired", "items__data",
                     Exists(OitFile.objects.filter(item_id=OuterRef("items__pk"))))
    )
    if not rows:
        return [NextTask(text=f"ยังไม่ได้สร้างรายการหลักฐาน OIT ของปี {year}", count=None,
                         url=reverse("oit:index", args=[agency.slug]), action="สร้างรายการ", order=30)]
    missing = sum(
        1 for item, retired, data, has_file in rows
        if item is not None and not retired and not has_file and not (data or {}).get("urls")
    )
    if not missing:
        return []
    return [NextTask(text=f"ข้อ OIT ปี {year} ที่ยังไม่มีหลักฐาน", count=missing,
                     url=reverse("oit:checklist", args=[agency.slug, year]), order=30)]


PROVIDERS = (missing_evidence,)
