"""``result_record``: scores computed by the core, Thai errors, nothing half-written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prongsai.apps.agencies.models import Agency, AgencyKind
from prongsai.apps.assessments import services
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.apps.assessments.services import ResultInputError, result_record
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import score_indicators

THAI = range(0x0E00, 0x0E80)
GOOD = {1: 93.76, 2: 90.10, 3: 88.00, 4: 91.25, 5: 87.50, 6: 86.40, 7: 85.00, 8: 84.75, 9: 100, 10: 95.5}
YEAR = max(default_registry().years())


def _is_thai(text: str) -> bool:
    return any(ord(ch) in THAI for ch in text)


@pytest.fixture
def agency(db) -> Agency:
    return Agency.objects.create(name_th="เทศบาลตำบลทดสอบ", slug="test-tambon", kind=AgencyKind.TAMBON_MUNICIPALITY)


def _nothing_stored() -> bool:
    return not AssessmentResult.objects.exists() and not IndicatorScore.objects.exists()


def test_result_is_scored_by_the_core(agency):
    result = result_record(agency=agency, fiscal_year=YEAR, indicator_scores=GOOD)
    expected = score_indicators(default_registry().get(YEAR), GOOD)
    result.refresh_from_db()
    assert result.overall == Decimal(f"{expected.overall:.2f}")
    assert result.level == expected.level
    assert result.passed == expected.passed
    assert result.instrument_scores == expected.instruments
    assert {s.number: s.score for s in result.indicator_scores.all()} == {
        n: Decimal(str(v)).quantize(Decimal("0.01")) for n, v in GOOD.items()
    }


def test_string_keys_are_accepted(agency):
    result = result_record(agency=agency, fiscal_year=YEAR, indicator_scores={str(k): v for k, v in GOOD.items()})
    assert result.indicator_scores.count() == 10


@pytest.mark.parametrize(
    ("scores", "year"),
    [
        ({**GOOD, 3: 101}, YEAR),  # above 100
        ({**GOOD, 3: -1}, YEAR),  # below 0
        ({**GOOD, 3: float("nan")}, YEAR),  # not a number
        ({**GOOD, 3: "เก้าสิบ"}, YEAR),  # text
        ({k: v for k, v in GOOD.items() if k != 10}, YEAR),  # one missing
        ({**GOOD, 11: 90}, YEAR),  # no such indicator
        ({**GOOD, 3: 88.125}, YEAR),  # more than two decimals
        (GOOD, 2400),  # no framework for that year
    ],
)
def test_bad_input_is_refused_in_thai_and_nothing_is_stored(agency, scores, year):
    with pytest.raises(ResultInputError) as caught:
        result_record(agency=agency, fiscal_year=year, indicator_scores=scores)
    assert _is_thai(caught.value.messages[0])
    assert _is_thai(caught.value.th)
    assert _nothing_stored()


def test_bad_input_leaves_an_existing_result_untouched(agency):
    result = result_record(agency=agency, fiscal_year=YEAR, indicator_scores=GOOD)
    before = (result.overall, result.level, sorted(result.indicator_scores.values_list("number", "score")))
    with pytest.raises(ResultInputError):
        result_record(agency=agency, fiscal_year=YEAR, indicator_scores={**GOOD, 1: 150})
    result.refresh_from_db()
    assert (result.overall, result.level, sorted(result.indicator_scores.values_list("number", "score"))) == before


def test_a_failure_midway_rolls_everything_back(agency, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.IndicatorScore.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        result_record(agency=agency, fiscal_year=YEAR, indicator_scores=GOOD)
    assert _nothing_stored()


def test_recording_new_scores_replaces_the_old_ones(agency):
    result_record(agency=agency, fiscal_year=YEAR, indicator_scores=GOOD)
    lower = {n: 50 for n in GOOD}
    result = result_record(agency=agency, fiscal_year=YEAR, indicator_scores=lower)
    expected = score_indicators(default_registry().get(YEAR), lower)
    assert AssessmentResult.objects.count() == 1
    assert IndicatorScore.objects.count() == 10
    assert result.overall == Decimal(f"{expected.overall:.2f}")
    assert result.level == expected.level


def test_same_scores_twice_write_nothing(agency):
    first = result_record(agency=agency, fiscal_year=YEAR, indicator_scores=GOOD)
    ids = sorted(IndicatorScore.objects.values_list("pk", flat=True))
    second = result_record(agency=agency, fiscal_year=YEAR, indicator_scores=GOOD)
    assert second.pk == first.pk
    assert second.updated_at == first.updated_at
    assert sorted(IndicatorScore.objects.values_list("pk", flat=True)) == ids


def test_unsaved_agency_is_refused(db):
    with pytest.raises(ResultInputError):
        result_record(agency=Agency(name_th="ยังไม่บันทึก", slug="x"), fiscal_year=YEAR, indicator_scores=GOOD)
    assert _nothing_stored()
