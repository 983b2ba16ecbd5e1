"""`prongsai backup OUT` and `prongsai restore IN`: the whole installation in one archive, and back.

The database goes in as Django ``dumpdata`` JSON with natural foreign keys (engine-neutral: a SQLite backup
restores into PostgreSQL and back; the data of one installation is small enough for it), the private files
under PRONGSAI_FILES_DIR as they are, and a manifest (schema, version, row counts, SHA-256 of every member).
The archive format, hashing and encryption are ``prongsai.core.backup``; this module is the Django side.

Encryption keys (PRONGSAI_FIELD_KEYS) are never written: the restoring installation must have them, and
restore checks that they open the archived complaint data before it writes anything.

Restore is all-or-nothing: the archive is unpacked and verified in a staging folder beside PRONGSAI_FILES_DIR,
the rows are loaded in one transaction whose row counts must equal the manifest's, and the files folder is
swapped in just before the commit (and swapped back if anything fails).
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from prongsai.cli import _app
from prongsai.core.backup import (
    DATA,
    BackupError,
    Opened,
    build_manifest,
    open_archive,
    private_files,
    schema_problem,
    write_archive,
)

# Not archived: rebuilt by `migrate` (content types, permissions) or worthless elsewhere (sessions).
EXCLUDED_MODELS = ("contenttypes.contenttype", "auth.permission", "sessions.session")
PASSPHRASE_ENV = "PRONGSAI_BACKUP_PASSPHRASE"


def _t(th: str, en: str) -> str:
    return _app.t(th, en)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings.local")
    import django

    django.setup()


def _archived_models() -> list[Any]:
    """Every model whose table exists (a model whose migration is not written yet has none)."""
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    return [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in EXCLUDED_MODELS and m._meta.managed and not m._meta.proxy
        and m._meta.db_table in tables
    ]


def applied_migrations() -> dict[str, list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    found: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        found.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def row_counts() -> dict[str, int]:
    return {m._meta.db_table: m._base_manager.count() for m in _archived_models()}


def files_root() -> Path:
    from django.conf import settings

    return Path(settings.PRONGSAI_FILES_DIR)


def _passphrase(passphrase_file: Path | None) -> bytes | None:
    if passphrase_file is not None:
        try:
            value = passphrase_file.read_bytes().strip()
        except OSError as exc:
            raise BackupError(f"อ่านไฟล์รหัสผ่านไม่ได้: {exc}", f"cannot read the passphrase file: {exc}") from exc
    else:
        value = os.environ.get(PASSPHRASE_ENV, "").encode("utf-8").strip()
    if not value:
        return None
    if len(value) < 12:
        raise BackupError("รหัสผ่านของไฟล์สำรองข้อมูลต้องยาวอย่างน้อย 12 ตัวอักษร", "the passphrase needs 12 characters or more")
    return value


def backup_write(*, out: Path, passphrase: bytes | None = None) -> dict[str, Any]:
    """Write the archive; returns its manifest. The rows are read in one transaction (a consistent snapshot)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from prongsai import __version__

    out = Path(out)
    if out.exists() and out.is_dir():
        raise BackupError(f"{out} เป็นโฟลเดอร์ กรุณาระบุชื่อไฟล์", f"{out} is a folder: give a file name")
    behind = _unapplied()
    if behind:
        raise BackupError(
            f"ฐานข้อมูลยังไม่ได้ปรับรุ่นให้ตรงกับโปรแกรม ({', '.join(behind[:3])}) กรุณารัน migrate ก่อนสำรองข้อมูล",
            f"the database lacks migrations ({', '.join(behind[:3])}): run migrate before backing up",
        )
    with tempfile.TemporaryDirectory(prefix="prongsai-backup-") as tmp:
        data_path = Path(tmp) / DATA
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            migrations = applied_migrations()
            counts = row_counts()
            dump_rows(data_path)
        # After the rows: every file a row names was stored before its row was committed (files are never
        # overwritten), so the files listed now include all of them.
        members = [(DATA, data_path), *private_files(files_root())]
        manifest = build_manifest(
            app_version=__version__,
            engine=connection.vendor,
            migrations=migrations,
            row_counts=counts,
            members=members,
            created=timezone.localtime(),
        )
        write_archive(out, manifest=manifest, members=members, passphrase=passphrase)
    return manifest


