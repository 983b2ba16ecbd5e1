"""The `prongsai` command line. Thai by default; `--lang en` for English."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from prongsai import __version__
from prongsai.cli_backup import register as register_backup
from prongsai.cli_documents import register as register_documents
from prongsai.cli_frameworks import register as register_frameworks
from prongsai.cli_national import register as register_national
from prongsai.cli_national_import import register as register_national_import
from prongsai.cli_oit import register as register_oit
from prongsai.cli_reports import register as register_reports
from prongsai.core.errors import ProngsaiError, ScoreInputError
from prongsai.core.frameworks import FrameworkRegistry, default_registry
from prongsai.core.frameworks.schema import CONFIDENCE_TH, Framework, Section
from prongsai.core.thai import format_score, pad, thai_date

app = typer.Typer(
    help="Prongsai (โปร่งใส): กรอบการประเมิน ITA การคำนวณคะแนน และเอกสาร / ITA frameworks, scoring and documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
frameworks_app = typer.Typer(help="กรอบการประเมินรายปีงบประมาณ / ITA frameworks per fiscal year.", no_args_is_help=True)
app.add_typer(frameworks_app, name="frameworks")


class State:
    lang: str = "th"
    framework_files: list[Path] = []  # noqa: RUF012 - process-wide CLI state


def registry() -> FrameworkRegistry:
    return default_registry(State.framework_files)


def t(th: str, en: str) -> str:
    return en if State.lang == "en" else th


def fail(exc: ProngsaiError, code: int = 2) -> None:
    typer.echo(("error: " if State.lang == "en" else "ข้อผิดพลาด: ") + exc.message(State.lang), err=True)
    raise typer.Exit(code)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.callback()
def main(
    lang: Annotated[
        str, typer.Option("--lang", help="ภาษาที่แสดง th หรือ en / output language", envvar="PRONGSAI_LANG")
    ] = "th",
    framework: Annotated[
        list[Path] | None,
        typer.Option(
            "--framework",
            help="ไฟล์หรือโฟลเดอร์ YAML ที่เพิ่มหรือแทนกรอบการประเมินรายปี (ใช้ซ้ำได้) / extra or overriding framework files",
        ),
    ] = None,
) -> None:
    if lang not in ("th", "en"):
        typer.echo("--lang ต้องเป็น th หรือ en / --lang must be th or en", err=True)
        raise typer.Exit(2)
    State.lang = lang
    State.framework_files = list(framework or [])


@app.command()
def version() -> None:
    """รุ่นของโปรแกรม / print the version."""
    typer.echo(__version__)


# --- frameworks ----------------------------------------------------------------------------------


STATUS_LABEL = {"provisional": ("ชั่วคราว", "provisional"), "confirmed": ("ยืนยันแล้ว", "confirmed")}


def _confidence(section: Section) -> str:
    return t(f"[ความเชื่อมั่น: {CONFIDENCE_TH[section.confidence]}]", f"[confidence: {section.confidence}]")


def warn_if_provisional(framework: Framework) -> None:
    """A provisional year is said on stderr, so that --json output stays clean."""
    warning = framework.status_warning()
    if warning is not None:
        typer.echo(t("คำเตือน: ", "warning: ") + t(*warning), err=True)


def _load(fy: int) -> Framework:
    try:
        framework = registry().get(fy)
    except ProngsaiError as exc:
        fail(exc)
        raise  # unreachable
    warn_if_provisional(framework)
    return framework


@frameworks_app.command("list")
def frameworks_list(json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False) -> None:
    """ปีงบประมาณที่มีกรอบการประเมิน / list the known fiscal years."""
    try:
        reg = registry()
        frameworks = reg.all()
    except ProngsaiError as exc:
        fail(exc)
        return
    rows = [
        {
            "fiscal_year": f.fiscal_year,
            "title_th": f.title_th,
            "status": f.status,
            "instruments": {i.code: i.weight for i in f.instruments.items},
            "level_scheme": f.levels.scheme,
            "levels": [r.label for r in f.levels.rules],
            "oit_items": len(f.oit.items()) if f.oit else None,
            "questions": len(f.questions.items) if f.questions else 0,
            "source": reg.source_of(f.fiscal_year),
            "confidence": {
                "instruments": f.instruments.confidence,
                "levels": f.levels.confidence,
                "oit": f.oit.confidence if f.oit else "unknown",
            },
        }
        for f in frameworks
    ]
    if json_out:
        emit_json(rows)
        return
    typer.echo(t("ปีงบประมาณ  สถานะ      น้ำหนัก IIT/EIT/OIT              ระดับผล                          OIT  ที่มา",
                 "FY          status     weights IIT/EIT/OIT              levels                          OIT  source"))
    for row in rows:
        weights = "/".join(f"{w * 100:g}" for w in row["instruments"].values())
        levels = ", ".join(row["levels"])
        oit = str(row["oit_items"] or "-")
        conf = row["confidence"]["instruments"]
        mark = "" if conf in ("high", "medium") else t(" (น้ำหนักยังไม่ยืนยัน)", " (weights unconfirmed)")
        typer.echo(
            f"{pad(str(row['fiscal_year']), 11)} {pad(t(*STATUS_LABEL[row['status']]), 10)} "
            f"{pad(weights + mark, 34)} {pad(levels, 32)} "
            f"{pad(oit, 4, right=True)}  {row['source']}"
        )


@frameworks_app.command("show")
def frameworks_show(
    fy: Annotated[int, typer.Argument(help="ปีงบประมาณ พ.ศ. เช่น 2568")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """รายละเอียดกรอบการประเมินของปีงบประมาณ / show how a fiscal year is scored."""
    f = _load(fy)
    if json_out:
        emit_json(f.model_dump(mode="json"))
        return
    start, end = f.period
    lines = [
        f.title_th,
        t(f"ช่วงปีงบประมาณ: {thai_date(start)} – {thai_date(end)}", f"Period: {start} – {end}"),
    ]
    if f.summary_th:
        lines.append(f.summary_th)
    lines += ["", t("เครื่องมือและน้ำหนัก ", "Instruments and weights ") + _confidence(f.instruments)]
    lines.append("  " + f.instruments.formula_text())
    lines.append(t("  คะแนนเครื่องมือ = ค่าเฉลี่ยของตัวชี้วัดในเครื่องมือ",
                   "  instrument score = mean of its indicators"))
    for inst in f.instruments.items:
        name = inst.name_th if State.lang == "th" else inst.name_en
        lines.append(f"  {inst.code}  {inst.weight * 100:g}%  {name}  ({t('ตัวชี้วัดที่', 'indicators')} "
                     f"{', '.join(map(str, inst.indicators))})")
        for part in inst.parts:
            lines.append(f"      - {part.name_th} ({part.weight * 100:g}%)")
    if f.instruments.notes:
        lines.append("  " + f.instruments.notes)
    lines += ["", t("ตัวชี้วัด ", "Indicators ") + _confidence(f.indicators)]
    for ind in f.indicators.items:
        weight = f.indicator_weight(ind.number) * 100
        names = ", ".join(ind.variants)
        variants = t(f"  (หรือ: {names})", f"  (also: {names})") if ind.variants else ""
        lines.append(f"  {pad(str(ind.number), 3, right=True)}. {pad(ind.name_th, 26)} {pad(ind.name_en, 30)}"
                     f" {ind.instrument}  {weight:g}%{variants}")
    if f.questions and f.questions.items:
        lines += ["", t("ข้อคำถาม ", "Questions ") + _confidence(f.questions)]
        for q in f.questions.items:
            scales = ", ".join(sorted({s.scale for s in q.sub_items}))
            subs = t(f"{len(q.sub_items)} ประเด็นย่อย", f"{len(q.sub_items)} sub-items") if len(q.sub_items) > 1 else ""
            mark = t(" [ยังไม่ยืนยัน]", " [unconfirmed]") if q.confidence in ("low", "unknown") else ""
            lines.append(f"  {pad(q.code, 4)} {t('ตัวชี้วัดที่', 'ind.')} {q.indicator}: {q.text_th}{mark}"
                         f"  ({scales}{'; ' + subs if subs else ''})")
        for name, scale in f.questions.scales.items():
            opts = ", ".join(f"{k}={v:g}" for k, v in scale.options.items())
            lines.append(f"  {t('มาตรวัด', 'scale')} {name}: {opts}")
    elif f.questions:
        lines += ["", t("ข้อคำถาม ", "Questions ") + _confidence(f.questions)]
    if f.questions and f.questions.notes:
        lines.append("  " + f.questions.notes)
    if f.oit:
        lines += ["", t(f"รายการ OIT ({len(f.oit.items())} ข้อ) ", f"OIT items ({len(f.oit.items())}) ")
                  + _confidence(f.oit)]
        for sub in f.oit.subindicators:
            unsure = ""
            if sub.confidence in ("low", "unknown"):
                unsure = t(" [การจัดกลุ่มยังไม่ยืนยัน]", " [grouping unconfirmed]")
            lines.append(f"  {sub.code} {sub.name_th or t('(ไม่ทราบชื่อ)', '(name unknown)')}"
                         f"  [{len(sub.items)} {t('ข้อ', 'items')}]{unsure}")
            for it in sub.items:
                title = it.title_th or t("(ยังไม่ทราบชื่อข้อ)", "(title not established)")
                lines.append(f"      {pad(it.code, 5)} {title}")
        if f.oit.notes:
            lines.append("  " + f.oit.notes)
    lines += ["", t("ระดับผลการประเมิน ", "Levels ") + _confidence(f.levels)]
    for rule in f.levels.rules:
        band = f"{rule.min_overall:.2f}" + (f"–{rule.max_overall:.2f}" if rule.max_overall is not None else "+")
        cond = (t(f" และทุกเครื่องมือ ≥ {rule.min_each_instrument:.2f}", f" and every instrument ≥ "
                  f"{rule.min_each_instrument:.2f}") if rule.min_each_instrument is not None else "")
        passed = t("ผ่าน", "pass") if rule.passed else t("ไม่ผ่าน", "fail")
        label = rule.label if State.lang == "th" else f"{rule.label} ({rule.label_en})"
        lines.append(f"  {pad(label, 14)} {t('คะแนน', 'score')} {band}{cond}  [{passed}]")
    if f.levels.notes:
        lines.append("  " + f.levels.notes)
    lines += ["", t(f"เกณฑ์ผ่าน: {f.pass_line.score:.2f} คะแนน ", f"Pass line: {f.pass_line.score:.2f} ")
              + _confidence(f.pass_line)]
    lines.append(t("เป้าหมายระดับประเทศ ", "National targets ") + _confidence(f.targets))
    for target in f.targets.national:
        lines.append(f"  - {target.description_th}")
    if not f.targets.national:
        lines.append(t("  - ยังไม่พบค่าเป้าหมาย", "  - no target value found"))
    if f.national_results:
        r = f.national_results.results
        bits = []
        if r.agencies:
            bits.append(t(f"หน่วยงาน {r.agencies:,}", f"agencies {r.agencies:,}"))
        if r.mean is not None:
            bits.append(t(f"คะแนนเฉลี่ย {r.mean:.2f}", f"mean {r.mean:.2f}"))
        if r.pass_rate_percent is not None:
            bits.append(t(f"ผ่านเกณฑ์ร้อยละ {r.pass_rate_percent:.2f}", f"passed {r.pass_rate_percent:.2f}%"))
        derived = t(" (คำนวณย้อนจากตัวเลขที่เผยแพร่)", " (derived)") if r.derived else ""
        lines.append(t("ผลระดับประเทศ: ", "National results: ") + ", ".join(bits) + derived)
    typer.echo("\n".join(lines))


@frameworks_app.command("validate")
def frameworks_validate(files: Annotated[list[Path], typer.Argument(help="ไฟล์ YAML ที่จะตรวจ")]) -> None:
    """ตรวจไฟล์กรอบการประเมินของท่าน / validate your own framework files."""
    from prongsai.core.frameworks import load_framework_file

    bad = 0
    for path in files:
        try:
            f = load_framework_file(path, registry())
            typer.echo(t(f"ถูกต้อง: {path} (ปีงบประมาณ {f.fiscal_year})", f"valid: {path} (FY{f.fiscal_year})"))
        except ProngsaiError as exc:
            bad += 1
            typer.echo(exc.message(State.lang), err=True)
    if bad:
        raise typer.Exit(1)


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

    out = [t(f"ผลการประเมิน ITA ปีงบประมาณ {data['fiscal_year']}", f"ITA result, FY{data['fiscal_year']}")]
    survey = data.get("survey")
    if survey:
        for agency in survey["agencies"]:
            label = agency["agency"] or t("(ไม่ระบุหน่วยงาน)", "(no agency column)")
            counts = ", ".join(f"{k} {v:,}" for k, v in agency["respondents"].items())
            out.append(t(f"คะแนนรายข้อจากแบบสำรวจ: {label} (ผู้ตอบ {counts})", f"Survey: {label} ({counts})"))
            for q in agency["questions"]:
                out.append(f"  {pad(q['code'], 4)} {t('ตัวชี้วัดที่', 'ind.')} {pad(str(q['indicator']), 2, right=True)}"
                           f"  {pad(s(q['score']), 7, right=True)}  ({q['respondents']:,} {t('คน', 'resp.')})")
            if len(survey["agencies"]) > 1:
                cells = ", ".join(f"{k}: {s(v)}" for k, v in agency["indicators"].items())
                out.append(t("  ตัวชี้วัด ", "  indicators ") + cells)
        if "instruments" not in data:
            for w in data.get("warnings", []):
                out.append(t("หมายเหตุ: ", "note: ") + (w["en"] if State.lang == "en" else w["th"]))
            typer.echo("\n".join(out))
            return
    if data.get("overall") is not None:
        out.append(t(f"คะแนนภาพรวม: {s(data['overall'])} คะแนน  ระดับ: {data['level']}",
                     f"Overall: {s(data['overall'])}  level: {data['level']} ({data.get('level_en', '')})"))
    else:
        out.append(t("คะแนนภาพรวม: คำนวณไม่ได้ (คะแนนตัวชี้วัดไม่ครบ)", "Overall: not computable (indicators missing)"))
    out.append(t("คะแนนรายเครื่องมือ:", "Instruments:"))
    for inst in framework.instruments.items:
        if inst.code in data["instruments"]:
            out.append(f"  {pad(inst.code, 4)} {pad(s(data['instruments'][inst.code]), 7, right=True)}"
                       f"  ({t('น้ำหนัก', 'weight')} {inst.weight * 100:g}%)")
    if data["indicators"]:
        out.append(t("คะแนนรายตัวชี้วัด:", "Indicators:"))
        for key, value in data["indicators"].items():
            ind = framework.indicator(int(key))
            name = ind.name_th if State.lang == "th" else ind.name_en
            out.append(f"  {pad(key, 3, right=True)}. {pad(name, 30)} {pad(s(value), 7, right=True)}")
    oit = data.get("oit")
    if oit:
        out.append(t("OIT รายตัวชี้วัดย่อย:", "OIT sub-indicators:"))
        for sub in oit["subindicators"]:
            out.append(f"  {pad(sub['code'], 5)} {pad(sub['name_th'] or '', 34)} {sub['passed']}/{sub['total']}"
                       f"  {s(sub['score'])}")
        if oit["failed_items"]:
            out.append(t("  ข้อที่ไม่ผ่าน: ", "  failed items: ") + ", ".join(oit["failed_items"]))
    gains = data.get("gains")
    if gains:
        targets = [f"{x:g}" for x in gains["targets"]]
        out.append(t("คะแนนภาพรวมที่เพิ่มได้ หากยกตัวชี้วัดขึ้นเป็น", "Overall points won by raising an indicator to")
                   + " " + ", ".join(targets))
        for g in gains["indicators"]:
            cells = "  ".join(pad("+" + s(g["gains"][k]), 7, right=True) for k in targets)
            out.append(f"  {pad(str(g['indicator']), 3, right=True)}. {pad(g['name_th'], 30)}"
                       f" {pad(s(g['current']), 7, right=True)}  {cells}")
        path = gains.get("next_level")
        if path:
            out.append(t(f"ทางที่สั้นที่สุดจากระดับ {path['from_level']} สู่ระดับ {path['to_level']}:",
                         f"Shortest path from {path['from_level']} to {path['to_level']}:"))
            for step in path["steps"]:
                out.append(t(
                    f"  - ตัวชี้วัดที่ {step['indicator']} {step['name_th']}: {s(step['from_score'])} → "
                    f"{s(step['to_score'])} (+{s(step['overall_points'])} คะแนนภาพรวม)",
                    f"  - indicator {step['indicator']}: {s(step['from_score'])} → {s(step['to_score'])}"
                    f" (+{s(step['overall_points'])} overall)"))
            out.append(t(f"  ได้คะแนนภาพรวม {s(path['overall_after'])} ระดับ {path['level_after']}",
                         f"  giving {s(path['overall_after'])}, level {path['level_after']}"))
        elif data.get("overall") is not None:
            out.append(t("อยู่ในระดับสูงสุดแล้ว", "Already at the top level."))
    for w in data.get("warnings", []):
        out.append(t("หมายเหตุ: ", "note: ") + (w["en"] if State.lang == "en" else w["th"]))
    typer.echo("\n".join(out))


@app.command()
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
        fail(exc)
        return
    if json_out:
        emit_json(data)
    else:
        _print_score(_load(fy), data, thai_digits)


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

    framework = registry().get(fy)
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


register_frameworks(frameworks_app)
register_documents(app)
register_oit(app)
register_reports(app)
register_national(app)
register_national_import(app)
register_backup(app)


def run() -> None:  # pragma: no cover - console entry for `python -m prongsai`
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    run()
