"""``python -m prongsai.web.manage load_portal_demo``: FICTIONAL portal content for the demo agency.

Runs ``load_demo`` first when the demo agency is missing. Idempotent: a second run creates nothing.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.portal.demo import portal_demo_load


class Command(BaseCommand):
    help = "โหลดข้อมูลสาธิต (สมมุติ) ของเว็บไซต์สาธารณะ: ข่าว ถาม-ตอบ e-Service จัดซื้อจัดจ้าง No Gift เรื่องร้องเรียน"

    def handle(self, *args, **options):
        agency = Agency.objects.filter(slug=DEMO_SLUG).first()
        if agency is None:
            call_command("load_demo", stdout=self.stdout, stderr=self.stderr)
            agency = Agency.objects.get(slug=DEMO_SLUG)
        report = portal_demo_load(agency=agency)
        if report.created:
            for line in report.created:
                self.stdout.write(f"  + {line}")
        else:
            self.stdout.write("ข้อมูลสาธิตของเว็บไซต์สาธารณะมีครบแล้ว ไม่มีการเปลี่ยนแปลง")
        for number, receipt in report.receipts:
            self.stdout.write(f"  เรื่องร้องเรียนสาธิต {number}: รหัสติดตาม {receipt} (แสดงครั้งเดียว)")
        self.stdout.write(f"เว็บไซต์สาธารณะ: {report.portal_url}")
