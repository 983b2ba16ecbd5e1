"""OIT commands of the `prongsai` command line: oit-check (the main-website checker) and oit-checklist.

`register(app)` adds them to the main Typer app. Thai by default (`--lang en` for English labels).
Exit codes of oit-check: 0 no item missing; 1 at least one item missing; 2 the check could not run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prongsai.cli import _app
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import pad

if TYPE_CHECKING:
    from prongsai.core.frameworks.schema import Framework
    from prongsai.core.oit.checker import SiteReport
    from prongsai.core.oit.checklist import Checklist

_MARK = {"found": "✓", "doubtful": "?", "missing": "✗"}
_VERDICT_EN = {"found": "found", "doubtful": "doubtful", "missing": "missing"}


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def _error(exc: ProngsaiError) -> None:
    prefix = "error: " if _app.State.lang == "en" else "ข้อผิดพลาด: "
    typer.echo(prefix + exc.message(_app.State.lang), err=True)


def _framework(fy: int) -> Framework:
    try:
        framework = _app.registry().get(fy)
    except ProngsaiError as exc:
        _error(exc)
        raise typer.Exit(2) from None
    _app.warn_if_provisional(framework)
    return framework


def _run_check(url: str, framework: Framework, **config) -> SiteReport:
    from prongsai.core.oit.checker import check_site_sync
    from prongsai.core.oit.crawler import CrawlConfig

    try:
        return check_site_sync(url, framework, config=CrawlConfig(**config))
    except ProngsaiError as exc:
        _error(exc)
        raise typer.Exit(2) from None


# --- oit-check ---------------------------------------------------------------------------------------------


def oit_check(
    url: Annotated[str, typer.Argument(help="เว็บไซต์หลักของหน่วยงาน เช่น https://www.example.go.th")],
    fy: Annotated[int, typer.Option("--fy", help="ปีงบประมาณ พ.ศ. ที่ประเมิน เช่น 2568")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="เขียนรายงาน HTML ลงไฟล์นี้")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="เขียนรายงาน PDF ลงไฟล์นี้ (ต้องมี LibreOffice)")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, help="จำนวนหน้าเว็บสูงสุดที่ตรวจ")] = 300,
    max_files: Annotated[int, typer.Option("--max-files", min=0, help="จำนวนไฟล์สูงสุดที่ดาวน์โหลดตรวจ")] = 300,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=32, help="จำนวนคำขอพร้อมกัน")] = 8,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="วินาทีต่อคำขอ")] = 15.0,
    max_mb: Annotated[float, typer.Option("--max-mb", min=0.01, help="ขนาดสูงสุดต่อไฟล์ (MB)")] = 10.0,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="ยอมตรวจเว็บไซต์ในเครือข่ายภายใน (intranet, 127.0.0.1)")
    ] = False,
    contact: Annotated[
        str | None, typer.Option("--contact", help="ช่องทางติดต่อที่ใส่ใน User-Agent เช่น mailto:it@example.go.th")
    ] = None,
) -> None:
    """ตรวจเว็บไซต์หลักตามข้อ OIT ของปีงบประมาณ / check the main website against the year's OIT items.

    ออกด้วยรหัส 1 เมื่อมีข้อที่ไม่พบ, 2 เมื่อตรวจไม่ได้ / exit 1 when an item is missing, 2 when the check fails.
    """
    framework = _framework(fy)
    report = _run_check(
        url, framework, max_pages=max_pages, max_files=max_files, concurrency=concurrency, timeout=timeout,
        max_bytes=int(max_mb * 1_000_000), max_text_bytes=int(max_mb * 1_000_000), allow_private=allow_private,
        contact=contact,
    )
    if html is not None:
        from prongsai.core.oit.report import render_html

        html.write_text(render_html(report), encoding="utf-8")
    if pdf is not None:
        from prongsai.core.oit.report import render_pdf

        try:
            render_pdf(report, pdf)
        except ProngsaiError as exc:
            _error(exc)
            raise typer.Exit(2) from None
    if json_out:
        _app.emit_json(report.to_json_dict())
    else:
        _print_report(report)
    if any(i.verdict == "missing" for i in report.items):
        raise typer.Exit(1)


def _print_report(report: SiteReport) -> None:
    from prongsai.core.oit.checker import FIX_PREFIX, VERDICT_TH

    t = _t
    en = _app.State.lang == "en"
    rt = report.response_times
    out = [
        t(f"เว็บไซต์: {report.site}  ปีงบประมาณ {report.fiscal_year}", f"Site: {report.site}  FY{report.fiscal_year}"),
        t(
            f"HTTPS: {'ใช้' if report.https else 'ไม่ใช้'} ({report.https_note})",
            f"HTTPS: {'yes' if report.https else 'no'} ({report.https_note})",
        ),
        t(
            f"ตรวจ {report.pages_crawled} หน้า {report.files_checked} ไฟล์ ใน {report.seconds:.1f} วินาที"
            f" · หน้าหลักตอบใน {rt.get('home_ms') or '-'} ms · เฉลี่ย {rt.get('mean_ms') or '-'} ms",
            f"Checked {report.pages_crawled} pages and {report.files_checked} files in {report.seconds:.1f} s"
            f" · home {rt.get('home_ms') or '-'} ms · mean {rt.get('mean_ms') or '-'} ms",
        ),
        "",
    ]
    for item in report.items:
        verdict = _VERDICT_EN[item.verdict] if en else VERDICT_TH[item.verdict]
        title = item.title if len(item.title) <= 50 else item.title[:49] + "…"
        out.append(f"  {_MARK[item.verdict]} {pad(item.code.upper(), 4)} {pad(title, 50)} {verdict}")
        if item.verdict != "found":
            out += [f"      - {r}" for r in item.reasons]
            out += [f"      → {FIX_PREFIX}{f}" for f in item.fixes]
        elif item.urls:
            out.append(f"      {item.urls[0]}")
    counts = report.counts()
    out.append("")
    if report.broken_links:
        out.append(t(f"ลิงก์เสีย ({len(report.broken_links)}):", f"Broken links ({len(report.broken_links)}):"))
        out += [f"  {u}" for u in report.broken_links[:30]]
    out += [f"  {n}" for n in report.notes]
    out.append(
        t(
            f"สรุป: พบ {counts['found']} น่าสงสัย {counts['doubtful']} ไม่พบ {counts['missing']}",
            f"Summary: {counts['found']} found, {counts['doubtful']} doubtful, {counts['missing']} missing",
        )
    )
    typer.echo("\n".join(out))


# --- oit-checklist -----------------------------------------------------------------------------------------


def oit_checklist(
    fy: Annotated[int, typer.Option("--fy", help="ปีงบประมาณ พ.ศ. เช่น 2568")],
    json_out: Annotated[bool, typer.Option("--json", help="รายการตรวจเป็น JSON")] = False,
    itas_export: Annotated[
        Path | None, typer.Option("--itas-export", help="ส่งออกตาราง ITAS (ข้อ, มี/ไม่มี, URL, คำอธิบาย) .csv หรือ .xlsx")
    ] = None,
    site: Annotated[
        str | None, typer.Option("--site", help="ตรวจเว็บไซต์หลักนี้ก่อน แล้วเติม URL วิธีเข้าถึง และส่วนประกอบที่พบ")
    ] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="ชื่อหน่วยงาน")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="ใช้กับ --site ในเครือข่ายภายใน")] = False,
) -> None:
    """รายการตรวจข้อ OIT ของปีงบประมาณ / the year's OIT checklist (items, required parts, ITAS export)."""
    from prongsai.core.oit.checklist import apply_site_report, build_checklist
    from prongsai.core.oit.checklist import itas_export as export

    framework = _framework(fy)
    checklist = build_checklist(framework, agency=agency, main_site=site)
    if site:
        report = _run_check(site, framework, allow_private=allow_private)
        apply_site_report(checklist, report, mark_published=True)
    if itas_export is not None:
        try:
            export(checklist, itas_export)
        except ProngsaiError as exc:
            _error(exc)
            raise typer.Exit(2) from None
    if json_out:
        _app.emit_json(checklist.to_json_dict())
    else:
        _print_checklist(checklist)
        if itas_export is not None:
            typer.echo(_t(f"ส่งออกตาราง ITAS แล้ว: {itas_export}", f"ITAS table written: {itas_export}"))


