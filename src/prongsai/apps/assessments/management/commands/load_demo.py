"""``python -m prongsai.web.manage load_demo``: the fictional demo agency and its results (idempotent)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prongsai.apps.assessments.demo import demo_load


class Command(BaseCommand):
    help = "โหลดข้อมูลสาธิต: องค์การบริหารส่วนตำบลตัวอย่าง (หน่วยงานสมมุติ) และผล ITA ปีงบประมาณ 2563–2568"

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = demo_load()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        years = ", ".join(map(str, report.loaded_years)) or "-"
        changed = ", ".join(map(str, report.changed_years))
        self.stdout.write(f"หน่วยงานสาธิต (สมมุติ): {report.agency.name_th} [{report.agency.slug}]")
        self.stdout.write(f"ผลการประเมินปีงบประมาณ: {years}")
        if changed:
            self.stdout.write(self.style.SUCCESS(f"บันทึกใหม่หรือปรับปรุง: {changed}"))
        else:
            self.stdout.write(self.style.SUCCESS("ข้อมูลครบอยู่แล้ว ไม่มีการเปลี่ยนแปลง"))
        if report.missing_years:
            missing = ", ".join(map(str, report.missing_years))
            self.stderr.write(self.style.WARNING(f"ข้ามปีงบประมาณ {missing}: ยังไม่มีกรอบการประเมินของปีนั้นในระบบ"))
