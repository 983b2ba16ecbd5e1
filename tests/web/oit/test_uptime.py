"""Uptime: ``probe_uptime`` probes every agency's main website and stores the samples; the staff page shows
availability over 7/30/90 days, the outages and a response-time chart, and downloads as DOCX."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from fixture_sites import NORMAL_TIMEOUT, build_site

from prongsai.apps.agencies.models import Agency
from prongsai.apps.oit import services
from prongsai.apps.oit.models import UptimeProbe
from prongsai.core.frameworks import default_registry
from prongsai.core.oit import UptimeSample


def _url(name, world):
    return reverse(name, kwargs={"agency_slug": world.own.slug})


def _set_website(agency, url):
    Agency.objects.filter(pk=agency.pk).update(website=url)
    agency.refresh_from_db()


def test_probe_site_take_it_down_and_the_outage_shows(client, world, serve, settings):
    settings.PRONGSAI_OIT_ALLOW_PRIVATE = True
    server = serve(build_site(default_registry().get(2566)))
    _set_website(world.own, server.url)
    # a generous timeout: under load the page must still count as up; the outage below is a refused connection,
    # which comes back at once and does not depend on the timeout
    call_command("probe_uptime", "--timeout", str(NORMAL_TIMEOUT), stdout=io.StringIO())
    server.__exit__(None, None, None)  # the site goes down
    out = io.StringIO()
    call_command("probe_uptime", "--timeout", str(NORMAL_TIMEOUT), stdout=out)
    assert "ใช้งานไม่ได้ 1" in out.getvalue()
    probes = list(UptimeProbe.objects.filter(agency=world.own).order_by("checked_at"))
    assert [p.ok for p in probes] == [True, False]
    assert probes[0].status == 200 and probes[0].elapsed_ms is not None
    assert "เชื่อมต่อไม่ได้" in probes[1].error
    assert not UptimeProbe.objects.filter(agency=world.foreign).exists()  # no website: not probed

    client.force_login(world.user("unit_staff"))
    html = client.get(_url("oit:uptime", world)).content.decode()
    row7 = html.split('id="window-7"')[1].split("</tr>")[0]
    assert "50.00%" in row7 and "<td>2</td><td>1</td>" in row7
    outages = html.split('id="outages"')[1].split("</table>")[0]
    assert "ยังใช้งานไม่ได้" in outages and "เชื่อมต่อไม่ได้" in outages
    assert '<svg class="uptime-svg"' in html and 'class="down"' in html


def test_history_windows_outage_with_an_end_and_the_docx(client, world):
    _set_website(world.own, "https://www.own.go.th/")
    now = timezone.now()

    def add(ago: timedelta, ok: bool, ms: float | None = 150.0, error: str | None = None):
        services.uptime_record(agency=world.own, url="https://www.own.go.th/", sample=UptimeSample(
            checked_at=now - ago, ok=ok, status=200 if ok else 503, elapsed_ms=ms, error=error))

    add(timedelta(days=40), False, error="HTTP 503")  # only in the 90-day window
    add(timedelta(days=39, hours=23), True)
    add(timedelta(days=39, hours=22), True)
    add(timedelta(days=3), True, 100.0)
    add(timedelta(days=2, minutes=10), False, error="หมดเวลา (เกิน 10 วินาที)")
    add(timedelta(days=2, minutes=5), False, error="หมดเวลา (เกิน 10 วินาที)")
    add(timedelta(days=2), True, 300.0)
    client.force_login(world.user("auditor"))
    html = client.get(_url("oit:uptime", world) + "?days=90").content.decode()
    assert "50.00%" in html.split('id="window-7"')[1].split("</tr>")[0]  # 2 of 4
    assert "57.14%" in html.split('id="window-90"')[1].split("</tr>")[0]  # 4 of 7
    outages = html.split('id="outages"')[1].split("</table>")[0]
    assert outages.count("<tr>") == 3  # header + two outages in 90 days
    assert "<td>10.0</td><td>2</td>" in outages  # from the first failed probe to the next good one
    html7 = client.get(_url("oit:uptime", world) + "?days=7").content.decode()
    assert html7.split('id="outages"')[1].split("</table>")[0].count("<tr>") == 2
    word = docx.Document(io.BytesIO(client.get(_url("oit:uptime_docx", world) + "?days=90").content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "57.14%" in cells and "50.00%" in cells and "HTTP 503" in cells


def test_private_addresses_are_not_probed_by_default(world):
    _set_website(world.own, "http://127.0.0.1:9/")
    call_command("probe_uptime", stdout=io.StringIO())
    probe = UptimeProbe.objects.get(agency=world.own)
    assert not probe.ok and "เครือข่ายภายใน" in probe.error and probe.status is None


def test_no_website_yet(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(_url("oit:uptime", world)).content.decode()
    assert "ยังไม่ได้บันทึกเว็บไซต์หลัก" in html
