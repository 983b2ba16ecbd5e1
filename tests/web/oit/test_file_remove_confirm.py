"""Removing an OIT evidence file is irreversible, so the item page asks for a confirmation that says what
will happen (the task evidence and member removal pattern: a folded "ลบไฟล์นี้", a required checkbox whose label
says the file goes for good, a button naming the file); without the tick nothing is removed; the removal is audited."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.oit.models import OitFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"agency_slug": world.own.slug, **kwargs})


def test_removing_an_evidence_file_asks_and_says_what_happens(client, world, checklist):
    item = checklist.items.order_by("position").first()
    client.force_login(world.user("coordinator"))
    client.post(_url("oit:file_add", world, pk=item.pk),
                {"file": SimpleUploadedFile("คำสั่ง<แต่งตั้ง>.pdf", PDF, content_type="application/pdf")})
    stored = OitFile.objects.get(item=item)
    html = client.get(_url("oit:item", world, pk=item.pk)).content.decode()
    form = html.split('<details class="remove">', 1)[1].split("</details>", 1)[0]
    assert "<summary>ลบไฟล์นี้</summary>" in form
    assert f'action="{_url("oit:file_remove", world, pk=stored.pk)}"' in form
    assert re.search(r'<input type="checkbox" name="confirm" value="yes" id="remove-oit-file-\d+" required>', form)
    assert 'type="hidden" name="confirm"' not in html  # never confirmed on the user's behalf
    assert "เรียกคืนไม่ได้" in form and "ยังไม่มีหลักฐาน" in form
    assert "ยืนยันลบ “คำสั่ง&lt;แต่งตั้ง&gt;.pdf”" in form  # the name is escaped

    # without the tick: a Thai refusal, nothing removed, nothing audited
    refused = client.post(_url("oit:file_remove", world, pk=stored.pk))
    assert refused.status_code == 400 and "กรุณายืนยัน" in refused.content.decode()
    assert OitFile.objects.filter(pk=stored.pk).exists()
    assert not AuditEntry.objects.filter(action="oit.file_removed").exists()

    done = client.post(_url("oit:file_remove", world, pk=stored.pk), {"confirm": "yes"})
    assert done.status_code == 302
    assert not OitFile.objects.filter(pk=stored.pk).exists()
    entry = AuditEntry.objects.get(action="oit.file_removed")
    assert entry.actor == world.user("coordinator")
    assert entry.before == {"file": "คำสั่ง<แต่งตั้ง>.pdf"}


def test_read_only_members_see_no_removal(client, world, checklist):
    item = checklist.items.order_by("position").first()
    client.force_login(world.user("coordinator"))
    client.post(_url("oit:file_add", world, pk=item.pk),
                {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")})
    stored = OitFile.objects.get(item=item)
    client.force_login(world.user("auditor"))
    assert "ลบไฟล์นี้" not in client.get(_url("oit:item", world, pk=item.pk)).content.decode()
    assert client.post(_url("oit:file_remove", world, pk=stored.pk), {"confirm": "yes"}).status_code == 403
    assert OitFile.objects.filter(pk=stored.pk).exists()
