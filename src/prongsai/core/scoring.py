"""The scoring engine: indicator scores → instrument scores → overall (two decimals) → level.

Also OIT item results (pass/fail per item) → sub-indicator percentages → indicators 9 and 10.
Arithmetic is done in Decimal so that published two-decimal figures reproduce exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel

from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks.schema import Framework, LevelRule

CENT = Decimal("0.01")


class Message(BaseModel):
    """A note for the user, in Thai and English."""

    th: str
    en: str


def to_decimal(value: float | int | str | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round2(value: float | Decimal) -> float:
    """Round half up to two decimals, as scores are published."""
    return float(to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def check_score(value: object, what_th: str, what_en: str) -> Decimal:
    """A score must be a finite number from 0 to 100."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ScoreInputError(
            f"{what_th}: ต้องเป็นตัวเลข แต่ได้ {value!r}", f"{what_en}: must be a number, got {value!r}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ScoreInputError(f"{what_th}: ต้องเป็นตัวเลขจริง", f"{what_en}: must be a finite number")
    if not 0 <= value <= 100:
        raise ScoreInputError(
            f"{what_th}: คะแนนต้องอยู่ระหว่าง 0 ถึง 100 แต่ได้ {value}",
            f"{what_en}: score must be between 0 and 100, got {value}",
        )
    return to_decimal(value)


class ScoreResult(BaseModel):
    """One agency's ITA result for one fiscal year. Serialises to the CLI's `--json` shape."""

    fiscal_year: int
    overall: float
    level: str
    level_en: str
    passed: bool
    instruments: dict[str, float]
    indicators: dict[str, float]
    formula: str
    warnings: list[Message] = []

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


def level_for(framework: Framework, overall: float, instruments: Mapping[str, float]) -> LevelRule:
    """The first level rule whose conditions hold. Scores are compared at two decimals."""
    overall = round2(overall)
    rounded = {code: round2(v) for code, v in instruments.items()}
    for rule in framework.levels.rules:
        if overall < rule.min_overall:
            continue
        if rule.min_each_instrument is not None:
            if len(rounded) < len(framework.instruments.items):
                continue  # the condition cannot be shown to hold without every instrument
            if any(v < rule.min_each_instrument for v in rounded.values()):
                continue
        return rule
    return framework.levels.rules[-1]


def _warnings(framework: Framework) -> list[Message]:
    return [Message(th=th, en=en) for th, en in framework.confidence_warnings()]


def _result(
    framework: Framework, instruments: dict[str, Decimal], indicators: dict[int, Decimal]
) -> ScoreResult:
    overall = sum(
        (to_decimal(inst.weight) * instruments[inst.code] for inst in framework.instruments.items),
        Decimal(0),
    )
    overall_2 = round2(overall)
    instruments_2 = {code: round2(v) for code, v in instruments.items()}
    rule = level_for(framework, overall_2, instruments_2)
    return ScoreResult(
        fiscal_year=framework.fiscal_year,
        overall=overall_2,
        level=rule.label,
        level_en=rule.label_en,
        passed=rule.passed,
        instruments=instruments_2,
        indicators={str(n): round2(v) for n, v in sorted(indicators.items())},
        formula=framework.instruments.formula_text(),
        warnings=_warnings(framework),
    )


def normalise_indicator_keys(framework: Framework, indicators: Mapping[int | str, object]) -> dict[int, Decimal]:
    """Check that every indicator of the year is given once, each a score 0–100."""
    expected = [i.number for i in framework.indicators.items]
    out: dict[int, Decimal] = {}
    for key, value in indicators.items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            raise ScoreInputError(
                f"ไม่รู้จักตัวชี้วัด {key!r}", f"unknown indicator {key!r}"
            ) from None
        if number not in expected:
            raise ScoreInputError(
                f"ปีงบประมาณ {framework.fiscal_year} ไม่มีตัวชี้วัดที่ {number} (มี 1–{len(expected)})",
                f"FY{framework.fiscal_year} has no indicator {number} (it has 1-{len(expected)})",
            )
        out[number] = check_score(value, f"ตัวชี้วัดที่ {number}", f"indicator {number}")
    missing = [n for n in expected if n not in out]
    if missing:
        raise ScoreInputError(
            f"ต้องระบุคะแนนตัวชี้วัดครบ {len(expected)} ตัว ขาดตัวชี้วัดที่ {', '.join(map(str, missing))}",
            f"all {len(expected)} indicator scores are needed; missing {', '.join(map(str, missing))}",
        )
    return out


def score_indicators(framework: Framework, indicators: Mapping[int | str, object]) -> ScoreResult:
    """Indicator scores (all of the year's indicators) → instruments → overall → level."""
    scores = normalise_indicator_keys(framework, indicators)
    instruments = {
        inst.code: mean([scores[n] for n in inst.indicators]) for inst in framework.instruments.items
    }
    return _result(framework, instruments, scores)


def complete_instrument_scores(framework: Framework, indicators: Mapping[int, object]) -> dict[str, float]:
    """Scores of the instruments whose indicators are all given (for partial results)."""
    scores = {
        int(n): check_score(v, f"ตัวชี้วัดที่ {n}", f"indicator {n}") for n, v in indicators.items()
    }
    return {
        inst.code: round2(mean([scores[n] for n in inst.indicators]))
        for inst in framework.instruments.items
        if all(n in scores for n in inst.indicators)
    }


