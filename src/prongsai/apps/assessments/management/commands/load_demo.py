"""``python -m prongsai.web.manage load_demo``: the fictional demo agencies, results and people (idempotent).

The demo people get the password ``PRONGSAI_DEMO_PASSWORD`` (default ``prongsai-demo``) only when DEBUG is
on, that is with the local development settings that ``make run`` uses. Anywhere else their passwords are
unusable: set one with ``changepassword`` if you really want a demo login on a server.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prongsai.apps.assessments.demo import demo_load


class Command(BaseCommand):
    help = (
        "โหลดข้อมูลสาธิต: องค์การบริหารส่วนตำบลตัวอย่างและเทศบาลตำบลสมมุติ (หน่วยงานสมมุติ) ผล ITA"
        " และผู้ใช้สาธิตทุกบทบาท (รหัสผ่านสาธิตเฉพาะเมื่อ DEBUG เปิด)"
    )

    def handle(self, *args: object, **options: object) -> None:
        password = getattr(settings, "PRONGSAI_DEMO_PASSWORD", "") if settings.DEBUG else None
        try:
            report = demo_load(password=password or None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        years = ", ".join(map(str, report.loaded_years)) or "-"
        changed = ", ".join(map(str, report.changed_years))
        self.stdout.write(f"หน่วยงานสาธิต (สมมุติ): {report.agency.name_th} [{report.agency.slug}]")
        self.stdout.write(f"ผลการประเมินปีงบประมาณ: {years}")
        if report.foreign is not None:
            self.stdout.write(f"หน่วยงานสาธิตที่สอง (แสดงการแยกข้อมูล): {report.foreign.name_th} [{report.foreign.slug}]")
        if changed:
            self.stdout.write(self.style.SUCCESS(f"บันทึกใหม่หรือปรับปรุง: {changed}"))
        else:
            self.stdout.write(self.style.SUCCESS("ข้อมูลครบอยู่แล้ว ไม่มีการเปลี่ยนแปลง"))
        for line in report.step_lines:
            self.stdout.write(line)
        if report.missing_years:
            missing = ", ".join(map(str, report.missing_years))
            self.stderr.write(self.style.WARNING(f"ข้ามปีงบประมาณ {missing}: ยังไม่มีกรอบการประเมินของปีนั้นในระบบ"))
        self._print_logins(report)

    def _print_logins(self, report) -> None:
        self.stdout.write("")
        self.stdout.write("ผู้ใช้สาธิต / demo logins:")
        width = max(len(p.username) for p, _ in report.people)
        for person, roles in report.people:
            self.stdout.write(f"  {person.username.ljust(width)}  {roles}")
        if report.password_set:
            self.stdout.write(
                self.style.SUCCESS(
                    f"รหัสผ่านของผู้ใช้สาธิตทุกคน / password for every demo login: {settings.PRONGSAI_DEMO_PASSWORD}"
                )
            )
            self.stdout.write("เข้าสู่ระบบที่ / log in at: http://127.0.0.1:8000/accounts/login/")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG ปิดอยู่ ผู้ใช้สาธิตจึงไม่มีรหัสผ่านที่ใช้ได้ ตั้งรหัสผ่านด้วย"
                    " python -m prongsai.web.manage changepassword <ชื่อผู้ใช้>"
                    " / DEBUG is off, so the demo logins have no usable password (set one with changepassword)"
                )
            )
