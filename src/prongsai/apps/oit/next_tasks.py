"""What OIT adds to the agency home's "next tasks" (``base.next_tasks``): for those who keep the evidence (the ITA
coordinator and the agency's administrators), the items of the current fiscal year without evidence yet."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.urls import reverse

from prongsai.apps.base.next_tasks import NextTask
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.oit.models import OitChecklist, OitItem


def missing_evidence(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Items with neither a file nor a link (two queries: the year's checklist, its items with their file count)."""
    if not access.can_edit_results:
        return []
    year = current_fiscal_year(today=today)
    checklist = OitChecklist.objects.filter(agency=agency, fiscal_year=year).first()
    if checklist is None:
        return [NextTask(text=f"ยังไม่ได้สร้างรายการหลักฐาน OIT ของปี {year}", count=None,
                         url=reverse("oit:index", args=[agency.slug]), action="สร้างรายการ", order=30)]
    rows = OitItem.objects.filter(agency=agency, checklist=checklist, retired=False).annotate(
        n_files=Count("files")).values_list("data", "n_files")
    missing = sum(1 for data, n_files in rows if not n_files and not (data or {}).get("urls"))
    if not missing:
        return []
    return [NextTask(text=f"ข้อ OIT ปี {year} ที่ยังไม่มีหลักฐาน", count=missing,
                     url=reverse("oit:checklist", args=[agency.slug, year]), order=30)]


PROVIDERS = (missing_evidence,)
