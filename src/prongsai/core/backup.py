"""The backup archive, without Django: manifest, hashes, packing, optional encryption, safe unpacking.

An archive is one ``.tar.gz`` (optionally encrypted as a whole) holding:

    manifest.json     format, app version, database engine, created at (ISO and B.E.), applied migrations
                      per app, row counts per table, and the SHA-256 of every other member
    data.json         the database rows (Django ``dumpdata`` with natural keys: engine-neutral)
    files/…           every private file under PRONGSAI_FILES_DIR (evidence, generated documents)

Encryption keys (PRONGSAI_FIELD_KEYS) are never part of an archive. ``--encrypt`` seals the whole archive
with Fernet under a key derived from a passphrase (scrypt, random salt): magic line, salt, token.
The Django side (dump, load, checks) is ``prongsai.cli.backup``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import thai_date

FORMAT = "prongsai-backup/1"
MANIFEST = "manifest.json"
DATA = "data.json"
FILES_PREFIX = "files/"
ENCRYPTED_MAGIC = b"PRONGSAI-BACKUP-ENCRYPTED-1\n"
SALT_BYTES = 16
# Refuse archives whose members would expand beyond this (a hostile or corrupt archive).
MAX_EXPANDED_BYTES = int(os.environ.get("PRONGSAI_BACKUP_MAX_BYTES", str(20 * 1024**3)))


class BackupError(ProngsaiError):
    """A backup cannot be written, or an archive cannot be trusted or restored."""


@dataclass(frozen=True)
class Opened:
    """An archive unpacked into ``root`` with every hash verified."""

    manifest: dict[str, Any]
    root: Path

    @property
    def data_path(self) -> Path:
        return self.root / DATA

    def files(self) -> list[str]:
        """Stored names (relative to PRONGSAI_FILES_DIR) of the archived private files."""
        return sorted(n.removeprefix(FILES_PREFIX) for n in self.manifest["sha256"] if n.startswith(FILES_PREFIX))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def private_files(root: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every regular file under ``root``, sorted; symlinks are not followed."""
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((FILES_PREFIX + path.relative_to(root).as_posix(), path))
    return found


def build_manifest(
    *,
    app_version: str,
    engine: str,
    migrations: dict[str, list[str]],
    row_counts: dict[str, int],
    members: Iterable[tuple[str, Path]],
    created: datetime,
) -> dict[str, Any]:
    """The manifest of an archive whose members (besides the manifest) are ``members``."""
    return {
        "format": FORMAT,
        "app_version": app_version,
        "engine": engine,
        "created_at": created.isoformat(),
        "created_at_be": thai_date(created.date()) + created.strftime(" %H:%M:%S"),
        "migrations": {app: sorted(names) for app, names in sorted(migrations.items())},
        "row_counts": dict(sorted(row_counts.items())),
        "sha256": {name: sha256_file(path) for name, path in members},
        "field_keys_included": False,
    }


def _derive_key(passphrase: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return base64.urlsafe_b64encode(Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase))


def encrypt_bytes(data: bytes, passphrase: bytes) -> bytes:
    from cryptography.fernet import Fernet

    salt = os.urandom(SALT_BYTES)
    return ENCRYPTED_MAGIC + salt + Fernet(_derive_key(passphrase, salt)).encrypt(data)


def decrypt_bytes(data: bytes, passphrase: bytes) -> bytes:
    from cryptography.fernet import Fernet, InvalidToken

    salt = data[len(ENCRYPTED_MAGIC) : len(ENCRYPTED_MAGIC) + SALT_BYTES]
    try:
        return Fernet(_derive_key(passphrase, salt)).decrypt(data[len(ENCRYPTED_MAGIC) + SALT_BYTES :])
    except InvalidToken:
        raise BackupError(
            "ถอดรหัสไฟล์สำรองข้อมูลไม่ได้ รหัสผ่านไม่ถูกต้องหรือไฟล์เสียหาย",
            "cannot decrypt the backup: wrong passphrase or damaged file",
        ) from None