def dump_rows(path: Path) -> None:
    """Every archived row as Django serializer JSON with natural foreign keys (what ``dumpdata`` writes, with
    full-precision times), models in dependency order, rows by primary key."""
    from django.apps import apps
    from django.core import serializers
    from django.core.serializers.json import DjangoJSONEncoder

    class ExactEncoder(DjangoJSONEncoder):
        """Django's JSON encoder cuts times to milliseconds; a backup keeps every microsecond."""

        def default(self, o: Any) -> Any:
            if isinstance(o, (datetime.datetime, datetime.time)):
                return o.isoformat()
            return super().default(o)

    chosen = _archived_models()
    by_app: dict[Any, list[Any]] = {}
    for model in chosen:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)
    rows = itertools.chain.from_iterable(
        m._base_manager.order_by(m._meta.pk.name).iterator(chunk_size=2000) for m in ordered
    )
    with open(path, "w", encoding="utf-8") as fh:
        serializers.serialize("json", rows, stream=fh, use_natural_foreign_keys=True, cls=ExactEncoder)


def _sealed_samples(data_path: Path, limit: int = 3) -> list[str]:
    """A few sealed (field-encrypted) values from the archived rows."""
    from prongsai.apps.complaints.crypto import is_sealed

    found = []
    for obj in json.loads(data_path.read_text(encoding="utf-8")):
        for value in (obj.get("fields") or {}).values():
            if is_sealed(value):
                found.append(value)
                if len(found) >= limit:
                    return found
    return found


def check_field_keys(data_path: Path) -> int:
    """Refuse unless the configured PRONGSAI_FIELD_KEYS open the archived complaint data. Returns how many
    samples were checked."""
    from django.core.exceptions import ImproperlyConfigured

    from prongsai.apps.complaints.crypto import SealError, open_text

    samples = _sealed_samples(data_path)
    for value in samples:
        try:
            open_text(value)
        except (SealError, ImproperlyConfigured):
            raise BackupError(
                "กุญแจเข้ารหัสข้อมูล (PRONGSAI_FIELD_KEYS) ของเครื่องนี้ถอดรหัสข้อมูลเรื่องร้องเรียนในไฟล์สำรองไม่ได้"
                " กรุณาตั้งค่ากุญแจเดียวกับเครื่องที่สำรองข้อมูล (ไฟล์สำรองไม่มีกุญแจ) แล้วกู้คืนอีกครั้ง ยังไม่มีการเปลี่ยนแปลงใด",
                "the configured PRONGSAI_FIELD_KEYS cannot decrypt the complaint data in this backup: set the keys"
                " of the installation that made it (backups never contain keys) and restore again; nothing was changed",
            ) from None
    return len(samples)


def _database_has_rows() -> list[str]:
    return [table for table, n in row_counts().items() if n]


def _flush_archived_tables() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    tables = [m._meta.db_table for m in _archived_models()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True):
            cursor.execute(sql)


def _unapplied() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def _migrate_if_behind() -> None:
    from django.core.management import call_command

    if _unapplied():
        call_command("migrate", interactive=False, verbosity=0)


