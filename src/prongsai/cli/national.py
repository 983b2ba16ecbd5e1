"""`prongsai national` and `prongsai synth`: national/provincial analytics of ITA results, synthetic years.

    prongsai synth --fy 2567 --fy 2568 --out national.parquet      # synthetic results (seeded)
    prongsai national national.parquet                               # the latest year, the nation
    prongsai national national.parquet --province นราธิวาส --fy 2568 --json
    prongsai national national.parquet --agency 42                   # an agency's percentiles among peers

FILE is a .parquet or .csv with one row per agency and year (see prongsai.core.national). Exit codes:
0 done; 2 an input could not be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prongsai.cli import _app
from prongsai.core.errors import ProngsaiError


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def national(
    file: Annotated[Path, typer.Argument(help="ผลการประเมินรายหน่วยงาน .parquet หรือ .csv / results file")],
    province: Annotated[str | None, typer.Option("--province", help="จังหวัด / one province")] = None,
    fy: Annotated[int | None, typer.Option("--fy", help="ปีงบประมาณ (ค่าตั้งต้น: ปีล่าสุด) / fiscal year")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="รหัสหน่วยงาน: ตำแหน่งเทียบกลุ่ม / agency id")] = None,
    top: Annotated[int, typer.Option("--top", help="จำนวนอันดับที่แสดง / rows of the ranking")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="แสดงผลเป็น JSON / JSON output")] = False,
) -> None:
    """วิเคราะห์ผลระดับจังหวัดและประเทศ / provincial and national analytics."""
    from prongsai.core.national import agency_percentile, load_results, summary

    cli = _app
    try:
        frame = load_results(file)
        if agency is not None:
            year = fy or int(frame.get_column("fiscal_year").max())
            data = agency_percentile(frame, agency, year)
            if as_json:
                cli.emit_json({"fiscal_year": year, **data})
                return
            typer.echo(
                _t(
                    f"หน่วยงาน {data['agency_id']} ({data['agency_type']}, {data['province']}) ปี {year}:"
                    f" {data['overall']:.2f} {data['level']}; เปอร์เซ็นไทล์ ประเทศ {data['pct_national']}"
                    f" ประเภทเดียวกัน {data['pct_type']} จังหวัดเดียวกัน {data['pct_province']}",
                    f"agency {data['agency_id']} ({data['agency_type']}, {data['province']}) FY{year}:"
                    f" {data['overall']:.2f} {data['level']}; percentile national {data['pct_national']},"
                    f" same type {data['pct_type']}, same province {data['pct_province']}",
                )
            )
            return
        data = summary(frame, fiscal_year=fy, province=province, top=top)
    except ProngsaiError as exc:
        cli.fail(exc)
        return
    if as_json:
        cli.emit_json(data)
        return
    where = data["province"] or _t("ทั้งประเทศ", "national")
    typer.echo(
        f"{_t('ปีงบประมาณ', 'FY')} {data['fiscal_year']} - {where}: {data['agencies']:,} {_t('หน่วยงาน', 'agencies')}"
    )
    typer.echo(
        f"  {_t('คะแนนเฉลี่ย', 'mean')} {data['mean']:.2f}, {_t('มัธยฐาน', 'median')} {data['median']:.2f};"
        f" {_t('ผ่าน (≥ 85)', 'passing (>= 85)')} {data['passing']:.2%}"
        f" ({_t('เป้าหมาย', 'target')} {data['national_target']:.0%}:"
        f" {_t('ถึง' if data['meets_target'] else 'ไม่ถึง', 'met' if data['meets_target'] else 'not met')})"
    )
    typer.echo(
        "  " + _t("ตัวชี้วัด", "indicators") + ": " + ", ".join(f"{k}={v:.2f}" for k, v in data["indicators"].items())
    )
    typer.echo(
        "  " + _t("ระดับ", "levels") + ": " + ", ".join(f"{r['level']} {r['agencies']:,}" for r in data["levels"])
    )
    typer.echo(
        "  "
        + _t("ตัวชี้วัดที่อ่อนที่สุดบ่อยที่สุด", "most common weakest indicator")
        + ": "
        + ", ".join(f"{r['weakest']} ({r['agencies']:,})" for r in data["weakest_indicator"][:3])
    )
    yoy = data["year_on_year"]
    if yoy:
        a = yoy["agencies"]
        typer.echo(
            f"  {_t('เทียบปี', 'vs FY')} {yoy['previous_year']}: {yoy['mean_change']:+.2f},"
            f" {_t('ผ่าน', 'passing')} {yoy['passing_change']:+.2%};"
            f" {_t('ดีขึ้น', 'improved')} {a['improved']:,}, {_t('ลดลง', 'declined')} {a['declined']:,}"
        )
    typer.echo("  " + _t("อันดับ", "ranking") + ":")
    for r in data["ranking"]:
        name = r.get("province") or r.get("agency_id")
        score = r.get("mean", r.get("overall"))
        typer.echo(f"    {r['rank']:>4}  {name}  {score:.2f}")


def synth(
    fy: Annotated[list[int], typer.Option("--fy", help="ปีงบประมาณ (ซ้ำได้) / fiscal year, repeatable")],
    out: Annotated[Path, typer.Option("--out", help="ไฟล์ .parquet หรือ .csv / output file")],
    agencies: Annotated[int, typer.Option("--agencies", help="จำนวนหน่วยงาน / number of agencies")] = 8_300,
    seed: Annotated[int, typer.Option("--seed")] = 1,
) -> None:
    """สร้างผลการประเมินสังเคราะห์ระดับประเทศ / synthetic national results (not real data)."""
    from prongsai.core.synthetic import generate_years

    cli = _app
    try:
        frame = generate_years(sorted(set(fy)), n_agencies=agencies, seed=seed)
    except ProngsaiError as exc:
        cli.fail(exc)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        frame.write_csv(out)
    else:
        frame.write_parquet(out)
    typer.echo(
        _t(f"เขียน {frame.height:,} แถว (ข้อมูลสังเคราะห์) ลง {out}", f"wrote {frame.height:,} rows (synthetic) to {out}")
    )


def register(app: typer.Typer) -> None:
    """Add `national` and `synth` to the main app."""
    app.command("national")(national)
    app.command("synth")(synth)
