"""Bulk import of many agencies' results: whole-file validation, one transaction, idempotent re-import."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from django.urls import reverse

from prongsai.apps.agencies.models import Agency, AgencyKind
from prongsai.apps.assessments.models import AssessmentResult, AssessmentResultVersion, IndicatorScore
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.national.models import NationalAgencyCode, NationalImport, province_label
from prongsai.apps.national.services import (
    NationalImportRefused,
    national_results_apply,
    validated_or_refused,
)
from prongsai.apps.national.validate import validate
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import score_indicators

HEADER = "agency_id,agency_name,agency_type,province,fiscal_year," + ",".join(f"ind_{n}" for n in range(1, 11))
GOOD = "A1,อบต.หนึ่ง,อบต.,ตราด,2568,97.10,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_every_bad_row_is_named_with_its_line_in_thai(db):  # years come from the installation (database)
    with_overall = HEADER + ",overall,level"
    data = _csv(
        GOOD + ",95.76,ผ่านดี",  # line 2: good (overall within ±0.01 of 95.75)
        "A2,,อบต.,ตราด,2568,101,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50,,",  # 3: score out of range
        "A3,,อบต.,ตราด,2568,97.10,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50,,ดีมาก",  # 4: unknown level
        "A4,,อบต.,ตราด,2568,97.10,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50,90.00,",  # 5: overall off
        GOOD + ",,",  # 6: duplicate of line 2 (A1, 2568)
        "A5,,อบต.,ตราด,2599,97.10,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50,,",  # 7: no such year
        "A6,,อบต.,ตราด,2568,abc,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50,,",  # 8: not a number
        "A7,,อบต.,ตราด,2568,97.123,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50,,",  # 9: three decimals
        header=with_overall,
    )
    checked = validate(data, "ผล.csv")
    lines = checked.error_lines()
    assert checked.error_count == 7 and not checked.ok
    assert lines[0] == "บรรทัดที่ 3: ตัวชี้วัดที่ 1: คะแนน 101 อยู่นอกช่วง 0–100"
    assert lines[1].startswith("บรรทัดที่ 4: ระดับ “ดีมาก” ไม่มีในเกณฑ์ปีงบประมาณ 2568")
    assert lines[2].startswith("บรรทัดที่ 5: คะแนนรวม 90.0 ไม่ตรงกับที่คำนวณจากคะแนนตัวชี้วัด (95.75)")
    assert lines[3] == "บรรทัดที่ 6: รหัสหน่วยงาน A1 ปีงบประมาณ 2568 ซ้ำกับบรรทัดที่ 2"
    assert lines[4].startswith("บรรทัดที่ 7: ไม่มีกรอบการประเมินของปีงบประมาณ 2599")
    assert lines[5] == "บรรทัดที่ 8: ตัวชี้วัดที่ 1: “abc” ไม่ใช่ตัวเลข"
    assert lines[6] == "บรรทัดที่ 9: ตัวชี้วัดที่ 1: คะแนน 97.123 มีทศนิยมเกินสองตำแหน่ง"


def test_wrong_year_and_level_that_the_scores_do_not_reach_are_refused(db):
    data = _csv(GOOD + ",ผ่าน", header=HEADER + ",level")
    assert validate(data, "ผล.csv", fiscal_year=2567).error_lines() == [
        "บรรทัดที่ 2: ปีงบประมาณ 2568 ไม่ตรงกับปีที่เลือกนำเข้า (2567)"
    ]
    assert validate(data, "ผล.csv").error_lines() == [
        "บรรทัดที่ 2: ระดับ “ผ่าน” ไม่ตรงกับคะแนน (ตามเกณฑ์ได้ระดับ ผ่านดี)"
    ]
    assert validate(data, "ผล.csv", fiscal_year=2568).ok is False  # the level is still wrong for 2568


def test_missing_column_refuses_the_file(db):
    with pytest.raises(NationalImportRefused) as caught:
        validated_or_refused("agency_id,province\nA1,ตราด\n".encode(), "x.csv")
    assert "ไม่มีคอลัมน์ fiscal_year" in caught.value.th


@pytest.mark.django_db
def test_import_creates_agencies_results_versions_and_matches_core_scoring(make_frame, make_file):
    frame = make_frame(40, (2568,))
    outcome = national_results_apply(
        validated=validated_or_refused(make_file(frame, "parquet"), "n.parquet"), source_name="n.parquet"
    )
    assert (outcome.agencies_created, outcome.results_created, outcome.results_updated) == (40, 40, 0)
    assert NationalAgencyCode.objects.count() == 40 and AssessmentResult.objects.count() == 40
    assert IndicatorScore.objects.count() == 400 and AssessmentResultVersion.objects.filter(number=1).count() == 40
    row = frame.filter(pl.col("agency_id") == "T7").row(0, named=True)
    code = NationalAgencyCode.objects.select_related("agency").get(code="T7")
    assert code.agency.province == row["province"] and code.agency_type == row["agency_type"]
    if row["agency_type"] == "อบต.":
        assert code.agency.kind == AgencyKind.SAO
    result = AssessmentResult.objects.get(agency=code.agency, fiscal_year=2568)
    core = score_indicators(default_registry().get(2568), {n: row[f"ind_{n}"] for n in range(1, 11)})
    assert result.overall == Decimal(f"{core.overall:.2f}") and result.level == core.level
    assert result.instrument_scores == core.instruments
    version = result.versions.get()
    assert version.source == "import" and version.source_name == "n.parquet"
    assert version.snapshot["indicators"]["9"] == f"{row['ind_9']:.2f}"
    assert AuditEntry.objects.filter(action="national.imported").count() == 1


@pytest.mark.django_db
def test_reimport_is_idempotent_and_a_change_adds_a_version(make_frame, make_file):
    frame = make_frame(30, (2567, 2568))
    data = make_file(frame, "csv")
    national_results_apply(validated=validated_or_refused(data, "n.csv"), source_name="n.csv")
    counts = (Agency.objects.count(), AssessmentResult.objects.count(), AssessmentResultVersion.objects.count())
    again = national_results_apply(validated=validated_or_refused(data, "n.csv"), source_name="n.csv")
    assert (again.results_created, again.results_updated, again.results_unchanged) == (0, 0, 60)
    assert (Agency.objects.count(), AssessmentResult.objects.count(), AssessmentResultVersion.objects.count()) == counts
    assert AuditEntry.objects.filter(action="national.imported").count() == 1  # nothing changed: nothing audited

    changed = frame.with_columns(
        ind_10=pl.when((pl.col("agency_id") == "T3") & (pl.col("fiscal_year") == 2568)).then(12.5)
        .otherwise(pl.col("ind_10"))
    ).drop("overall", "level", "iit", "eit", "oit")
    third = national_results_apply(
        validated=validated_or_refused(make_file(changed, "xlsx"), "n.xlsx"), source_name="n.xlsx"
    )
    assert (third.results_created, third.results_updated, third.results_unchanged) == (0, 1, 59)
    result = AssessmentResult.objects.get(agency__national_code__code="T3", fiscal_year=2568)
    assert result.indicator_scores.get(number=10).score == Decimal("12.50")
    assert list(result.versions.order_by("number").values_list("number", "source_name")) == [
        (1, "n.csv"), (2, "n.xlsx"),
    ]
    assert result.versions.get(number=2).snapshot["overall"] == f"{result.overall:.2f}"


@pytest.mark.django_db
def test_a_failure_in_the_middle_writes_nothing(make_frame, make_file, monkeypatch):
    checked = validated_or_refused(make_file(make_frame(25, (2568,)), "csv"), "n.csv")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AssessmentResultVersion.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        national_results_apply(validated=checked)
    assert Agency.objects.count() == 0 and AssessmentResult.objects.count() == 0
    assert NationalAgencyCode.objects.count() == 0 and IndicatorScore.objects.count() == 0


# --- the web: upload → review → confirm ---------------------------------------------------------------------


def _upload(client, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("national:import_upload"), {"file": SimpleUploadedFile(name, data)})


def test_upload_review_confirm_as_system_administrator(client, world, make_frame, make_file):
    client.force_login(world.user("system_admin"))
    response = _upload(client, make_file(make_frame(20, (2568,)), "parquet"), "ผลทั้งประเทศ.parquet")
    pending = NationalImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("national:import_review", args=[pending.pk])
    assert AssessmentResult.objects.filter(agency__national_code__isnull=False).count() == 0  # nothing yet
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "หน่วยงานใหม่ที่จะสร้าง: 20 แห่ง" in html and "ผลการประเมินใหม่: 20 รายการ" in html
    token = page.context["token"]
    done = client.post(reverse("national:import_confirm", args=[pending.pk]), {"token": token})
    assert done.status_code == 200 and "ผลการประเมินใหม่: 20 รายการ" in done.content.decode()
    assert AssessmentResult.objects.filter(agency__national_code__isnull=False).count() == 20
    again = client.post(reverse("national:import_confirm", args=[pending.pk]), {"token": token})
    assert again.status_code == 400 and "บันทึกไปแล้ว" in again.content.decode()


def test_a_file_with_one_bad_row_is_refused_whole_and_nothing_is_stored(client, world, make_frame, make_file):
    frame = make_frame(15, (2568,)).with_columns(
        ind_4=pl.when(pl.col("agency_id") == "T9").then(150.0).otherwise(pl.col("ind_4"))
    )
    client.force_login(world.user("system_admin"))
    agencies = Agency.objects.count()
    response = _upload(client, make_file(frame, "csv"), "ผล.csv")
    html = response.content.decode()
    line = frame.get_column("agency_id").to_list().index("T9") + 2
    assert response.status_code == 400
    assert f"บรรทัดที่ {line}: ตัวชี้วัดที่ 4: คะแนน 150.0 อยู่นอกช่วง 0–100" in html
    assert "ระบบยังไม่บันทึกข้อมูลใด" in html
    assert NationalImport.objects.count() == 0 and Agency.objects.count() == agencies


def test_tampered_token_is_refused(client, world, make_frame, make_file):
    client.force_login(world.user("system_admin"))
    _upload(client, make_file(make_frame(5, (2568,)), "csv"), "ผล.csv")
    pending = NationalImport.objects.get()
    response = client.post(reverse("national:import_confirm", args=[pending.pk]), {"token": "forged"})
    assert response.status_code == 400 and "ข้อมูลยืนยันไม่ถูกต้อง" in response.content.decode()
    assert not NationalAgencyCode.objects.exists()


def test_province_viewer_may_import_only_their_province(client, world, make_frame, make_file):
    from prongsai.apps.national.services import regional_viewer_set

    frame = make_frame(30, (2568,))
    province = frame.get_column("province")[0]
    viewer = world.user("outsider")
    regional_viewer_set(user=viewer, province=province)
    client.force_login(viewer)
    mixed = _upload(client, make_file(frame, "csv"), "ผล.csv")
    other = next(p for p in frame.get_column("province").to_list() if p != province)
    assert mixed.status_code == 400 and f"ไม่รวม{province_label(other)}" in mixed.content.decode()
    own = frame.filter(pl.col("province") == province)
    response = _upload(client, make_file(own, "csv"), "ผลจังหวัด.csv")
    assert response.status_code == 302
    # another person cannot open this review (404), even a system administrator's own pending list is separate
    client.force_login(world.user("system_admin"))
    assert client.get(response["Location"]).status_code == 404
