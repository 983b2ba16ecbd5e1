"""``python -m prongsai.web.manage send_reminders``: e-mail today's reminders of overdue and due-soon tasks.

Run it once a day (cron or a systemd timer); running it again the same day sends nothing new.
``--date YYYY-MM-DD`` pretends another day (for checking what would go out).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prongsai.apps.plans.reminders import reminders_send


class Command(BaseCommand):
    help = "ส่งอีเมลแจ้งเตือนงานที่เลยกำหนดและใกล้ครบกำหนด (วันละครั้งต่อคน รันซ้ำได้)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="วันที่ (YYYY-MM-DD) แทนวันนี้")

    def handle(self, *args: object, **options: object) -> None:
        raw = options.get("date")
        try:
            today = date.fromisoformat(str(raw)) if raw else timezone.localdate()
        except ValueError as exc:
            raise CommandError("วันที่ต้องเป็นรูปแบบ YYYY-MM-DD") from exc
        report = reminders_send(today=today)
        for slug, username, count in report.sent:
            self.stdout.write(f"ส่งแล้ว: {username} ({slug}) {count} งาน")
        for slug, username in report.skipped:
            self.stdout.write(f"ข้าม (ส่งไปแล้ววันนี้): {username} ({slug})")
        self.stdout.write(
            self.style.SUCCESS(f"{today.isoformat()}: ส่ง {len(report.sent)} ฉบับ ข้าม {len(report.skipped)} ฉบับ")
        )
