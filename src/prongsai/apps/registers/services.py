"""Writes for the registers (audited through ``base.services.agency_row_save``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency, Role
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.services import agency_row_save
from prongsai.apps.registers.assets_io import ImportSummary, RegisterInputError, parse_asset_file
from prongsai.apps.registers.models import (
    Asset,
    AssetStatus,
    CountResult,
    EthicsActivity,
    FollowUp,
    GiftRecord,
    InventoryCount,
    InventoryRound,
    Loan,
    LoanStatus,
    NoGiftDeclaration,
)


def nogift_declaration_save(
    *, agency: Agency, actor: Any, item: NoGiftDeclaration | None, data: Mapping[str, Any]
) -> NoGiftDeclaration:
    return agency_row_save(
        agency=agency, actor=actor, model=NoGiftDeclaration, instance=item, data=data, action="nogift_declaration"
    )


def gift_save(*, agency: Agency, actor: Any, item: GiftRecord | None, data: Mapping[str, Any]) -> GiftRecord:
    return agency_row_save(agency=agency, actor=actor, model=GiftRecord, instance=item, data=data, action="gift")


# --- assets, borrowing and inventory checks -----------------------------------------------------------------


def _may_manage(*, actor: Any, agency: Agency) -> bool:
    """Approving, handing over, taking back and counting need ``edit_registers`` (agency admin, coordinator)."""
    try:
        return agency_access(user=actor, agency=agency).can_edit_registers
    except Http404:
        return False


def _require_manager(*, actor: Any, agency: Agency) -> None:
    if not _may_manage(actor=actor, agency=agency):
        raise RegisterInputError("ท่านไม่มีสิทธิ์ดำเนินการนี้ (เฉพาะผู้ดูแลระบบของหน่วยงานหรือผู้ประสานงาน ITA)")


def _own(obj: Any, agency: Agency) -> None:
    if obj is None or obj.agency_id != agency.pk:
        raise RegisterInputError("ข้อมูลนี้ไม่ใช่ของหน่วยงานนี้")


def asset_save(*, agency: Agency, actor: Any, item: Asset | None, data: Mapping[str, Any]) -> Asset:
    _require_manager(actor=actor, agency=agency)
    unit = data.get("custodian_unit")
    if unit is not None and unit.agency_id != agency.pk:
        raise RegisterInputError("หน่วยผู้ดูแลนี้ไม่ได้อยู่ในหน่วยงานนี้")
    code = str(data.get("code") or "").strip()
    clash = Asset.objects.filter(agency=agency, code=code)
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if code and clash.exists():
        raise RegisterInputError(f"รหัส {code} มีในทะเบียนแล้ว")
    return agency_row_save(agency=agency, actor=actor, model=Asset, instance=item, data=data, action="asset")


@transaction.atomic
def asset_import(*, agency: Agency, actor: Any, filename: str, data: bytes) -> ImportSummary:
    """Add or update assets from a CSV or XLSX file with Thai headers; all rows or none (errors name the rows)."""
    _require_manager(actor=actor, agency=agency)
    rows = parse_asset_file(filename=filename, data=data, units={u.name_th: u for u in agency.units.all()})
    created = 0
    for row in rows:
        item = Asset.objects.filter(agency=agency, code=row["code"]).first()
        agency_row_save(agency=agency, actor=actor, model=Asset, instance=item, data=row, action="asset")
        created += item is None
    audit_record(
        actor=actor,
        agency=agency,
        action="asset.imported",
        target=None,
        before=None,
        after={"file": filename[:200], "rows": len(rows), "created": created},
    )
    return ImportSummary(rows=len(rows), created=created, updated=len(rows) - created)


def _lock_loan(agency: Agency, loan: Loan) -> Loan:
    _own(loan, agency)
    return Loan.objects.select_for_update(of=("self",)).select_related("asset").get(pk=loan.pk)


def _loan_audit(actor: Any, loan: Loan, action: str, before: str, extra: Mapping[str, Any] | None = None) -> None:
    audit_record(
        actor=actor,
        agency=loan.agency,
        action=f"loan.{action}",
        target=loan,
        before={"status": before},
        after={"status": loan.status, **(extra or {})},
    )


@transaction.atomic
def loan_request(
    *,
    agency: Agency,
    actor: Any,
    asset: Asset,
    purpose: str,
    due_on: date,
    is_outsider: bool = False,
    borrower_name: str = "",
    permitted_by: str = "",
    permission_ref: str = "",
) -> Loan:
    """A member asks to borrow ``asset`` for themselves, or records an outsider's request with its permission."""
    _own(asset, agency)
    try:
        role = agency_access(user=actor, agency=agency).role
    except Http404:
        raise RegisterInputError("ขอยืมได้เฉพาะบุคลากรของหน่วยงาน") from None
    if role == Role.AUDITOR:
        raise RegisterInputError("ผู้ตรวจสอบมีสิทธิ์อ่านอย่างเดียว ยื่นคำขอยืมไม่ได้")
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status != AssetStatus.AVAILABLE:
        raise RegisterInputError(f"ยืม {asset.code} ไม่ได้ เพราะสถานะเป็น “{asset.get_status_display()}”")
    if not purpose.strip():
        raise RegisterInputError("กรุณาระบุวัตถุประสงค์การยืม")
    if due_on < timezone.localdate():
        raise RegisterInputError("กำหนดคืนต้องไม่ก่อนวันนี้")
    if is_outsider:
        if not borrower_name.strip():
            raise RegisterInputError("กรุณาระบุชื่อบุคคลภายนอกผู้ยืม")
        if not permitted_by.strip() or not permission_ref.strip():
            raise RegisterInputError("บุคคลภายนอกยืมได้เมื่อมีการอนุญาตแล้ว กรุณาระบุผู้อนุญาตและเลขที่หนังสืออนุญาต/อ้างอิง")
        borrower, name = None, borrower_name.strip()
    else:
        borrower, name = actor, (actor.get_full_name().strip() or actor.get_username())
    loan = Loan.objects.create(
        agency=agency,
        asset=asset,
        borrower=borrower,
        borrower_name=name[:200],
        is_outsider=is_outsider,
        permitted_by=permitted_by.strip()[:200] if is_outsider else "",
        permission_ref=permission_ref.strip()[:200] if is_outsider else "",
        purpose=purpose.strip()[:500],
        due_on=due_on,
        requested_by=actor,
    )
    extra = {"asset": asset.code, "due_on": due_on.isoformat(), "outsider": is_outsider}
    _loan_audit(actor, loan, "requested", "", extra)
    return loan


