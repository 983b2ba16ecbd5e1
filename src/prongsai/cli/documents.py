"""Document commands of the `prongsai` command line: parse, check, import, template.

`register(app)` adds them to the main Typer app. Thai by default (`--lang en` for English).
Exit codes: 0 fine; 1 `check` found an error; 2 an input could not be read (or another user error).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from prongsai.cli import _app
from prongsai.core.errors import DocumentError, ProngsaiError
from prongsai.core.places import place_th, strip_place_prefix
from prongsai.core.thai import format_score, pad

if TYPE_CHECKING:  # the document modules are imported when a command runs, not at start-up
    from prongsai.core.documents.check import CheckReport
    from prongsai.core.documents.model import ParsedDocument
    from prongsai.core.documents.parse import ParseResult
    from prongsai.core.frameworks import FrameworkRegistry

_SEVERITY = {
    "error": ("ข้อผิดพลาด", "error"),
    "warning": ("คำเตือน", "warning"),
    "info": ("ข้อสังเกต", "note"),
}
_MARK = {"error": "✗", "warning": "!", "info": "·"}


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def _error(exc: ProngsaiError) -> None:
    prefix = "error: " if _app.State.lang == "en" else "ข้อผิดพลาด: "
    typer.echo(prefix + exc.message(_app.State.lang), err=True)


def read_text(path: Path) -> str:
    """A document's text: any kind the reader supports (.txt, .docx, .pdf, .html). Raises DocumentError."""
    from prongsai.core.documents.read import read_document

    return read_document(path).text


def _ocr_progress(path: Path):
    """OCR progress on stderr (so that --json on stdout stays clean): one line updated in place on a terminal,
    a line per page otherwise."""
    import sys

    live = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        text = _t(f"อ่านภาพด้วย OCR: {path.name} หน้า {done}/{total}", f"OCR: {path.name} page {done}/{total}")
        if live:
            typer.echo("\r" + text + ("\n" if done == total else ""), err=True, nl=False)
        elif done:
            typer.echo(text, err=True)

    return show


def _read(path: Path, max_pages: int | None):
    """The document's text (scans read by OCR, with progress), or DocumentError."""
    from prongsai.core.documents.read import read_document

    return read_document(path, max_ocr_pages=max_pages, progress=_ocr_progress(path))


def _registry() -> FrameworkRegistry:
    """The frameworks (built-in and --framework files); a broken file is a user error (exit 2)."""
    registry = _app.registry()
    try:
        registry.years()
    except ProngsaiError as exc:
        _error(exc)
        raise typer.Exit(2) from None
    return registry


def _parse_files(
    files: list[Path], registry: FrameworkRegistry, max_pages: int | None = None
) -> tuple[list[ParseResult], bool]:
    from prongsai.core.documents.ocr_marks import mark_ocr
    from prongsai.core.documents.parse import parse_text

    results, unreadable = [], False
    for path in files:
        try:
            extracted = _read(path, max_pages)
        except ProngsaiError as exc:
            _error(exc)
            unreadable = True
            continue
        results.append(mark_ocr(parse_text(extracted.text, str(path), registry=registry), extracted))
    return results, unreadable


_MAX_PAGES_HELP = "หน้าที่อ่านด้วย OCR ได้มากที่สุดต่อไฟล์ (ค่าเริ่มต้น PRONGSAI_OCR_MAX_PAGES หรือ 50) / OCR page limit"


def _emit(items: list[dict[str, Any]], single: bool) -> None:
    _app.emit_json(items[0] if single and len(items) == 1 else items)


# --- parse -----------------------------------------------------------------------------------------------


def parse(
    files: Annotated[list[Path], typer.Argument(help="เอกสาร .txt .docx .pdf .html / documents to read")],
    json_out: Annotated[
        bool, typer.Option("--json", help="ผลเป็น JSON (หนึ่งออบเจกต์ต่อหน่วยงาน: รายการเมื่อมีหลายหน่วยงานหรือหลายไฟล์)")
    ] = False,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help=_MAX_PAGES_HELP)] = None,
) -> None:
    """อ่านผลการประเมิน ITA จากเอกสาร / read ITA results from documents.

    เอกสารที่แสดงผลของหลายหน่วยงาน (ตารางรายจังหวัด รายงานกลุ่ม) ให้ผลหนึ่งรายการต่อหน่วยงาน /
    a document listing several agencies gives one result per agency.
    """
    registry = _registry()
    results, unreadable = _parse_files(files, registry, max_pages)
    documents = [d for r in results for d in r.documents]
    if json_out:
        if documents:
            _emit([d.to_json_dict() for d in documents], single=len(files) == 1)
    else:
        for i, doc in enumerate(documents):
            if i:
                typer.echo("")
            _print_document(doc, registry)
    if unreadable:
        raise typer.Exit(2)


