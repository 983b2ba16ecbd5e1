"""One round end to end through the web pages: 3 units, 2 assessors, surveys answered (closed IIT by invitation
codes, open EIT), OIT items submitted and judged (one second review), one dispute upheld and one rejected, scoring,
confirmation; the final scores equal a hand computation, and every unit's report passes the core checker clean.
(The phone-sized chromium version of the survey part is tests/browser/test_rounds_e2e.py.)"""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.rounds.models import Invitation, Judgement, RoundResult
from prongsai.core.documents.check import check_file

from .conftest import VARIANT

ITEMS = ("O1", "O3", "O4", "O9", "O25", "O26")
IIT = ("i1", "i2", "i3", "i4", "i5")
EIT = ("e1", "e2", "e3")
# Two IIT and two EIT respondents per unit; every question answered alike by one respondent.
ANSWERS = {
    "a": {"IIT": ["มากที่สุด", "มากที่สุด"], "EIT": ["มากที่สุด", "มากที่สุด"]},
    "b": {"IIT": ["มากที่สุด", "มาก"], "EIT": ["มาก", "มาก"]},
    "c": {"IIT": ["มาก", "มาก"], "EIT": ["มาก", "มาก"]},
}
# First judgements (assessor1 for a and b, group ก; assessor2 for c, group ข). Then: assessor2 second-reviews a's O4
# (fail → pass); a disputes O26 (upheld → pass); b disputes O3 (rejected → stays fail).
FIRST = {
    "a": {"O1": True, "O3": True, "O4": False, "O9": True, "O25": True, "O26": False},
    "b": {"O1": True, "O3": False, "O4": True, "O9": True, "O25": True, "O26": False},
    "c": {"O1": True, "O3": True, "O4": True, "O9": False, "O25": True, "O26": True},
}
# By hand. Scale มากที่สุด 100, มาก 66.67. Indicators are published to two decimals, then (FY2568 weights)
# overall = 0.3 IIT + 0.3 EIT + 0.4 OIT; OIT indicator 9 = mean(9.1: O1 O3, 9.2: O4 O9), 10 = 10.1: O25 O26.
#  a: IIT 100, EIT 100; OIT all pass after the review and the upheld dispute → 100; overall 100.00 ผ่านดีเยี่ยม
#  b: IIT (100 + 66.67) / 2 = 83.335 → 83.34 each; EIT 66.67; 9 = (50 + 100) / 2 = 75, 10 = 50 → OIT 62.5
#     overall 0.3·83.34 + 0.3·66.67 + 0.4·62.5 = 25.002 + 20.001 + 25 = 70.003 → 70.00 ไม่ผ่าน
#  c: IIT 66.67, EIT 66.67; 9 = (100 + 50) / 2 = 75, 10 = 100 → OIT 87.5
#     overall 20.001 + 20.001 + 35 = 75.002 → 75.00 ไม่ผ่าน
EXPECTED = {
    "a": {"overall": "100.00", "level": "ผ่านดีเยี่ยม", "rank": 1, "IIT": 100.0, "EIT": 100.0, "OIT": 100.0,
          "9": 100.0, "10": 100.0},
    "b": {"overall": "70.00", "level": "ไม่ผ่าน", "rank": 3, "IIT": 83.34, "EIT": 66.67, "OIT": 62.5,
          "9": 75.0, "10": 50.0},
    "c": {"overall": "75.00", "level": "ไม่ผ่าน", "rank": 2, "IIT": 66.67, "EIT": 66.67, "OIT": 87.5,
          "9": 75.0, "10": 100.0},
}


def _ok(response, status=302):
    if response.status_code != status:
        html = response.content.decode()
        problem = html.split('id="error-summary"')[-1][:600] if "error-summary" in html else html[:300]
        raise AssertionError(f"{response.status_code} != {status}: {problem}")
    return response


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages) if hasattr(response, "wsgi_request") else ""


