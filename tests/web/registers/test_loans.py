"""Borrowing: request → approval → hand-over → return; every rule is the services' (server side)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.registers.models import Asset, LoanStatus
from prongsai.apps.registers.selectors import overdue_loans
from prongsai.apps.registers.services import (
    RegisterInputError,
    loan_decide,
    loan_hand_over,
    loan_request,
    loan_return,
)

pytestmark = pytest.mark.django_db


def _request(world, assets, later, who="unit_staff", code="ค-001", **extra):
    return loan_request(
        agency=world.own, actor=world.user(who), asset=assets[code], purpose="ประชุมประชาคม", due_on=later, **extra
    )


def test_full_workflow_records_conditions_and_audits(world, assets, later):
    loan = _request(world, assets, later)
    assert loan.status == LoanStatus.REQUESTED and loan.borrower == world.user("unit_staff")
    loan = loan_decide(agency=world.own, actor=world.user("coordinator"), loan=loan, approve=True)
    loan = loan_hand_over(agency=world.own, actor=world.user("coordinator"), loan=loan, condition="สภาพดี ครบชุด")
    loan = loan_return(agency=world.own, actor=world.user("agency_admin"), loan=loan, condition="สภาพดี")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED
    assert (loan.condition_out, loan.condition_in) == ("สภาพดี ครบชุด", "สภาพดี")
    actions = list(
        AuditEntry.objects.filter(target_type="registers.Loan", target_id=str(loan.pk)).values_list("action", flat=True)
    )
    assert set(actions) == {"loan.requested", "loan.approved", "loan.handed_over", "loan.returned"}


def test_borrower_cannot_approve_own_request(world, assets, later):
    loan = _request(world, assets, later, who="coordinator")
    with pytest.raises(RegisterInputError, match="อนุมัติคำขอของตนเองไม่ได้"):
        loan_decide(agency=world.own, actor=world.user("coordinator"), loan=loan, approve=True)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REQUESTED
    loan_decide(agency=world.own, actor=world.user("agency_admin"), loan=loan, approve=True)


@pytest.mark.parametrize("who", ["unit_staff", "executive", "auditor", "foreign", "outsider"])
def test_only_edit_results_holders_approve_hand_over_and_return(world, assets, later, who):
    loan = _request(world, assets, later)
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        loan_decide(agency=world.own, actor=world.user(who), loan=loan, approve=True)
    loan_decide(agency=world.own, actor=world.user("coordinator"), loan=loan, approve=True)
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        loan_hand_over(agency=world.own, actor=world.user(who), loan=loan, condition="ดี")
    loan_hand_over(agency=world.own, actor=world.user("coordinator"), loan=loan, condition="ดี")
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        loan_return(agency=world.own, actor=world.user(who), loan=loan, condition="ดี")


def test_nobody_returns_an_item_twice(world, assets, later):
    loan = _request(world, assets, later)
    loan_decide(agency=world.own, actor=world.user("coordinator"), loan=loan, approve=True)
    loan_hand_over(agency=world.own, actor=world.user("coordinator"), loan=loan, condition="ดี")
    loan_return(agency=world.own, actor=world.user("coordinator"), loan=loan, condition="ดี")
    for who in ("coordinator", "agency_admin", "system_admin"):
        with pytest.raises(RegisterInputError, match="คืนซ้ำไม่ได้"):
            loan_return(agency=world.own, actor=world.user(who), loan=loan, condition="ดี")
    assert AuditEntry.objects.filter(action="loan.returned", target_id=str(loan.pk)).count() == 1


def test_order_of_steps_is_enforced(world, assets, later):
    loan = _request(world, assets, later)
    coordinator = world.user("coordinator")
    with pytest.raises(RegisterInputError, match="ส่งมอบได้เฉพาะ"):
        loan_hand_over(agency=world.own, actor=coordinator, loan=loan, condition="ดี")
    with pytest.raises(RegisterInputError, match="รับคืนได้เฉพาะ"):
        loan_return(agency=world.own, actor=coordinator, loan=loan, condition="ดี")
    loan_decide(agency=world.own, actor=coordinator, loan=loan, approve=False)
    with pytest.raises(RegisterInputError, match="ไม่ได้รอการอนุมัติ"):
        loan_decide(agency=world.own, actor=coordinator, loan=loan, approve=True)


def test_conditions_are_required(world, assets, later):
    loan = _request(world, assets, later)
    coordinator = world.user("coordinator")
    loan_decide(agency=world.own, actor=coordinator, loan=loan, approve=True)
    with pytest.raises(RegisterInputError, match="สภาพ"):
        loan_hand_over(agency=world.own, actor=coordinator, loan=loan, condition="  ")
    loan_hand_over(agency=world.own, actor=coordinator, loan=loan, condition="ดี")
    with pytest.raises(RegisterInputError, match="สภาพ"):
        loan_return(agency=world.own, actor=coordinator, loan=loan, condition="")


def test_outsider_needs_recorded_permission(world, assets, later):
    with pytest.raises(RegisterInputError, match="ผู้อนุญาต"):
        _request(world, assets, later, is_outsider=True, borrower_name="นายภายนอก", permitted_by="", permission_ref="")
    with pytest.raises(RegisterInputError, match="ผู้อนุญาต"):
        _request(world, assets, later, is_outsider=True, borrower_name="นายภายนอก", permitted_by="นายก อบต.")
    loan = _request(
        world,
        assets,
        later,
        who="coordinator",
        is_outsider=True,
        borrower_name="นายภายนอก",
        permitted_by="นายก อบต.",
        permission_ref="ที่ ทด 0001/123",
    )
    assert loan.borrower is None and loan.borrower_name == "นายภายนอก" and loan.permission_ref == "ที่ ทด 0001/123"
    # the member who recorded it cannot approve it either
    with pytest.raises(RegisterInputError, match="ของตนเอง"):
        loan_decide(agency=world.own, actor=world.user("coordinator"), loan=loan, approve=True)
    loan_decide(agency=world.own, actor=world.user("agency_admin"), loan=loan, approve=True)


def test_asset_lent_once_at_a_time_and_only_when_available(world, assets, later):
    first = _request(world, assets, later)
    second = _request(world, assets, later, who="executive")
    loan_decide(agency=world.own, actor=world.user("coordinator"), loan=first, approve=True)
    with pytest.raises(RegisterInputError, match="ถูกอนุมัติให้ผู้อื่นยืม"):
        loan_decide(agency=world.own, actor=world.user("coordinator"), loan=second, approve=True)
    Asset.objects.filter(pk=assets["ค-002"].pk).update(status="repair")
    assets["ค-002"].refresh_from_db()
    with pytest.raises(RegisterInputError, match="สถานะ"):
        _request(world, assets, later, code="ค-002")


def test_request_rules(world, assets, later):
    with pytest.raises(RegisterInputError, match="ก่อนวันนี้"):
        _request(world, assets, timezone.localdate() - timedelta(days=1))
    with pytest.raises(RegisterInputError, match="อ่านอย่างเดียว"):
        _request(world, assets, later, who="auditor")
    with pytest.raises(RegisterInputError, match="บุคลากรของหน่วยงาน"):
        _request(world, assets, later, who="foreign")


def test_foreign_agency_rows_are_refused(world, assets, later):
    loan = _request(world, assets, later)
    with pytest.raises(RegisterInputError, match="ไม่ใช่ของหน่วยงานนี้"):
        loan_decide(agency=world.foreign, actor=world.user("system_admin"), loan=loan, approve=True)


def test_overdue_list(world, assets, later):
    loan = _request(world, assets, later)
    loan_decide(agency=world.own, actor=world.user("coordinator"), loan=loan, approve=True)
    loan_hand_over(agency=world.own, actor=world.user("coordinator"), loan=loan, condition="ดี")
    assert list(overdue_loans(agency=world.own)) == []
    assert list(overdue_loans(agency=world.own, today=later + timedelta(days=1))) == [loan]
    assert list(overdue_loans(agency=world.foreign, today=later + timedelta(days=1))) == []


def test_pages_and_post_actions(client, client_for, world, assets, later):
    slug = world.own.slug
    c = client_for(client, world.user("unit_staff"))
    response = c.post(
        reverse("registers:loan_new", args=[slug]),
        {"asset": assets["ค-001"].pk, "purpose": "อบรม", "due_on": later.strftime("%d/%m/") + str(later.year + 543)},
    )
    assert response.status_code == 302
    loan = world.own.loans.get()
    # unit staff may not approve through the URL
    assert c.post(reverse("registers:loan_action", args=[slug, loan.pk, "approve"])).status_code == 403
    c = client_for(client, world.user("coordinator"))
    c.post(reverse("registers:loan_action", args=[slug, loan.pk, "approve"]))
    c.post(reverse("registers:loan_action", args=[slug, loan.pk, "hand-over"]), {"condition": "ดี"})
    c.post(reverse("registers:loan_action", args=[slug, loan.pk, "return"]), {"condition": "มีรอยขีดข่วน"})
    response = c.post(reverse("registers:loan_action", args=[slug, loan.pk, "return"]), {"condition": "x"}, follow=True)
    assert "คืนซ้ำไม่ได้" in response.content.decode()
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED and loan.condition_in == "มีรอยขีดข่วน"
    page = c.get(reverse("registers:loans", args=[slug])).content.decode()
    assert "มีรอยขีดข่วน" in page
    # another agency's loan: 404
    other = client_for(client, world.user("foreign"))
    assert (
        other.post(reverse("registers:loan_action", args=[world.foreign.slug, loan.pk, "approve"])).status_code == 404
    )


def test_the_loans_page_offers_each_person_only_the_actions_they_may_take(client, client_for, world, assets, later):
    """The coordinator's own request shows no อนุมัติ/ไม่อนุมัติ to them (the click would be refused); another
    manager sees both; unit staff see no actions at all; after approval only ส่งมอบ is offered, then only รับคืน."""
    from prongsai.apps.registers.services import loan_actions

    own = _request(world, assets, later, who="coordinator")
    url = reverse("registers:loans", args=[world.own.slug])
    approve = reverse("registers:loan_action", args=[world.own.slug, own.pk, "approve"])
    reject = reverse("registers:loan_action", args=[world.own.slug, own.pk, "reject"])

    page = client_for(client, world.user("coordinator")).get(url).content.decode()
    assert approve not in page and reject not in page
    assert "คำขอของท่าน รอผู้มีอำนาจคนอื่นอนุมัติ" in page
    page = client_for(client, world.user("agency_admin")).get(url).content.decode()
    assert approve in page and reject in page and "คำขอของท่าน" not in page
    page = client_for(client, world.user("unit_staff")).get(url).content.decode()
    assert approve not in page and "ดำเนินการ</th>" not in page

    assert loan_actions(actor=world.user("coordinator"), loan=own, can_manage=True) == frozenset()
    assert loan_actions(actor=world.user("agency_admin"), loan=own, can_manage=True) == {"approve", "reject"}
    assert loan_actions(actor=world.user("agency_admin"), loan=own, can_manage=False) == frozenset()
    loan_decide(agency=world.own, actor=world.user("agency_admin"), loan=own, approve=True)
    own.refresh_from_db()
    assert loan_actions(actor=world.user("coordinator"), loan=own, can_manage=True) == {"hand-over"}
    page = client_for(client, world.user("coordinator")).get(url).content.decode()
    assert reverse("registers:loan_action", args=[world.own.slug, own.pk, "hand-over"]) in page
    assert approve not in page and reverse("registers:loan_action", args=[world.own.slug, own.pk, "return"]) not in page
