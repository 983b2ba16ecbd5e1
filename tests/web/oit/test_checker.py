"""The website checker as a button: a background task crawls a fixture site on 127.0.0.1, the page polls, the
results show item by item, download as JSON/HTML/DOCX/PDF, and fill the checklist. Private addresses are refused
unless the installation allows them (PRONGSAI_OIT_ALLOW_PRIVATE, on only in these tests)."""

from __future__ import annotations

import io
import json
import shutil

import docx
import pytest
from django.urls import reverse
from fixture_sites import NORMAL_TIMEOUT, build_site

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.oit import services
from prongsai.apps.oit.models import OitChecklist, SiteCheck
from prongsai.core.frameworks import default_registry


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"agency_slug": world.own.slug, **kwargs})


@pytest.fixture
def allow_private(settings):
    settings.PRONGSAI_OIT_ALLOW_PRIVATE = True
    settings.PRONGSAI_OIT_TIMEOUT = NORMAL_TIMEOUT  # a busy machine must not turn a fixture page into a timeout


def _start(client, world, url, fy=2566, capture=None):
    with capture(execute=True):
        return client.post(_url("oit:checks", world), {"fiscal_year": fy, "url": url})


def test_check_end_to_end_good_items_found_and_drive_links_doubtful(
    client, world, serve, allow_private, django_capture_on_commit_callbacks, settings
):
    site = build_site(default_registry().get(2566), {"O15": "drive", "O16": "missing"})
    server = serve(site)
    client.force_login(world.user("coordinator"))
    response = _start(client, world, server.url, capture=django_capture_on_commit_callbacks)
    check = SiteCheck.objects.get(agency=world.own)
    assert response.status_code == 302 and response["Location"] == _url("oit:check", world, pk=check.pk)
    assert check.status == "done", check.error
    assert check.started_at and check.finished_at and check.missing == 1 and check.found > 30
    assert AuditEntry.objects.filter(action="oit.check_requested", agency=world.own).exists()
    html = client.get(response["Location"]).content.decode()
    o1 = html.split('id="check-o1"')[1].split("</tr>")[0]
    assert '<td class="verdict-found">พบ</td>' in o1
    o15 = html.split('id="check-o15"')[1].split("</tr>")[0]
    assert "verdict-doubtful" in o15 and "Google Drive" in o15 and "แนวทางแก้ไข: " in o15
    o16 = html.split('id="check-o16"')[1].split("</tr>")[0]
    assert "verdict-missing" in o16
    assert "ไม่ใช้ HTTPS" in html and "เวลาตอบสนอง" in html

    # the JSON download: exactly the shape of docs/oit.md
    data = json.loads(client.get(_url("oit:check_download", world, pk=check.pk, fmt="json")).content)
    assert list(data)[:5] == ["site", "fiscal_year", "https", "items", "broken_links"]
    assert data["fiscal_year"] == 2566 and data["https"] is False and data["site"].startswith("http://127.0.0.1:")
    assert all(list(i) == ["code", "title", "verdict", "urls", "reasons"] for i in data["items"])
    by_code = {i["code"]: i for i in data["items"]}
    assert by_code["o15"]["verdict"] == "doubtful" and any("Google Drive" in r for r in by_code["o15"]["reasons"])
    assert data["summary"] == {"found": check.found, "doubtful": check.doubtful, "missing": check.missing}
    # HTML and DOCX, as attachments
    page = client.get(_url("oit:check_download", world, pk=check.pk, fmt="html"))
    assert page["Content-Disposition"].startswith("attachment;") and page["X-Content-Type-Options"] == "nosniff"
    assert '<html lang="th">' in page.content.decode()
    word = docx.Document(io.BytesIO(client.get(_url("oit:check_download", world, pk=check.pk, fmt="docx")).content))
    assert "ผลการตรวจเว็บไซต์ตามข้อ OIT ปีงบประมาณ พ.ศ. 2566" in "\n".join(p.text for p in word.paragraphs)
    assert client.get(_url("oit:check_download", world, pk=check.pk, fmt="pdf")).status_code == 404  # not made

    # apply to the checklist: URLs, how-to-find paths and parts of the items found; found ones published
    response = client.post(_url("oit:check_apply", world, pk=check.pk), {"mark_published": "on"})
    assert response.status_code == 302
    checklist = OitChecklist.objects.get(agency=world.own, fiscal_year=2566)
    o1_row = checklist.items.get(code="o1")
    assert o1_row.data["urls"] == [by_code["o1"]["urls"][0]] and o1_row.data["status"] == "published"
    assert o1_row.data["how_to_find"][0] == "หน้าหลัก"
    assert checklist.items.get(code="o16").data["urls"] == []
    assert checklist.items.get(code="o15").data["status"] == "todo"
    assert AuditEntry.objects.filter(action="oit.check_applied").exists()
    # the agency's own site was crawled, nothing else
    assert site.requested


def test_private_addresses_are_refused_by_default(client, world, serve, django_capture_on_commit_callbacks):
    site = build_site(default_registry().get(2566))
    server = serve(site)
    client.force_login(world.user("coordinator"))
    for url in (server.url, "http://localhost/", "http://10.0.0.1/ita"):
        response = _start(client, world, url, capture=django_capture_on_commit_callbacks)
        assert response.status_code == 400
        assert "เครือข่ายภายใน" in response.content.decode()
    assert not SiteCheck.objects.exists()
    assert site.requested == []


