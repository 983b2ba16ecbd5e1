"""Drafting and editing plans through the services: core validation, versions, audit, permissions."""

from __future__ import annotations

from datetime import date

import pytest

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.plans import services
from prongsai.apps.plans.inputs import measures_plan
from prongsai.apps.plans.models import Plan, PlanStatus, PlanVersion, Task


def test_draft_builds_the_plan_from_the_analysis_and_recommendations(world, plan):
    assert plan.status == PlanStatus.DRAFT
    assert (plan.fiscal_year, plan.results_fiscal_year, plan.version) == (2569, 2568, 1)
    core = measures_plan(plan)  # validates through core.plan
    assert core.fiscal_year == 2569 and core.results_fiscal_year == 2568
    assert len(core.measures) == plan.measures.count() >= 2
    assert core.measures[-1].kind == "monitoring"  # the follow-up measure is last
    assert [m.number for m in plan.measures.order_by("number")] == list(range(1, len(core.measures) + 1))
    assert plan.analysis["fiscal_year"] == 2568 and plan.analysis["plan_fiscal_year"] == 2569
    assert plan.header["agency"]["name"] == world.own.name_th
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    entry = AuditEntry.objects.get(action="plan.drafted")
    assert entry.agency == world.own and entry.actor == world.user("coordinator")
    assert entry.after["measures"] == len(core.measures)


@pytest.mark.parametrize("role", ["unit_staff", "executive", "auditor"])
def test_only_plan_managers_draft(world, access, role):
    with pytest.raises(services.NotAllowed):
        services.plan_draft(agency=world.own, access=access(role), actor=world.user(role), results_fiscal_year=2568)
    assert not Plan.objects.exists()


def test_draft_refuses_a_second_plan_for_the_year_and_years_without_results(world, access, plan):
    with pytest.raises(services.PlanRefused, match="มีแผนมาตรการของปีงบประมาณ 2569 อยู่แล้ว"):
        services.plan_draft(agency=world.own, access=access("coordinator"), actor=None, results_fiscal_year=2568)
    with pytest.raises(services.PlanRefused, match="ไม่มีผลการประเมินปีงบประมาณ 2566"):
        services.plan_draft(agency=world.own, access=access("coordinator"), actor=None, results_fiscal_year=2566)
    with pytest.raises(services.PlanRefused, match="ต้องอยู่หลังปีของผลการประเมิน"):
        services.plan_draft(
            agency=world.own, access=access("coordinator"), actor=None, results_fiscal_year=2567, plan_fiscal_year=2567
        )


def test_draft_for_another_agency_is_refused(world, access):
    with pytest.raises(services.NotAllowed):
        services.plan_draft(agency=world.foreign, access=access("coordinator"), actor=None, results_fiscal_year=2568)


def _first(plan):
    return plan.measures.order_by("number").first()


def test_measure_edit_is_validated_by_the_core_and_changes_nothing_when_refused(world, access, plan):
    measure = _first(plan)
    before = dict(measure.data)
    with pytest.raises(services.PlanRefused, match="อยู่นอกปีงบประมาณ"):
        services.measure_update(
            plan=plan, measure=measure, access=access("coordinator"), actor=world.user("coordinator"),
            version=plan.version, fields={"end": date(2026, 10, 15)},
        )
    measure.refresh_from_db()
    plan.refresh_from_db()
    assert measure.data == before and plan.version == 1
    assert not AuditEntry.objects.filter(action="plan.measure_updated").exists()


