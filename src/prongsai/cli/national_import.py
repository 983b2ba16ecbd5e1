"""`prongsai import-results`: bulk import of many agencies' results (one row per agency and year) into the database.

    prongsai import-results national.parquet             # validate the whole file, then write it in one transaction
    prongsai import-results results.csv --dry-run        # validate and say what would change; write nothing
    prongsai import-results results.xlsx --fy 2568 --json
    prongsai rebuild-national [--fy 2568]                # recompute the dashboards' stored figures

FILE is .csv (UTF-8), .xlsx or .parquet with the columns of prongsai.core.national (agency_id, province,
fiscal_year, ind_1 … ind_10; optional agency_name, agency_type, district, iit, eit, oit, overall, level). Every
bad row is listed with its line; nothing is written unless the whole file is good. Uses the database of
DJANGO_SETTINGS_MODULE (default prongsai.web.settings.local) or DATABASE_URL. Exit codes: 0 done; 1 the file
has errors; 2 it could not be read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from prongsai.cli import _app


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings.local")
    import django

    django.setup()


def import_results(
    file: Annotated[Path, typer.Argument(help="ผลการประเมินหลายหน่วยงาน .csv .xlsx หรือ .parquet / results file")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="ตรวจอย่างเดียว ไม่บันทึก / validate only")] = False,
    fy: Annotated[int | None, typer.Option("--fy", help="ทุกแถวต้องเป็นปีนี้ / every row must be this year")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="แสดงผลเป็น JSON / JSON output")] = False,
) -> None:
    """นำเข้าผลการประเมินหลายหน่วยงานลงฐานข้อมูล / bulk import of many agencies' results."""
    cli = _app
    if not file.is_file():
        typer.echo(_t(f"ข้อผิดพลาด: ไม่พบไฟล์ {file}", f"error: file not found: {file}"), err=True)
        raise typer.Exit(2)
    _django()
    from prongsai.apps.national.services import NationalImportRefused, national_results_apply, plan_frame
    from prongsai.apps.national.validate import FileRefused, validate

    try:
        checked = validate(file.read_bytes(), file.name, fiscal_year=fy)
    except FileRefused as exc:
        typer.echo(_t(f"ข้อผิดพลาด: {exc.th}", f"error: {exc.en}"), err=True)
        raise typer.Exit(2) from exc
    if not checked.ok:
        if as_json:
            cli.emit_json({"ok": False, "rows": checked.rows, "error_count": checked.error_count,
                           "errors": [{"line": e.line, "message": e.message} for e in checked.errors]})
        else:
            typer.echo(
                _t(
                    f"ไฟล์ {file.name} มีข้อผิดพลาด {checked.error_count:,} รายการ ไม่ได้บันทึกข้อมูลใด:",
                    f"{file.name} has {checked.error_count:,} error(s); nothing was saved:",
                ),
                err=True,
            )
            for line in checked.error_lines():
                typer.echo(f"  {line}", err=True)
        raise typer.Exit(1)
    try:
        if dry_run:
            _, counts = plan_frame(checked.frame)
            data = {"ok": True, "dry_run": True, **counts}
        else:
            outcome = national_results_apply(validated=checked, source_name=file.name)
            data = {"ok": True, "dry_run": False, **outcome.as_dict()}
    except NationalImportRefused as exc:
        typer.echo(_t(f"ข้อผิดพลาด: {exc.th}", f"error: {exc.en}"), err=True)
        raise typer.Exit(2) from exc
    if as_json:
        cli.emit_json(data)
        return
    if dry_run:
        typer.echo(
            _t(
                f"ตรวจแล้ว {data['rows']:,} แถว ถูกต้องทั้งหมด (ยังไม่บันทึก): หน่วยงานใหม่ {data['agencies_new']:,}"
                f" ผลใหม่ {data['results_create']:,} แก้ไข {data['results_update']:,} เหมือนเดิม {data['results_same']:,}",
                f"checked {data['rows']:,} rows, all valid (nothing saved): new agencies {data['agencies_new']:,},"
                f" new results {data['results_create']:,}, changed {data['results_update']:,},"
                f" unchanged {data['results_same']:,}",
            )
        )
        return
    typer.echo(
        _t(
            f"บันทึก {data['rows']:,} แถวแล้ว: หน่วยงานใหม่ {data['agencies_created']:,} ผลใหม่ {data['results_created']:,}"
            f" แก้ไข {data['results_updated']:,} เหมือนเดิม {data['results_unchanged']:,}",
            f"saved {data['rows']:,} rows: new agencies {data['agencies_created']:,},"
            f" new results {data['results_created']:,}, changed {data['results_updated']:,},"
            f" unchanged {data['results_unchanged']:,}",
        )
    )


def rebuild_national(
    fy: Annotated[list[int] | None, typer.Option("--fy", help="ปีงบประมาณ ใส่ซ้ำได้ / fiscal year(s)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="แสดงผลเป็น JSON / JSON output")] = False,
) -> None:
    """คำนวณตัวเลขภาพรวมจังหวัดและประเทศที่เก็บไว้ใหม่ / rebuild the dashboards' stored figures."""
    _django()
    from prongsai.apps.national.aggregates import rebuild

    done = rebuild(fy or None)
    if as_json:
        _app.emit_json({"ok": True, **done})
        return
    years = ", ".join(map(str, done["fiscal_years"])) or "-"
    typer.echo(_t(f"คำนวณใหม่แล้ว ปี {years}: {done['rows']:,} รายการ", f"rebuilt FY {years}: {done['rows']:,} rows"))


def register(app: typer.Typer) -> None:
    """Add `import-results` and `rebuild-national` to the main app."""
    app.command("import-results")(import_results)
    app.command("rebuild-national")(rebuild_national)
