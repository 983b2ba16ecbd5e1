"""Assessor mode on a phone (Debian chromium, JavaScript off): three units of a round, each surveyed by its staff
through their printed invitation links (closed IIT) and by clients through the open EIT link; an invitation cannot
be used twice and the answer pages leave no cookie on the phone; then the round is judged, scored and confirmed
through the services and the results match a hand computation (the web pages of that part:
tests/web/rounds/test_round_end_to_end.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import PHONE, fits_the_phone, shot

pytestmark = pytest.mark.django_db(transaction=True)

VARIANT = (Path(__file__).resolve().parents[2] / "src/prongsai/apps/rounds/data/demo-variant.yaml").read_text("utf-8")
ITEMS = ("O1", "O3", "O4", "O9", "O25", "O26")


def _answer(phone, url: str, pick: str, name: str) -> None:
    phone.goto(url)
    assert phone.get_by_role("heading", name="แบบสำรวจนี้ไม่ระบุตัวตน").is_visible()
    radios = phone.locator(f'input[type="radio"][value="{pick}"]')
    for i in range(radios.count()):
        radios.nth(i).check()
    box = phone.locator(".options label").first.bounding_box()
    assert box is not None and box["height"] >= 40 and box["width"] <= PHONE["width"]  # easy to tap
    assert fits_the_phone(phone)
    shot(phone, name)
    phone.get_by_role("button", name="ส่งคำตอบ").click()
    phone.wait_for_url("**/r/thanks/")
    assert "ขอบคุณที่ตอบแบบสำรวจ" in phone.content()


def test_a_round_surveyed_on_phones_then_scored(phone, agency, settings):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import AgencyKind, Role
    from prongsai.apps.agencies.services import agency_ensure, membership_set
    from prongsai.apps.rounds import services
    from prongsai.apps.rounds.access import round_access
    from prongsai.apps.rounds.models import RoundResult
    from prongsai.apps.surveys.models import PulseResponse
    from prongsai.core.rounds import PHASES

    settings.PRONGSAI_SURVEY_MIN_RESPONDENTS = 1
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 1  # one IIT answer per unit: mixed in at once (docs/rounds.md)
    users = get_user_model().objects
    today = timezone.localdate()

    def racc(user, ag, rnd):
        return round_access(user=user, access=agency_access(user=user, agency=ag), round=rnd)

    office = agency_ensure(slug="browser-office", name_th="สำนักงานทดสอบเบราว์เซอร์", kind=AgencyKind.OTHER)
    admin = users.create_user("round-admin-b", password="x-unused-password-123")
    membership_set(user=admin, agency=office, role=Role.COORDINATOR)
    judge = users.create_user("round-judge-b", password="x-unused-password-123")
    membership_set(user=judge, agency=office, role=Role.AUDITOR)
    rnd = services.round_create(assessor=office, actor=admin, title="รอบทดสอบบนโทรศัพท์", fiscal_year=2568,
                                framework_year=None, framework_yaml=VARIANT, starts_on=today)
    admin_racc = racc(admin, office, rnd)
    for kind in PHASES:
        services.round_phase_set(racc=admin_racc, actor=admin, kind=kind, starts_on=today,
                                 ends_on=today.replace(year=today.year + 1))
    units = {}
    for k, ag in (("a", agency),
                  ("b", agency_ensure(slug="browser-b", name_th="องค์การบริหารส่วนตำบลบีทดสอบ", kind=AgencyKind.SAO)),
                  ("c", agency_ensure(slug="browser-c", name_th="องค์การบริหารส่วนตำบลซีทดสอบ", kind=AgencyKind.SAO))):
        units[k] = services.round_unit_add(racc=admin_racc, actor=admin, agency=ag, group="ก")
        coord = users.create_user(f"coord-{k}-b", password="x-unused-password-123")
        membership_set(user=coord, agency=ag, role=Role.COORDINATOR)
        unit_racc = racc(coord, ag, rnd)
        services.unit_register(racc=unit_racc, actor=coord, staff_count=1, stakeholder_count=1)
        services.invitations_create(racc=unit_racc, actor=coord)
        for item in ITEMS:
            services.oit_submit(racc=racc(coord, ag, rnd), actor=coord, item=item, has_evidence=True,
                                urls=f"https://{ag.slug}.example.go.th/{item}", explanation="หน้าหลัก > ITA")
    services.round_role_assign(racc=admin_racc, actor=admin, user=judge, kind="assessor", group="ก")

    # one staff member and one client per unit answer on their phones; a: มากที่สุด, b: มาก, c: น้อย
    for k, pick in (("a", "มากที่สุด"), ("b", "มาก"), ("c", "น้อย")):
        iit, eit = units[k].surveys.get(instrument="IIT"), units[k].surveys.get(instrument="EIT")
        code = iit.invitations.get().token
        _answer(phone, f"{phone.base}/r/{code}/", pick, f"rounds-phone-iit-{k}")
        phone.goto(f"{phone.base}/r/{code}/")  # the invitation is used up
        assert "ใช้ตอบไปแล้ว" in phone.content()
        _answer(phone, f"{phone.base}/r/{eit.open_token}/", pick, f"rounds-phone-eit-{k}")
        # no per-browser "answered" marker (the form token answers once): the answer pages set no cookie at all
        assert phone.context.cookies() == []
    assert PulseResponse.objects.count() == 6

    judge_racc = racc(judge, office, rnd)
    for k in units:
        for item in ITEMS:
            services.judgement_record(racc=judge_racc, actor=judge, unit=units[k], item=item, passed=item != "O26",
                                      comment="" if item != "O26" else "ไม่พบรายงาน", checked_on=today)
    services.round_score(racc=admin_racc, actor=admin)
    services.round_confirm(racc=racc(admin, office, rnd), actor=admin)
    # By hand: OIT 9 = 100, 10 = (100 + 0) / 2... 10.1 has O25 (pass) and O26 (fail) → 50; OIT = (100 + 50) / 2 = 75.
    #  a: IIT 100, EIT 100 → 0.3·100 + 0.3·100 + 0.4·75 = 90.00 (ผ่าน: OIT below 85)
    #  b: 66.67 each → 20.001 + 20.001 + 30 = 70.002 → 70.00;  c: 33.33 each → 9.999 + 9.999 + 30 = 49.998 → 50.00
    got = {k: (f"{r.overall}", r.level, r.rank) for k in units for r in [RoundResult.objects.get(unit=units[k])]}
    assert got == {"a": ("90.00", "ผ่าน", 1), "b": ("70.00", "ไม่ผ่าน", 2), "c": ("50.00", "ไม่ผ่าน", 3)}