def is_own_loan(*, actor: Any, loan: Loan) -> bool:
    """The person asked for this loan or borrows with it: they may not approve or reject it."""
    return getattr(actor, "pk", None) is not None and actor.pk in (loan.requested_by_id, loan.borrower_id)


def loan_actions(*, actor: Any, loan: Loan, can_manage: bool) -> frozenset[str]:
    """What this person may do to this loan now (``approve``, ``reject``, ``hand-over``, ``return``): the same rules
    as ``loan_decide``, ``loan_hand_over`` and ``loan_return``, so a page offers only the buttons that would work.
    ``can_manage``: the person's ``edit_registers`` permission in the loan's agency."""
    if not can_manage:
        return frozenset()
    if loan.status == LoanStatus.REQUESTED:
        return frozenset() if is_own_loan(actor=actor, loan=loan) else frozenset({"approve", "reject"})
    if loan.status == LoanStatus.APPROVED:
        return frozenset({"hand-over"})
    if loan.status == LoanStatus.HANDED_OVER:
        return frozenset({"return"})
    return frozenset()


@transaction.atomic
def loan_decide(*, agency: Agency, actor: Any, loan: Loan, approve: bool) -> Loan:
    _require_manager(actor=actor, agency=agency)
    loan = _lock_loan(agency, loan)
    if is_own_loan(actor=actor, loan=loan):
        raise RegisterInputError("ผู้ยืมหรือผู้ยื่นคำขออนุมัติคำขอของตนเองไม่ได้ ต้องให้ผู้มีอำนาจคนอื่นอนุมัติ")
    if loan.status != LoanStatus.REQUESTED:
        raise RegisterInputError(f"คำขอนี้ไม่ได้รอการอนุมัติ (สถานะ “{loan.get_status_display()}”)")
    if approve:
        asset = Asset.objects.select_for_update().get(pk=loan.asset_id)
        if asset.status != AssetStatus.AVAILABLE:
            raise RegisterInputError(f"อนุมัติไม่ได้ เพราะ {asset.code} มีสถานะ “{asset.get_status_display()}”")
        busy = Loan.objects.filter(asset=asset, status__in=[LoanStatus.APPROVED, LoanStatus.HANDED_OVER])
        if busy.exclude(pk=loan.pk).exists():
            raise RegisterInputError(f"อนุมัติไม่ได้ เพราะ {asset.code} ถูกอนุมัติให้ผู้อื่นยืมหรืออยู่ระหว่างยืม")
    loan.status = LoanStatus.APPROVED if approve else LoanStatus.REJECTED
    loan.decided_by, loan.decided_at = actor, timezone.now()
    loan.save(update_fields=["status", "decided_by", "decided_at"])
    _loan_audit(actor, loan, "approved" if approve else "rejected", LoanStatus.REQUESTED)
    return loan


@transaction.atomic
def loan_hand_over(*, agency: Agency, actor: Any, loan: Loan, condition: str) -> Loan:
    _require_manager(actor=actor, agency=agency)
    loan = _lock_loan(agency, loan)
    if loan.status != LoanStatus.APPROVED:
        raise RegisterInputError(f"ส่งมอบได้เฉพาะคำขอที่อนุมัติแล้ว (สถานะ “{loan.get_status_display()}”)")
    if not condition.strip():
        raise RegisterInputError("กรุณาบันทึกสภาพครุภัณฑ์เมื่อส่งมอบ")
    loan.status = LoanStatus.HANDED_OVER
    loan.handed_over_by, loan.handed_over_at = actor, timezone.now()
    loan.condition_out = condition.strip()[:500]
    loan.save(update_fields=["status", "handed_over_by", "handed_over_at", "condition_out"])
    _loan_audit(actor, loan, "handed_over", LoanStatus.APPROVED, {"condition_out": loan.condition_out})
    return loan


