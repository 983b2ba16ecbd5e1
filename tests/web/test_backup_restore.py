"""`prongsai backup` / `prongsai restore`: a full round trip into an empty installation compares equal, row by row
and byte by byte; keys never travel; restore refuses what it cannot trust and changes nothing then.

The round trip runs real child processes on file databases (SQLite; PostgreSQL too when DATABASE_URL points there,
including SQLite → PostgreSQL).
"""

from __future__ import annotations

import filecmp
import json
import tarfile

import pytest
from tests.web.subprocess_django import DUMP_ROWS, Site, postgres_database, postgres_url

SEED = """
from django.contrib.auth import get_user_model
from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.complaints.services import complaint_file
from prongsai.apps.plans import documents, services
from prongsai.apps.plans.models import Plan, Task

agency = Agency.objects.get(slug=DEMO_SLUG)
user = get_user_model().objects.get(username="demo-coordinator")
access = agency_access(user=user, agency=agency)
task = Task.objects.filter(agency=agency).order_by("pk").first()
png = b"\\x89PNG\\r\\n\\x1a\\n" + bytes(range(256)) * 4
services.evidence_add(task=task, access=access, actor=user, title="ภาพหลักฐาน", data=png, filename="หลักฐาน.png")
plan = Plan.objects.filter(agency=agency).order_by("pk").first()
doc = documents.document_request(plan=plan, access=access, actor=user, kind="analysis", fmt="docx", digits="thai")
doc.refresh_from_db()
assert doc.status == "ready", (doc.status, doc.error)
complaint_file(agency=agency, kind="corruption", subject="เรื่องทดสอบการสำรองข้อมูล",
               details="รายละเอียดที่ต้องเข้ารหัส", anonymous=False, identity={"name": "ผู้แจ้งทดสอบ"})
print("SEEDED")
"""

READ_COMPLAINT = """
from prongsai.apps.complaints.models import Complaint
from prongsai.apps.complaints.crypto import open_json
from django.db import connection
c = next(c for c in Complaint.objects.all() if c.subject == "เรื่องทดสอบการสำรองข้อมูล")
with connection.cursor() as cur:
    cur.execute("SELECT subject FROM complaints_complaint WHERE id = %s", [c.pk])
    raw = cur.fetchone()[0]
print(json.dumps({"details": c.details, "name": open_json(c.identity_sealed).get("name"), "raw": raw}))
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A file-SQLite installation with the demo data, a complaint, an evidence file and a generated document."""
    site = Site(tmp_path_factory.mktemp("source"))
    site.manage("migrate", "--no-input", "-v0")
    site.manage("load_demo")
    site.manage("load_portal_demo")
    assert "SEEDED" in site.script(SEED).stdout
    return site


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory):
    out = tmp_path_factory.mktemp("archive") / "backup.tar.gz"
    done = source.cli("backup", str(out), "--json")
    assert done.returncode == 0, done.stderr
    return out


def rows(site: Site) -> dict:
    return json.loads(site.script(DUMP_ROWS).stdout)


def same_files(a, b) -> bool:
    def walk(cmp: filecmp.dircmp) -> bool:
        if cmp.left_only or cmp.right_only or cmp.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        return not mismatch and not errors and all(walk(sub) for sub in cmp.subdirs.values())

    return walk(filecmp.dircmp(a, b))


def test_archive_has_manifest_rows_and_files_but_no_keys(source, archive):
    from prongsai.web.settings.test import PRONGSAI_FIELD_KEYS

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        blob = b"".join(tar.extractfile(m).read() for m in tar.getmembers())
    assert manifest["format"] == "prongsai-backup/1"
    assert manifest["created_at_be"].split()[2].startswith("25")  # Buddhist era year
    assert "assessments" in manifest["migrations"] and manifest["row_counts"]["assessments_assessmentresult"] > 0
    stored = sorted(p.relative_to(source.files_dir).as_posix() for p in source.files_dir.rglob("*") if p.is_file())
    assert any(s.startswith("evidence/") for s in stored) and any(s.startswith("documents/") for s in stored)
    assert sorted(n.removeprefix("files/") for n in names if n.startswith("files/")) == stored
    assert set(manifest["sha256"]) == set(names) - {"manifest.json"}
    assert PRONGSAI_FIELD_KEYS[0].encode() not in blob  # the field key never travels
    assert "เรื่องทดสอบการสำรองข้อมูล".encode() not in blob  # complaint text stays sealed in the dump


