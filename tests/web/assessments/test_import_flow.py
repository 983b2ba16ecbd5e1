"""Importing results: upload → review (what was read, the findings) → confirm saves exactly what was reviewed."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.assessments.imports import TOKEN_SALT, display_name, template_bytes
from prongsai.apps.assessments.models import AssessmentResult, AssessmentResultVersion, PendingImport, QuestionScore
from prongsai.apps.audit.models import AuditEntry

THAI = re.compile("[\u0e00-\u0e7f]")
NEW_2566 = {1: 90.10, 2: 85.20, 3: 88.30, 4: 84.40, 5: 86.50, 6: 85.60, 7: 82.70, 8: 81.80, 9: 90.00, 10: 87.50}


def _upload_url(world):
    return reverse("assessments:import_upload", kwargs={"agency_slug": world.own.slug})


def _upload(client, world, data: bytes, name: str):
    return client.post(_upload_url(world), {"file": SimpleUploadedFile(name, data)})


def _token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no confirmation token on the review page"
    return match.group(1)


def _state():
    return (
        sorted(AssessmentResult.objects.values_list("agency_id", "fiscal_year", "overall", "level", "updated_at")),
        AssessmentResultVersion.objects.count(),
        QuestionScore.objects.count(),
    )


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def test_upload_review_confirm_saves_what_was_reviewed(coordinator, world, report_text):
    client = coordinator
    text = report_text(year=2566, scores=NEW_2566, overall="คะแนนรวม 99.99 ระดับ ผ่านดีเยี่ยม")
    before = _state()
    response = _upload(client, world, text.encode("utf-8"), "ผลITA2566.txt")
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert _state() == before  # nothing recorded by uploading
    assert pending.source_name == "ผลITA2566.txt" and pending.kind == "txt"

    review = client.get(response["Location"])
    assert review.status_code == 200
    html = review.content.decode()
    # what was read
    assert "องค์การบริหารส่วนตำบลทดสอบหนึ่ง" in html
    assert "2566" in html
    assert "90.10" in html and "81.80" in html
    assert "99.99" in html  # the overall the file states …
    assert "บุคลากรในหน่วยงานของท่าน" in html  # … and its questions
    # the checker's findings (the stated overall and level cannot be right)
    assert "ข้อผิดพลาด" in html
    assert "ไม่ตรงกับที่คำนวณ" in html
    assert "ชื่อหน่วยงานไม่ตรงกัน" not in html

    token = _token(html)
    # the stated level is impossible for the score: a blocking error, saved only with an override and a reason
    url = reverse("assessments:import_confirm", args=[world.own.slug, pending.pk])
    refused = client.post(url, {"token": token, "sets": ["0"]})
    assert refused.status_code == 400 and _state() == before
    done = client.post(
        url, {"token": token, "sets": ["0"], "override-0": "yes", "reason-0": "ตรวจกับรายงานฉบับจริงแล้ว"}
    )
    assert done.status_code == 302
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2566)
    assert {s.number: float(s.score) for s in result.indicator_scores.all()} == NEW_2566
    assert result.overall != Decimal("99.99")  # computed by the core, not copied from the file
    questions = list(result.question_scores.order_by("position").values_list("code", "score"))
    assert questions == [("i1", Decimal("92.50")), ("i3", Decimal("58.75"))]
    version = result.versions.get()
    assert version.source == "import" and version.source_name == "ผลITA2566.txt"
    assert version.actor == world.user("coordinator")
    pending.refresh_from_db()
    assert pending.confirmed_at is not None and pending.confirmed_by == world.user("coordinator")
    assert AuditEntry.objects.filter(agency=world.own, action="import.confirmed").count() == 1
    assert AuditEntry.objects.filter(agency=world.own, action="result.created", target_id=str(result.pk)).count() == 1
    # a second confirmation saves nothing more
    again = client.post(reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": token})
    assert again.status_code == 400
    assert "บันทึกไปแล้ว" in again.content.decode()
    assert result.versions.count() == 1


def test_confirm_replaces_an_existing_year_and_keeps_its_history(coordinator, world, report_text):
    client = coordinator
    scores = {n: 90.00 for n in range(1, 11)}
    response = _upload(client, world, report_text(year=2568, scores=scores).encode(), "2568.txt")
    review = client.get(response["Location"]).content.decode()
    assert "มีผลปี 2568 อยู่แล้ว" in review
    pending = PendingImport.objects.get()
    done = client.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(review), "sets": "0"}
    )
    assert done.status_code == 302
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2568)
    assert result.versions.count() == 2
    old, new = result.versions.order_by("number")
    assert old.snapshot["indicators"]["1"] == "97.10" and new.snapshot["indicators"]["1"] == "90.00"
    assert len(new.snapshot["questions"]) == 2  # the file's questions replace the three stored before
    detail = client.get(reverse("assessments:result_detail", args=[world.own.slug, 2568])).content.decode()
    assert "ฉบับที่ 2 (ปัจจุบัน)" in detail and "ฉบับที่ 1" in detail
    assert "97.10" in detail  # the previous version is still shown


@pytest.mark.parametrize(
    "tamper",
    [
        "forged",  # a token not signed with our key
        "other-user",  # a token issued to someone else
        "other-pending",  # a token of another import
        "data-changed",  # the stored data changed after the review (digest mismatch)
        "expired",
    ],
)
def test_a_tampered_confirmation_is_refused_and_nothing_is_saved(coordinator, world, report_text, tamper):
    client = coordinator
    response = _upload(client, world, report_text(year=2566, scores=NEW_2566).encode(), "a.txt")
    html = client.get(response["Location"]).content.decode()
    pending = PendingImport.objects.get()
    token = _token(html)
    if tamper == "forged":
        token = signing.dumps({"p": str(pending.pk), "d": pending.digest, "u": world.user("coordinator").pk})
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif tamper == "other-user":
        token = signing.dumps(
            {"p": str(pending.pk), "d": pending.digest, "u": world.user("agency_admin").pk}, salt=TOKEN_SALT
        )
    elif tamper == "other-pending":
        _upload(client, world, report_text(year=2565, scores=NEW_2566).encode(), "b.txt")
        other = PendingImport.objects.exclude(pk=pending.pk).get()
        token = signing.dumps(
            {"p": str(other.pk), "d": other.digest, "u": world.user("coordinator").pk}, salt=TOKEN_SALT
        )
    elif tamper == "data-changed":
        docs = pending.documents
        docs[0]["indicators"]["1"] = 10.0
        PendingImport.objects.filter(pk=pending.pk).update(documents=docs)
    elif tamper == "expired":
        from datetime import timedelta

        from django.utils import timezone

        PendingImport.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=2))
    before = _state()
    done = client.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": token, "sets": "0"}
    )
    assert done.status_code == 400
    page = done.content.decode()
    assert "ยังไม่ได้บันทึก" in page
    assert _state() == before
    assert not AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).exists()
    assert not AuditEntry.objects.filter(action="import.confirmed").exists()


def test_the_token_from_a_signed_date_expires(coordinator, world, report_text, monkeypatch):
    from prongsai.apps.assessments import imports

    response = _upload(coordinator, world, report_text(year=2566, scores=NEW_2566).encode(), "a.txt")
    html = coordinator.get(response["Location"]).content.decode()
    pending = PendingImport.objects.get()
    from datetime import timedelta

    monkeypatch.setattr(imports, "PENDING_TTL", timedelta(seconds=-1))
    done = coordinator.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(html)}
    )
    assert done.status_code == 400
    assert "หมดอายุ" in done.content.decode()


def test_a_set_that_cannot_be_saved_is_refused(coordinator, world):
    text = "รายงานผล ITA ประจำปีงบประมาณ พ.ศ. 2567\nองค์การบริหารส่วนตำบลทดสอบหนึ่ง\nตัวชี้วัด\tคะแนน\n2. การใช้งบประมาณ\t88.25\n"
    response = _upload(coordinator, world, text.encode(), "part.txt")
    html = coordinator.get(response["Location"]).content.decode()
    assert "บันทึกชุดนี้ไม่ได้" in html
    assert "ตัวชี้วัดที่ 1, 3, 4" in html
    assert 'name="sets"' not in html
    pending = PendingImport.objects.get()
    before = _state()
    done = coordinator.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(html), "sets": ["0"]}
    )
    assert done.status_code == 400
    assert _state() == before


def test_a_different_agency_name_is_warned_about(coordinator, world, report_text):
    response = _upload(coordinator, world, report_text(agency="องค์การบริหารส่วนตำบลอื่นไกล").encode(), "x.txt")
    html = coordinator.get(response["Location"]).content.decode()
    assert "ชื่อหน่วยงานไม่ตรงกัน" in html
    assert "องค์การบริหารส่วนตำบลอื่นไกล" in html


def test_the_same_agency_with_an_abbreviation_is_not_warned_about(world):
    from prongsai.apps.assessments.selectors import agency_name_matches

    assert agency_name_matches(world.own, "อบต.ทดสอบหนึ่ง")
    assert agency_name_matches(world.own, "องค์การบริหารส่วนตำบล ทดสอบหนึ่ง")
    assert agency_name_matches(world.own, "อบต.ทดสอบสอง") is False
    assert agency_name_matches(world.own, None) is None


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"PK\x03\x04broken zip", "ผล.docx", "เสียหาย"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00program", "ผล.pdf", "โปรแกรม"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.pdf", "ไฟล์ภาพ (PNG) เสียหาย"),  # a broken scan
        (b"%PDF-1.4\n%broken", "ผล.pdf", "ไฟล์"),
        (b"", "empty.txt", "ว่างเปล่า"),  # Django's FileField refuses an empty upload before reading
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "Office"),
        (b"key,value\nfiscal_year,2025\n", "template.csv", "2025"),
    ],
)
def test_a_broken_file_gives_a_thai_error_and_saves_nothing(coordinator, world, data, name, words):
    before = _state()
    response = _upload(coordinator, world, data, name)
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.findall(r'<div class="field-error" id="id_file_error">(.*?)</div>', html, re.S)
    assert errors, "the error sits beside the file field"
    assert THAI.search(errors[0]) and words in errors[0]
    assert _state() == before
    assert not PendingImport.objects.exists()


def test_the_file_name_is_never_trusted(coordinator, world, report_text):
    evil = "../../../etc/<script>alert(1)</script>\x00.txt"
    response = _upload(coordinator, world, report_text().encode(), evil)
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert "/" not in pending.source_name and "\x00" not in pending.source_name
    html = coordinator.get(response["Location"]).content.decode()
    assert "<script>alert(1)" not in html
    assert display_name("a/b\\c.txt") == "c.txt"


def test_a_program_named_like_a_report_is_refused(coordinator, world):
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
    response = _upload(coordinator, world, elf, "ผลการประเมิน.docx")
    assert response.status_code == 400
    assert "โปรแกรม" in response.content.decode()


def test_an_oversized_file_is_refused(coordinator, world, settings, report_text):
    settings.PRONGSAI_IMPORT_MAX_BYTES = 1000
    response = _upload(coordinator, world, report_text().encode() * 10, "big.txt")
    assert response.status_code == 400
    assert "ใหญ่เกินกำหนด" in response.content.decode()
    assert not PendingImport.objects.exists()


def _filled_workbook() -> bytes:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_bytes(fiscal_year=2566, fmt="xlsx")))
    ws = wb["ผลการประเมิน"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    values = {
        4: {"agency_name": "อบต.ทดสอบหนึ่ง", "fiscal_year": 2566, **{f"indicator_{n}": v for n, v in NEW_2566.items()}},
        5: {"agency_name": "อบต.ทดสอบหนึ่ง", "fiscal_year": 2565, **{f"indicator_{n}": 80 for n in range(1, 11)}},
        6: {"agency_name": "อบต.ทดสอบหนึ่ง", "fiscal_year": 2564, "indicator_1": 70},  # incomplete
    }
    for column, items in values.items():
        for key, value in items.items():
            ws.cell(row=rows[key], column=column, value=value)
    ws.cell(row=rows["fiscal_year"], column=4, value=2566)
    qs = wb["ข้อคำถาม"]
    qs.append(["i1", "ข้อคำถามจากแม่แบบ", 1, "IIT", 55.5, 1])
    qs.append(["e1", "ข้อคำถามชุดสอง", 6, "EIT", 77.25, 2])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_filled_template_imports_several_years_and_their_questions(coordinator, world):
    data = _filled_workbook()
    response = _upload(coordinator, world, data, "ไม่ใช่ excel.txt")  # the content decides, not the name
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.get()
    assert pending.kind == "xlsx" and len(pending.documents) == 3
    html = coordinator.get(response["Location"]).content.decode()
    assert "ชุดที่ 3" in html and "บันทึกชุดนี้ไม่ได้" in html
    assert "ชื่อหน่วยงานไม่ตรงกัน" not in html  # อบต.ทดสอบหนึ่ง is the same agency
    done = coordinator.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]),
        {"token": _token(html), "sets": ["0", "1"]},
    )
    assert done.status_code == 302
    r2566 = AssessmentResult.objects.get(agency=world.own, fiscal_year=2566)
    r2565 = AssessmentResult.objects.get(agency=world.own, fiscal_year=2565)
    assert list(r2566.question_scores.values_list("code", "score")) == [("i1", Decimal("55.50"))]
    assert list(r2565.question_scores.values_list("code", "score")) == [("e1", Decimal("77.25"))]
    assert not AssessmentResult.objects.filter(agency=world.own, fiscal_year=2564).exists()


def test_choosing_only_some_sets_saves_only_those(coordinator, world):
    response = _upload(coordinator, world, _filled_workbook(), "t.xlsx")
    html = coordinator.get(response["Location"]).content.decode()
    pending = PendingImport.objects.get()
    coordinator.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(html), "sets": ["1"]}
    )
    assert AssessmentResult.objects.filter(agency=world.own, fiscal_year=2565).exists()
    assert not AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).exists()


def test_a_csv_template_imports(coordinator, world):
    data = template_bytes(fiscal_year=2566, fmt="csv").decode("utf-8-sig")
    lines = []
    for line in data.splitlines():
        key = line.split(",", 1)[0]
        if key.startswith("indicator_"):
            n = int(key.split("_")[1])
            parts = line.split(",")
            parts[1] = f"{NEW_2566[n]:.2f}"
            line = ",".join(parts)
        lines.append(line)
    response = _upload(coordinator, world, "\n".join(lines).encode("utf-8"), "ผล.csv")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PendingImport.objects.get().kind == "csv"


def test_the_blank_template_downloads(coordinator, world):
    url = reverse("assessments:import_template", args=[world.own.slug])
    xlsx = coordinator.get(url + "?year=2568")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    assert "attachment" in xlsx["Content-Disposition"]
    csv = coordinator.get(url + "?fmt=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "indicator_10" in csv.content.decode("utf-8-sig")


def test_review_and_confirm_need_the_permission(client, world, report_text):
    client.force_login(world.user("coordinator"))
    response = _upload(client, world, report_text(year=2566, scores=NEW_2566).encode(), "a.txt")
    html = client.get(response["Location"]).content.decode()
    pending = PendingImport.objects.get()
    client.force_login(world.user("executive"))
    assert client.get(response["Location"]).status_code == 403
    done = client.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(html)}
    )
    assert done.status_code == 403
    client.force_login(world.user("foreign"))
    assert client.get(response["Location"]).status_code == 404
    assert not AssessmentResult.objects.filter(fiscal_year=2566).exists()


def test_confirming_with_no_set_chosen_saves_nothing(coordinator, world, report_text):
    response = _upload(coordinator, world, report_text(year=2566, scores=NEW_2566).encode(), "a.txt")
    html = coordinator.get(response["Location"]).content.decode()
    pending = PendingImport.objects.get()
    done = coordinator.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(html)}
    )
    assert done.status_code == 400
    assert "ไม่มีชุดผลการประเมินที่เลือก" in done.content.decode()
    assert not AssessmentResult.objects.filter(fiscal_year=2566).exists()
    # the review is still there to confirm properly
    ok = coordinator.post(
        reverse("assessments:import_confirm", args=[world.own.slug, pending.pk]), {"token": _token(html), "sets": "0"}
    )
    assert ok.status_code == 302
    assert AssessmentResult.objects.filter(fiscal_year=2566).exists()


def test_a_reader_bug_is_a_thai_refusal_not_a_crash(coordinator, world, report_text, monkeypatch):
    import prongsai.core.documents.check as check

    def boom(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(check, "check_text", boom)
    response = _upload(coordinator, world, report_text().encode(), "a.txt")
    assert response.status_code == 400
    assert "ข้อผิดพลาดภายใน" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_an_incomplete_import_prefills_the_form(coordinator, world):
    text = "รายงานผล ITA ประจำปีงบประมาณ พ.ศ. 2567\nองค์การบริหารส่วนตำบลทดสอบหนึ่ง\nตัวชี้วัด\tคะแนน\n2. การใช้งบประมาณ\t88.25\n"
    response = _upload(coordinator, world, text.encode(), "part.txt")
    pending = PendingImport.objects.get()
    html = coordinator.get(response["Location"]).content.decode()
    link = reverse("assessments:result_edit", args=[world.own.slug, 2567]) + f"?from={pending.pk}&amp;set=0"
    assert link in html
    form = coordinator.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(r'<input[^>]*name="indicator_2"[^>]*value="88.25"', form)
    assert re.search(r'<input[^>]*name="indicator_1"[^>]*value="95.80"', form)  # the stored score stays
    # another agency's import, or garbage, prefills nothing
    bad = coordinator.get(reverse("assessments:result_edit", args=[world.own.slug, 2567]) + "?from=not-a-uuid&set=0")
    assert bad.status_code == 200
