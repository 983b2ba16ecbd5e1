"""Migrations from every earlier schema: each release's small database (tests/web/schemas/<sha>.sqlite3.gz, made
by scripts/snapshot_schema.py) migrates forward to the current head with its data intact, and the app's pages
render from it."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from tests.web.subprocess_django import Site

SCHEMAS = sorted((Path(__file__).parent / "schemas").glob("*.sqlite3.gz"))
KEPT_TABLES = ("auth_user", "agencies_agency", "assessments_assessmentresult", "assessments_indicatorscore")

PAGES = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import AssessmentResult
agency = Agency.objects.get(slug="demo-tambon")
staff = Client()
person = get_user_model().objects.filter(username="demo-coordinator").first()  # the oldest schema had no people
staff.force_login(person or get_user_model().objects.create_superuser("snapshot-admin", "", None))
pages = {
    "home": Client().get("/").status_code,
    "public_results": Client().get(f"/agencies/{agency.slug}/").status_code,
    "portal": Client().get(f"/p/{agency.slug}/").status_code,
    "dashboard": staff.get(f"/a/{agency.slug}/").status_code,
    "results": staff.get(f"/a/{agency.slug}/results/").status_code,
    "plans": staff.get(f"/a/{agency.slug}/plans/").status_code,
}
year = AssessmentResult.objects.filter(agency=agency).order_by("-fiscal_year").first().fiscal_year
pages["year"] = staff.get(f"/a/{agency.slug}/results/{year}/").status_code
whole = all(r.indicator_scores.count() == 10 for r in AssessmentResult.objects.all())
print(json.dumps({"pages": pages, "whole": whole, "versions_everywhere": all(
    r.versions.exists() for r in AssessmentResult.objects.all()),
    # results from before publishing was a step were public: their newest version is published (assessments.0004)
    "published_everywhere": all(
        r.published_version_id == r.versions.order_by("-number").first().pk for r in AssessmentResult.objects.all())}))
"""


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)
                if not t.startswith("sqlite_") and t != "django_migrations"}


def test_there_are_snapshots_of_earlier_releases():
    assert len(SCHEMAS) >= 3
    assert all(p.stat().st_size < 2_000_000 for p in SCHEMAS)


@pytest.mark.parametrize("snapshot", SCHEMAS, ids=[p.name.split(".")[0] for p in SCHEMAS])
def test_an_earlier_schema_migrates_to_head_with_its_data(snapshot, tmp_path):
    site = Site(tmp_path / "site")
    with gzip.open(snapshot, "rb") as src, open(site.db_file, "wb") as dst:
        shutil.copyfileobj(src, dst)
    before = _counts(site.db_file)
    assert all(before.get(t, 0) > 0 for t in KEPT_TABLES[1:]), before  # the snapshot holds data

    site.manage("migrate", "--no-input", "-v0")
    assert "[ ]" not in site.manage("showmigrations").stdout  # every migration applied

    after = _counts(site.db_file)
    lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, 0) < n}
    assert not lost, f"rows lost by migrating: {lost}"
    out = json.loads(site.script(PAGES).stdout.strip().splitlines()[-1])
    assert out["pages"] == {k: 200 for k in out["pages"]}, out["pages"]
    assert out["whole"] and out["versions_everywhere"] and out["published_everywhere"]
