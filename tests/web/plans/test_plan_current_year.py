"""The FY2570 measures are drafted from the FY2569 results and map to the 2570 OIT items; the plan says plainly
that the 2570 framework is provisional."""

from __future__ import annotations

from prongsai.apps.assessments.services import result_record
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.plans import services

SCORES_2569 = {1: 91.2, 2: 88.4, 3: 93.0, 4: 86.5, 5: 90.1, 6: 87.7, 7: 80.2, 8: 79.9, 9: 75.0, 10: 66.67}


def test_the_2570_plan_maps_to_the_2570_oit_items_and_says_the_year_is_provisional(world, access):
    result_record(agency=world.own, fiscal_year=2569, indicator_scores=SCORES_2569)
    plan = services.plan_draft(
        agency=world.own, access=access("coordinator"), actor=world.user("coordinator"), results_fiscal_year=2569
    )
    assert plan.fiscal_year == 2570
    codes_2570 = {it.code for _, it in framework_registry().get(2570).oit.items()}
    evidence = [e for m in plan.measures.all() for e in m.data["evidence"]]
    assert evidence, "the weak OIT indicators should call for OIT evidence"
    assert {e["fiscal_year"] for e in evidence} == {2570}
    assert {e["code"] for e in evidence} <= codes_2570
    assert any("2570" in n and "ฉบับชั่วคราว" in n for n in plan.header["notes_th"])
