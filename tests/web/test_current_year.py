"""The current year comes from today's date, never from the newest framework file. Every page works both when
today's year has a provisional framework (FY2570 from December 2026) and when it has none at all (FY2571 from
October 2027): a page may say the year is missing, never answer 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.frameworks.selectors import current_fiscal_year

from .test_access import SAMPLES, _kwargs, matrix_objects

PROVISIONAL_DAY = date(2026, 12, 7)  # FY2570: built in, provisional
MISSING_DAY = date(2027, 10, 15)  # FY2571: no framework


def test_the_current_year_follows_the_date():
    assert current_fiscal_year(today=date(2026, 9, 30)) == 2569
    assert current_fiscal_year(today=date(2026, 10, 1)) == 2570
    assert current_fiscal_year(today=MISSING_DAY) == 2571


@pytest.mark.parametrize("today", [PROVISIONAL_DAY, MISSING_DAY], ids=["fy2570-provisional", "fy2571-missing"])
def test_every_page_works_whatever_the_years_framework(
    client, world, client_for, report_text, settings, tmp_path, monkeypatch, today
):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    objects = matrix_objects(world, report_text)
    broken = []
    for name, sample in SAMPLES.items():
        if sample["method"] != "get":
            continue
        url = reverse(name, kwargs=_kwargs(name, world.own, objects))
        client_for(client, world.user("system_admin"))
        response = client.get(url)
        if response.status_code >= 500:
            broken.append(f"{url}: {response.status_code}")
    assert broken == []


YEAR_PAGES = ("assessments:dashboard", "plans:plans", "plans:calendar", "oit:index")


@pytest.mark.parametrize("name", YEAR_PAGES)
def test_year_pages_say_plainly_that_the_current_year_is_provisional(client, world, monkeypatch, name):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: PROVISIONAL_DAY)
    client.force_login(world.user("coordinator"))
    html = client.get(reverse(name, kwargs={"agency_slug": world.own.slug})).content.decode()
    assert "กรอบการประเมินปี 2570 เป็นฉบับชั่วคราว" in html
    assert "ตรวจและยืนยันกรอบปีนี้" not in html  # the coordinator may not edit frameworks: no link


def test_the_banner_follows_the_pages_thai_digits(client, world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: PROVISIONAL_DAY)
    client.force_login(world.user("coordinator"))
    url = reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})
    assert "กรอบการประเมินปี ๒๕๗๐ เป็นฉบับชั่วคราว" in client.get(url, {"digits": "thai"}).content.decode()
    assert "กรอบการประเมินปี 2570 เป็นฉบับชั่วคราว" in client.get(url).content.decode()


@pytest.mark.parametrize("name", YEAR_PAGES)
def test_year_pages_say_when_the_current_year_has_no_framework(client, world, monkeypatch, name):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: MISSING_DAY)
    client.force_login(world.user("coordinator"))
    html = client.get(reverse(name, kwargs={"agency_slug": world.own.slug})).content.decode()
    assert "ยังไม่มีกรอบการประเมินของปีงบประมาณ 2571" in html
    assert "กรุณาแจ้งผู้ดูแลระบบ" in html
    client.force_login(world.user("system_admin"))
    html = client.get(reverse(name, kwargs={"agency_slug": world.own.slug})).content.decode()
    assert f'href="{reverse("frameworks:index")}"' in html and "สร้างปี 2571 จากปี 2570" in html


def test_a_confirmed_year_shows_no_banner(client, world, monkeypatch):
    from prongsai.apps.frameworks.services import year_confirm

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: PROVISIONAL_DAY)
    year_confirm(actor=world.user("system_admin"), fiscal_year=2570, expected_version=0, reason="ตรวจกับคู่มือแล้ว")
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("oit:index", kwargs={"agency_slug": world.own.slug})).content.decode()
    assert "ฉบับชั่วคราว" not in html and "ยังไม่มีกรอบการประเมิน" not in html


def test_the_missing_year_itself_is_refused_in_thai_on_every_form(client, world, monkeypatch):
    """Asking for FY2571 by URL or form, before anyone has put that year in: a Thai answer, never a 500."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: MISSING_DAY)
    client.force_login(world.user("coordinator"))
    slug = {"agency_slug": world.own.slug}
    edit = client.get(reverse("assessments:result_edit", kwargs={**slug, "fiscal_year": 2571}))
    assert edit.status_code in (200, 400, 404) and "2571" in edit.content.decode()
    posted = client.post(reverse("assessments:result_edit", kwargs={**slug, "fiscal_year": 2571}),
                         {f"indicator_{n}": "90" for n in range(1, 11)})
    assert posted.status_code < 500
    calendar = client.get(reverse("plans:calendar", kwargs=slug) + "?year=2571")
    assert calendar.status_code == 200 and "ยังไม่มีกรอบการประเมินของปีงบประมาณ 2571" in calendar.content.decode()
    checklist = client.post(reverse("oit:checklist_new", kwargs=slug), {"fiscal_year": "2571"})
    assert checklist.status_code == 400  # 2571 is not among the years a checklist can be made for
    assert all(str(value) != "2571" for value, _ in checklist.context["form"].fields["fiscal_year"].choices)
    draft = client.post(reverse("plans:plan_draft", kwargs=slug),
                        {"results_fiscal_year": "2568", "plan_fiscal_year": "2571"})
    assert draft.status_code < 500
    client.force_login(world.user("system_admin"))
    national = client.get(reverse("national:home") + "?fy=2571")
    assert national.status_code < 500