def score_instruments(framework: Framework, instruments: Mapping[str, object]) -> ScoreResult:
    """Instrument scores → overall → level, when only IIT/EIT/OIT are known."""
    codes = [i.code for i in framework.instruments.items]
    unknown = [c for c in instruments if c not in codes]
    if unknown:
        raise ScoreInputError(
            f"ไม่รู้จักเครื่องมือ {', '.join(unknown)} (ปีงบประมาณ {framework.fiscal_year} มี {', '.join(codes)})",
            f"unknown instrument {', '.join(unknown)} (FY{framework.fiscal_year} has {', '.join(codes)})",
        )
    missing = [c for c in codes if c not in instruments]
    if missing:
        raise ScoreInputError(
            f"ต้องระบุคะแนนเครื่องมือครบ ขาด {', '.join(missing)}",
            f"every instrument score is needed; missing {', '.join(missing)}",
        )
    values = {c: check_score(instruments[c], f"เครื่องมือ {c}", f"instrument {c}") for c in codes}
    return _result(framework, values, {})


# --- OIT ---------------------------------------------------------------------------------------


class OitSubindicatorScore(BaseModel):
    code: str
    indicator: int
    name_th: str | None
    passed: int
    total: int
    score: float


class OitScore(BaseModel):
    fiscal_year: int
    subindicators: list[OitSubindicatorScore]
    indicators: dict[str, float]
    passed_items: list[str]
    failed_items: list[str]
    missing_items: list[str]  # not given; counted as failed (ไม่มี)
    warnings: list[Message] = []

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


_PASS_WORDS = {"1", "true", "yes", "y", "pass", "passed", "มี", "ผ่าน", "✓", "x"}
_FAIL_WORDS = {"0", "false", "no", "n", "fail", "failed", "ไม่มี", "ไม่ผ่าน", ""}


def parse_pass(value: object, item: str) -> bool:
    """Read one item's result: true/false, 1/0, มี/ไม่มี, ผ่าน/ไม่ผ่าน, pass/fail."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _PASS_WORDS:
        return True
    if text in _FAIL_WORDS:
        return False
    raise ScoreInputError(
        f"ข้อ {item}: อ่านผลไม่ได้ {value!r} (ใช้ มี/ไม่มี, ผ่าน/ไม่ผ่าน, 1/0 หรือ true/false)",
        f"item {item}: cannot read result {value!r} (use pass/fail, 1/0 or true/false)",
    )


def score_oit(framework: Framework, items: Mapping[str, object]) -> OitScore:
    """OIT item results → sub-indicator percentages → indicator scores (two decimals)."""
    if framework.oit is None:
        raise ScoreInputError(
            f"ยังไม่มีรายการข้อ OIT ของปีงบประมาณ {framework.fiscal_year} ในกรอบการประเมิน",
            f"the FY{framework.fiscal_year} framework has no OIT item list",
        )
    known = {it.code.lower(): it.code for _, it in framework.oit.items()}
    given: dict[str, bool] = {}
    for code, value in items.items():
        key = str(code).strip().lower()
        if key not in known:
            raise ScoreInputError(
                f"ปีงบประมาณ {framework.fiscal_year} ไม่มีข้อ OIT {code!r}",
                f"FY{framework.fiscal_year} has no OIT item {code!r}",
            )
        given[key] = parse_pass(value, str(code))
    subs: list[OitSubindicatorScore] = []
    per_indicator: dict[int, list[Decimal]] = {}
    passed, failed, missing = [], [], []
    for sub in framework.oit.subindicators:
        n_pass = 0
        for it in sub.items:
            key = it.code.lower()
            if key not in given:
                missing.append(it.code)
                failed.append(it.code)
            elif given[key]:
                n_pass += 1
                passed.append(it.code)
            else:
                failed.append(it.code)
        percent = Decimal(n_pass * 100) / len(sub.items)
        per_indicator.setdefault(sub.indicator, []).append(percent)
        subs.append(
            OitSubindicatorScore(
                code=sub.code,
                indicator=sub.indicator,
                name_th=sub.name_th,
                passed=n_pass,
                total=len(sub.items),
                score=round2(percent),
            )
        )
    warnings = []
    if missing:
        warnings.append(
            Message(
                th=f"ไม่ได้ระบุผล {len(missing)} ข้อ ({', '.join(missing)}) จึงนับเป็น ไม่มี",
                en=f"{len(missing)} items not given ({', '.join(missing)}); counted as failed",
            )
        )
    if framework.oit.confidence in ("low", "unknown"):
        warnings.append(
            Message(
                th=f"รายการข้อ OIT ของปีงบประมาณ {framework.fiscal_year} ยังไม่ยืนยันจากคู่มือของ ป.ป.ช."
                " (ดูรายละเอียดด้วย prongsai frameworks show)",
                en=f"the FY{framework.fiscal_year} OIT item list is not confirmed",
            )
        )
    return OitScore(
        fiscal_year=framework.fiscal_year,
        subindicators=subs,
        indicators={str(n): round2(mean(v)) for n, v in sorted(per_indicator.items())},
        passed_items=passed,
        failed_items=failed,
        missing_items=missing,
        warnings=warnings,
    )