def test_round_trip_into_empty_sqlite_equals_source(source, archive, tmp_path):
    target = Site(tmp_path / "target")
    done = target.cli("restore", str(archive), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] >= 2
    assert rows(target) == rows(source)
    assert same_files(source.files_dir, target.files_dir)
    complaint = json.loads(target.script("import json\n" + READ_COMPLAINT).stdout)
    assert complaint["details"] == "รายละเอียดที่ต้องเข้ารหัส" and complaint["name"] == "ผู้แจ้งทดสอบ"
    assert complaint["raw"].startswith("f1:")  # still encrypted at rest after the restore
    # The restored installation works: the app's pages render from it.
    page = target.script(
        "from django.test import Client\nfrom prongsai.apps.assessments.demo import DEMO_SLUG\n"
        "r = Client().get(f'/p/{DEMO_SLUG}/')\nprint(r.status_code)\n"
    )
    assert page.stdout.strip().endswith("200")
    target.script("from prongsai.apps.agencies.services import agency_ensure, unit_ensure\n"
                  "a = agency_ensure(slug='after-restore', name_th='องค์การบริหารส่วนตำบลหลังกู้คืน')\n"
                  "unit_ensure(agency=a, name_th='สำนักปลัด')\n")  # new rows after a restore


@pytest.mark.skipif(postgres_url() is None, reason="DATABASE_URL does not point at PostgreSQL")
def test_round_trip_sqlite_backup_into_empty_postgresql(source, archive, tmp_path):
    with postgres_database() as url:
        target = Site(tmp_path / "pg", database_url=url)
        done = target.cli("restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert rows(target) == rows(source)
        assert same_files(source.files_dir, target.files_dir)
        # …and back: a PostgreSQL backup restores into SQLite equal again.
        again = tmp_path / "from-pg.tar.gz"
        assert target.cli("backup", str(again)).returncode == 0
        back = Site(tmp_path / "back")
        assert back.cli("restore", str(again)).returncode == 0
        assert rows(back) == rows(source)
        # Sequences were reset: new rows get new ids.
        target.script("from prongsai.apps.agencies.services import agency_ensure, unit_ensure\n"
                      "a = agency_ensure(slug='after-restore', name_th='องค์การบริหารส่วนตำบลหลังกู้คืน')\n"
                      "unit_ensure(agency=a, name_th='สำนักปลัด')\n")


def test_restore_refuses_a_non_empty_database_unless_forced(source, archive, tmp_path):
    target = Site(tmp_path / "busy")
    target.manage("migrate", "--no-input", "-v0")
    target.script(
        "from prongsai.apps.agencies.services import agency_ensure\n"
        "agency_ensure(slug='other', name_th='องค์การบริหารส่วนตำบลอื่น')\n"
    )
    refused = target.cli("restore", str(archive))
    assert refused.returncode == 2 and "--force" in refused.stderr and "มีข้อมูลอยู่แล้ว" in refused.stderr
    assert '"other"' in target.script("from prongsai.apps.agencies.models import Agency\n"
                                      "import json; print(json.dumps([a.slug for a in Agency.objects.all()]))").stdout
    forced = target.cli("restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert rows(target) == rows(source)  # the old rows are gone, the archive's are there


def test_restore_with_other_field_keys_refuses_and_changes_nothing(archive, tmp_path):
    from cryptography.fernet import Fernet

    target = Site(tmp_path / "wrongkey", field_keys=Fernet.generate_key().decode())
    target.manage("migrate", "--no-input", "-v0")
    done = target.cli("restore", str(archive))
    assert done.returncode == 2
    assert "PRONGSAI_FIELD_KEYS" in done.stderr and "ถอดรหัส" in done.stderr
    english = target.cli("--lang", "en", "restore", str(archive))
    assert "cannot decrypt" in english.stderr
    assert json.loads(target.script("import json\nfrom prongsai.apps.agencies.models import Agency\n"
                                    "print(json.dumps(Agency.objects.count()))").stdout) == 0
    assert not target.files_dir.exists() or not any(target.files_dir.rglob("*"))


def test_encrypted_archive_needs_its_passphrase(source, tmp_path):
    secret = tmp_path / "pass.txt"
    secret.write_text("ถ้อยคำลับสำหรับสำรองข้อมูล 2569\n", encoding="utf-8")
    out = tmp_path / "sealed.tar.gz.enc"
    done = source.cli("backup", str(out), "--encrypt", "--passphrase-file", str(secret))
    assert done.returncode == 0, done.stderr
    assert not tarfile.is_tarfile(out)  # not readable without the passphrase
    target = Site(tmp_path / "enc")
    missing = target.cli("restore", str(out))
    assert missing.returncode == 2 and "รหัสผ่าน" in missing.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("ไม่ใช่รหัสผ่านที่ถูกต้องนะ", encoding="utf-8")
    assert target.cli("restore", str(out), "--passphrase-file", str(wrong)).returncode == 2
    ok = target.cli("restore", str(out), "--passphrase-file", str(secret))
    assert ok.returncode == 0, ok.stderr
    assert same_files(source.files_dir, target.files_dir)


def test_encrypt_without_a_passphrase_is_refused(source, tmp_path):
    done = source.cli("backup", str(tmp_path / "x.tar.gz"), "--encrypt")
    assert done.returncode == 2 and "PRONGSAI_BACKUP_PASSPHRASE" in done.stderr
    assert not (tmp_path / "x.tar.gz").exists()


def _rewrite(archive, out, *, manifest_change=None, data_change=None):
    """Copy ``archive`` to ``out`` with the manifest and/or data.json altered (the manifest's hashes kept)."""
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members["manifest.json"])
    if manifest_change:
        manifest_change(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    if data_change:
        members["data.json"] = data_change(members["data.json"])
    import io

    with tarfile.open(out, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def test_restore_refuses_an_altered_archive_and_one_from_a_newer_schema(archive, tmp_path):
    target = Site(tmp_path / "t")
    tampered = _rewrite(archive, tmp_path / "tampered.tar.gz", data_change=lambda d: d.replace(b"2568", b"2569", 1))
    done = target.cli("restore", str(tampered))
    assert done.returncode == 2 and "แฮช" in done.stderr

    def newer(manifest):
        manifest["migrations"].setdefault("assessments", []).append("9999_from_the_future")

    future = _rewrite(archive, tmp_path / "future.tar.gz", manifest_change=newer)
    done = target.cli("restore", str(future))
    assert done.returncode == 2 and "ใหม่กว่า" in done.stderr and "9999_from_the_future" in done.stderr

    def wrong_counts(manifest):
        manifest["row_counts"]["agencies_agency"] += 1

    counted = _rewrite(archive, tmp_path / "counts.tar.gz", manifest_change=wrong_counts)
    done = target.cli("restore", str(counted))
    assert done.returncode == 2 and "จำนวนแถว" in done.stderr
    # Nothing of any of these attempts stayed: no rows, no files.
    assert json.loads(target.script("import json\nfrom prongsai.apps.agencies.models import Agency\n"
                                    "print(json.dumps(Agency.objects.count()))").stdout) == 0
    assert not target.files_dir.exists() or not any(p.is_file() for p in target.files_dir.rglob("*"))