@pytest.mark.django_db
def test_a_round_end_to_end(client, rw, tmp_path, settings):
    admin = rw.users["admin"]
    slug = rw.assessor.slug
    today = timezone.localdate()
    # two IIT answers per unit: the mixing pool is mixed in at the second (docs/rounds.md; the default is 10)
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 2

    # --- 1. the round admin creates the round on the variant framework, adds units and assessors -------------------
    client.force_login(admin)
    response = _ok(client.post(reverse("rounds:new", args=[slug]), {
        "title": "ITA ท้องถิ่นจังหวัดทดสอบ 2568", "fiscal_year": 2568, "framework_year": "", "framework_yaml": VARIANT,
        "starts_on": today.isoformat(),
    }))
    pk = int(re.search(r"/rounds/(\d+)/", response["Location"]).group(1))
    for kind in ("registration", "oit_submission", "scoring", "clarification", "confirmation"):
        _ok(client.post(reverse("rounds:phase_set", args=[slug, pk]), {
            "kind": kind, "starts_on": today.isoformat(), "ends_on": (today.replace(year=today.year + 1)).isoformat()}))
    units = {}
    for k, group in (("a", "ก"), ("b", "ก"), ("c", "ข")):
        _ok(client.post(reverse("rounds:unit_add", args=[slug, pk]), {"agency": rw.units[k].slug, "group": group}))
    from prongsai.apps.rounds.models import Round

    round = Round.objects.get(pk=pk)
    units = {k: round.units.get(agency=rw.units[k]) for k in "abc"}
    for username, group, unit in (("assessor1", "ก", ""), ("assessor2", "ข", ""), ("assessor2", "", units["a"].pk)):
        _ok(client.post(reverse("rounds:role_add", args=[slug, pk]),
                        {"username": username, "kind": "assessor", "group": group, "unit": unit}))
    assert round.roles.count() == 3

    # --- 2. units register, print invitations; staff and clients answer -----------------------------------------------
    codes = {}
    for k in "abc":
        coord = Client()
        coord.force_login(rw.users[f"coord_{k}"])
        uslug = rw.units[k].slug
        _ok(coord.post(reverse("rounds:register", args=[uslug, pk]),
                       {"staff_count": 10, "stakeholder_count": 200, "website": ""}))
        _ok(coord.post(reverse("rounds:invitations", args=[uslug, pk])))
        page = _ok(coord.get(reverse("rounds:invitations", args=[uslug, pk])), 200).content.decode()
        codes[k] = re.findall(r"/r/([A-Za-z0-9_-]+)/</code>", page)
        assert len(codes[k]) == 10  # one per staff member
        unit_page = _ok(coord.get(reverse("rounds:detail", args=[uslug, pk])), 200).content.decode()
        eit_token = re.search(r'ลิงก์ EIT: <a href="[^"]*/r/([A-Za-z0-9_-]+)/"', unit_page).group(1)
        for n, pick in enumerate(ANSWERS[k]["IIT"]):
            staff = Client()
            answers = {f"{q}__": pick for q in IIT}
            # the card's link shows the form; the form posts the code in its body to the code-less entry link
            form = _ok(staff.get(reverse("rounds:answer", args=[codes[k][n]])), 200).content.decode()
            action = re.search(r'<form method="post" action="([^"]+)"', form).group(1)
            assert codes[k][n] not in action and f'name="code" value="{codes[k][n]}"' in form
            _ok(staff.post(action, {"code": codes[k][n], "answering": "1", **answers}))
            # the same code cannot answer twice
            assert staff.post(action, {"code": codes[k][n], "answering": "1", **answers}).status_code == 410
            assert staff.get(reverse("rounds:answer", args=[codes[k][n]])).status_code == 410
        for pick in ANSWERS[k]["EIT"]:
            visitor = Client()
            form = visitor.get(reverse("rounds:answer", args=[eit_token])).content.decode()
            ft = re.search(r'name="ft" value="([^"]+)"', form).group(1)
            _ok(visitor.post(reverse("rounds:answer", args=[eit_token]), {"ft": ft, **{f"{q}__": pick for q in EIT}}))
            # a second answer from the same browser is refused
            assert visitor.post(reverse("rounds:answer", args=[eit_token]),
                                {"ft": ft, **{f"{q}__": pick for q in EIT}}).status_code == 409
        # the invitation rows are not touched by an answer; the coordinator sees counts only
        assert Invitation.objects.filter(survey__unit=units[k], used=True).count() == 0
        assert "ใช้แล้ว 2 จาก 10 รหัส" in coord.get(reverse("rounds:invitations", args=[uslug, pk])).content.decode()
        page = coord.get(reverse("rounds:detail", args=[uslug, pk])).content.decode()
        assert '<td class="num">2</td><td class="num">2</td>' in page  # responses against the minimum (2)
        # the unit's own survey list shows the survey engine's rounds that hold the answers; their page opens
        pulse = units[k].surveys.get(instrument="IIT").pulse
        assert coord.get(reverse("surveys:round", args=[uslug, pulse.pk])).status_code == 200

        # --- 3. OIT answers (มี with a URL, or ไม่มี) ------------------------------------------------------------------
        for item in ITEMS:
            has = FIRST[k][item]
            _ok(coord.post(reverse("rounds:oit_submit", args=[uslug, pk]), {
                "item": item, "has_evidence": "1" if has else "0",
                "urls": f"https://{uslug}.example.go.th/{item.lower()}" if has else "",
                "explanation": "หน้าหลัก > ITA" if has else "",
            }))

    # --- 4. assessors judge; a second review; the queue --------------------------------------------------------------
    assessors = {"assessor1": Client(), "assessor2": Client()}
    for name, c in assessors.items():
        c.force_login(rw.users[name])
    queue = assessors["assessor1"].get(reverse("rounds:queue", args=[slug, pk])).content.decode()
    assert rw.units["a"].name_th in queue and rw.units["b"].name_th in queue and rw.units["c"].name_th not in queue
    for k, who in (("a", "assessor1"), ("b", "assessor1"), ("c", "assessor2")):
        for item, passed in FIRST[k].items():
            _ok(assessors[who].post(reverse("rounds:review", args=[slug, pk, units[k].pk, item]), {
                "passed": "1" if passed else "0", "comment": "" if passed else "ไม่พบข้อมูลตามที่กำหนด",
                "checked_on": today.isoformat()}))
    # assessor1 may not judge c (group ข): refused
    assert assessors["assessor1"].post(reverse("rounds:review", args=[slug, pk, units["c"].pk, "O1"]),
                                       {"passed": "1", "checked_on": today.isoformat()}).status_code == 403
    _ok(assessors["assessor2"].post(reverse("rounds:review", args=[slug, pk, units["a"].pk, "O4"]), {
        "passed": "1", "comment": "พบข้อมูลในหน้าข่าว", "checked_on": today.isoformat(), "second": "on"}))

    # --- 5. clarification: a disputes O26 (upheld), b disputes O3 (rejected) -----------------------------------------
    for k, item in (("a", "O26"), ("b", "O3")):
        coord = Client()
        coord.force_login(rw.users[f"coord_{k}"])
        _ok(coord.post(reverse("rounds:dispute", args=[rw.units[k].slug, pk]), {
            "item": item, "text": "เผยแพร่แล้วในหน้าใหม่", "url": f"https://{rw.units[k].slug}.example.go.th/new"}))
    for k, item, upheld in (("a", "O26", "1"), ("b", "O3", "0")):
        dispute = units[k].disputes.get(item=item)
        _ok(assessors["assessor1"].post(reverse("rounds:decide", args=[slug, pk, dispute.pk]),
                                        {"upheld": upheld, "comment": "" if upheld == "1" else "ลิงก์ใหม่ไม่ใช่ข้อมูลของปีนี้"}))
    # nothing was overwritten: 6 first judgements per unit, plus one second review and two dispute decisions
    assert Judgement.objects.filter(unit__round=round).count() == 18 + 1 + 2

    # --- 6. before publication a unit sees neither its result nor anyone's ---------------------------------------
    _ok(client.post(reverse("rounds:score", args=[slug, pk])))
    coord_b = Client()
    coord_b.force_login(rw.users["coord_b"])
    page = coord_b.get(reverse("rounds:detail", args=[rw.units["b"].slug, pk])).content.decode()
    assert "ผลการประเมินจะแสดงเมื่อผู้จัดการประเมินยืนยันผลแล้ว" in page and "70.00" not in page
    report_b = reverse("rounds:report", args=[rw.units["b"].slug, pk, units["b"].pk, "docx"])
    assert coord_b.get(report_b).status_code == 403

    # --- 7. confirm: frozen, published --------------------------------------------------------------------------------
    _ok(client.post(reverse("rounds:confirm", args=[slug, pk]), {"confirm": "yes"}))
    # the surveys are closed now: every spent code's invitation is marked used, all at once
    assert Invitation.objects.filter(survey__unit__round=round, used=True).count() == 6
    for k, want in EXPECTED.items():
        result = RoundResult.objects.get(unit=units[k])
        assert (f"{result.overall}", result.level, result.rank) == (want["overall"], want["level"], want["rank"]), k
        assert {c: result.data["instruments"][c] for c in ("IIT", "EIT", "OIT")} == {
            c: want[c] for c in ("IIT", "EIT", "OIT")}, k
        assert {n: result.data["indicators"][n] for n in ("9", "10")} == {n: want[n] for n in ("9", "10")}, k
        assert result.data["respondents"] == {"IIT": 2, "EIT": 2}
    page = coord_b.get(reverse("rounds:detail", args=[rw.units["b"].slug, pk])).content.decode()
    assert "70.00" in page and rw.units["a"].name_th in page  # the ranked table, once published
    assert "83.34" in page and "62.50" in page  # its indicators and instruments; per question (i2: 83.34 too)
    assert "การใช้จ่ายงบประมาณเป็นไปตามวัตถุประสงค์" in page

    # --- 8. every unit's report passes the core checker with no finding -------------------------------------------
    for k in "abc":
        coord = Client()
        coord.force_login(rw.users[f"coord_{k}"])
        response = _ok(coord.get(reverse("rounds:report", args=[rw.units[k].slug, pk, units[k].pk, "docx"])), 200)
        path = tmp_path / f"{k}.docx"
        path.write_bytes(response.content)
        report = check_file(path)
        assert report.findings == [], (k, [f.model_dump() for f in report.findings])
        assert report.result.document.overall.score == float(EXPECTED[k]["overall"])

    # --- 9. exports of all results --------------------------------------------------------------------------------
    frame = pl.read_parquet(io.BytesIO(client.get(reverse("rounds:export", args=[slug, pk, "parquet"])).content))
    assert frame.sort("อันดับ")["คะแนนภาพรวม"].to_list() == [100.0, 75.0, 70.0]
    csv = client.get(reverse("rounds:export", args=[slug, pk, "csv"])).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("อันดับ,หน่วยงาน") and "70.0" in csv
    assert client.get(reverse("rounds:export", args=[slug, pk, "xlsx"])).content[:2] == b"PK"

    # --- 10. frozen: a later judgement changes nothing until a correction with a reason makes a new version ----------
    _ok(assessors["assessor1"].post(reverse("rounds:review", args=[slug, pk, units["b"].pk, "O26"]), {
        "passed": "1", "comment": "พบรายงานฉบับปรับปรุง", "checked_on": today.isoformat()}))
    response = client.post(reverse("rounds:score", args=[slug, pk]))
    assert RoundResult.objects.filter(unit=units["b"]).count() == 1  # refused without a reason
    _ok(client.post(reverse("rounds:score", args=[slug, pk]), {"reason": "แก้ผลข้อ O26 ตามหลักฐานเพิ่มเติม"}))
    versions = list(RoundResult.objects.filter(unit=units["b"]).order_by("version"))
    assert [(v.version, f"{v.overall}") for v in versions] == [(1, "70.00"), (2, "80.00")]  # 10.1 → 100, OIT 87.5
    assert versions[1].reason.startswith("แก้ผลข้อ O26")
    # b's score and c's rank changed (b now ranks 2nd): two logged corrections, each with the reason
    entries = AuditEntry.objects.filter(action="assessment_round.result_corrected")
    assert entries.count() == 2 and all(e.note.startswith("แก้ผลข้อ O26") for e in entries)
    assert RoundResult.objects.filter(unit=units["c"]).order_by("-version").first().rank == 3
