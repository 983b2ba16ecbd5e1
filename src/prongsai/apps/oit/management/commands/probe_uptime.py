"""Probe every agency's main website once and store the samples (run every 5 minutes by
deploy/systemd/prongsai-uptime.timer):

    python -m prongsai.web.manage probe_uptime [--agency SLUG] [--timeout 10] [--concurrency 8]

One GET per website (core ``probe_async``), at most ``--concurrency`` at once; a site that does not answer
within ``--timeout`` seconds counts as down. Private and loopback addresses are not probed unless the setting
``PRONGSAI_OIT_ALLOW_PRIVATE`` is on. Probes older than ``--keep-days`` (default 400) are deleted.
"""

from __future__ import annotations

import asyncio

from django.core.management.base import BaseCommand, CommandError

from prongsai.apps.oit import selectors, services
from prongsai.core.errors import ProngsaiError
from prongsai.core.oit import UptimeSample, probe_async


async def _probe_all(targets: list[tuple[int, str]], *, timeout: float, concurrency: int,
                     allow_private: bool) -> list[tuple[int, str, UptimeSample | None, str]]:
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(agency_id: int, url: str):
        async with gate:
            try:
                return agency_id, url, await probe_async(url, timeout, allow_private=allow_private), ""
            except ProngsaiError as exc:  # an address that is not a URL: nothing stored
                return agency_id, url, None, exc.th

    return await asyncio.gather(*(one(a, u) for a, u in targets))


class Command(BaseCommand):
    help = "ตรวจว่าเว็บไซต์หลักของทุกหน่วยงานใช้งานได้ แล้วบันทึกผล (ให้ systemd timer เรียกทุก 5 นาที)"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="ตรวจเฉพาะหน่วยงานนี้ (รหัสในที่อยู่เว็บ)")
        parser.add_argument("--timeout", type=float, default=10.0, help="วินาทีต่อการตรวจหนึ่งครั้ง (ค่าเริ่มต้น 10)")
        parser.add_argument("--concurrency", type=int, default=8, help="ตรวจพร้อมกันได้กี่เว็บไซต์ (ค่าเริ่มต้น 8)")
        parser.add_argument("--keep-days", type=int, default=400, help="เก็บผลย้อนหลังกี่วัน (ค่าเริ่มต้น 400)")

    def handle(self, *args, **options):
        agencies = selectors.agencies_with_website(agency=None)
        if options["agency"]:
            agencies = agencies.filter(slug=options["agency"])
            if not agencies.exists():
                raise CommandError(f"ไม่พบหน่วยงาน “{options['agency']}” ที่บันทึกเว็บไซต์หลักไว้")
        by_id = {a.pk: a for a in agencies}
        targets = [(a.pk, a.website) for a in by_id.values()]
        results = asyncio.run(_probe_all(
            targets, timeout=options["timeout"], concurrency=options["concurrency"],
            allow_private=services.allow_private(),
        ))
        up = down = skipped = 0
        for agency_id, url, sample, error in results:
            if sample is None:
                skipped += 1
                self.stderr.write(f"{by_id[agency_id].slug}: {error}")
                continue
            services.uptime_record(agency=by_id[agency_id], url=url, sample=sample)
            if sample.ok:
                up += 1
            else:
                down += 1
                self.stdout.write(f"{by_id[agency_id].slug}: ใช้งานไม่ได้ ({sample.error})")
        pruned = services.uptime_prune(keep_days=options["keep_days"])
        self.stdout.write(f"ตรวจ {len(targets)} เว็บไซต์: ใช้งานได้ {up} ใช้งานไม่ได้ {down} ข้าม {skipped}"
                          + (f" ลบผลเก่า {pruned} รายการ" if pruned else ""))