def backup_restore(*, archive: Path, force: bool = False, passphrase: bytes | None = None) -> dict[str, Any]:
    """Restore ``archive`` into this installation's database and files folder; all or nothing."""
    from django.core.management import call_command
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError, IntegrityError, transaction

    root = files_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".prongsai-restore-", dir=root.parent))
    aside: Path | None = None
    swapped = False
    try:
        opened: Opened = open_archive(Path(archive), staging / "archive", passphrase=passphrase)
        manifest = opened.manifest
        _migrate_if_behind()
        problem = schema_problem(manifest.get("migrations") or {}, applied_migrations())
        if problem is not None:
            raise problem
        checked = check_field_keys(opened.data_path)
        if not force:
            busy = _database_has_rows()
            if busy:
                raise BackupError(
                    f"ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว ({', '.join(busy[:3])} …) ระบบจึงไม่กู้คืนทับ"
                    " ใช้ --force เพื่อแทนที่ข้อมูลทั้งหมดด้วยข้อมูลในไฟล์สำรอง",
                    f"the database is not empty ({', '.join(busy[:3])} …): use --force to replace everything",
                )
            if private_files(root):
                raise BackupError(
                    f"โฟลเดอร์ไฟล์ {root} มีไฟล์อยู่แล้ว ระบบจึงไม่กู้คืนทับ ใช้ --force เพื่อแทนที่",
                    f"the files folder {root} is not empty: use --force to replace it",
                )
        new_files = staging / "archive" / "files"
        new_files.mkdir(exist_ok=True)
        try:
            with transaction.atomic():
                if force:
                    _flush_archived_tables()
                call_command("loaddata", str(opened.data_path), verbosity=0)
                counts = row_counts()
                expected = manifest.get("row_counts") or {}
                wrong = sorted(t for t in set(counts) | set(expected) if counts.get(t, 0) != expected.get(t, 0))
                if wrong:
                    raise BackupError(
                        f"จำนวนแถวหลังกู้คืนไม่ตรงกับไฟล์สำรอง ({', '.join(wrong[:5])}) ระบบจึงยกเลิกทั้งหมด",
                        f"row counts after loading differ from the manifest ({', '.join(wrong[:5])}): rolled back",
                    )
                # Files last, just before the commit; swapped back below if the commit fails.
                if root.exists():
                    aside = staging / "previous-files"
                    os.replace(root, aside)
                os.replace(new_files, root)
                swapped = True
        except (DeserializationError, IntegrityError, DatabaseError) as exc:
            raise BackupError(
                f"โหลดข้อมูลจากไฟล์สำรองไม่สำเร็จ ระบบยกเลิกทั้งหมด: {exc}",
                f"loading the backup's rows failed; nothing was changed: {exc}",
            ) from exc
    except BaseException:
        if swapped:
            shutil.rmtree(root, ignore_errors=True)
            if aside is not None:
                os.replace(aside, root)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "restored_from": str(archive),
        "created_at": manifest.get("created_at"),
        "created_at_be": manifest.get("created_at_be"),
        "rows": sum(counts.values()),
        "files": len(opened.files()),
        "sealed_values_checked": checked,
    }


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup(
        out: Annotated[Path, typer.Argument(help="ไฟล์สำรองข้อมูลที่จะเขียน (.tar.gz) / the archive to write")],
        encrypt: Annotated[
            bool, typer.Option("--encrypt", help=f"เข้ารหัสทั้งไฟล์ด้วยรหัสผ่าน ({PASSPHRASE_ENV} หรือ --passphrase-file)")
        ] = False,
        passphrase_file: Annotated[
            Path | None, typer.Option("--passphrase-file", help="ไฟล์ที่มีรหัสผ่าน / a file holding the passphrase")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
    ) -> None:
        """สำรองฐานข้อมูลและไฟล์ทั้งหมดเป็นไฟล์เดียว (ไม่รวมกุญแจเข้ารหัส) / back up the database and files."""
        try:
            secret = _passphrase(passphrase_file)
            if encrypt and secret is None:
                raise BackupError(
                    f"--encrypt ต้องมีรหัสผ่าน: ตั้ง {PASSPHRASE_ENV} หรือใช้ --passphrase-file",
                    f"--encrypt needs a passphrase: set {PASSPHRASE_ENV} or use --passphrase-file",
                )
            _django()
            manifest = backup_write(out=out, passphrase=secret if encrypt else None)
        except BackupError as exc:
            _app.fail(exc)
            return
        summary = {
            "archive": str(out),
            "encrypted": bool(encrypt),
            "created_at": manifest["created_at"],
            "created_at_be": manifest["created_at_be"],
            "rows": sum(manifest["row_counts"].values()),
            "files": sum(1 for n in manifest["sha256"] if n.startswith("files/")),
        }
        if json_out:
            _app.emit_json(summary)
            return
        typer.echo(_t(
            f"สำรองข้อมูลแล้ว: {out} ({summary['rows']} แถว {summary['files']} ไฟล์ เมื่อ {summary['created_at_be']})"
            " ไฟล์นี้ไม่มีกุญแจเข้ารหัส PRONGSAI_FIELD_KEYS กรุณาเก็บกุญแจแยกไว้อย่างปลอดภัย",
            f"backup written: {out} ({summary['rows']} rows, {summary['files']} files); it does not contain"
            " PRONGSAI_FIELD_KEYS: keep the keys safe separately",
        ))

    @app.command("restore")
    def restore(
        archive: Annotated[Path, typer.Argument(help="ไฟล์สำรองข้อมูล / the archive to restore")],
        force: Annotated[
            bool, typer.Option("--force", help="แทนที่ข้อมูลที่มีอยู่ทั้งหมด / replace existing data")
        ] = False,
        passphrase_file: Annotated[
            Path | None, typer.Option("--passphrase-file", help="ไฟล์ที่มีรหัสผ่าน / a file holding the passphrase")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="ผลเป็น JSON")] = False,
    ) -> None:
        """กู้คืนฐานข้อมูลและไฟล์จากไฟล์สำรอง ทั้งหมดหรือไม่มีเลย / restore a backup, all or nothing."""
        try:
            secret = _passphrase(passphrase_file)
            _django()
            summary = backup_restore(archive=archive, force=force, passphrase=secret)
        except BackupError as exc:
            _app.fail(exc)
            return
        if json_out:
            _app.emit_json(summary)
            return
        typer.echo(_t(
            f"กู้คืนแล้ว: {summary['rows']} แถว {summary['files']} ไฟล์ จากไฟล์สำรองเมื่อ {summary['created_at_be']}",
            f"restored {summary['rows']} rows and {summary['files']} files from the backup of {summary['created_at']}",
        ))


__all__ = ["backup_restore", "backup_write", "register"]