@pytest.mark.parametrize("bad", ["ftp://www.own.go.th/", "javascript:alert(1)", "www"])
def test_a_url_that_is_not_http_is_refused(client, world, allow_private, django_capture_on_commit_callbacks, bad):
    client.force_login(world.user("coordinator"))
    response = _start(client, world, bad, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "ต้องขึ้นต้นด้วย http:// หรือ https://" in response.content.decode()
    assert not SiteCheck.objects.exists()


def test_without_a_website_the_officer_is_asked_for_one(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.user("coordinator"))
    response = _start(client, world, "", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "ยังไม่ได้บันทึกเว็บไซต์หลัก" in response.content.decode()


def test_one_check_at_a_time_and_a_rate_limit(world, access, allow_private, settings):
    coordinator = access("coordinator")
    first = services.site_check_request(agency=world.own, access=coordinator, actor=world.user("coordinator"),
                                        fiscal_year=2566, url="http://127.0.0.1:9/")
    assert first.status == "queued"  # not committed in this test transaction: nothing ran
    with pytest.raises(services.OitRefused, match="กำลังตรวจเว็บไซต์ของหน่วยงานอยู่"):
        services.site_check_request(agency=world.own, access=coordinator, actor=world.user("coordinator"),
                                    fiscal_year=2566, url="http://127.0.0.1:9/")
    SiteCheck.objects.filter(pk=first.pk).update(status="done")
    settings.PRONGSAI_OIT_CHECKS_PER_HOUR = 1
    with pytest.raises(services.OitRefused, match="ไม่เกิน 1 ครั้งต่อชั่วโมง"):
        services.site_check_request(agency=world.own, access=coordinator, actor=world.user("coordinator"),
                                    fiscal_year=2566, url="http://127.0.0.1:9/")
    # another agency is not held up
    services.site_check_request(agency=world.foreign, access=access("foreign", world.foreign),
                                actor=world.user("foreign"), fiscal_year=2566, url="http://127.0.0.1:9/")
    with pytest.raises(services.NotAllowed):
        services.site_check_request(agency=world.own, access=access("unit_staff"), actor=world.user("unit_staff"),
                                    fiscal_year=2566, url="http://127.0.0.1:9/")


def test_the_page_polls_until_done_and_a_failed_check_says_why(client, world, access, allow_private):
    check = services.site_check_request(agency=world.own, access=access("coordinator"),
                                        actor=world.user("coordinator"), fiscal_year=2566, url="http://127.0.0.1:9/")
    client.force_login(world.user("auditor"))
    url = _url("oit:check", world, pk=check.pk)
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and "รอคิว" in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial["Cache-Control"] == "no-store" and "HX-Refresh" not in partial
    assert partial.content.decode().startswith('<div id="check-status"')
    # the worker runs it: nothing listens on port 9, so the home page cannot be read
    assert services.site_check_run(check_id=check.pk) == "failed"
    check.refresh_from_db()
    assert "เปิดหน้าหลักไม่ได้: เชื่อมต่อไม่ได้" in check.error and check.report is None
    assert "Error" not in check.error and "Error" in check.error_technical  # the exception, for staff only
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    page = client.get(url).content.decode()
    assert "ตรวจไม่สำเร็จ" in page and "เปิดหน้าหลักไม่ได้" in page and "hx-get" not in page
    # a second run of the same job does nothing
    assert services.site_check_run(check_id=check.pk) == check.status


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_of_the_report_is_made_by_the_worker(client, world, access, allow_private, settings, serve):
    from prongsai.apps.oit.models import CheckStatus

    settings.PRONGSAI_OIT_PDF = True
    server = serve(build_site(default_registry().get(2566)))
    check = services.site_check_request(agency=world.own, access=access("coordinator"),
                                        actor=world.user("coordinator"), fiscal_year=2566, url=server.url)
    assert services.site_check_run(check_id=check.pk) == CheckStatus.DONE
    client.force_login(world.user("coordinator"))
    pdf = client.get(_url("oit:check_download", world, pk=check.pk, fmt="pdf"))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("status", "said"), [("done", "ตรวจเว็บไซต์เสร็จแล้ว"),
                                              ("failed", "ตรวจเว็บไซต์ไม่สำเร็จ ดูสาเหตุด้านล่าง"),
                                              ("queued", "สั่งตรวจเว็บไซต์แล้ว หน้านี้จะแสดงผลเมื่อตรวจเสร็จ")])
def test_the_message_after_the_button_says_where_the_check_is(client, world, monkeypatch, status, said):
    """Without a queue worker (make run) the check has already run when the page comes back: the message must not
    say it is still waiting."""
    check = SiteCheck.objects.create(agency=world.own, fiscal_year=2566, url="https://www.example.go.th/")

    def request_and_run(**kwargs):
        SiteCheck.objects.filter(pk=check.pk).update(status=status)
        return check  # the row as it was queued; the view must look again

    monkeypatch.setattr(services, "site_check_request", request_and_run)
    client.force_login(world.user("coordinator"))
    response = client.post(_url("oit:checks", world), {"fiscal_year": 2566, "url": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [said]
