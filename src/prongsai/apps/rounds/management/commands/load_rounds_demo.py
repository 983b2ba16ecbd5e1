"""``python -m prongsai.web.manage load_rounds_demo``: a FICTIONAL assessment round (assessor mode, docs/rounds.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from prongsai.apps.rounds.demo import rounds_demo_load


class Command(BaseCommand):
    help = "โหลดรอบการประเมินหน่วยงานในสังกัดสาธิต (หน่วยงานและบุคคลสมมุติ) รหัสผ่านสาธิตเฉพาะเมื่อ DEBUG เปิด"

    def handle(self, *args: object, **options: object) -> None:
        password = getattr(settings, "PRONGSAI_DEMO_PASSWORD", "") if settings.DEBUG else None
        report = rounds_demo_load(password=password or None)
        state = "สร้างใหม่" if report.created else "มีอยู่แล้ว ไม่เปลี่ยนแปลง"
        self.stdout.write(f"รอบการประเมินสาธิต (สมมุติ): {report.round.title} [{state}]")
        self.stdout.write(f"  /a/{report.round.assessor.slug}/rounds/{report.round.pk}/")
        self.stdout.write("ผู้ใช้สาธิตของรอบ: " + ", ".join(report.people))
