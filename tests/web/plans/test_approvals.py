"""The approval workflow: draft → submitted → approved, or returned with comments; versions kept; who may decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.plans import services
from prongsai.apps.plans.models import Comment, CommentKind, PlanStatus, PlanVersion, Task


def _url(name, world, plan):
    return reverse(f"plans:{name}", kwargs={"agency_slug": world.own.slug, "fiscal_year": plan.fiscal_year})


@pytest.mark.parametrize("role", ["system_admin", "agency_admin", "coordinator", "unit_staff", "auditor"])
def test_only_executives_approve_or_return(world, access, plan, helpers, role):
    helpers.submit(plan, world, access)
    plan.refresh_from_db()
    for service in (services.plan_approve, services.plan_return):
        with pytest.raises(services.NotAllowed):
            service(plan=plan, access=access(role), actor=world.user(role), version=plan.version, comment="ไม่")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_only_submitted_plans_are_decided(world, access, plan, helpers):
    with pytest.raises(services.PlanRefused, match="พิจารณาได้เฉพาะแผนที่เสนอแล้ว"):
        services.plan_approve(plan=plan, access=access("executive"), actor=world.user("executive"), version=1)
    helpers.submit(plan, world, access)
    helpers.approve(plan, world, access)
    plan.refresh_from_db()
    with pytest.raises(services.PlanRefused, match="พิจารณาได้เฉพาะแผนที่เสนอแล้ว"):
        services.plan_return(plan=plan, access=access("executive"), actor=world.user("executive"),
                             version=plan.version, comment="ขอแก้")
    with pytest.raises(services.PlanRefused, match="เสนอได้เฉพาะร่างหรือแผนที่ส่งกลับ"):
        services.plan_submit(plan=plan, access=access("coordinator"), actor=None, version=plan.version)
    assert plan.status == PlanStatus.APPROVED


def test_an_approved_plan_is_not_edited(world, access, approved):
    with pytest.raises(services.PlanRefused, match="แก้ไขไม่ได้"):
        services.measure_update(plan=approved, measure=approved.measures.first(), access=access("coordinator"),
                                actor=None, version=approved.version, fields={"title_th": "x"})


def test_a_person_does_not_decide_on_a_plan_they_drafted_or_submitted(world, access, plan, helpers):
    helpers.submit(plan, world, access)
    plan.refresh_from_db()
    type(plan).objects.filter(pk=plan.pk).update(submitted_by=world.user("executive"))
    plan.refresh_from_db()
    with pytest.raises(services.NotAllowed, match="ของตนเอง"):
        services.plan_approve(
            plan=plan, access=access("executive"), actor=world.user("executive"), version=plan.version
        )


def test_return_needs_a_comment_and_keeps_it(world, access, plan, helpers):
    helpers.submit(plan, world, access)
    plan.refresh_from_db()
    with pytest.raises(services.PlanRefused, match="กรุณากรอกเหตุผลที่ส่งกลับ"):
        services.plan_return(plan=plan, access=access("executive"), actor=world.user("executive"),
                             version=plan.version, comment="  ")
    services.plan_return(plan=plan, access=access("executive"), actor=world.user("executive"),
                         version=plan.version, comment="ขอให้เพิ่มงบประมาณมาตรการที่ 1")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    returned = Comment.objects.get(plan=plan, kind=CommentKind.RETURN)
    assert returned.body == "ขอให้เพิ่มงบประมาณมาตรการที่ 1" and returned.author == world.user("executive")
    # the coordinator edits and submits again; the comment stays, also once approved
    services.measure_update(plan=plan, measure=plan.measures.order_by("number").first(), access=access("coordinator"),
                            actor=None, version=plan.version, fields={"budget": 5000})
    helpers.submit(plan, world, access)
    helpers.approve(plan, world, access, comment="อนุมัติ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert Comment.objects.filter(plan=plan, kind=CommentKind.RETURN).count() == 1
    assert Comment.objects.filter(plan=plan, kind=CommentKind.APPROVAL).get().body == "อนุมัติ"


def test_every_step_keeps_a_version_and_an_audit_entry(world, access, plan, helpers):
    helpers.submit(plan, world, access)
    plan.refresh_from_db()
    services.plan_return(plan=plan, access=access("executive"), actor=world.user("executive"),
                         version=plan.version, comment="แก้ไข")
    plan.refresh_from_db()
    services.measure_update(plan=plan, measure=plan.measures.order_by("number").first(), access=access("coordinator"),
                            actor=None, version=plan.version, fields={"title_th": "ชื่อใหม่"})
    helpers.submit(plan, world, access)
    helpers.approve(plan, world, access)
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [(v.number, v.action, v.status) for v in versions] == [
        (1, "drafted", "draft"),
        (2, "submitted", "submitted"),
        (3, "returned", "returned"),
        (4, "measure_updated", "returned"),
        (5, "submitted", "submitted"),
        (6, "approved", "approved"),
    ]
    assert versions[0].snapshot["plan"]["measures"][0]["title_th"] != "ชื่อใหม่"
    assert versions[-1].snapshot["plan"]["measures"][0]["title_th"] == "ชื่อใหม่"
    entries = AuditEntry.objects.filter(agency=world.own, action__startswith="plan.")
    actions = list(entries.values_list("action", flat=True))
    for action in ("plan.drafted", "plan.submitted", "plan.returned", "plan.measure_updated", "plan.approved"):
        assert action in actions


def test_approval_turns_each_step_into_a_task(world, access, approved):
    measures = list(approved.measures.order_by("number"))
    tasks = Task.objects.filter(measure__plan=approved)
    assert tasks.count() == sum(len(m.data["steps_th"]) or 1 for m in measures)
    for m in measures:
        for t in m.tasks.all():
            assert m.data["start"] <= t.due.isoformat() <= m.data["end"]
            assert t.agency == world.own and t.owner_unit.agency == world.own
        dues = [t.due for t in m.tasks.order_by("position")]
        assert dues == sorted(dues) and (not dues or dues[-1].isoformat() == m.data["end"])


def test_approve_and_return_through_the_pages(client, world, access, plan, helpers):
    helpers.submit(plan, world, access)
    plan.refresh_from_db()
    client.force_login(world.user("coordinator"))
    assert client.post(_url("plan_approve", world, plan), {"version": plan.version}).status_code == 403
    client.force_login(world.user("executive"))
    page = client.get(_url("plan_detail", world, plan)).content.decode()
    assert "อนุมัติแผนมาตรการ" in page and "ส่งกลับให้แก้ไข" in page
    # returning without a reason: refused, nothing changes, the page says why
    response = client.post(_url("plan_return", world, plan), {"version": plan.version, "comment": ""})
    assert response.status_code == 400 and "กรุณากรอกเหตุผลที่ส่งกลับ" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    # an old version (another tab) is refused
    response = client.post(_url("plan_approve", world, plan), {"version": plan.version - 1})
    assert response.status_code == 400 and "ถูกแก้ไขไปแล้ว" in response.content.decode()
    response = client.post(_url("plan_approve", world, plan), {"version": plan.version, "comment": "เห็นชอบ"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == world.user("executive")
    page = client.get(_url("plan_detail", world, plan)).content.decode()
    assert "ผู้บริหารอนุมัติแล้ว" in page and "เห็นชอบ" in page


def test_submit_through_the_page(client, world, plan):
    client.force_login(world.user("executive"))
    assert client.post(_url("plan_submit", world, plan), {"version": 1}).status_code == 403
    client.force_login(world.user("coordinator"))
    response = client.post(_url("plan_submit", world, plan), {"version": 1, "note": "โปรดพิจารณา"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == world.user("coordinator")
    # a second click on the same form does not act twice
    response = client.post(_url("plan_submit", world, plan), {"version": 1})
    assert response.status_code == 400
    assert PlanVersion.objects.filter(plan=plan, action="submitted").count() == 1
