"""`prongsai score`: an ITA result under the year's rules, from indicators, instruments, OIT items or raw survey
answers, with the points each indicator can still gain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from prongsai.cli import _app
from prongsai.core.errors import ProngsaiError, ScoreInputError
from prongsai.core.frameworks.schema import Framework
from prongsai.core.thai import format_score, pad

# --- score ---------------------------------------------------------------------------------------


def _indicator_dict(framework: Framework, values: list[float], allowed: list[int]) -> dict[int, float]:
    if len(values) != len(allowed):
        raise ScoreInputError(
            f"ต้องระบุคะแนน {len(allowed)} ตัวชี้วัด (ตัวชี้วัดที่ {allowed[0]}–{allowed[-1]}) แต่ได้ {len(values)} ค่า",
            f"expected {len(allowed)} indicator scores (indicators {allowed[0]}-{allowed[-1]}), got {len(values)}",
        )
    return dict(zip(allowed, values, strict=True))


def _print_score(framework: Framework, data: dict[str, Any], thai_digits: bool) -> None:
    def s(v: float | None) -> str:
        return "-" if v is None else format_score(v, thai_digits=thai_digits)

    out = [_app.t(f"ผลการประเมิน ITA ปีงบประมาณ {data['fiscal_year']}", f"ITA result, FY{data['fiscal_year']}")]
    survey = data.get("survey")
    if survey:
        for agency in survey["agencies"]:
            label = agency["agency"] or _app.t("(ไม่ระบุหน่วยงาน)", "(no agency column)")
            counts = ", ".join(f"{k} {v:,}" for k, v in agency["respondents"].items())
            out.append(_app.t(f"คะแนนรายข้อจากแบบสำรวจ: {label} (ผู้ตอบ {counts})", f"Survey: {label} ({counts})"))
            for q in agency["questions"]:
                out.append(f"  {pad(q['code'], 4)} {_app.t('ตัวชี้วัดที่', 'ind.')} {pad(str(q['indicator']), 2, right=True)}"
                           f"  {pad(s(q['score']), 7, right=True)}  ({q['respondents']:,} {_app.t('คน', 'resp.')})")
            if len(survey["agencies"]) > 1:
                cells = ", ".join(f"{k}: {s(v)}" for k, v in agency["indicators"].items())
                out.append(_app.t("  ตัวชี้วัด ", "  indicators ") + cells)
        if "instruments" not in data:
            for w in data.get("warnings", []):
                out.append(_app.t("หมายเหตุ: ", "note: ") + (w["en"] if _app.State.lang == "en" else w["th"]))
            typer.echo("\n".join(out))
            return
    if data.get("overall") is not None:
        out.append(_app.t(f"คะแนนภาพรวม: {s(data['overall'])} คะแนน  ระดับ: {data['level']}",
                     f"Overall: {s(data['overall'])}  level: {data['level']} ({data.get('level_en', '')})"))
    else:
        out.append(_app.t("คะแนนภาพรวม: คำนวณไม่ได้ (คะแนนตัวชี้วัดไม่ครบ)", "Overall: not computable (indicators missing)"))
    out.append(_app.t("คะแนนรายเครื่องมือ:", "Instruments:"))
    for inst in framework.instruments.items:
        if inst.code in data["instruments"]:
            out.append(f"  {pad(inst.code, 4)} {pad(s(data['instruments'][inst.code]), 7, right=True)}"
                       f"  ({_app.t('น้ำหนัก', 'weight')} {inst.weight * 100:g}%)")
    if data["indicators"]:
        out.append(_app.t("คะแนนรายตัวชี้วัด:", "Indicators:"))
        for key, value in data["indicators"].items():
            ind = framework.indicator(int(key))
            name = ind.name_th if _app.State.lang == "th" else ind.name_en
            out.append(f"  {pad(key, 3, right=True)}. {pad(name, 30)} {pad(s(value), 7, right=True)}")
    oit = data.get("oit")
    if oit:
        out.append(_app.t("OIT รายตัวชี้วัดย่อย:", "OIT sub-indicators:"))
        for sub in oit["subindicators"]:
            out.append(f"  {pad(sub['code'], 5)} {pad(sub['name_th'] or '', 34)} {sub['passed']}/{sub['total']}"
                       f"  {s(sub['score'])}")
        if oit["failed_items"]:
            out.append(_app.t("  ข้อที่ไม่ผ่าน: ", "  failed items: ") + ", ".join(oit["failed_items"]))
    gains = data.get("gains")
    if gains:
        targets = [f"{x:g}" for x in gains["targets"]]
        out.append(_app.t("คะแนนภาพรวมที่เพิ่มได้ หากยกตัวชี้วัดขึ้นเป็น", "Overall points won by raising an indicator to")
                   + " " + ", ".join(targets))
        for g in gains["indicators"]:
            cells = "  ".join(pad("+" + s(g["gains"][k]), 7, right=True) for k in targets)
            out.append(f"  {pad(str(g['indicator']), 3, right=True)}. {pad(g['name_th'], 30)}"
                       f" {pad(s(g['current']), 7, right=True)}  {cells}")
        path = gains.get("next_level")
        if path:
            out.append(_app.t(f"ทางที่สั้นที่สุดจากระดับ {path['from_level']} สู่ระดับ {path['to_level']}:",
                         f"Shortest path from {path['from_level']} to {path['to_level']}:"))
            for step in path["steps"]:
                out.append(_app.t(
                    f"  - ตัวชี้วัดที่ {step['indicator']} {step['name_th']}: {s(step['from_score'])} → "
                    f"{s(step['to_score'])} (+{s(step['overall_points'])} คะแนนภาพรวม)",
                    f"  - indicator {step['indicator']}: {s(step['from_score'])} → {s(step['to_score'])}"
                    f" (+{s(step['overall_points'])} overall)"))
            out.append(_app.t(f"  ได้คะแนนภาพรวม {s(path['overall_after'])} ระดับ {path['level_after']}",
                         f"  giving {s(path['overall_after'])}, level {path['level_after']}"))
        elif data.get("overall") is not None:
            out.append(_app.t("อยู่ในระดับสูงสุดแล้ว", "Already at the top level."))
    for w in data.get("warnings", []):
        out.append(_app.t("หมายเหตุ: ", "note: ") + (w["en"] if _app.State.lang == "en" else w["th"]))
    typer.echo("\n".join(out))


def score(
    fy: Annotated[int, typer.Option("--fy", help="ปีงบประมาณ พ.ศ. เช่น 2568")],
    indicators: Annotated[
        str | None,
        typer.Option("--indicators", help="คะแนนตัวชี้วัด 1–10 คั่นด้วยจุลภาค (เลขไทยได้); กับ --oit ให้เฉพาะ 1–8"),
    ] = None,
    instruments: Annotated[
        str | None, typer.Option("--instruments", help="คะแนน IIT,EIT,OIT เมื่อไม่มีคะแนนรายตัวชี้วัด")
    ] = None,
    oit: Annotated[Path | None, typer.Option("--oit", help="ไฟล์ CSV/JSON ผลรายข้อ OIT (ข้อ → มี/ไม่มี)")] = None,
    responses: Annotated[
        Path | None, typer.Option("--responses", help="ไฟล์ CSV/Parquet คำตอบแบบสำรวจ IIT/EIT รายผู้ตอบ")
    ] = None,
    gains: Annotated[bool, typer.Option("--gains", help="แสดงคะแนนที่เพิ่มได้รายตัวชี้วัดและทางสู่ระดับถัดไป")] = False,
    target: Annotated[
        list[float] | None, typer.Option("--target", help="คะแนนเป้าหมายของตัวชี้วัด (ใช้ซ้ำได้; ค่าเริ่มต้น 85, 95, 100)")
    ] = None,
    thai_digits: Annotated[bool, typer.Option("--thai-digits", help="แสดงเลขไทย")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """คำนวณคะแนน ITA และระดับผล / score an ITA result under the year's rules."""
    try:
        data = _score(fy, indicators, instruments, oit, responses, gains, tuple(target or ()))
    except ProngsaiError as exc:
        _app.fail(exc)
        return
    if json_out:
        _app.emit_json(data)
    else:
        _print_score(_app.load_year(fy), data, thai_digits)