def test_measure_edit_bumps_the_version_and_is_audited(world, access, plan):
    measure = _first(plan)
    services.measure_update(
        plan=plan, measure=measure, access=access("coordinator"), actor=world.user("coordinator"),
        version=1, fields={"title_th": "มาตรการที่แก้ไขแล้ว", "end": date(2025, 12, 31), "budget": None},
    )
    measure.refresh_from_db()
    plan.refresh_from_db()
    assert measure.data["title_th"] == "มาตรการที่แก้ไขแล้ว" and measure.data["end"] == "2025-12-31"
    assert plan.version == 2
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True).order_by("number")) == [1, 2]
    assert PlanVersion.objects.get(plan=plan, number=2).snapshot["plan"]["measures"][0]["title_th"] == "มาตรการที่แก้ไขแล้ว"
    entry = AuditEntry.objects.get(action="plan.measure_updated")
    assert entry.before["title_th"] != entry.after["title_th"] == "มาตรการที่แก้ไขแล้ว"
    # saving the same values again writes nothing
    services.measure_update(
        plan=plan, measure=measure, access=access("coordinator"), actor=None, version=2,
        fields={"title_th": "มาตรการที่แก้ไขแล้ว"},
    )
    plan.refresh_from_db()
    assert plan.version == 2


def test_a_stale_version_is_refused(world, access, plan):
    measure = _first(plan)
    services.measure_update(plan=plan, measure=measure, access=access("coordinator"), actor=None, version=1,
                            fields={"title_th": "ฉบับของคนแรก"})
    with pytest.raises(services.PlanRefused, match="ถูกแก้ไขไปแล้ว"):
        services.measure_update(plan=plan, measure=measure, access=access("agency_admin"), actor=None, version=1,
                                fields={"title_th": "ฉบับของคนที่สอง"})
    measure.refresh_from_db()
    assert measure.data["title_th"] == "ฉบับของคนแรก"


@pytest.mark.parametrize("role", ["unit_staff", "executive", "auditor"])
def test_only_plan_managers_edit(world, access, plan, role):
    with pytest.raises(services.NotAllowed):
        services.measure_update(plan=plan, measure=_first(plan), access=access(role), actor=None, version=1,
                                fields={"title_th": "x"})


def test_add_and_remove_measures(world, access, plan):
    count = plan.measures.count()
    added = services.measure_add(
        plan=plan, access=access("coordinator"), actor=None, version=1,
        fields={"title_th": "มาตรการของหน่วยงานเอง", "responsible_unit": "กองคลัง",
                "start": date(2025, 10, 1), "end": date(2026, 3, 31), "steps_th": ["ขั้นที่หนึ่ง", "ขั้นที่สอง"]},
    )
    rows = list(plan.measures.order_by("number"))
    assert len(rows) == count + 1
    assert rows[-1].data["kind"] == "monitoring"  # the new one goes before the follow-up measure
    assert rows[-2].pk == added.pk and added.number == count
    assert [r.number for r in rows] == [r.data["number"] for r in rows] == list(range(1, count + 2))
    measures_plan(plan)  # still valid
    services.measure_remove(plan=plan, measure=added, access=access("coordinator"), actor=None, version=2)
    assert plan.measures.count() == count
    assert [r.number for r in plan.measures.order_by("number")] == list(range(1, count + 1))


def test_a_measure_with_tasks_is_not_removed(world, access, plan):
    from prongsai.apps.agencies.models import Unit

    measure = _first(plan)
    services.task_create(measure=measure, access=access("coordinator"), actor=None, title_th="งานทดสอบ",
                         owner_unit=Unit.objects.get(agency=world.own, name_th="กองคลัง"), due=date(2026, 1, 31))
    with pytest.raises(services.PlanRefused, match="มีงานที่ติดตามอยู่แล้ว"):
        services.measure_remove(plan=plan, measure=measure, access=access("coordinator"), actor=None, version=1)
    assert Task.objects.count() == 1


def test_unit_for_name_maps_the_plans_unit_names(world):
    from prongsai.apps.agencies.models import Unit

    assert services.unit_for_name(world.own, "กองคลัง").name_th == "กองคลัง"
    assert services.unit_for_name(world.own, "สำนักปลัด (งานการเจ้าหน้าที่)").name_th == "สำนักปลัด"
    # a unit the agency does not have: สำนักปลัด (the office that takes what no other unit does), not the first unit
    assert services.unit_for_name(world.own, "กองช่าง") == Unit.objects.get(agency=world.own, name_th="สำนักปลัด")