def _print_document(doc: ParsedDocument, registry: FrameworkRegistry) -> None:
    t = _t
    none = t("(ไม่ระบุ)", "(not stated)")
    out = [t(f"ไฟล์: {doc.source}", f"File: {doc.source}")]
    a = doc.agency
    english = ", ".join(
        f"{kind} {strip_place_prefix(value)}" for kind, value in (("district", a.district), ("province", a.province))
        if value
    )
    place = t(place_th(district=a.district, province=a.province), english)
    out.append(t("  หน่วยงาน: ", "  Agency: ") + (a.name or none) + (f" ({place})" if place else ""))
    out.append(t("  ผลการประเมินของปีงบประมาณ: ", "  Results of fiscal year: ") + str(doc.fiscal_year or none))
    out.append(t("  เอกสารสำหรับปีงบประมาณ: ", "  Document for fiscal year: ") + str(doc.document_year or none))
    score = format_score(doc.overall.score) if doc.overall.score is not None else none
    out.append(
        t(
            f"  คะแนนภาพรวม: {score}  ระดับ: {doc.overall.level or none}",
            f"  Overall: {score}  level: {doc.overall.level or none}",
        )
    )
    if doc.other_years:
        out.append(
            t("  ผลของปีอื่น: ", "  Other years: ")
            + "; ".join(
                f"{y.fiscal_year} {format_score(y.overall) if y.overall is not None else '-'}"
                + (f" {y.level}" if y.level else "")
                for y in doc.other_years
            )
        )
    if doc.instruments:
        out.append(
            t("  คะแนนรายเครื่องมือ: ", "  Instruments: ")
            + "  ".join(f"{k} {format_score(v)}" for k, v in doc.instruments.items())
        )
    if doc.indicators:
        names = _indicator_names(registry, doc.fiscal_year or doc.document_year)
        out.append(t("  คะแนนรายตัวชี้วัด:", "  Indicators:"))
        for key, value in doc.indicators.items():
            out.append(f"    {pad(key, 2, right=True)}. {pad(names.get(int(key), ''), 30)} {format_score(value):>7}")
    if doc.questions:
        out.append(t(f"  คะแนนรายข้อคำถาม: {len(doc.questions)} ข้อ", f"  Question scores: {len(doc.questions)}"))
        for q in doc.questions[:50]:
            where = " ".join(
                x for x in (q.instrument, q.indicator and t(f"ตัวชี้วัดที่ {q.indicator}", f"indicator {q.indicator}")) if x
            )
            text = q.text if len(q.text) <= 60 else q.text[:59] + "…"
            label = f"[{where}] " if where else ""
            code = f"{q.code} " if q.code else ""
            out.append(f"    {format_score(q.score):>7}  {label}{code}{text}")
    if doc.ocr:
        out.append(
            t(
                "  อ่านจากภาพสแกนด้วย OCR: กรุณาเทียบค่าที่อ่านได้กับต้นฉบับ",
                "  Read from a scan by OCR: compare the values with the original",
            )
        )
    typer.echo("\n".join(out))


def _indicator_names(registry: FrameworkRegistry, year: int | None) -> dict[int, str]:
    for y in ([year] if year else []) + list(reversed(registry.years())):
        try:
            fw = registry.get(y)
        except ProngsaiError:
            continue
        return {i.number: i.name_th if _app.State.lang == "th" else i.name_en for i in fw.indicators.items}
    return {}  # pragma: no cover


# --- check -----------------------------------------------------------------------------------------------


def check(
    files: Annotated[list[Path], typer.Argument(help="เอกสารที่จะตรวจ / documents to check")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help=_MAX_PAGES_HELP)] = None,
) -> None:
    """ตรวจความถูกต้องของเอกสาร ITA ก่อนเผยแพร่ / check ITA documents before publishing them.

    ออกด้วยรหัส 1 เมื่อพบข้อผิดพลาด, 2 เมื่ออ่านไฟล์ไม่ได้ / exit 1 on errors, 2 on unreadable input.
    ข้อความที่อ่านจากภาพสแกน (OCR) ที่น่าจะอ่านผิดเป็นข้อสังเกต [ocr-suspect] ไม่ใช่คำสะกดผิด /
    text read from a scan that looks misread is a note [ocr-suspect], not a misspelling.
    """
    from prongsai.core.documents.check import check_parsed

    registry = _registry()
    results, unreadable = _parse_files(files, registry, max_pages)
    reports = [check_parsed(r, registry=registry) for r in results]
    if json_out:
        if reports:
            _emit([rep.to_json_dict() for rep in reports], single=len(files) == 1)
    else:
        for i, rep in enumerate(reports):
            if i:
                typer.echo("")
            _print_report(rep)
    if unreadable:
        raise typer.Exit(2)
    if any(rep.errors for rep in reports):
        raise typer.Exit(1)


