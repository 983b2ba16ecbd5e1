"""``python -m prongsai.web.manage rounds_flush_pool``: mix waiting IIT answers into the results (docs/rounds.md).

Run it once a day (a timer) and whenever a round's surveys have just closed: every pool of a round whose surveys are
closed is mixed in whatever it holds, and its spent codes' invitations are marked used; a round still taking answers
only has its full pools mixed. ``--round`` limits it to one round; ``--close`` mixes that round's pools even while
its surveys are open (the round admin's decision: fewer answers to mix with)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from prongsai.apps.rounds.models import Round
from prongsai.apps.rounds.services import pools_flush


class Command(BaseCommand):
    help = "รวมคำตอบแบบ IIT ที่รอรวมผลเข้าในผล (แบบสำรวจที่ปิดแล้ว: ทั้งหมด; ที่ยังเปิด: เฉพาะที่ครบจำนวนแล้ว)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", type=int, help="เลขที่รอบการประเมิน (ไม่ระบุ: ทุกรอบที่ยังไม่ยืนยันผล)")
        parser.add_argument("--close", action="store_true",
                            help="รวมทั้งหมดแม้แบบสำรวจยังเปิดอยู่ (ใช้กับ --round เท่านั้น)")

    def handle(self, *args: object, **options: object) -> None:
        if options["close"] and not options["round"]:
            raise CommandError("--close ใช้ได้เฉพาะกับ --round (ระบุเลขที่รอบการประเมิน)")
        rounds = Round.objects.filter(confirmed_at__isnull=True).order_by("pk")
        if options["round"]:
            rounds = Round.objects.filter(pk=options["round"])
            if not rounds.exists():
                raise CommandError(f"ไม่พบรอบการประเมินเลขที่ {options['round']}")
        total = 0
        for round in rounds:
            mixed = pools_flush(round=round, final=True if options["close"] else None)
            total += mixed
            if mixed:
                self.stdout.write(f"รอบ {round.pk}: รวมคำตอบแบบ IIT เข้าในผลแล้ว {mixed} คำตอบ")
        self.stdout.write(f"รวมคำตอบเข้าในผลทั้งหมด {total} คำตอบ")
