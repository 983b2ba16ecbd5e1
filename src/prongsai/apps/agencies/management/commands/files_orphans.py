"""``files_orphans``: private files no row names (left by a process killed between writing a file and committing
its row). Harmless (no view serves them) but they take space. Lists them; ``--delete`` removes them.

Rows name their files in fields called ``stored_name`` or ``…_stored_name`` (evidence, generated documents, OIT
files …): every such field of every model counts. Files younger than ``--min-age-hours`` (default 24) are left
alone: their row may still be on its way to the commit.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name == "stored_name" or field.name.endswith("_stored_name"):
                names.update(n for n in model._base_manager.values_list(field.attname, flat=True) if n)
    return names


def orphan_files(*, min_age_seconds: float) -> list[Path]:
    root = Path(settings.PRONGSAI_FILES_DIR)
    if not root.is_dir():
        return []
    known = referenced_names()
    cutoff = time.time() - min_age_seconds
    return [
        path for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink() and path.relative_to(root).as_posix() not in known
        and path.stat().st_mtime < cutoff
    ]


class Command(BaseCommand):
    help = "ไฟล์ส่วนตัวที่ไม่มีข้อมูลใดอ้างถึง (--delete เพื่อลบ) / private files no row names (--delete removes them)"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="ลบไฟล์เหล่านั้น / remove them")
        parser.add_argument("--min-age-hours", type=float, default=24.0, help="อายุไฟล์ขั้นต่ำ (ชั่วโมง)")

    def handle(self, *args, **options):
        found = orphan_files(min_age_seconds=options["min_age_hours"] * 3600)
        root = Path(settings.PRONGSAI_FILES_DIR)
        size = sum(p.stat().st_size for p in found)
        for path in found:
            self.stdout.write(path.relative_to(root).as_posix())
            if options["delete"]:
                path.unlink(missing_ok=True)
        verb = "ลบแล้ว" if options["delete"] else "พบ"
        self.stdout.write(f"{verb}ไฟล์ที่ไม่มีข้อมูลอ้างถึง {len(found)} ไฟล์ ({size / 1_000_000:.1f} MB)")