def _print_report(rep: CheckReport) -> None:
    t, en = _t, _app.State.lang == "en"
    result = rep.result
    out = [t(f"ไฟล์: {rep.source}", f"File: {rep.source}")]
    if result is not None and result.document.ocr:
        out.append(t("  (อ่านจากภาพสแกนด้วย OCR)", "  (read from a scan by OCR)"))
    if not rep.findings:
        out.append(t("  ไม่พบปัญหา", "  No problems found."))
    for finding, message_en in zip(rep.findings, rep.messages_en, strict=True):
        label = _SEVERITY[finding.severity][1 if en else 0]
        where = ""
        if finding.evidence and result is not None:
            lines = sorted({result.line_of(e.start) for e in finding.evidence})
            shown = ", ".join(map(str, lines[:6])) + ("…" if len(lines) > 6 else "")
            where = t(f" บรรทัด {shown}", f" line {shown}")
        out.append(f"  {_MARK[finding.severity]} {label} [{finding.code}]{where}")
        out.append(f"      {message_en if en else finding.message}")
        if result is not None:
            for e in finding.evidence[:3]:
                quote = result.snippet(e.start, e.end)
                out.append(
                    t(
                        f"      บรรทัด {result.line_of(e.start)}: “{quote}”",
                        f"      line {result.line_of(e.start)}: “{quote}”",
                    )
                )
            if len(finding.evidence) > 3:
                more = len(finding.evidence) - 3
                out.append(t(f"      … และอีก {more} แห่ง", f"      … and {more} more"))
        if finding.expected is not None:
            expected = format_score(finding.expected) if isinstance(finding.expected, float) else finding.expected
            out.append(t(f"      ควรเป็น: {expected}", f"      should be: {expected}"))
    out.append(
        t(
            f"  สรุป: ข้อผิดพลาด {rep.count('error')} คำเตือน {rep.count('warning')} ข้อสังเกต {rep.count('info')}",
            f"  Summary: {rep.count('error')} errors, {rep.count('warning')} warnings, {rep.count('info')} notes",
        )
    )
    typer.echo("\n".join(out))


# --- import / template -----------------------------------------------------------------------------------


def _template_module():
    try:
        from prongsai.core.documents import template
    except ImportError:
        raise DocumentError(
            "ยังไม่มีตัวนำเข้าแม่แบบผลการประเมินในรุ่นนี้", "the results-template import is not available in this build"
        ) from None
    return template


def import_(
    file: Annotated[Path, typer.Argument(help="ไฟล์แม่แบบผลการประเมิน .xlsx หรือ .csv / a results template")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON (รายการ ParsedDocument)")] = False,
) -> None:
    """นำเข้าผลการประเมินจากแม่แบบ Excel/CSV / import results from an Excel or CSV template."""
    from prongsai.core.documents.check import check_results

    registry = _app.registry()
    try:
        docs = _template_module().import_results(file)
    except ProngsaiError as exc:
        _error(exc)
        raise typer.Exit(2) from None
    if json_out:
        _app.emit_json([d.to_json_dict() for d in docs])
        return
    t = _t
    typer.echo(t(f"นำเข้า {len(docs)} รายการจาก {file}", f"Imported {len(docs)} rows from {file}"))
    for doc in docs:
        score = format_score(doc.overall.score) if doc.overall.score is not None else "-"
        typer.echo(
            f"  {doc.agency.name or '-'}  {t('ปีงบประมาณ', 'FY')} {doc.fiscal_year or '-'}"
            f"  {score}  {doc.overall.level or '-'}"
        )
        rep = check_results(doc, registry=registry)
        for finding, message_en in zip(rep.findings, rep.messages_en, strict=True):
            label = _SEVERITY[finding.severity][1 if _app.State.lang == "en" else 0]
            typer.echo(
                f"    {_MARK[finding.severity]} {label} [{finding.code}] "
                f"{message_en if _app.State.lang == 'en' else finding.message}"
            )


def template(
    out: Annotated[Path, typer.Argument(help="ไฟล์ที่จะเขียน .xlsx หรือ .csv / the file to write")],
    fy: Annotated[int | None, typer.Option("--fy", help="ปีงบประมาณ พ.ศ. เช่น 2568")] = None,
) -> None:
    """เขียนแม่แบบกรอกผลการประเมิน / write a blank results template to fill in."""
    try:
        _template_module().export_template(out, fiscal_year=fy)
    except ProngsaiError as exc:
        _error(exc)
        raise typer.Exit(2) from None
    typer.echo(_t(f"เขียนแม่แบบแล้ว: {out}", f"Template written: {out}"))


def register(app: typer.Typer) -> None:
    """Add parse, check, import and template to the main app."""
    app.command("parse")(parse)
    app.command("check")(check)
    app.command("import")(import_)
    app.command("template")(template)
