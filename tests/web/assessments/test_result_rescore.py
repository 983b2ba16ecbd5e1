"""Each stored result keeps the framework version that scored it; when the year's framework changes, the results
it affects are listed and re-scored in one action, each a new result version with the reason, audited."""

from __future__ import annotations

import copy
from decimal import Decimal

from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.assessments.selectors import results_needing_rescore
from prongsai.apps.assessments.services import result_record, results_rescore
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.frameworks import services as frameworks
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.frameworks.loader import framework_as_raw

SCORES = {1: 90, 2: 90, 3: 90, 4: 90, 5: 90, 6: 90, 7: 90, 8: 90, 9: 80, 10: 80}


def _weights(raw: dict, iit: float, eit: float, oit: float) -> dict:
    raw = copy.deepcopy(raw)
    for item in raw["instruments"]["items"]:
        item["weight"] = {"IIT": iit, "EIT": eit, "OIT": oit}[item["code"]]
    return raw


def test_a_changed_framework_lists_and_rescores_the_results_it_affects(world):
    result = result_record(agency=world.own, fiscal_year=2570, indicator_scores=SCORES, actor=world.user("coordinator"))
    # 0.3×90 + 0.3×90 + 0.4×80 = 86.00 under the built-in (provisional) 2570
    assert result.overall == Decimal("86.00") and result.framework_origin == "built-in:2570.yaml"
    assert results_needing_rescore(fiscal_year=2570) == []

    raw = _weights(framework_as_raw(framework_registry().get(2570)), 0.25, 0.25, 0.5)
    version = frameworks.version_save(actor=world.user("system_admin"), fiscal_year=2570, raw=raw,
                                      expected_version=0, reason="น้ำหนักตามคู่มือ 2570")
    assert [r.pk for r in results_needing_rescore(fiscal_year=2570)] == [result.pk]
    assert results_needing_rescore(fiscal_year=2568) == []  # other years are untouched

    report = results_rescore(actor=world.user("system_admin"), fiscal_year=2570, reason="น้ำหนักใหม่")

    assert report.rescored == 1 and report.failed == []
    result = AssessmentResult.objects.get(pk=result.pk)
    assert result.overall == Decimal("85.00")  # 0.25×90 + 0.25×90 + 0.5×80
    assert result.framework_origin == version.origin == "workbench:2570@v1"
    latest = result.versions.order_by("-number").first()
    assert latest.number == 2 and "น้ำหนักใหม่" in latest.note
    assert latest.snapshot["framework_origin"] == "workbench:2570@v1"
    assert result.versions.get(number=1).snapshot["overall"] == "86.00"  # the earlier version is kept
    entry = AuditEntry.objects.filter(action="result.updated").latest("pk")
    assert "น้ำหนักใหม่" in entry.note
    assert results_needing_rescore(fiscal_year=2570) == []


def test_a_result_the_new_framework_cannot_score_is_kept_and_reported(world):
    result_record(agency=world.own, fiscal_year=2570, indicator_scores=SCORES)
    raw = copy.deepcopy(framework_as_raw(framework_registry().get(2570)))
    raw["indicators"]["items"].append({"number": 11, "instrument": "OIT", "name_th": "ตัวชี้วัดใหม่",
                                       "name_en": "New indicator"})
    for item in raw["instruments"]["items"]:
        if item["code"] == "OIT":
            item["indicators"] = [9, 10, 11]
    frameworks.version_save(actor=None, fiscal_year=2570, raw=raw, expected_version=0, reason="ตัวชี้วัดที่ 11")
    report = results_rescore(actor=None, fiscal_year=2570, reason="ทดสอบ")
    assert report.rescored == 0 and len(report.failed) == 1
    assert report.failed[0][0] == world.own.name_th and "11" in report.failed[0][1]
    assert AssessmentResult.objects.get(agency=world.own, fiscal_year=2570).overall == Decimal("86.00")