def _print_checklist(checklist: Checklist) -> None:
    from prongsai.core.oit.checklist import STATUS_TH

    t = _t
    out = [t(f"รายการตรวจ OIT ปีงบประมาณ {checklist.fiscal_year}", f"OIT checklist, FY{checklist.fiscal_year}")]
    for it in checklist.items:
        out.append(f"  {pad(it.code.upper(), 4)} {it.title_th or t('(ยังไม่ทราบชื่อข้อ)', '(title unknown)')}"
                   f"  [{STATUS_TH[it.status]}]")
        if it.period != "any":
            out.append(f"       {t('ช่วงเวลา', 'period')}: {it.period_note_th}")
        for p in it.parts:
            mark = "✓" if p.done else "·"
            source = "" if p.basis == "source" else t(" (หลักการตรวจของระบบ)", " (heuristic)")
            out.append(f"       {mark} {p.name_th}{source}")
        if it.urls:
            out.append(f"       URL: {it.urls[0]}")
        if it.how_to_find:
            out.append(f"       {t('วิธีเข้าถึง', 'how to find')}: {it.how_to_find_text()}")
    typer.echo("\n".join(out))


# --- oit-sweep ---------------------------------------------------------------------------------------------


def oit_sweep(
    sites_file: Annotated[
        Path, typer.Argument(help="ไฟล์รายชื่อเว็บไซต์ บรรทัดละเว็บไซต์ (URL หรือ URL ตามด้วยปีงบประมาณ คั่นด้วย , หรือช่องว่าง)")
    ],
    fy: Annotated[int, typer.Option("--fy", help="ปีงบประมาณ พ.ศ. ของบรรทัดที่ไม่ได้ระบุปี")],
    out: Annotated[Path | None, typer.Option("--out", help="เขียนผล (JSON Lines) ลงไฟล์นี้แทนการพิมพ์")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=0, help="จำนวนโปรเซส (ค่าปริยาย: จำนวนแกน CPU)")] = None,
    per_worker: Annotated[int, typer.Option("--per-worker", min=1, help="เว็บไซต์ที่ตรวจพร้อมกันต่อโปรเซส")] = 25,
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, help="จำนวนหน้าเว็บสูงสุดที่ตรวจต่อเว็บไซต์")] = 300,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=32, help="คำขอพร้อมกันต่อเว็บไซต์")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="วินาทีต่อคำขอ")] = 15.0,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="ยอมตรวจเว็บไซต์ในเครือข่ายภายใน (intranet, 127.0.0.1)")
    ] = False,
    contact: Annotated[str | None, typer.Option("--contact", help="ช่องทางติดต่อที่ใส่ใน User-Agent")] = None,
) -> None:
    """ตรวจเว็บไซต์หลายแห่งพร้อมกันด้วยทุกแกน CPU / check many websites at once on every core.

    ผลหนึ่งบรรทัด JSON ต่อเว็บไซต์ ตามลำดับที่ตรวจเสร็จ / one JSON line per site, as each check finishes.
    ออกด้วยรหัส 2 เมื่ออ่านไฟล์ไม่ได้ / exit 2 when the file cannot be read."""
    import json

    from prongsai.core.oit.crawler import CrawlConfig
    from prongsai.core.oit.sweep import sweep_sites

    try:
        lines = sites_file.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        typer.echo(_t(f"อ่านไฟล์ไม่ได้: {exc}", f"cannot read the file: {exc}"), err=True)
        raise typer.Exit(2) from None
    sites = []
    for line in lines:
        parts = line.replace(",", " ").split()
        if not parts or parts[0].startswith("#"):
            continue
        year = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else fy
        sites.append((parts[0], year))
    config = CrawlConfig(
        max_pages=max_pages, concurrency=concurrency, timeout=timeout, allow_private=allow_private, contact=contact
    )
    counts = {"done": 0, "failed": 0}
    sink = out.open("w", encoding="utf-8") if out is not None else None
    try:
        for index, report, error in sweep_sites(sites, config=config, workers=workers, sites_per_worker=per_worker):
            url, year = sites[index]
            row: dict = {"index": index, "url": url, "fiscal_year": year}
            if report is not None:
                row["report"] = report.to_json_dict()
                counts["done"] += 1
            else:
                row["error"] = error[1] if _app.State.lang == "en" else error[0]
                counts["failed"] += 1
            text = json.dumps(row, ensure_ascii=False)
            if sink is not None:
                sink.write(text + "\n")
                sink.flush()
            else:
                typer.echo(text)
    finally:
        if sink is not None:
            sink.close()
    typer.echo(
        _t(f"ตรวจแล้ว {counts['done']} เว็บไซต์ ไม่สำเร็จ {counts['failed']}",
           f"checked {counts['done']} sites, {counts['failed']} failed"),
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add oit-check, oit-sweep and oit-checklist to the main app."""
    app.command("oit-check")(oit_check)
    app.command("oit-sweep")(oit_sweep)
    app.command("oit-checklist")(oit_checklist)