def write_archive(
    out: Path, *, manifest: dict[str, Any], members: Iterable[tuple[str, Path]], passphrase: bytes | None = None
) -> None:
    """Write the archive to ``out`` atomically (a temporary file beside it, then renamed)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        raw = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(raw), 0o600, int(time.time())
        tar.addfile(info, io.BytesIO(raw))
        for name, path in members:
            member = tar.gettarinfo(str(path), arcname=name)
            member.uid = member.gid = 0
            member.uname = member.gname = ""
            member.mode = 0o600
            with open(path, "rb") as fh:
                tar.addfile(member, fh)
    data = buffer.getvalue()
    if passphrase is not None:
        data = encrypt_bytes(data, passphrase)
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, out)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def open_archive(path: Path, dest: Path, *, passphrase: bytes | None = None) -> Opened:
    """Unpack ``path`` into the empty folder ``dest`` and verify it; raises BackupError (Thai and English)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BackupError(f"อ่านไฟล์สำรองข้อมูลไม่ได้: {exc}", f"cannot read the backup: {exc}") from exc
    if data.startswith(ENCRYPTED_MAGIC):
        if passphrase is None:
            raise BackupError(
                "ไฟล์สำรองข้อมูลนี้เข้ารหัสไว้ กรุณาระบุรหัสผ่าน (--passphrase-file หรือ PRONGSAI_BACKUP_PASSPHRASE)",
                "this backup is encrypted: give its passphrase (--passphrase-file or PRONGSAI_BACKUP_PASSPHRASE)",
            )
        data = decrypt_bytes(data, passphrase)
    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")  # noqa: SIM115 - closed by the `with` below
        members = tar.getmembers()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError("ไฟล์สำรองข้อมูลเสียหายหรือไม่ใช่ไฟล์สำรองของโปร่งใส", "not a Prongsai backup, or damaged") from exc
    with tar:
        total = 0
        for member in members:
            if not member.isfile() or not _safe_name(member.name):
                raise BackupError(
                    f"ไฟล์สำรองข้อมูลมีรายการที่ไม่ปลอดภัย: {member.name!r}", f"unsafe archive member: {member.name!r}"
                )
            total += member.size
            if total > MAX_EXPANDED_BYTES:
                raise BackupError("ไฟล์สำรองข้อมูลใหญ่เกินกำหนด", "the backup expands beyond the allowed size")
        names = [m.name for m in members]
        if MANIFEST not in names:
            raise BackupError("ไฟล์สำรองข้อมูลไม่มี manifest.json", "the backup has no manifest.json")
        try:
            manifest = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))  # type: ignore[union-attr]
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackupError("manifest.json อ่านไม่ได้", "manifest.json is unreadable") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(
                f"รูปแบบไฟล์สำรองข้อมูลไม่รองรับ ({manifest.get('format') if isinstance(manifest, dict) else '?'})",
                "unsupported backup format",
            )
        expected = manifest.get("sha256") or {}
        listed = set(names) - {MANIFEST}
        if listed != set(expected) or DATA not in expected or len(names) != len(set(names)):
            raise BackupError(
                "รายการไฟล์ในไฟล์สำรองข้อมูลไม่ตรงกับ manifest (ไฟล์ขาดหรือเกิน)",
                "the archive's members do not match its manifest (missing or extra files)",
            )
        dest.mkdir(parents=True, exist_ok=True)
        for member in members:
            if member.name == MANIFEST:
                continue
            target = dest / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            digest = hashlib.sha256()
            with open(target, "xb") as fh:
                for chunk in iter(lambda s=source: s.read(1 << 20), b""):
                    digest.update(chunk)
                    fh.write(chunk)
            if digest.hexdigest() != expected[member.name]:
                raise BackupError(
                    f"ค่าแฮชของ {member.name} ไม่ตรงกับ manifest ไฟล์สำรองข้อมูลถูกแก้ไขหรือเสียหาย",
                    f"SHA-256 of {member.name} does not match the manifest: the backup was altered or is damaged",
                )
    return Opened(manifest=manifest, root=dest)


def schema_problem(archive: dict[str, list[str]], current: dict[str, list[str]]) -> BackupError | None:
    """Why an archive made at schema ``archive`` cannot be loaded into a database at ``current`` (None: it can).

    Rows are serialised as the models stood when the backup was made, so the two must match exactly:
    a newer archive needs a newer Prongsai; an older one is restored with its own release, then migrated.
    """
    newer = sorted(f"{app}.{name}" for app, names in archive.items() for name in names
                   if name not in set(current.get(app, [])))
    if newer:
        shown = ", ".join(newer[:5]) + (" …" if len(newer) > 5 else "")
        return BackupError(
            f"ไฟล์สำรองข้อมูลมาจากโครงสร้างฐานข้อมูลที่ใหม่กว่าโปรแกรมนี้ ({shown}) กรุณาปรับรุ่นโปรแกรมก่อนกู้คืน",
            f"the backup comes from a newer schema ({shown}): upgrade Prongsai before restoring",
        )
    older = sorted(f"{app}.{name}" for app, names in current.items() for name in names
                   if name not in set(archive.get(app, [])))
    if older:
        shown = ", ".join(older[:5]) + (" …" if len(older) > 5 else "")
        return BackupError(
            f"ไฟล์สำรองข้อมูลมาจากโครงสร้างฐานข้อมูลที่เก่ากว่า (ขาด {shown}) กรุณากู้คืนด้วยโปรแกรมรุ่นเดียวกับที่สำรอง"
            " แล้วจึงปรับรุ่น (migrate)",
            f"the backup comes from an older schema (lacks {shown}): restore it with the release that made it,"
            " then upgrade (migrate)",
        )
    return None
