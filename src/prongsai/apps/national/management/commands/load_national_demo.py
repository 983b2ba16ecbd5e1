"""``python -m prongsai.web.manage load_national_demo [--agencies N] [--fy 2567 --fy 2568] [--seed S]``.

SYNTHETIC national results (``core.synthetic``: not real data, distributions follow the published national
figures) for N fictional agencies (default 300; ``--agencies 8300`` for a national year), written through the
bulk import (``services.national_results_apply``). Idempotent: running it again changes nothing. The agencies
are named "หน่วยงานสังเคราะห์ …", their codes start with ``synth-`` and they are marked ``is_demo``.
"""

from __future__ import annotations

import time

import polars as pl
from django.core.management.base import BaseCommand, CommandError

from prongsai.apps.national.services import NationalImportRefused, national_results_apply
from prongsai.apps.national.validate import Validated, validate


class Command(BaseCommand):
    help = "โหลดผลการประเมินสังเคราะห์ระดับประเทศ (ไม่ใช่ข้อมูลจริง) สำหรับสาธิตแดชบอร์ดจังหวัดและประเทศ"

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=300, help="จำนวนหน่วยงาน (ค่าตั้งต้น 300; ทั้งประเทศ 8300)")
        parser.add_argument("--fy", type=int, action="append", help="ปีงบประมาณ ใส่ซ้ำได้ (ค่าตั้งต้น 2567 และ 2568)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: object, **options: object) -> None:
        import io

        from prongsai.core.synthetic import generate_years

        started = time.perf_counter()
        years = sorted(set(options["fy"] or [2567, 2568]))
        frame = generate_years(years, n_agencies=int(options["agencies"]), seed=int(options["seed"]))
        frame = frame.with_columns(
            agency_id=pl.format("synth-{}", pl.col("agency_id")),
            agency_name=pl.format("หน่วยงานสังเคราะห์ {} ({})", pl.col("agency_id"), pl.col("agency_type")),
        )
        buf = io.BytesIO()
        frame.write_parquet(buf)
        try:
            checked: Validated = validate(buf.getvalue(), "synthetic.parquet")
            if not checked.ok:
                raise CommandError("; ".join(checked.error_lines()[:5]))
            outcome = national_results_apply(validated=checked, source_name="ข้อมูลสังเคราะห์ (load_national_demo)",
                                             is_demo=True)
        except NationalImportRefused as exc:
            raise CommandError(exc.th) from exc
        self.stdout.write(
            f"ผลสังเคราะห์ระดับประเทศ (ไม่ใช่ข้อมูลจริง) ปี {', '.join(map(str, years))}: {outcome.rows:,} แถว"
            f" หน่วยงานใหม่ {outcome.agencies_created:,} ผลใหม่ {outcome.results_created:,}"
            f" แก้ไข {outcome.results_updated:,} เหมือนเดิม {outcome.results_unchanged:,}"
            f" ({time.perf_counter() - started:.1f} วินาที)"
        )
