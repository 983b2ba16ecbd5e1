"""`prongsai report`: the analysis, the measures, a news item or a memo as DOCX or PDF.

    prongsai report results.json --kind measures --format pdf --out measures.pdf \\
        --agency-name องค์การบริหารส่วนตำบลโละจูด --district แว้ง --province นราธิวาส \\
        --unit สำนักปลัด --unit กองคลัง --unit กองช่าง --signer "นายสมชาย ใจดี" --date 2024-10-15

INPUT is a results JSON (what `prongsai score --json` prints, or `prongsai parse --json` for one file) or any
document `prongsai parse` reads (.txt .docx .pdf .html). Options give what the results do not hold. Thai by
default (`--lang en` for English messages). Exit codes: 0 written; 2 an input could not be used.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prongsai.cli import _app
from prongsai.core.errors import DocumentError, ProngsaiError
from prongsai.core.thai import format_score, to_arabic_digits

if TYPE_CHECKING:
    from prongsai.core.frameworks import FrameworkRegistry
    from prongsai.core.pipeline import LoadedResults

KIND_CHOICES = ("analysis", "measures", "news", "memo", "development", "minutes")
MEETING_CHOICES = ("development", "minutes")  # made from a meeting file (--meeting), core.pipeline.meetings
MAX_MEETING_BYTES = 1_000_000
FORMAT_CHOICES = ("docx", "pdf")
DIGIT_CHOICES = ("thai", "arabic")
MAX_JSON_BYTES = 20_000_000


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    value = value.strip().lower()
    if value not in choices:
        raise ProngsaiError(
            f"{option} ต้องเป็น {' หรือ '.join(choices)} (ได้ '{value}')",
            f"{option} must be one of {', '.join(choices)} (got '{value}')",
        )
    return value


def parse_day(text: str) -> date:
    """2024-10-15 (C.E.) or 2567-10-15 (B.E., a year from 2400); Thai digits allowed."""
    raw = to_arabic_digits(text.strip())
    try:
        year, month, day = (int(x) for x in raw.split("-"))
        if year >= 2400:
            year -= 543
        return date(year, month, day)
    except ValueError:
        raise ProngsaiError(
            f"วันที่ '{text}' ไม่ถูกต้อง ให้เขียนเป็น ปี-เดือน-วัน เช่น 2567-10-15 (พ.ศ.) หรือ 2024-10-15 (ค.ศ.)",
            f"bad date '{text}': write YYYY-MM-DD, e.g. 2024-10-15 (or 2567-10-15 in B.E.)",
        ) from None


def load_input(path: Path, registry: FrameworkRegistry, *, complete: bool = True) -> LoadedResults:
    """A results JSON (score or parse shape) or a document that `parse` reads."""
    from prongsai.core.pipeline import results_from_json, results_from_parsed

    if not path.is_file():
        raise DocumentError(f"ไม่พบไฟล์ {path}", f"{path}: no such file")
    if path.suffix.lower() == ".json":
        if path.stat().st_size > MAX_JSON_BYTES:
            raise DocumentError(f"{path}: ไฟล์ JSON ใหญ่เกินไป", f"{path}: the JSON file is too large")
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DocumentError(
                f"{path}: อ่าน JSON ไม่ได้ ({exc})", f"{path}: not valid JSON ({exc})"
            ) from None
        return results_from_json(data, registry, source=str(path), complete=complete)
    from prongsai.core.documents.parse import parse_text
    from prongsai.core.documents.read import read_document

    extracted = read_document(path)
    doc = parse_text(extracted.text, str(path), registry=registry).document
    return results_from_parsed(doc, registry, source=str(path), complete=complete)


def report(
    input_file: Annotated[
        Path, typer.Argument(metavar="INPUT", help="ผลการประเมิน JSON (score/parse) หรือเอกสาร / results or a document")
    ],
    kind: Annotated[str, typer.Option("--kind", help="analysis | measures | news | memo | development | minutes")],
    out: Annotated[Path, typer.Option("--out", help="ไฟล์ที่จะเขียน / the file to write")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="docx | pdf (ค่าเริ่มต้นตามนามสกุลของ --out)")
    ] = None,
    digits: Annotated[str, typer.Option("--digits", help="thai | arabic (เลขไทยหรือเลขอารบิก)")] = "thai",
    agency_name: Annotated[str | None, typer.Option("--agency-name", help="ชื่อหน่วยงานเต็ม")] = None,
    agency_type: Annotated[
        str | None, typer.Option("--agency-type", help="ประเภท เช่น องค์การบริหารส่วนตำบล (ถ้าชื่อไม่มีประเภทนำหน้า)")
    ] = None,
    district: Annotated[str | None, typer.Option("--district", help="อำเภอ")] = None,
    province: Annotated[str | None, typer.Option("--province", help="จังหวัด")] = None,
    website: Annotated[str | None, typer.Option("--website", help="เว็บไซต์หลักของหน่วยงาน")] = None,
    unit: Annotated[
        list[str] | None, typer.Option("--unit", help="ส่วนราชการของหน่วยงาน (ใช้ซ้ำได้) เช่น สำนักปลัด, กองคลัง")
    ] = None,
    signer: Annotated[str | None, typer.Option("--signer", help="ชื่อผู้บริหารที่ลงนาม")] = None,
    signer_position: Annotated[
        str | None, typer.Option("--signer-position", help="ตำแหน่งผู้ลงนาม (ค่าเริ่มต้น: นายก + ชื่อหน่วยงาน)")
    ] = None,
    coordinator: Annotated[
        str | None, typer.Option("--coordinator", help="ชื่อผู้เสนอบันทึกข้อความ (เจ้าหน้าที่ผู้ประสานงาน)")
    ] = None,
    coordinator_position: Annotated[
        str | None, typer.Option("--coordinator-position", help="ตำแหน่งผู้เสนอบันทึกข้อความ")
    ] = None,
    coordinator_unit: Annotated[
        str | None, typer.Option("--coordinator-unit", help="ส่วนราชการที่ประสานงานมาตรการ (ค่าเริ่มต้นจากแผน)")
    ] = None,
    memo_number: Annotated[str | None, typer.Option("--memo-number", help="เลขที่หนังสือของบันทึกข้อความ")] = None,
    plan_fy: Annotated[
        int | None, typer.Option("--plan-fy", help="ปีงบประมาณของมาตรการ (ค่าเริ่มต้น: ปีของผล + 1)")
    ] = None,
    day: Annotated[
        str | None, typer.Option("--date", help="วันที่ของเอกสาร เช่น 2567-10-15 หรือ 2024-10-15 (ค่าเริ่มต้น: วันนี้)")
    ] = None,
    history: Annotated[
        list[Path] | None, typer.Option("--history", help="ผลของปีก่อน ๆ (JSON หรือเอกสาร ใช้ซ้ำได้)")
    ] = None,
    max_measures: Annotated[int, typer.Option("--max-measures", help="จำนวนมาตรการสูงสุดในร่าง")] = 10,
    lang: Annotated[str | None, typer.Option("--lang", help="th หรือ en (ภาษาของข้อความ)")] = None,
    meeting: Annotated[
        Path | None,
        typer.Option("--meeting", help="ไฟล์ YAML การประชุมคณะทำงาน (สำหรับ development และ minutes)"),
    ] = None,
) -> None:
    """เขียนเอกสาร ITA: การวิเคราะห์ผล มาตรการ ข่าว หรือบันทึกข้อความ เป็น DOCX/PDF / write an ITA document."""
    cli = _app
    if lang is not None:
        if lang not in ("th", "en"):
            typer.echo("--lang ต้องเป็น th หรือ en / --lang must be th or en", err=True)
            raise typer.Exit(2)
        cli.State.lang = lang
    from prongsai.core.pipeline import KIND_TH, ReportInput, build_report, prepare

    try:
        kind = _choice(kind, KIND_CHOICES, "--kind")
        digits = _choice(digits, DIGIT_CHOICES, "--digits")
        fmt = _choice(fmt or ("pdf" if out.suffix.lower() == ".pdf" else "docx"), FORMAT_CHOICES, "--format")
        if max_measures < 1:
            raise ProngsaiError("--max-measures ต้องอย่างน้อย 1", "--max-measures must be at least 1")
        registry = cli.registry()
        registry.years()  # a broken --framework file is a user error
        loaded = load_input(input_file, registry)
        earlier = [load_input(p, registry, complete=False).result for p in history or []]
        agency = loaded.agency
        name = agency_name or (agency.name if agency else None)
        if not name:
            raise ProngsaiError(
                f"{input_file}: ไม่มีชื่อหน่วยงาน ให้ระบุด้วย --agency-name",
                f"{input_file}: the agency's name is unknown; give --agency-name",
            )
        data = ReportInput(
            agency_name=name,
            agency_type=agency_type,
            district=district or (agency.district if agency and not agency_name else None),
            province=province or (agency.province if agency and not agency_name else None),
            website=website,
            units=list(unit or []),
            signer_name=signer,
            signer_position=signer_position,
            coordinator_unit=coordinator_unit,
            coordinator_name=coordinator,
            coordinator_position=coordinator_position,
            result=loaded.result,
            history=earlier,
            questions=loaded.questions,
            plan_fiscal_year=plan_fy,
            document_date=parse_day(day) if day else None,
            memo_number=memo_number,
            max_measures=max_measures,
        )
        analysis, plan = prepare(data, registry=registry)
        if kind in MEETING_CHOICES:
            doc = _meeting_document(kind, meeting, analysis, data, digits)
        else:
            doc = build_report(kind, analysis, plan, data, digits=digits)  # type: ignore[arg-type]
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "pdf":
            doc.to_pdf(out)
        else:
            doc.save(out)
    except ProngsaiError as exc:
        cli.fail(exc)
        return
    except OSError as exc:
        cli.fail(ProngsaiError(f"เขียนไฟล์ {out} ไม่ได้: {exc.strerror}", f"cannot write {out}: {exc.strerror}"))
        return
    from prongsai.core.pipeline.meetings import MEETING_KIND_TH

    what = {**KIND_TH, **MEETING_KIND_TH}[kind] if cli.State.lang == "th" else kind
    typer.echo(
        _t(
            f"เขียน{what} แล้ว: {out} (ผลการประเมินปีงบประมาณ {analysis.fiscal_year} คะแนนภาพรวม"
            f" {format_score(analysis.overall)} ระดับ {analysis.level}; มาตรการปีงบประมาณ {plan.fiscal_year}"
            f" {len(plan.measures)} มาตรการ)",
            f"Wrote the {kind} document: {out} (FY{analysis.fiscal_year} results, overall"
            f" {format_score(analysis.overall)}, level {analysis.level_en}; FY{plan.fiscal_year} plan,"
            f" {len(plan.measures)} measures)",
        )
    )
    if kind in ("measures", "memo") and plan.notes_th and cli.State.lang == "th":
        typer.echo("ข้อควรตรวจสอบก่อนเสนอผู้บริหาร:")
        for note in plan.notes_th:
            typer.echo(f"  - {note}")


def _meeting_document(kind: str, meeting: Path | None, analysis, data, digits: str):
    """The minutes or the development report from the meeting file (`core.pipeline.meetings`)."""
    from prongsai.core.pipeline.meetings import build_meeting_document, meeting_from_yaml

    if meeting is None:
        raise ProngsaiError(
            f"--kind {kind} ต้องระบุไฟล์การประชุมด้วย --meeting", f"--kind {kind} needs a meeting file (--meeting)"
        )
    if not meeting.is_file():
        raise DocumentError(f"ไม่พบไฟล์ {meeting}", f"{meeting}: no such file")
    if meeting.stat().st_size > MAX_MEETING_BYTES:
        raise DocumentError(f"{meeting}: ไฟล์การประชุมใหญ่เกินไป", f"{meeting}: the meeting file is too large")
    try:
        text = meeting.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{meeting}: ไฟล์ต้องเป็นข้อความ UTF-8", f"{meeting}: not UTF-8 text") from None
    parsed = meeting_from_yaml(text, analysis=analysis, source=str(meeting))
    return build_meeting_document(kind, analysis, parsed, data, digits=digits)  # type: ignore[arg-type]


def register(app: typer.Typer) -> None:
    """Add `report` to the main app."""
    app.command("report")(report)
