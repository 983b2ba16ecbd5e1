"""``base.services.agency_row_save`` and ``base.views.row_edit_page`` (through the portal's news page),
``base.auditing``, ``base.files``, ``base.qr`` and ``base.downloads``."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.base import auditing, files
from prongsai.apps.base.downloads import mark_attachment
from prongsai.apps.base.qr import qr_png, qr_svg
from prongsai.apps.base.services import RowRefused, agency_row_save
from prongsai.apps.portal.models import NewsItem


def _news(world, data, instance=None, agency=None, actor=None):
    return agency_row_save(
        agency=agency or world.own, actor=actor, model=NewsItem, instance=instance, data=data, action="news"
    )


def test_agency_row_save_creates_updates_and_audits_only_changes(world):
    coordinator = world.user("coordinator")
    data = {"title": "ข่าว", "body": "เนื้อหา", "published_on": date(2025, 1, 10), "is_published": True}
    item = _news(world, data, actor=coordinator)
    created = AuditEntry.objects.get(action="news.created")
    assert created.agency == world.own and created.actor == coordinator and created.before is None
    assert created.after["title"] == "ข่าว"

    _news(world, data, instance=item, actor=coordinator)  # nothing changes: nothing written
    assert AuditEntry.objects.filter(action__startswith="news.").count() == 1

    item.title = "typed into the form, not saved yet"
    _news(world, {"title": "ข่าวใหม่"}, instance=item)
    updated = AuditEntry.objects.get(action="news.updated")
    assert updated.before == {"title": "ข่าว"} and updated.after == {"title": "ข่าวใหม่"}
    assert updated.actor is None  # no person: the system
    assert item.title == "ข่าวใหม่" and NewsItem.objects.get(pk=item.pk).title == "ข่าวใหม่"


def test_agency_row_save_refuses_another_agencys_row(world):
    data = {"title": "ข่าว", "body": "x", "published_on": date(2025, 1, 10)}
    foreign = _news(world, data, agency=world.foreign)
    with pytest.raises(RowRefused, match="ไม่ใช่ของหน่วยงานนี้"):
        _news(world, {"title": "แก้"}, instance=foreign)
    assert NewsItem.objects.get(pk=foreign.pk).title == "ข่าว"


def test_audit_change_needs_a_recorder(monkeypatch):
    monkeypatch.setattr(auditing, "_recorder", [])
    with pytest.raises(ImproperlyConfigured):
        auditing.audit_change(actor=None, agency=None, action="x", target=None, before=None, after=None)


def test_row_edit_page_renders_refuses_and_saves(client, world):
    client.force_login(world.user("coordinator"))
    url = reverse("portal:staff_news_new", kwargs={"agency_slug": world.own.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert page.templates[0].name == "base/row_edit.html"
    refused = client.post(url, {"title": "", "body": "", "published_on": "ไม่ใช่วันที่"})
    assert refused.status_code == 400 and "กรุณากรอกช่องนี้" in refused.content.decode()
    saved = client.post(url, {"title": "ข่าวดี", "body": "เนื้อหา", "published_on": "10/01/2568", "is_published": "on"})
    assert saved.status_code == 302 and saved["Location"] == reverse("portal:staff_news", args=[world.own.slug])
    assert NewsItem.objects.get(agency=world.own).published_on == date(2025, 1, 10)


def test_files_sniff_store_and_refuse(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path
    png = qr_png("https://example.org/")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert files.sniff_evidence(png, "qr.png").content_type == "image/png"
    with pytest.raises(files.EvidenceRefused, match="SVG"):
        files.sniff_evidence(qr_svg("https://example.org/"), "qr.svg")
    name = files.store(png, folder="evidence/1", suffix="png")
    assert files.path_of(name).read_bytes() == png
    with pytest.raises(FileNotFoundError):
        files.path_of("../../etc/passwd")
    files.remove(name)
    assert not files.path_of(name).exists()


def test_downloads_are_attachments_with_the_thai_name():
    response = mark_attachment(HttpResponse(b"x"), "ผลการประเมิน 2568.pdf")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''%E0%B8%9C" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