@transaction.atomic
def loan_return(*, agency: Agency, actor: Any, loan: Loan, condition: str) -> Loan:
    _require_manager(actor=actor, agency=agency)
    loan = _lock_loan(agency, loan)
    if loan.status == LoanStatus.RETURNED:
        raise RegisterInputError("รายการนี้คืนแล้ว คืนซ้ำไม่ได้")
    if loan.status != LoanStatus.HANDED_OVER:
        raise RegisterInputError(f"รับคืนได้เฉพาะรายการที่ส่งมอบแล้ว (สถานะ “{loan.get_status_display()}”)")
    if not condition.strip():
        raise RegisterInputError("กรุณาบันทึกสภาพครุภัณฑ์เมื่อรับคืน")
    loan.status = LoanStatus.RETURNED
    loan.returned_to, loan.returned_at = actor, timezone.now()
    loan.condition_in = condition.strip()[:500]
    loan.save(update_fields=["status", "returned_to", "returned_at", "condition_in"])
    _loan_audit(actor, loan, "returned", LoanStatus.HANDED_OVER, {"condition_in": loan.condition_in})
    return loan


def inventory_round_save(
    *, agency: Agency, actor: Any, item: InventoryRound | None, data: Mapping[str, Any]
) -> InventoryRound:
    _require_manager(actor=actor, agency=agency)
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise RegisterInputError("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")
    return agency_row_save(
        agency=agency, actor=actor, model=InventoryRound, instance=item, data=data, action="inventory_round"
    )


@transaction.atomic
def inventory_count_record(
    *, agency: Agency, actor: Any, round: InventoryRound, asset: Asset, result: str, note: str = ""
) -> InventoryCount:
    """Record what was found for one asset; a discrepancy (anything but found) opens a follow-up."""
    _require_manager(actor=actor, agency=agency)
    _own(round, agency)
    _own(asset, agency)
    if round.is_closed:
        raise RegisterInputError("รอบการตรวจนับนี้ปิดแล้ว บันทึกเพิ่มไม่ได้")
    if result not in CountResult.values:
        raise RegisterInputError("ผลการตรวจนับไม่ถูกต้อง")
    count = InventoryCount.objects.select_for_update().filter(round=round, asset=asset).first()
    before = {"result": count.result, "follow_up": count.follow_up} if count else None
    if count is None:
        count = InventoryCount(round=round, asset=asset)
    count.result, count.note, count.counted_by = result, note.strip()[:500], actor
    if result == CountResult.FOUND:
        count.follow_up = FollowUp.NONE
    elif count.follow_up == FollowUp.NONE:
        count.follow_up = FollowUp.OPEN
    count.save()
    audit_record(
        actor=actor,
        agency=agency,
        action="inventory_count.recorded",
        target=count,
        before=before,
        after={"result": count.result, "follow_up": count.follow_up, "asset": asset.code},
    )
    return count


@transaction.atomic
def discrepancy_follow_up(
    *, agency: Agency, actor: Any, count: InventoryCount, follow_up: str, note: str
) -> InventoryCount:
    _require_manager(actor=actor, agency=agency)
    if count is None or count.round.agency_id != agency.pk:
        raise RegisterInputError("ข้อมูลนี้ไม่ใช่ของหน่วยงานนี้")
    if not count.is_discrepancy:
        raise RegisterInputError("รายการนี้ไม่มีความคลาดเคลื่อนที่ต้องติดตาม")
    if follow_up not in (FollowUp.OPEN, FollowUp.IN_PROGRESS, FollowUp.RESOLVED):
        raise RegisterInputError("สถานะการติดตามไม่ถูกต้อง")
    if follow_up == FollowUp.RESOLVED and not note.strip():
        raise RegisterInputError("กรุณาบันทึกผลการดำเนินการก่อนปิดเรื่อง")
    before = {"follow_up": count.follow_up, "follow_up_note": count.follow_up_note}
    count.follow_up, count.follow_up_note = follow_up, note.strip()[:500]
    count.save(update_fields=["follow_up", "follow_up_note"])
    audit_record(
        actor=actor,
        agency=agency,
        action="inventory_count.follow_up",
        target=count,
        before=before,
        after={"follow_up": count.follow_up, "follow_up_note": count.follow_up_note},
    )
    return count


def ethics_activity_save(
    *, agency: Agency, actor: Any, item: EthicsActivity | None, data: Mapping[str, Any]
) -> EthicsActivity:
    _require_manager(actor=actor, agency=agency)
    for line in str(data.get("materials") or "").splitlines():
        if line.strip() and not line.strip().lower().startswith(("https://", "http://")):
            raise RegisterInputError(f"ที่อยู่เว็บของเอกสารประกอบไม่ถูกต้อง: {line.strip()[:80]}")
    return agency_row_save(
        agency=agency, actor=actor, model=EthicsActivity, instance=item, data=data, action="ethics_activity"
    )