def _score(
    fy: int,
    indicators: str | None,
    instruments: str | None,
    oit_file: Path | None,
    responses_file: Path | None,
    want_gains: bool,
    targets: tuple[float, ...],
) -> dict[str, Any]:
    from prongsai.core.gains import DEFAULT_TARGETS, gains_report
    from prongsai.core.inputs import parse_score_list, read_oit_file
    from prongsai.core.scoring import (
        complete_instrument_scores,
        score_indicators,
        score_instruments,
        score_oit,
    )

    framework = _app.registry().get(fy)
    if not any((indicators, instruments, oit_file, responses_file)):
        raise ScoreInputError(
            "ต้องระบุ --indicators, --instruments, --oit หรือ --responses อย่างน้อยหนึ่งอย่าง",
            "give --indicators, --instruments, --oit or --responses",
        )
    if instruments and (indicators or oit_file or responses_file):
        raise ScoreInputError(
            "--instruments ใช้ร่วมกับตัวเลือกอื่นไม่ได้", "--instruments cannot be combined with other inputs"
        )
    if instruments:
        values = parse_score_list(instruments)
        codes = [i.code for i in framework.instruments.items]
        if len(values) != len(codes):
            raise ScoreInputError(
                f"ต้องระบุคะแนน {len(codes)} เครื่องมือ ({', '.join(codes)}) แต่ได้ {len(values)} ค่า",
                f"expected {len(codes)} instrument scores ({', '.join(codes)}), got {len(values)}",
            )
        result = score_instruments(framework, dict(zip(codes, values, strict=True)))
        if want_gains:
            raise ScoreInputError(
                "--gains ต้องใช้คะแนนรายตัวชี้วัด", "--gains needs indicator scores, not instrument scores"
            )
        return result.to_json_dict()

    known: dict[int, float] = {}
    extra: dict[str, Any] = {}
    warnings: list[dict[str, str]] = []
    if oit_file:
        oit_result = score_oit(framework, read_oit_file(oit_file))
        known.update({int(k): v for k, v in oit_result.indicators.items()})
        extra["oit"] = oit_result.to_json_dict()
        warnings += extra["oit"].pop("warnings")
    if responses_file:
        from prongsai.core.survey import read_responses, score_responses

        survey = score_responses(framework, read_responses(responses_file))
        extra["survey"] = survey.to_json_dict()
        warnings += [w.model_dump() for w in survey.warnings]
        agencies = survey.agencies
        if len(agencies) > 1:
            # Many agencies: each agency's survey scores; no single overall.
            if indicators or oit_file or want_gains:
                raise ScoreInputError(
                    f"ไฟล์คำตอบมี {len(agencies)} หน่วยงาน จึงรวมกับ --indicators, --oit หรือ --gains ไม่ได้",
                    f"the answers cover {len(agencies)} agencies, so they cannot be combined with other inputs",
                )
            return {"fiscal_year": framework.fiscal_year, "warnings": warnings, **extra}
        if agencies:
            known.update({int(k): v for k, v in survey.agency(agencies[0]).indicators.items()})
    if indicators:
        values = parse_score_list(indicators)
        all_numbers = [i.number for i in framework.indicators.items]
        allowed = [n for n in all_numbers if n not in known] if known else all_numbers
        known.update(_indicator_dict(framework, values, allowed))

    if len(known) == len(framework.indicators.items):
        result = score_indicators(framework, known)
        data = result.to_json_dict()
        data["warnings"] = [*warnings, *data["warnings"]]
        data.update(extra)
        if want_gains:
            data["gains"] = gains_report(framework, result, targets or DEFAULT_TARGETS).to_json_dict()
        return data

    # Partial: give what the inputs determine, and say what is missing.
    if want_gains:
        raise ScoreInputError("--gains ต้องมีคะแนนครบทุกตัวชี้วัด", "--gains needs every indicator score")
    partial_instruments = complete_instrument_scores(framework, known)
    missing = [i.number for i in framework.indicators.items if i.number not in known]
    warnings.append({
        "th": f"ยังไม่มีคะแนนตัวชี้วัดที่ {', '.join(map(str, missing))} จึงคำนวณคะแนนภาพรวมไม่ได้",
        "en": f"indicators {', '.join(map(str, missing))} are missing, so there is no overall score",
    })
    return {
        "fiscal_year": framework.fiscal_year,
        "overall": None,
        "level": None,
        "instruments": partial_instruments,
        "indicators": {str(n): known[n] for n in sorted(known)},
        "warnings": warnings,
        **extra,
    }


def register(app: typer.Typer) -> None:
    app.command()(score)
