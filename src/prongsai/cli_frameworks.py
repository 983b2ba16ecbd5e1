"""Framework commands that write or compare files: `frameworks import`, `frameworks diff`, `frameworks export`.

`register(frameworks_app)` adds them to the `frameworks` sub-app of the main CLI. Thai by default (`--lang en`).
Errors exit with code 2 and write nothing: files are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prongsai.core.errors import FrameworkError, ProngsaiError

if TYPE_CHECKING:
    from prongsai.core.frameworks.schema import Framework


def _cli():  # the main CLI module, imported late (it imports this module's register)
    from prongsai import cli

    return cli


def _t(th: str, en: str) -> str:
    return _cli().t(th, en)


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

    again = framework_from_raw(yaml.safe_load(text), origin, _cli().registry())
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

    cli = _cli()
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
        return _cli().registry().get(int(digits)), f"ปีงบประมาณ {int(digits)}"
    return load_framework_file(Path(spec), _cli().registry()), Path(spec).name


def frameworks_diff(
    a: Annotated[str, typer.Argument(help="ปีงบประมาณหรือไฟล์ YAML ฉบับก่อน เช่น 2568")],
    b: Annotated[str, typer.Argument(help="ปีงบประมาณหรือไฟล์ YAML ฉบับหลัง เช่น 2569 หรือ my-2570.yaml")],
    json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
) -> None:
    """เปรียบเทียบกรอบการประเมินสองฉบับ / compare two frameworks (years or YAML files)."""
    from prongsai.core.frameworks.diff import diff_frameworks
    from prongsai.core.oit.checklist import carry_over_map

    cli = _cli()
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

    cli = _cli()
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


def register(frameworks_app: typer.Typer) -> None:
    """Add import, diff and export to the `frameworks` sub-app."""
    frameworks_app.command("import")(frameworks_import)
    frameworks_app.command("diff")(frameworks_diff)
    frameworks_app.command("export")(frameworks_export)
