"""Reading and validating a national results file (CSV, XLSX or Parquet) with Polars, the whole file at once.

One row per agency and fiscal year, with the columns of ``prongsai.core.national`` / ``core.synthetic``:
``agency_id`` (the stable code), ``agency_type``, ``province``, ``fiscal_year``, ``ind_1`` … ``ind_10``, and
optionally ``agency_name``, ``district``, ``iit``, ``eit``, ``oit``, ``overall``, ``level`` (``level_en`` and
``passed`` are ignored: the core computes them). Every check is a Polars expression over the whole frame; every
bad row is named by its line (CSV/XLSX: the header is line 1) or row (Parquet), in Thai.

Instruments, overall and level are computed with ``core.synthetic.score_frame`` (the core's rules in Polars,
the same rounding as ``core.scoring``); a given overall or instrument must agree within ±0.01, a given level
must be one of the year's levels and the one the scores reach. No Django here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import polars as pl

from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.national import INDICATOR_COLS, INSTRUMENT_COLS
from prongsai.core.synthetic import score_frame

REQUIRED = ("agency_id", "province", "fiscal_year", *INDICATOR_COLS)
OPTIONAL = ("agency_name", "agency_type", "district", *INSTRUMENT_COLS, "overall", "level")
TOLERANCE = 0.01
MAX_SHOWN = 200  # errors listed; the count says how many more


class FileRefused(Exception):
    """The file as a whole cannot be read (Thai ``th``, English ``en``)."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(th)
        self.th, self.en = th, en


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class Validated:
    frame: pl.DataFrame  # the good rows, typed, with computed iit/eit/oit/overall/level/passed/framework_origin
    rows: int
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    where: str = "บรรทัดที่"  # "แถวที่" for Parquet

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error_lines(self) -> list[str]:
        return [f"{self.where} {e.line}: {e.message}" for e in self.errors]


