"""Every OIT object URL with another agency's id answers 404 inside one's own agency, and shows nothing of it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from prongsai.apps.oit import services
from prongsai.apps.oit.models import OitFile, OitItem, SiteCheck
from prongsai.core.oit import ItemResult, SiteReport


def _foreign_objects(world, access):
    admin, foreign = world.user("foreign"), world.foreign
    acc = access("foreign", foreign)
    checklist = services.checklist_create(agency=foreign, access=acc, actor=admin, fiscal_year=2567)
    item = checklist.items.order_by("position").first()
    evidence = services.file_add(item=item, access=acc, actor=admin, data=b"%PDF-1.4\n%%EOF\n", filename="f.pdf")
    item.refresh_from_db()
    services.clarification_draft(item=item, access=acc, actor=admin, version=item.version, reason="ไม่พบข้อมูลลับ")
    report = SiteReport(site="https://foreign.go.th/", start_url="https://foreign.go.th/", fiscal_year=2567,
                        https=True, checked_at=timezone.now(),
                        items=[ItemResult(code=item.code, title="ทดสอบ", verdict="found", urls=[])])
    check = SiteCheck.objects.create(agency=foreign, fiscal_year=2567, url="https://foreign.go.th/", status="done",
                                     report=report.model_dump(mode="json"))
    return item, evidence, check


def test_foreign_ids_are_404_for_every_object_url(client, world, access, checklist):
    item, evidence, check = _foreign_objects(world, access)
    own = world.own.slug
    gets = [
        reverse("oit:checklist", kwargs={"agency_slug": own, "fiscal_year": 2567}),
        reverse("oit:completeness", kwargs={"agency_slug": own, "fiscal_year": 2567}),
        reverse("oit:itas_export", kwargs={"agency_slug": own, "fiscal_year": 2567, "fmt": "csv"}),
        reverse("oit:item", kwargs={"agency_slug": own, "pk": item.pk}),
        reverse("oit:clarification", kwargs={"agency_slug": own, "pk": item.pk}),
        reverse("oit:clarification_docx", kwargs={"agency_slug": own, "pk": item.pk}),
        reverse("oit:file_download", kwargs={"agency_slug": own, "pk": evidence.pk}),
        reverse("oit:check", kwargs={"agency_slug": own, "pk": check.pk}),
        reverse("oit:check_download", kwargs={"agency_slug": own, "pk": check.pk, "fmt": "json"}),
    ]
    posts = [
        (reverse("oit:item", kwargs={"agency_slug": own, "pk": item.pk}),
         {"version": item.version, "status": "published", "responsible": "x"}),
        (reverse("oit:file_add", kwargs={"agency_slug": own, "pk": item.pk}), {}),
        (reverse("oit:clarification", kwargs={"agency_slug": own, "pk": item.pk}), {"action": "save", "text": "x"}),
        (reverse("oit:file_remove", kwargs={"agency_slug": own, "pk": evidence.pk}), {"confirm": "on"}),
        (reverse("oit:check_apply", kwargs={"agency_slug": own, "pk": check.pk}), {}),
    ]
    for role in ("coordinator", "agency_admin"):
        client.force_login(world.user(role))
        for url in gets:
            response = client.get(url)
            assert response.status_code == 404, (role, url)
            assert "ไม่พบข้อมูลลับ" not in response.content.decode()
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (role, url)
    # nothing of the foreign agency changed
    assert OitFile.objects.filter(pk=evidence.pk).exists()
    assert OitItem.objects.get(pk=item.pk).version == item.version + 1  # the draft only
    # and the own agency's pages list only its own
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("oit:checks", kwargs={"agency_slug": own})).content.decode()
    assert "foreign.go.th" not in html
    html = client.get(reverse("oit:index", kwargs={"agency_slug": own})).content.decode()
    assert "พ.ศ. 2567" not in html.split('id="main"')[1].split("<form")[0]
