"""The rules of a round one by one: who sees what, who may judge, anonymity, deadlines, refusals in Thai with nothing
written, the website checker's suggestions, exports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.rounds import services
from prongsai.apps.rounds.exports import results_frame
from prongsai.apps.rounds.models import (
    Invitation,
    Judgement,
    OitSubmission,
    PendingIitAnswer,
    RoundResult,
    SiteCheck,
    SpentInvitation,
)
from prongsai.apps.surveys.models import PulseAnswer, PulseResponse
from prongsai.core.spreadsheet import neutralise_cell

from .conftest import VARIANT


def _unit(round, rw, k):
    return round.units.get(agency=rw.units[k])


def test_an_assessor_may_not_assess_their_own_unit(rw, open_round):
    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set

    admin = rw.racc("admin", rw.assessor, open_round)
    # assessor1 also works at unit b: naming them for group ก (a and b) is refused, and so is naming them for b
    membership_set(user=rw.users["assessor2"], agency=rw.units["c"], role=Role.EXECUTIVE)
    with pytest.raises(services.RoundInputError, match="ประเมินหน่วยงานของตนเองไม่ได้"):
        services.round_role_assign(racc=admin, actor=rw.users["admin"], user=rw.users["assessor2"], kind="assessor",
                                   unit=_unit(open_round, rw, "c"))
    # assessor2 was named for group ข (c) before joining c: c drops out of their units, and judging it is refused
    racc = rw.racc("assessor2", rw.assessor, open_round)
    assert _unit(open_round, rw, "c").pk not in racc.assessor_unit_ids
    with pytest.raises(services.RoundInputError, match="ไม่ได้เป็นผู้ประเมินของหน่วยนี้"):
        services.judgement_record(racc=racc, actor=rw.users["assessor2"], unit=_unit(open_round, rw, "c"), item="O1",
                                  passed=True, comment="", checked_on=timezone.localdate())
    assert not Judgement.objects.exists()
    # someone outside the assessor organisation cannot be an assessor at all
    with pytest.raises(services.RoundInputError, match="บุคลากรของหน่วยงานผู้จัดการประเมิน"):
        services.round_role_assign(racc=admin, actor=rw.users["admin"], user=rw.users["coord_a"], kind="assessor",
                                   group="ก")


def test_a_unit_never_sees_another_units_submissions_or_results(rw, open_round, client):
    a, b = _unit(open_round, rw, "a"), _unit(open_round, rw, "b")
    services.oit_submit(racc=rw.racc("coord_a", rw.units["a"], open_round), actor=rw.users["coord_a"], item="O1",
                        has_evidence=True, urls="https://a.example.go.th/secret-o1", explanation="ลับของหน่วยหนึ่ง")
    RoundResult.objects.create(unit=a, version=1, overall="91.00", level="ผ่าน", passed=True, rank=1,
                               data={"indicators": {}, "instruments": {}})
    client.force_login(rw.users["coord_b"])
    b_slug, pk = rw.units["b"].slug, open_round.pk
    page = client.get(reverse("rounds:detail", args=[b_slug, pk])).content.decode()
    assert "secret-o1" not in page and "ลับของหน่วยหนึ่ง" not in page and "91.00" not in page
    # a's pages under b's name, or under a's name: nothing
    assert client.get(reverse("rounds:review", args=[b_slug, pk, a.pk, "O1"])).status_code == 403
    assert client.get(reverse("rounds:report", args=[b_slug, pk, a.pk, "docx"])).status_code == 404
    assert client.get(reverse("rounds:detail", args=[rw.units["a"].slug, pk])).status_code == 404
    assert client.get(reverse("rounds:export", args=[b_slug, pk, "csv"])).status_code == 403
    assert "91.00" not in client.get(reverse("rounds:dashboard", args=[b_slug, pk])).content.decode()
    # the round's own organisation sees them; a member of an agency outside the round sees nothing
    client.force_login(rw.users["viewer"])
    assert "secret-o1" in client.get(reverse("rounds:review", args=[rw.assessor.slug, pk, a.pk, "O1"])).content.decode()
    assert b.pk != a.pk


def test_an_assessor_never_sees_a_respondent(rw, open_round, client):
    """Answers are stored without a person (the survey engine's anonymous rows); an invitation code only knows it was
    used, not which answer it gave; no assessor page shows an invitation code."""
    unit = _unit(open_round, rw, "a")
    racc = rw.racc("coord_a", rw.units["a"], open_round)
    services.invitations_create(racc=racc, actor=rw.users["coord_a"])
    code = Invitation.objects.filter(survey__unit=unit).first()
    staff = Client()
    staff.force_login(rw.users["staff_a"])  # signed in or not: nothing about the person is kept
    assert staff.post(reverse("rounds:answer", args=[code.token]),
                      {f"i{n}__": "มาก" for n in range(1, 6)}).status_code == 302
    # "burst": set only on answers of an open link that came in a burst (surveys.bursts), never on an IIT answer
    assert {f.name for f in PulseResponse._meta.get_fields() if f.concrete} == {"id", "round", "submitted_on", "burst"}
    assert PulseResponse.all_objects.filter(burst__isnull=False).count() == 0
    assert {f.name for f in PulseAnswer._meta.get_fields() if f.concrete} == {
        "id", "response", "question", "sub_item", "answer"}
    assert {f.name for f in Invitation._meta.get_fields() if f.concrete} == {"id", "survey", "token", "used"}
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in Invitation._meta.get_fields())
    # the answer waits in the mixing pool (sealed, no code, no time) and the code is kept only as a keyed digest
    assert {f.name for f in PendingIitAnswer._meta.get_fields() if f.concrete} == {"id", "survey", "sealed"}
    assert {f.name for f in SpentInvitation._meta.get_fields() if f.concrete} == {"id", "survey", "digest"}
    assert not Invitation.objects.filter(used=True).exists() and not PulseResponse.objects.exists()
    services.pools_flush(round=open_round, final=True)  # mixed in at close (tests/web/rounds/test_iit_mixing.py)
    assert PulseResponse.objects.get().round == unit.surveys.get(instrument="IIT").pulse
    for name in ("assessor1", "admin", "viewer"):
        client.force_login(rw.users[name])
        for url in (reverse("rounds:detail", args=[rw.assessor.slug, open_round.pk]),
                    reverse("rounds:queue", args=[rw.assessor.slug, open_round.pk])):
            html = client.get(url).content.decode()
            assert code.token not in html and rw.users["staff_a"].username not in html


def test_deadlines_and_bad_input_are_refused_in_thai_with_nothing_written(rw, open_round):
    today = timezone.localdate()
    admin = rw.racc("admin", rw.assessor, open_round)
    coord = rw.racc("coord_a", rw.units["a"], open_round)
    with pytest.raises(services.RoundInputError, match="ต้องใส่ลิงก์"):
        services.oit_submit(racc=coord, actor=rw.users["coord_a"], item="O1", has_evidence=True, urls="",
                            explanation="")
    with pytest.raises(services.RoundInputError, match="ลิงก์ไม่ถูกต้อง"):
        services.oit_submit(racc=coord, actor=rw.users["coord_a"], item="O1", has_evidence=True,
                            urls="javascript:alert(1)", explanation="")
    with pytest.raises(services.RoundInputError, match="ไม่มีข้อ OIT นี้"):
        services.oit_submit(racc=coord, actor=rw.users["coord_a"], item="O99", has_evidence=False, urls="",
                            explanation="")
    # the OIT submission deadline has passed: refused, naming the window
    services.round_phase_set(racc=admin, actor=rw.users["admin"], kind="registration",
                             starts_on=today - timedelta(days=20), ends_on=today + timedelta(days=30))
    services.round_phase_set(racc=admin, actor=rw.users["admin"], kind="oit_submission",
                             starts_on=today - timedelta(days=10), ends_on=today - timedelta(days=1))
    with pytest.raises(services.RoundInputError, match="ไม่อยู่ในช่วงส่งข้อมูล OIT"):
        services.oit_submit(racc=coord, actor=rw.users["coord_a"], item="O1", has_evidence=False, urls="",
                            explanation="")
    assert not OitSubmission.objects.exists()
    # a calendar out of order is refused
    with pytest.raises(services.RoundInputError, match="ต้องไม่เริ่มก่อน"):
        services.round_phase_set(racc=admin, actor=rw.users["admin"], kind="confirmation",
                                 starts_on=today - timedelta(days=400), ends_on=today)
    # a broken variant framework is refused with the loader's Thai message
    with pytest.raises(services.RoundInputError, match="กรอบการประเมินไม่ถูกต้อง"):
        services.round_create(assessor=rw.assessor, actor=rw.users["admin"], title="x", fiscal_year=2568,
                              framework_year=None, framework_yaml=VARIANT.replace("weight", "wieght") + "\nlevels: 5\n",
                              starts_on=today)
    # confirming before scoring is refused
    with pytest.raises(services.RoundInputError, match="กรุณาคำนวณผลก่อนยืนยัน"):
        services.round_confirm(racc=admin, actor=rw.users["admin"])


def test_unit_coordinator_pages_need_the_units_coordinator(rw, open_round, client):
    client.force_login(rw.users["staff_a"])
    url = reverse("rounds:oit_submit", args=[rw.units["a"].slug, open_round.pk])
    assert client.post(url, {"item": "O1", "has_evidence": "0"}).status_code == 403
    client.force_login(rw.users["coord_a"])
    assert client.post(url, {"item": "O1", "has_evidence": "0"}).status_code == 302
    assert OitSubmission.objects.get().has_evidence is False


def test_website_checker_suggestions_prefill_the_oit_answers(rw, open_round, client, settings,
                                                            django_capture_on_commit_callbacks):
    """The checker runs as a background task (the immediate backend here) on a fixture site on 127.0.0.1."""
    import http.server
    import threading

    page = ("<html><head><meta charset='utf-8'><title>อบต.หนึ่ง</title></head><body>"
            "<a href='/o1.html'>โครงสร้างและอำนาจหน้าที่</a><a href='/o3.html'>ข้อมูลการติดต่อ</a></body></html>")
    o1 = ("<html><head><meta charset='utf-8'></head><body><h1>โครงสร้างและอำนาจหน้าที่</h1>"
          "<p>แผนผังโครงสร้าง</p></body></html>")
    o3 = o1.replace("โครงสร้างและอำนาจหน้าที่", "ข้อมูลการติดต่อ")
    pages = {"/": page, "/o1.html": o1, "/o3.html": o3}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.split("?")[0])
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "ไม่พบ").encode("utf-8"))

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PRONGSAI_OIT_ALLOW_PRIVATE = True
    settings.PRONGSAI_ROUNDS_CHECK_TIMEOUT = 2.0
    try:
        racc = rw.racc("coord_a", rw.units["a"], open_round)
        services.unit_register(racc=racc, actor=rw.users["coord_a"], staff_count=10, stakeholder_count=200,
                               website=f"http://127.0.0.1:{server.server_port}/")
        racc = rw.racc("coord_a", rw.units["a"], open_round)
        with django_capture_on_commit_callbacks(execute=True):
            services.site_check_request(racc=racc, actor=rw.users["coord_a"])
    finally:
        server.shutdown()
    check = SiteCheck.objects.get()
    assert check.status == "done", check.error
    client.force_login(rw.users["coord_a"])
    html = client.get(reverse("rounds:detail", args=[rw.units["a"].slug, open_round.pk])).content.decode()
    assert f"http://127.0.0.1:{server.server_port}/o1.html" in html  # pre-filled, still to be saved by the unit
    assert "เติมจากการตรวจเว็บไซต์" in html
    assert "(ผล: พบ)" in html or "(ผล: น่าสงสัย)" in html  # the checker's verdict in Thai, not "found"
    assert "(ผล: found)" not in html and "(ผล: doubtful)" not in html
    assert not OitSubmission.objects.exists()


def test_exports_neutralise_spreadsheet_formulas(rw, open_round):
    from prongsai.apps.rounds.frameworks import round_framework

    assert neutralise_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise_cell("อบต.") == "อบต."
    unit = _unit(open_round, rw, "a")
    unit.group = "+cmd|' /C calc'!A0"
    unit.save()
    RoundResult.objects.create(unit=unit, version=1, overall="91.00", level="ผ่าน", passed=True, rank=1,
                               data={"indicators": {"1": 90.0}, "instruments": {"IIT": 90.0}})
    frame = results_frame([RoundResult.objects.get()], round_framework(open_round))
    assert frame["กลุ่ม"].to_list() == ["'+cmd|' /C calc'!A0"]


def test_a_report_with_earlier_rounds_has_the_trend_and_passes_the_checker(rw, open_round, tmp_path):
    """The unit's confirmed result of the organisation's previous round feeds the trend chart of this year's report."""
    from prongsai.apps.rounds.documents import unit_report
    from prongsai.apps.rounds.selectors import earlier_results, round_results
    from prongsai.core.documents.check import check_file

    admin = rw.users["admin"]
    scores_2567 = {"1": 80.0, "2": 81.0, "3": 82.0, "4": 83.0, "5": 84.0, "6": 70.0, "7": 71.0, "8": 72.0, "9": 50.0,
                   "10": 75.0}
    scores_2568 = {"1": 90.0, "2": 91.0, "3": 92.0, "4": 93.0, "5": 94.0, "6": 80.0, "7": 81.0, "8": 82.0, "9": 75.0,
                   "10": 100.0}
    earlier = services.round_create(assessor=rw.assessor, actor=admin, title="รอบปีก่อน", fiscal_year=2567,
                                    framework_year=None, framework_yaml=VARIANT, starts_on=timezone.localdate())
    racc = rw.racc("admin", rw.assessor, earlier)
    old = services.round_unit_add(racc=racc, actor=admin, agency=rw.units["a"])
    RoundResult.objects.create(unit=old, version=1, overall="74.20", level="ไม่ผ่าน", passed=False, rank=1,
                               data={"indicators": scores_2567, "instruments": {}, "questions": []})
    services.round_confirm(racc=racc, actor=admin)
    unit = _unit(open_round, rw, "a")
    # 0.3·92 + 0.3·81 + 0.4·87.5 = 27.6 + 24.3 + 35 = 86.90
    RoundResult.objects.create(unit=unit, version=1, overall="86.90", level="ผ่าน", passed=True, rank=1,
                               data={"indicators": scores_2568, "instruments": {}, "questions": []})
    racc = rw.racc("admin", rw.assessor, open_round)
    history = earlier_results(agency=rw.assessor, racc=racc, unit=unit)
    assert [f"{r.overall}" for r in history] == ["74.20"]
    doc = unit_report(round=open_round, unit=unit, ranked=round_results(agency=rw.assessor, racc=racc),
                      earlier=history)
    path = tmp_path / "a.docx"
    doc.save(path)
    report = check_file(path)
    assert report.findings == [], [f.model_dump() for f in report.findings]
    text = report.result.text
    assert "กราฟแนวโน้ม" in text and "86.90" in text and "ข้อเสนอแนะ" in text


def test_the_open_eit_has_robot_checks_and_a_rate_limit(rw, open_round, settings):
    """Robots (honeypot, no valid form token) are refused; the limit counts per client (a keyed hash of the address,
    in the cache only): one sender over it gets 429, another sender answers at once."""
    import re

    survey = _unit(open_round, rw, "a").surveys.get(instrument="EIT")
    url = reverse("rounds:answer", args=[survey.open_token])
    answers = {f"e{n}__": "มาก" for n in (1, 2, 3)}

    def token(c):
        return re.search(r'name="ft" value="([^"]+)"', c.get(url).content.decode()).group(1)

    robot = Client()
    response = robot.post(url, {"ft": token(robot), "website": "http://spam.example", **answers})
    assert response.status_code == 400 and "ส่งแบบสำรวจไม่สำเร็จ" in response.content.decode()
    assert Client().post(url, {"ft": "forged", **answers}).status_code == 400  # no valid form token
    settings.PRONGSAI_SURVEY_POSTS_PER_CLIENT = 1
    first = Client(REMOTE_ADDR="198.51.100.1")
    assert first.post(url, {"ft": token(first), **answers}).status_code == 302
    response = first.post(url, {"ft": token(first), **answers})
    assert response.status_code == 429 and "กรุณาลองใหม่ภายหลัง" in response.content.decode()
    second = Client(REMOTE_ADDR="198.51.100.2")
    assert second.post(url, {"ft": token(second), **answers}).status_code == 302
    assert survey.pulse.responses.count() == 2


def test_a_whole_office_answers_the_iit_by_its_cards_from_one_address(rw, open_round, settings):
    """The per-client limit never refuses an IIT answer with a valid invitation code (the code answers once, so it
    is its own limit): a meeting room of staff on one address all answer, even with the limit at 1."""
    settings.PRONGSAI_SURVEY_POSTS_PER_CLIENT = 1
    unit = _unit(open_round, rw, "a")
    racc = rw.racc("coord_a", rw.units["a"], open_round)
    services.invitations_create(racc=racc, actor=rw.users["coord_a"])
    codes = list(Invitation.objects.filter(survey__unit=unit).values_list("token", flat=True)[:3])
    assert len(codes) == 3
    office = Client(REMOTE_ADDR="203.0.113.7")
    answers = {f"i{n}__": "มาก" for n in range(1, 6)}
    for code in codes:
        assert office.post(reverse("rounds:answer", args=[code]), answers).status_code == 302
    assert PendingIitAnswer.objects.count() + PulseResponse.objects.count() == 3
    # a used code is still refused, limit or not
    assert office.post(reverse("rounds:answer", args=[codes[0]]), answers).status_code == 410
