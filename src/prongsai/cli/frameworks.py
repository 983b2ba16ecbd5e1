"""The `frameworks` commands: `list`, `show`, `validate` (the years this installation knows), and `import`, `diff`,
`export` (files typed from the manual, compared or shared).

`register(frameworks_app)` adds them to the `frameworks` sub-app. Thai by default (`--lang en`).
Errors exit with code 2 and write nothing: files are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prongsai.cli import _app
from prongsai.core.errors import FrameworkError, ProngsaiError
from prongsai.core.frameworks.schema import CONFIDENCE_TH, Section
from prongsai.core.thai import pad, thai_date

if TYPE_CHECKING:
    from prongsai.core.frameworks.schema import Framework


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def _write_new_file(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so that a failure leaves nothing."""
    _refuse_existing(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ProngsaiError(f"ไม่พบโฟลเดอร์: {folder}", f"folder not found: {folder}")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _refuse_existing(path: Path, *, force: bool) -> None:
    if path.exists() and not force:
        raise ProngsaiError(
            f"มีไฟล์ {path} อยู่แล้ว (ใช้ --force เพื่อเขียนทับ)", f"{path} already exists (use --force to overwrite)"
        )


def _round_trip(framework: Framework, text: str, origin: str) -> None:
    """The written YAML must read back to the same framework."""
    import yaml

    from prongsai.core.frameworks.loader import framework_as_raw, framework_from_raw

    again = framework_from_raw(yaml.safe_load(text), origin, _app.registry())
    if framework_as_raw(again) != framework_as_raw(framework):
        raise FrameworkError(
            "ไฟล์ YAML ที่สร้างอ่านกลับได้ไม่ตรงกับกรอบการประเมิน (ข้อผิดพลาดของโปรแกรม)",
            "the YAML written does not read back to the same framework (a program error)",
        )


# --- import ------------------------------------------------------------------------------------------------


def frameworks_import(
    sheet: Annotated[Path, typer.Argument(help="ตารางรายการข้อ OIT ที่พิมพ์จากคู่มือ (.xlsx หรือ .csv)")],
    fy: Annotated[int, typer.Option("--fy", help="ปีงบประมาณ พ.ศ. ของรายการข้อ เช่น 2570")],
    extends: Annotated[int, typer.Option("--extends", help="ปีที่ยกส่วนอื่นมาใช้ (น้ำหนัก ตัวชี้วัด ระดับผล) เช่น 2569")],
    out: Annotated[Path, typer.Option("--out", help="ไฟล์ YAML ที่จะเขียน")],
    force: Annotated[bool, typer.Option("--force", help="เขียนทับไฟล์ --out ที่มีอยู่")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """นำเข้ารายการข้อ OIT จาก Excel/CSV เป็นกรอบการประเมินปีใหม่ / build a year's framework from an OIT item sheet."""
    from prongsai.core.frameworks.diff import diff_frameworks
    from prongsai.core.frameworks.loader import framework_from_raw, framework_to_yaml
    from prongsai.core.frameworks.sheet import MAX_SHEET_BYTES, framework_with_oit_items, read_oit_sheet

    cli = _app
    try:
        _refuse_existing(out, force=force)
        try:
            with sheet.open("rb") as handle:
                data = handle.read(MAX_SHEET_BYTES + 1)
        except FileNotFoundError:
            raise ProngsaiError(f"ไม่พบไฟล์: {sheet}", f"file not found: {sheet}") from None
        except OSError as exc:
            raise ProngsaiError(
                f"อ่านไฟล์ {sheet} ไม่ได้: {exc.strerror}", f"cannot read {sheet}: {exc.strerror}"
            ) from None
        parsed = read_oit_sheet(data, sheet.name)
        reg = cli.registry()
        base = reg.get(extends)
        raw = framework_with_oit_items(
            base, parsed, fiscal_year=fy, source=f"ตารางรายการข้อ OIT {sheet.name} พิมพ์จากคู่มือการประเมินปี {fy}"
        )
        framework = framework_from_raw(raw, str(out), reg)
        text = framework_to_yaml(
            framework,
            header=f"กรอบการประเมินปีงบประมาณ {fy}: รายการข้อ OIT จาก {sheet.name} ส่วนอื่นยกจากปี {extends}\n"
            "สร้างด้วย prongsai frameworks import (ฉบับชั่วคราว ตรวจทานกับคู่มือก่อนยืนยัน)",
        )
        _round_trip(framework, text, str(out))
        _write_new_file(out, text, force=force)
    except ProngsaiError as exc:
        cli.fail(exc)
        return
    diff = diff_frameworks(base, framework, a_label=f"ปีงบประมาณ {extends}", b_label=str(out))
    items = [
        {"code": it.code, "title_th": it.title_th, "subindicator": s.code}
        for s, it in (framework.oit.items() if framework.oit else [])
    ]
    if json_out:
        cli.emit_json({
            "out": str(out),
            "fiscal_year": fy,
            "extends": extends,
            "status": framework.status,
            "sheet": parsed.sheet_name,
            "header_row": parsed.header_row,
            "items": items,
            "notes": parsed.notes,
            "diff": diff.to_json_dict(),
        })
        return
    lines = [
        _t(f"เขียนกรอบการประเมินปีงบประมาณ {fy} แล้ว: {out}", f"Wrote the FY{fy} framework: {out}"),
        _t(f"ข้อ OIT {len(items)} ข้อ ใน {len(framework.oit.subindicators)} ตัวชี้วัดย่อย ส่วนอื่นยกจากปี {extends}"
           " สถานะชั่วคราว",
           f"{len(items)} OIT items in {len(framework.oit.subindicators)} sub-indicators; the rest from FY{extends};"
           " provisional"),
    ]
    lines += [f"  - {note}" for note in parsed.notes]
    lines += ["", *diff.lines_th()]
    typer.echo("\n".join(lines))


# --- diff --------------------------------------------------------------------------------------------------


def _framework_of(spec: str) -> tuple[Framework, str]:
    """A year of the registry ("2569", "๒๕๖๙") or a YAML file."""
    from prongsai.core.frameworks.loader import load_framework_file
    from prongsai.core.thai import to_arabic_digits

    digits = to_arabic_digits(spec.strip())
    if digits.isdigit() and not Path(spec).exists():
        return _app.registry().get(int(digits)), f"ปีงบประมาณ {int(digits)}"
    return load_framework_file(Path(spec), _app.registry()), Path(spec).name


def frameworks_diff(
    a: Annotated[str, typer.Argument(help="ปีงบประมาณหรือไฟล์ YAML ฉบับก่อน เช่น 2568")],
    b: Annotated[str, typer.Argument(help="ปีงบประมาณหรือไฟล์ YAML ฉบับหลัง เช่น 2569 หรือ my-2570.yaml")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """เปรียบเทียบกรอบการประเมินสองฉบับ / compare two frameworks (years or YAML files)."""
    from prongsai.core.frameworks.diff import diff_frameworks
    from prongsai.core.oit.checklist import carry_over_map

    cli = _app
    try:
        fa, a_label = _framework_of(a)
        fb, b_label = _framework_of(b)
    except ProngsaiError as exc:
        cli.fail(exc)
        return
    diff = diff_frameworks(fa, fb, a_label=a_label, b_label=b_label)
    carry = carry_over_map(fa, fb)
    new_codes = [it.code for _, it in fb.oit.items()] if fb.oit else []
    if json_out:
        cli.emit_json({
            **diff.to_json_dict(),
            "carry_over": carry,
            "not_carried_over": [c for c in new_codes if c.upper() not in carry],
        })
        return
    lines = diff.lines_th()
    missing = [c for c in new_codes if c.upper() not in carry]
    if missing and fa.oit:
        lines.append(
            _t("ข้อที่ไม่มีหลักฐานยกมาจากฉบับก่อน: ", "items with no evidence carried over: ") + ", ".join(missing)
        )
    typer.echo("\n".join(lines))


# --- export ------------------------------------------------------------------------------------------------


def frameworks_export(
    fy: Annotated[int, typer.Argument(help="ปีงบประมาณ พ.ศ. เช่น 2569")],
    out: Annotated[Path, typer.Option("--out", help="ไฟล์ YAML ที่จะเขียน")],
    force: Annotated[bool, typer.Option("--force", help="เขียนทับไฟล์ --out ที่มีอยู่")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """ส่งออกกรอบการประเมินของปีเป็นไฟล์ YAML ที่ครบในตัว / write a year as a self-contained YAML file."""
    from prongsai.core.frameworks.loader import framework_to_yaml

    cli = _app
    try:
        _refuse_existing(out, force=force)
        reg = cli.registry()
        framework = reg.get(fy)
        text = framework_to_yaml(
            framework,
            header=f"กรอบการประเมินปีงบประมาณ {fy} ส่งออกจาก {reg.source_of(fy)} ด้วย prongsai frameworks export",
        )
        _round_trip(framework, text, str(out))
        _write_new_file(out, text, force=force)
    except ProngsaiError as exc:
        cli.fail(exc)
        return
    if json_out:
        cli.emit_json({"out": str(out), "fiscal_year": fy, "status": framework.status})
        return
    typer.echo(_t(f"ส่งออกกรอบการประเมินปีงบประมาณ {fy} แล้ว: {out}", f"Wrote the FY{fy} framework: {out}"))


# --- frameworks ----------------------------------------------------------------------------------


STATUS_LABEL = {"provisional": ("ชั่วคราว", "provisional"), "confirmed": ("ยืนยันแล้ว", "confirmed")}


def _confidence(section: Section) -> str:
    return _app.t(f"[ความเชื่อมั่น: {CONFIDENCE_TH[section.confidence]}]", f"[confidence: {section.confidence}]")


def frameworks_list(json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False) -> None:
    """ปีงบประมาณที่มีกรอบการประเมิน / list the known fiscal years."""
    try:
        reg = _app.registry()
        frameworks = reg.all()
    except ProngsaiError as exc:
        _app.fail(exc)
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
        _app.emit_json(rows)
        return
    typer.echo(_app.t("ปีงบประมาณ  สถานะ      น้ำหนัก IIT/EIT/OIT              ระดับผล                          OIT  ที่มา",
                 "FY          status     weights IIT/EIT/OIT              levels                          OIT  source"))
    for row in rows:
        weights = "/".join(f"{w * 100:g}" for w in row["instruments"].values())
        levels = ", ".join(row["levels"])
        oit = str(row["oit_items"] or "-")
        conf = row["confidence"]["instruments"]
        mark = "" if conf in ("high", "medium") else _app.t(" (น้ำหนักยังไม่ยืนยัน)", " (weights unconfirmed)")
        typer.echo(
            f"{pad(str(row['fiscal_year']), 11)} {pad(_app.t(*STATUS_LABEL[row['status']]), 10)} "
            f"{pad(weights + mark, 34)} {pad(levels, 32)} "
            f"{pad(oit, 4, right=True)}  {row['source']}"
        )


def frameworks_show(
    fy: Annotated[int, typer.Argument(help="ปีงบประมาณ พ.ศ. เช่น 2568")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """รายละเอียดกรอบการประเมินของปีงบประมาณ / show how a fiscal year is scored."""
    f = _app.load_year(fy)
    if json_out:
        _app.emit_json(f.model_dump(mode="json"))
        return
    start, end = f.period
    lines = [
        f.title_th,
        _app.t(f"ช่วงปีงบประมาณ: {thai_date(start)} – {thai_date(end)}", f"Period: {start} – {end}"),
    ]
    if f.summary_th:
        lines.append(f.summary_th)
    lines += ["", _app.t("เครื่องมือและน้ำหนัก ", "Instruments and weights ") + _confidence(f.instruments)]
    lines.append("  " + f.instruments.formula_text())
    lines.append(_app.t("  คะแนนเครื่องมือ = ค่าเฉลี่ยของตัวชี้วัดในเครื่องมือ",
                   "  instrument score = mean of its indicators"))
    for inst in f.instruments.items:
        name = inst.name_th if _app.State.lang == "th" else inst.name_en
        lines.append(f"  {inst.code}  {inst.weight * 100:g}%  {name}  ({_app.t('ตัวชี้วัดที่', 'indicators')} "
                     f"{', '.join(map(str, inst.indicators))})")
        for part in inst.parts:
            lines.append(f"      - {part.name_th} ({part.weight * 100:g}%)")
    if f.instruments.notes:
        lines.append("  " + f.instruments.notes)
    lines += ["", _app.t("ตัวชี้วัด ", "Indicators ") + _confidence(f.indicators)]
    for ind in f.indicators.items:
        weight = f.indicator_weight(ind.number) * 100
        names = ", ".join(ind.variants)
        variants = _app.t(f"  (หรือ: {names})", f"  (also: {names})") if ind.variants else ""
        lines.append(f"  {pad(str(ind.number), 3, right=True)}. {pad(ind.name_th, 26)} {pad(ind.name_en, 30)}"
                     f" {ind.instrument}  {weight:g}%{variants}")
    if f.questions and f.questions.items:
        lines += ["", _app.t("ข้อคำถาม ", "Questions ") + _confidence(f.questions)]
        for q in f.questions.items:
            scales = ", ".join(sorted({s.scale for s in q.sub_items}))
            n_subs = len(q.sub_items)
            subs = _app.t(f"{n_subs} ประเด็นย่อย", f"{n_subs} sub-items") if n_subs > 1 else ""
            mark = _app.t(" [ยังไม่ยืนยัน]", " [unconfirmed]") if q.confidence in ("low", "unknown") else ""
            lines.append(f"  {pad(q.code, 4)} {_app.t('ตัวชี้วัดที่', 'ind.')} {q.indicator}: {q.text_th}{mark}"
                         f"  ({scales}{'; ' + subs if subs else ''})")
        for name, scale in f.questions.scales.items():
            opts = ", ".join(f"{k}={v:g}" for k, v in scale.options.items())
            lines.append(f"  {_app.t('มาตรวัด', 'scale')} {name}: {opts}")
    elif f.questions:
        lines += ["", _app.t("ข้อคำถาม ", "Questions ") + _confidence(f.questions)]
    if f.questions and f.questions.notes:
        lines.append("  " + f.questions.notes)
    if f.oit:
        lines += ["", _app.t(f"รายการ OIT ({len(f.oit.items())} ข้อ) ", f"OIT items ({len(f.oit.items())}) ")
                  + _confidence(f.oit)]
        for sub in f.oit.subindicators:
            unsure = ""
            if sub.confidence in ("low", "unknown"):
                unsure = _app.t(" [การจัดกลุ่มยังไม่ยืนยัน]", " [grouping unconfirmed]")
            lines.append(f"  {sub.code} {sub.name_th or _app.t('(ไม่ทราบชื่อ)', '(name unknown)')}"
                         f"  [{len(sub.items)} {_app.t('ข้อ', 'items')}]{unsure}")
            for it in sub.items:
                title = it.title_th or _app.t("(ยังไม่ทราบชื่อข้อ)", "(title not established)")
                lines.append(f"      {pad(it.code, 5)} {title}")
        if f.oit.notes:
            lines.append("  " + f.oit.notes)
    lines += ["", _app.t("ระดับผลการประเมิน ", "Levels ") + _confidence(f.levels)]
    for rule in f.levels.rules:
        band = f"{rule.min_overall:.2f}" + (f"–{rule.max_overall:.2f}" if rule.max_overall is not None else "+")
        cond = (_app.t(f" และทุกเครื่องมือ ≥ {rule.min_each_instrument:.2f}", f" and every instrument ≥ "
                  f"{rule.min_each_instrument:.2f}") if rule.min_each_instrument is not None else "")
        passed = _app.t("ผ่าน", "pass") if rule.passed else _app.t("ไม่ผ่าน", "fail")
        label = rule.label if _app.State.lang == "th" else f"{rule.label} ({rule.label_en})"
        lines.append(f"  {pad(label, 14)} {_app.t('คะแนน', 'score')} {band}{cond}  [{passed}]")
    if f.levels.notes:
        lines.append("  " + f.levels.notes)
    lines += ["", _app.t(f"เกณฑ์ผ่าน: {f.pass_line.score:.2f} คะแนน ", f"Pass line: {f.pass_line.score:.2f} ")
              + _confidence(f.pass_line)]
    lines.append(_app.t("เป้าหมายระดับประเทศ ", "National targets ") + _confidence(f.targets))
    for target in f.targets.national:
        lines.append(f"  - {target.description_th}")
    if not f.targets.national:
        lines.append(_app.t("  - ยังไม่พบค่าเป้าหมาย", "  - no target value found"))
    if f.national_results:
        r = f.national_results.results
        bits = []
        if r.agencies:
            bits.append(_app.t(f"หน่วยงาน {r.agencies:,}", f"agencies {r.agencies:,}"))
        if r.mean is not None:
            bits.append(_app.t(f"คะแนนเฉลี่ย {r.mean:.2f}", f"mean {r.mean:.2f}"))
        if r.pass_rate_percent is not None:
            bits.append(_app.t(f"ผ่านเกณฑ์ร้อยละ {r.pass_rate_percent:.2f}", f"passed {r.pass_rate_percent:.2f}%"))
        derived = _app.t(" (คำนวณย้อนจากตัวเลขที่เผยแพร่)", " (derived)") if r.derived else ""
        lines.append(_app.t("ผลระดับประเทศ: ", "National results: ") + ", ".join(bits) + derived)
    typer.echo("\n".join(lines))


def frameworks_validate(files: Annotated[list[Path], typer.Argument(help="ไฟล์ YAML ที่จะตรวจ")]) -> None:
    """ตรวจไฟล์กรอบการประเมินของท่าน / validate your own framework files."""
    from prongsai.core.frameworks import load_framework_file

    bad = 0
    for path in files:
        try:
            f = load_framework_file(path, _app.registry())
            typer.echo(_app.t(f"ถูกต้อง: {path} (ปีงบประมาณ {f.fiscal_year})", f"valid: {path} (FY{f.fiscal_year})"))
        except ProngsaiError as exc:
            bad += 1
            typer.echo(exc.message(_app.State.lang), err=True)
    if bad:
        raise typer.Exit(1)


def register(frameworks_app: typer.Typer) -> None:
    """Add the commands to the `frameworks` sub-app."""
    frameworks_app.command("list")(frameworks_list)
    frameworks_app.command("show")(frameworks_show)
    frameworks_app.command("validate")(frameworks_validate)
    frameworks_app.command("import")(frameworks_import)
    frameworks_app.command("diff")(frameworks_diff)
    frameworks_app.command("export")(frameworks_export)
