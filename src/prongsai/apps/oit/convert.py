"""Stored rows ↔ the core's pydantic models (``prongsai.core.oit``). No queries here: callers pass the rows."""

from __future__ import annotations

from collections.abc import Iterable

from prongsai.apps.oit.models import OitChecklist, OitFile, OitItem, SiteCheck
from prongsai.core.oit import Checklist, ChecklistItem, SiteReport
from prongsai.core.oit.checklist import EvidenceFile


def core_item(row: OitItem, files: Iterable[OitFile] = ()) -> ChecklistItem:
    item = ChecklistItem.model_validate(row.data)
    names = [EvidenceFile(name=f.original_name) for f in files]
    if names:
        item.files = names
    return item


def core_checklist(
    checklist: OitChecklist, rows: Iterable[OitItem], *, agency_name: str, files: dict[int, list[OitFile]] | None = None
) -> Checklist:
    files = files or {}
    return Checklist(
        fiscal_year=checklist.fiscal_year,
        framework_origin=checklist.framework_origin,
        agency=agency_name,
        main_site=checklist.main_site or None,
        created_at=checklist.created_at,
        items=[core_item(r, files.get(r.pk, ())) for r in rows],
    )


def site_report(check: SiteCheck) -> SiteReport | None:
    return SiteReport.model_validate(check.report) if check.report else None
