"""The backup archive without Django: manifest, hashes, safe unpacking, encryption, schema comparison."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import datetime, timedelta, timezone

import pytest

from prongsai.core.backup import (
    BackupError,
    build_manifest,
    open_archive,
    private_files,
    schema_problem,
    write_archive,
)

BANGKOK = timezone(timedelta(hours=7))


@pytest.fixture
def members(tmp_path):
    data = tmp_path / "data.json"
    data.write_text('[{"model": "agencies.agency", "pk": 1, "fields": {"name_th": "อบต.ทดสอบ"}}]', encoding="utf-8")
    files = tmp_path / "files"
    (files / "evidence" / "1").mkdir(parents=True)
    (files / "evidence" / "1" / "a.png").write_bytes(b"\x89PNG" + bytes(range(256)))
    return [("data.json", data), *private_files(files)]


def _archive(tmp_path, members, passphrase=None):
    manifest = build_manifest(app_version="0.1.0", engine="sqlite", migrations={"agencies": ["0001_initial"]},
                              row_counts={"agencies_agency": 1}, members=members,
                              created=datetime(2026, 11, 21, 18, 30, tzinfo=BANGKOK))
    out = tmp_path / "b.tar.gz"
    write_archive(out, manifest=manifest, members=members, passphrase=passphrase)
    return out


def test_round_trip_verifies_and_lists_files(tmp_path, members):
    out = _archive(tmp_path, members)
    opened = open_archive(out, tmp_path / "x")
    assert opened.manifest["created_at_be"].startswith("21 พฤศจิกายน 2569")
    assert opened.manifest["field_keys_included"] is False
    assert opened.files() == ["evidence/1/a.png"]
    assert (tmp_path / "x" / "files" / "evidence" / "1" / "a.png").read_bytes() == members[1][1].read_bytes()
    assert not (tmp_path / "b.tar.gz.partial").exists()


def _rebuild(src, out, change):
    with tarfile.open(src) as tar:
        items = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(items)
    with tarfile.open(out, "w:gz") as tar:
        for name, data in items.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda m: m.__setitem__("data.json", m["data.json"].replace(b"1", b"2")), "แฮช"),
        (lambda m: m.__setitem__("files/extra.txt", b"x"), "ไม่ตรงกับ manifest"),
        (lambda m: m.pop("files/evidence/1/a.png"), "ไม่ตรงกับ manifest"),
        (lambda m: m.__setitem__("../escape.txt", b"x"), "ไม่ปลอดภัย"),
        (lambda m: m.pop("manifest.json"), "manifest.json"),
        (lambda m: m.__setitem__("manifest.json", json.dumps({"format": "other/9"}).encode()), "ไม่รองรับ"),
    ],
    ids=["altered", "extra", "missing", "traversal", "no-manifest", "format"],
)
def test_untrustworthy_archives_are_refused(tmp_path, members, change, words):
    bad = _rebuild(_archive(tmp_path, members), tmp_path / "bad.tar.gz", change)
    with pytest.raises(BackupError) as caught:
        open_archive(bad, tmp_path / "x")
    assert words in caught.value.th and caught.value.en


def test_not_an_archive_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(BackupError, match="เสียหาย"):
        open_archive(junk, tmp_path / "x")


def test_encrypted_archive_needs_the_right_passphrase(tmp_path, members):
    out = _archive(tmp_path, members, passphrase=b"a long enough passphrase")
    assert not tarfile.is_tarfile(out)
    with pytest.raises(BackupError, match="รหัสผ่าน"):
        open_archive(out, tmp_path / "a")
    with pytest.raises(BackupError, match="ถอดรหัส"):
        open_archive(out, tmp_path / "b", passphrase=b"another passphrase!!")
    assert open_archive(out, tmp_path / "c", passphrase=b"a long enough passphrase").files() == ["evidence/1/a.png"]


def test_schema_must_match_exactly():
    current = {"agencies": ["0001_initial", "0002_membership"]}
    assert schema_problem(current, current) is None
    newer = schema_problem({"agencies": [*current["agencies"], "0003_future"]}, current)
    assert newer is not None and "ใหม่กว่า" in newer.th and "agencies.0003_future" in newer.en
    older = schema_problem({"agencies": ["0001_initial"]}, current)
    assert older is not None and "เก่ากว่า" in older.th and "agencies.0002_membership" in older.en
