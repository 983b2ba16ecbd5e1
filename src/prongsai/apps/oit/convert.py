"""Stored rows ↔ the core's pydantic models (``prongsai.core.oit``). No queries here: callers pass the rows."""

from __future__ import annotations

from collections.abc import Iterable

from prongsai.apps.oit.models import OitChecklist, OitFile, OitItem, SiteCheck
from prongsai.core.oit import Checklist, ChecklistItem, SiteReport
from prongsai.core.oit.checklist import EvidenceFile

# Excel and LibreOffice read a cell that starts with one of these as a formula (CSV), and openpyxl writes a
# string starting with "=" as a formula (XLSX). Officers type the texts that start ITAS cells.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


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


def neutralise(text: str) -> str:
    """A text that a spreadsheet shows as text, never runs as a formula (OWASP "CSV injection")."""
    return "'" + text if text.startswith(FORMULA_START) else text


def export_safe(checklist: Checklist) -> Checklist:
    """A copy whose ITAS cells cannot start a formula: the first URL, the first how-to-find step (or, without
    one, the explanation) are what the core puts at the start of a cell."""
    safe = checklist.model_copy(deep=True)
    for it in safe.items:
        if it.urls:
            it.urls[0] = neutralise(it.urls[0])
        if it.how_to_find:
            it.how_to_find[0] = neutralise(it.how_to_find[0])
        elif it.explanation:
            it.explanation = neutralise(it.explanation.strip())
    return safe
