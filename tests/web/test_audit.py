"""The audit log: who changed what and when; written by services, listed for agency admins and auditors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.apps.agencies.models import Role
from prongsai.apps.agencies.services import membership_set
from prongsai.apps.assessments.services import result_record
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.audit.registry import action_label, field_label, register_actions
from prongsai.apps.audit.selectors import audit_entries_for_agency, changes_between
from prongsai.apps.audit.services import audit_record


def test_results_write_audit_entries_with_before_and_after(world):
    scores = {n: 80.0 for n in range(1, 11)}
    result = result_record(agency=world.own, fiscal_year=2566, indicator_scores=scores, actor=world.user("coordinator"))
    created = AuditEntry.objects.get(action="result.created", target_id=str(result.pk))
    assert created.agency == world.own and created.actor_label == "ทดสอบcoordinator (coordinator)"
    assert created.target_type == "assessments.AssessmentResult"
    assert created.after["overall"] == f"{result.overall:.2f}" and created.before is None
    result_record(
        agency=world.own, fiscal_year=2566, indicator_scores={**scores, 1: 90.0}, actor=world.user("agency_admin")
    )
    updated = AuditEntry.objects.get(action="result.updated", target_id=str(result.pk))
    assert updated.before["indicators"]["1"] == "80.00" and updated.after["indicators"]["1"] == "90.00"
    changes = {c.key: (c.before, c.after) for c in changes_between(updated.before, updated.after)}
    assert changes["indicators.1"] == ("80.00", "90.00")
    assert "indicators.2" not in changes


def test_memberships_are_audited(world):
    membership_set(user=world.user("outsider"), agency=world.own, role=Role.AUDITOR, actor=world.user("system_admin"))
    entry = AuditEntry.objects.get(action="membership.set", after__user="outsider")
    assert entry.after["role"] == Role.AUDITOR.label and entry.before is None
    assert entry.actor == world.user("system_admin")
    count = AuditEntry.objects.count()
    membership_set(user=world.user("outsider"), agency=world.own, role=Role.AUDITOR)  # unchanged
    assert AuditEntry.objects.count() == count


def test_audit_record_is_reusable_for_any_model(world):
    register_actions({"plan.approved": "อนุมัติแผน"})
    entry = audit_record(
        actor=world.user("executive"),
        agency=world.own,
        action="plan.approved",
        target=world.own,
        before={"status": "draft"},
        after={"status": "approved"},
        note="อนุมัติในที่ประชุม",
    )
    assert entry.target_type == "agencies.Agency" and entry.target_label == world.own.name_th
    assert action_label("plan.approved") == "อนุมัติแผน"
    assert action_label("unknown.thing") == "unknown.thing"
    assert field_label("indicators.3") == "ตัวชี้วัดที่ 3"
    with pytest.raises(ValueError):
        audit_record(actor=None, agency=None, action="", target=None, before=None, after=None)


def test_a_failed_save_writes_no_audit_entry(world):
    from prongsai.apps.assessments.services import ResultInputError

    count = AuditEntry.objects.count()
    with pytest.raises(ResultInputError):
        result_record(agency=world.own, fiscal_year=2566, indicator_scores={1: 101})
    assert AuditEntry.objects.count() == count


def test_the_log_page_lists_only_this_agencys_entries(client, world):
    result_record(
        agency=world.foreign,
        fiscal_year=2567,
        indicator_scores={n: 66.0 for n in range(1, 11)},
        actor=world.user("foreign"),
    )
    result_record(
        agency=world.own,
        fiscal_year=2566,
        indicator_scores={n: 77.0 for n in range(1, 11)},
        actor=world.user("coordinator"),
    )
    for role in ("auditor", "agency_admin", "system_admin"):
        client.force_login(world.user(role))
        response = client.get(reverse("audit:log", args=[world.own.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "แก้ไขผลการประเมิน" in html or "บันทึกผลการประเมินของปีใหม่" in html
        assert "ทดสอบcoordinator (coordinator)" in html
        assert "77.00" in html
        assert "66.00" not in html and "foreign" not in html.split('id="main"')[1]
    assert {e.agency_id for e in audit_entries_for_agency(agency=world.own)} == {world.own.pk}


def test_the_log_filters_by_action(client, world):
    result_record(agency=world.own, fiscal_year=2566, indicator_scores={n: 77.0 for n in range(1, 11)})
    membership_set(user=world.user("outsider"), agency=world.own, role=Role.AUDITOR)
    client.force_login(world.user("auditor"))
    html = client.get(reverse("audit:log", args=[world.own.slug]), {"action": "membership.set"}).content.decode()
    listing = html.split('id="audit-list"')[1]
    assert "กำหนดบทบาทของบุคลากร" in listing and "บันทึกผลการประเมินของปีใหม่" not in listing


@pytest.mark.parametrize("role", ["coordinator", "unit_staff", "executive"])
def test_other_roles_cannot_read_the_log(client, world, role):
    client.force_login(world.user(role))
    assert client.get(reverse("audit:log", args=[world.own.slug])).status_code == 403


def test_entries_cannot_be_edited_in_the_admin(client, world):
    client.force_login(world.user("system_admin"))
    entry = AuditEntry.objects.first()
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