def _refuse_extra_cells(text: str, filename: str) -> None:
    """A CSV line with more cells than the header: ``FileRefused`` naming the line and column (Polars would only
    say the file is ragged). Most often a decimal comma (``97,10``) split a score in two; the message says so."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        width = len(header or [])
        for row in reader:
            if len(row) <= width:
                continue
            line = reader.line_num
            pair = next((i for i in range(len(row) - 1) if _WHOLE.fullmatch(row[i].strip())
                         and _CENTS.fullmatch(row[i + 1].strip())), None)
            hint = (f" อาจใช้จุลภาคแทนจุดทศนิยม ({row[pair].strip()},{row[pair + 1].strip()}) กรุณาใช้จุด เช่น "
                    f"{row[pair].strip()}.{row[pair + 1].strip()}" if pair is not None else
                    " ข้อความที่มีจุลภาค (,) ต้องอยู่ในเครื่องหมายคำพูด")
            raise FileRefused(
                f"ไฟล์ {filename} บรรทัดที่ {line}: มีช่องเกินมา ({len(row)} ช่อง หัวตารางมี {width} คอลัมน์){hint}",
                f"{filename} line {line}: {len(row)} cells but the header has {width} columns (a decimal comma?)",
            )
    except csv.Error:
        return  # Polars says the file cannot be read


_WHOLE = re.compile(r"[0-9]{1,3}")  # the whole part of a score 0–100 (not a year, not a code)
_CENTS = re.compile(r"[0-9]{1,2}")


def read_table(data: bytes, filename: str) -> tuple[pl.DataFrame, str, int]:
    """(frame of strings, "บรรทัดที่"/"แถวที่", number of the first data line). Kind from the content."""
    try:
        if data.startswith(b"PAR1"):
            frame, where, first = pl.read_parquet(io.BytesIO(data)), "แถวที่", 1
        elif data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if not any(n.startswith("xl/") for n in zf.namelist()):
                    raise FileRefused("ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx)", "not an .xlsx workbook")
            frame, where, first = pl.read_excel(io.BytesIO(data), engine="openpyxl", infer_schema_length=0), "บรรทัดที่", 2
        else:
            text = data.decode("utf-8-sig")
            _refuse_extra_cells(text, filename)
            frame = pl.read_csv(io.StringIO(text), infer_schema=False, truncate_ragged_lines=False)
            where, first = "บรรทัดที่", 2
    except FileRefused:
        raise
    except UnicodeDecodeError as exc:
        raise FileRefused(
            f"อ่านไฟล์ {filename} ไม่ได้: ไฟล์ CSV ต้องเข้ารหัส UTF-8", f"cannot read {filename}: CSV must be UTF-8"
        ) from exc
    except Exception as exc:  # polars/openpyxl errors: one clear refusal
        raise FileRefused(
            f"อ่านไฟล์ {filename} ไม่ได้ รองรับ .csv (UTF-8) .xlsx และ .parquet ที่มีแถวหัวตาราง",
            f"cannot read {filename} ({type(exc).__name__}): use .csv (UTF-8), .xlsx or .parquet with a header row",
        ) from exc
    names = [str(c).strip().lower() for c in frame.columns]
    if len(set(names)) != len(names):  # " IND_1" and "ind_1" would collide below
        raise FileRefused(f"ไฟล์ {filename} มีชื่อคอลัมน์ซ้ำกัน", f"{filename} has duplicate column names")
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise FileRefused(
            f"ไฟล์ {filename} ไม่มีคอลัมน์ {', '.join(missing)} (ต้องมี {', '.join(REQUIRED)})",
            f"{filename} lacks column(s) {', '.join(missing)}",
        )
    keep = [c for c in (*REQUIRED, *OPTIONAL) if c in frame.columns]
    frame = frame.select([pl.col(c).cast(pl.String).str.strip_chars() for c in keep])
    for c in OPTIONAL:
        if c not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c))
    frame = frame.with_columns(pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns)
    return frame.with_row_index("line", offset=first), where, first


def _num(col: str) -> pl.Expr:
    return pl.col(col).str.replace_all(",", "").cast(pl.Float64, strict=False)


def _errors(cond: pl.Expr, message: pl.Expr) -> pl.Expr:
    return pl.when(cond).then(message)


def validate(
    data: bytes,
    filename: str,
    *,
    fiscal_year: int | None = None,
    provinces: frozenset[str] | None = None,
    registry: FrameworkRegistry | None = None,
) -> Validated:
    """Read and check the whole file. ``fiscal_year``: every row must be of that year; ``provinces``: every row
    must be in one of them (a provincial viewer's import). Raises ``FileRefused`` when the file cannot be read."""
    raw, where, _ = read_table(data, filename)
    if raw.height == 0:
        raise FileRefused(f"ไฟล์ {filename} ไม่มีแถวข้อมูล", f"{filename} has no rows")
    registry = registry or framework_registry()
    known_years = [f.fiscal_year for f in registry.all()]
    frame = raw.with_columns(
        fy=pl.col("fiscal_year").cast(pl.Int32, strict=False),
        **{c: _num(c) for c in (*INDICATOR_COLS, *INSTRUMENT_COLS, "overall")},
        **{f"{c}__raw": pl.col(c) for c in (*INDICATOR_COLS, *INSTRUMENT_COLS, "overall")},
    )
    checks: list[pl.Expr] = [
        _errors(pl.col("agency_id").is_null(), pl.lit("ไม่มีรหัสหน่วยงาน (agency_id)")),
        _errors(pl.col("province").is_null(), pl.lit("ไม่มีชื่อจังหวัด (province)")),
        _errors(
            pl.col("fy").is_null(),
            pl.format("ปีงบประมาณ “{}” ต้องเป็นปี พ.ศ. เช่น 2568", pl.col("fiscal_year").fill_null("")),
        ),
        _errors(
            pl.col("fy").is_not_null() & ~pl.col("fy").is_in(known_years),
            pl.format(
                "ไม่มีกรอบการประเมินของปีงบประมาณ {} (ระบบมีปี {})",
                pl.col("fy"),
                pl.lit(", ".join(map(str, known_years))),
            ),
        ),
    ]
    if fiscal_year is not None:
        checks.append(
            _errors(
                pl.col("fy").is_not_null() & (pl.col("fy") != fiscal_year),
                pl.format("ปีงบประมาณ {} ไม่ตรงกับปีที่เลือกนำเข้า ({})", pl.col("fy"), pl.lit(fiscal_year)),
            )
        )
    if provinces is not None:
        checks.append(
            _errors(
                pl.col("province").is_not_null() & ~pl.col("province").is_in(sorted(provinces)),
                pl.format(
                    "ท่านนำเข้าได้เฉพาะจังหวัดที่ได้รับสิทธิ์ ไม่รวม{}",
                    pl.when(pl.col("province").str.starts_with("กรุงเทพ"))
                    .then(pl.col("province"))
                    .otherwise(pl.concat_str(pl.lit("จังหวัด"), pl.col("province"))),
                ),
            )
        )
    for c in (*INDICATOR_COLS, *INSTRUMENT_COLS, "overall"):
        n = c.removeprefix("ind_")
        label = {"iit": "คะแนน IIT", "eit": "คะแนน EIT", "oit": "คะแนน OIT", "overall": "คะแนนรวม"}.get(
            c, f"ตัวชี้วัดที่ {n}"
        )
        required = c in INDICATOR_COLS
        if required:
            checks.append(_errors(pl.col(f"{c}__raw").is_null(), pl.lit(f"{label}: ไม่มีคะแนน")))
        checks += [
            _errors(
                pl.col(f"{c}__raw").is_not_null() & pl.col(c).is_null(),
                pl.format(f"{label}: “{{}}” ไม่ใช่ตัวเลข", pl.col(f"{c}__raw")),
            ),
            _errors(
                pl.col(c).is_not_null() & ((pl.col(c) < 0) | (pl.col(c) > 100)),
                pl.format(f"{label}: คะแนน {{}} อยู่นอกช่วง 0–100", pl.col(f"{c}__raw")),
            ),
        ]
        if required:
            checks.append(
                _errors(
                    pl.col(c).is_not_null() & ((pl.col(c) * 100 - (pl.col(c) * 100).round()).abs() > 1e-6),
                    pl.format(f"{label}: คะแนน {{}} มีทศนิยมเกินสองตำแหน่ง", pl.col(f"{c}__raw")),
                )
            )
    first_line = pl.col("line").min().over("agency_id", "fy")
    checks.append(
        _errors(
            pl.col("agency_id").is_not_null() & pl.col("fy").is_not_null() & (pl.col("line") != first_line),
            pl.format(
                "รหัสหน่วยงาน {} ปีงบประมาณ {} ซ้ำกับ{} {}", pl.col("agency_id"), pl.col("fy"), pl.lit(where), first_line
            ),
        )
    )
    checked = frame.with_columns(errs=pl.concat_list(checks).list.drop_nulls())
    bad = checked.filter(pl.col("errs").list.len() > 0).select("line", "errs")
    good = checked.filter(pl.col("errs").list.len() == 0)

    # Score the good rows with the core's rules, per fiscal year, then compare what the file gave.
    scored_parts, rule_errors = [], []
    for (fy,), part in good.partition_by("fy", as_dict=True).items():  # one per year, not per row
        framework = registry.get(int(fy))
        base = part.select(
            "line",
            "agency_id",
            "agency_name",
            "agency_type",
            "province",
            "district",
            pl.col("fy").alias("fiscal_year"),
            *INDICATOR_COLS,
            *[pl.col(c).alias(f"given_{c}") for c in (*INSTRUMENT_COLS, "overall", "level")],
        )
        scored = score_frame(base, framework).with_columns(framework_origin=pl.lit(framework.origin))
        labels = [r.label for r in framework.levels.rules]
        year_checks = [
            _errors(
                pl.col(f"given_{c}").is_not_null() & ((pl.col(f"given_{c}") - pl.col(c)).abs() > TOLERANCE + 1e-9),
                pl.format(
                    f"{name} {{}} ไม่ตรงกับที่คำนวณจากคะแนนตัวชี้วัด ({{}}) เกิน ±0.01",
                    pl.col(f"given_{c}").round(2),
                    pl.col(c).round(2),
                ),
            )
            for c, name in (("overall", "คะแนนรวม"), ("iit", "คะแนน IIT"), ("eit", "คะแนน EIT"), ("oit", "คะแนน OIT"))
        ]
        year_checks += [
            _errors(
                pl.col("given_level").is_not_null() & ~pl.col("given_level").is_in(labels),
                pl.format(
                    f"ระดับ “{{}}” ไม่มีในเกณฑ์ปีงบประมาณ {fy} (มี {', '.join(labels)})", pl.col("given_level")
                ),
            ),
            _errors(
                pl.col("given_level").is_in(labels) & (pl.col("given_level") != pl.col("level")),
                pl.format("ระดับ “{}” ไม่ตรงกับคะแนน (ตามเกณฑ์ได้ระดับ {})", pl.col("given_level"), pl.col("level")),
            ),
        ]
        scored = scored.with_columns(errs=pl.concat_list(year_checks).list.drop_nulls())
        rule_errors.append(scored.filter(pl.col("errs").list.len() > 0).select("line", "errs"))
        scored_parts.append(scored.filter(pl.col("errs").list.len() == 0))

    all_bad = pl.concat([bad, *rule_errors]).explode("errs").sort("line", maintain_order=True)
    errors = [RowError(int(line), msg) for line, msg in all_bad.head(MAX_SHOWN).iter_rows()]
    columns = [
        "agency_id", "agency_name", "agency_type", "province", "district", "fiscal_year", *INDICATOR_COLS,
        *INSTRUMENT_COLS, "overall", "level", "passed", "framework_origin",
    ]  # fmt: skip
    if scored_parts:
        clean = pl.concat([p.select(columns) for p in scored_parts]).sort("fiscal_year", "agency_id")
    else:
        clean = pl.DataFrame(schema={c: pl.String for c in columns}).head(0)
    return Validated(frame=clean, rows=raw.height, errors=errors, error_count=all_bad.height, where=where)
