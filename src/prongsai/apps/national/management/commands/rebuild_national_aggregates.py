"""``python -m prongsai.web.manage rebuild_national_aggregates [--fy 2568 …]``.

Recompute the provincial and national dashboards' materialised figures (``national.aggregates.rebuild``) from the
stored results: every year with results (and the year after each), or the years given. Run it after changing
results outside the application (a restore, a manual fix) or an agency's province or type. Safe while the site
runs: figures of an older generation are never served.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "คำนวณตัวเลขภาพรวมจังหวัดและประเทศที่เก็บไว้ใหม่ทั้งหมดจากผลการประเมินในฐานข้อมูล"

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, action="append", help="ปีงบประมาณ ใส่ซ้ำได้ (ค่าตั้งต้น: ทุกปีที่มีผล)")

    def handle(self, *args: object, **options: object) -> None:
        from prongsai.apps.national.aggregates import rebuild

        started = time.perf_counter()
        done = rebuild(options["fy"] or None)
        years = ", ".join(map(str, done["fiscal_years"])) or "-"
        self.stdout.write(
            f"คำนวณตัวเลขภาพรวมใหม่แล้ว ปี {years}: {done['rows']:,} รายการ ({time.perf_counter() - started:.1f} วินาที)"
        )
