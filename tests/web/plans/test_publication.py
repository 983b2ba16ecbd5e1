"""Publishing plan documents on the portal is a deliberate act: a ready document is internal until someone with
``edit_portal`` presses "เผยแพร่"; "ยกเลิกการเผยแพร่" takes it off; both are audited. The approval memo is internal
and can never be published (no button; the service refuses in Thai)."""

from __future__ import annotations

import html as html_lib
import json

import pytest
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.base import files
from prongsai.apps.plans.documents import document_publish, document_unpublish
from prongsai.apps.plans.models import INTERNAL_KINDS, PUBLIC_KINDS, DocumentKind, GeneratedDocument, Plan
from prongsai.apps.plans.services import NotAllowed, PlanRefused
from prongsai.core.thai import thai_date


def _doc(plan, kind="measures", fmt="docx", version=None):
    return GeneratedDocument.objects.create(
        agency=plan.agency, plan=plan, plan_version=plan.version if version is None else version, kind=kind, fmt=fmt,
        status="ready", filename=f"{plan.agency.slug}-{plan.fiscal_year}-{kind}.{fmt}",
        stored_name=files.store(b"PK\x03\x04 " + kind.encode(), folder=f"documents/{plan.agency_id}", suffix=fmt),
    )


def _url(name, world, doc):
    return reverse(f"plans:{name}", kwargs={"agency_slug": world.own.slug, "document_id": doc.pk})


def _public_page(client, world) -> str:
    client.logout()
    response = client.get(f"/p/{world.own.slug}/results/2568/")
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def _public_download(client, world, doc) -> int:
    client.logout()
    return client.get(f"/p/{world.own.slug}/results/documents/{doc.pk}/").status_code


def test_every_kind_has_an_audience():
    assert {DocumentKind.MEMO} == INTERNAL_KINDS
    assert set(DocumentKind) == INTERNAL_KINDS | PUBLIC_KINDS and not INTERNAL_KINDS & PUBLIC_KINDS


def test_a_ready_measures_plan_is_public_only_once_published(client, world, approved):
    doc = _doc(approved)
    assert f"/results/documents/{doc.pk}/" not in _public_page(client, world)
    assert _public_download(client, world, doc) == 404

    client.force_login(world.user("coordinator"))
    response = client.post(_url("document_publish", world, doc))
    assert response.status_code == 302
    assert response["Location"].endswith("/plans/2569/documents/#recent-title")
    doc.refresh_from_db()
    assert doc.published_at is not None and doc.published_by == world.user("coordinator")
    entry = AuditEntry.objects.get(action="document.published")
    assert entry.agency == world.own and entry.actor == world.user("coordinator") and entry.target_id == str(doc.pk)
    page = _public_page(client, world)
    assert f"/results/documents/{doc.pk}/" in page and "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in page
    assert _public_download(client, world, doc) == 200

    client.force_login(world.user("agency_admin"))
    response = client.post(_url("document_unpublish", world, doc))
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.published_at is None and doc.published_by is None
    assert AuditEntry.objects.filter(action="document.unpublished", actor=world.user("agency_admin")).count() == 1
    assert f"/results/documents/{doc.pk}/" not in _public_page(client, world)
    assert _public_download(client, world, doc) == 404


def test_the_memo_is_never_public(client, world, approved, access):
    memo = _doc(approved, kind="memo")
    with pytest.raises(PlanRefused) as refused:
        document_publish(document=memo, access=access("coordinator"), actor=world.user("coordinator"))
    assert refused.value.th == "บันทึกข้อความขออนุมัติเป็นเอกสารภายในหน่วยงาน เผยแพร่บนเว็บไซต์ไม่ได้"
    client.force_login(world.user("coordinator"))
    page = html_lib.unescape(client.get(reverse("plans:plan_documents", args=[world.own.slug, 2569])).content.decode())
    assert "ภายในหน่วยงาน" in page
    assert _url("document_publish", world, memo) not in page  # no button
    response = client.post(_url("document_publish", world, memo))
    assert response.status_code == 400
    assert "เป็นเอกสารภายในหน่วยงาน เผยแพร่บนเว็บไซต์ไม่ได้" in html_lib.unescape(response.content.decode())
    memo.refresh_from_db()
    assert memo.published_at is None and not AuditEntry.objects.filter(action="document.published").exists()

    # even a memo marked published by hand (an old row, a slip in the admin) is never served nor listed
    GeneratedDocument.objects.filter(pk=memo.pk).update(published_at=approved.decided_at)
    page = _public_page(client, world)
    assert f"/results/documents/{memo.pk}/" not in page and "บันทึกข้อความขออนุมัติ" not in page
    assert _public_download(client, world, memo) == 404
    # nor in any open data set
    from prongsai.apps.base.opendata import registered_datasets

    for dataset in registered_datasets():
        body = client.get(f"/p/{world.own.slug}/data/{dataset}.json").content.decode()
        assert "บันทึกข้อความ" not in json.dumps(json.loads(body), ensure_ascii=False), dataset
        assert str(memo.pk) not in body and memo.filename not in body, dataset


@pytest.mark.parametrize("role", ["executive", "unit_staff", "auditor"])
def test_publishing_needs_the_portal_permission(client, world, approved, access, role):
    doc = _doc(approved)
    client.force_login(world.user(role))
    assert client.post(_url("document_publish", world, doc)).status_code == 403
    with pytest.raises(NotAllowed):
        document_publish(document=doc, access=access(role), actor=world.user(role))
    document_publish(document=doc, access=access("coordinator"), actor=world.user("coordinator"))
    assert client.post(_url("document_unpublish", world, doc)).status_code == 403
    with pytest.raises(NotAllowed):
        document_unpublish(document=doc, access=access(role), actor=world.user(role))
    doc.refresh_from_db()
    assert doc.published_at is not None
    page = client.get(reverse("plans:plan_documents", args=[world.own.slug, 2569])).content.decode()
    assert "เผยแพร่แล้ว" in page and _url("document_unpublish", world, doc) not in page  # no button for them
    assert AuditEntry.objects.filter(action__startswith="document.").exclude(action="document.requested").count() == 1


def test_another_agencys_document_is_404_and_refused(client, world, approved, access):
    doc = _doc(approved)
    client.force_login(world.user("foreign"))
    url = reverse("plans:document_publish", kwargs={"agency_slug": world.foreign.slug, "document_id": doc.pk})
    assert client.post(url).status_code == 404
    with pytest.raises(NotAllowed):
        document_publish(document=doc, access=access("foreign", world.foreign), actor=world.user("foreign"))


def test_only_documents_of_the_approved_plan_as_approved(client, world, plan, access, helpers):
    coordinator = access("coordinator")
    draft_doc = _doc(plan)
    with pytest.raises(PlanRefused, match="เผยแพร่ได้เฉพาะเอกสารของแผนที่ผู้บริหารอนุมัติแล้ว"):
        document_publish(document=draft_doc, access=coordinator, actor=world.user("coordinator"))
    helpers.submit(plan, world, access)
    helpers.approve(plan, world, access)
    plan.refresh_from_db()
    with pytest.raises(PlanRefused, match=f"จัดทำจากแผนฉบับที่ {draft_doc.plan_version} ก่อนผู้บริหารอนุมัติ"):
        document_publish(document=draft_doc, access=coordinator, actor=world.user("coordinator"))
    queued = _doc(plan)
    GeneratedDocument.objects.filter(pk=queued.pk).update(status="queued")
    queued.refresh_from_db()
    with pytest.raises(PlanRefused, match="ยังจัดทำไม่เสร็จ"):
        document_publish(document=queued, access=coordinator, actor=world.user("coordinator"))
    client.force_login(world.user("coordinator"))
    page = html_lib.unescape(client.get(reverse("plans:plan_documents", args=[world.own.slug, 2569])).content.decode())
    assert "จัดทำจากแผนฉบับก่อนอนุมัติ" in page and _url("document_publish", world, draft_doc) not in page


def test_publishing_again_changes_nothing_and_a_newer_one_replaces_the_older(world, approved, access):
    coordinator, actor = access("coordinator"), world.user("coordinator")
    first = document_publish(document=_doc(approved), access=coordinator, actor=actor)
    stamp = first.published_at
    assert document_publish(document=first, access=coordinator, actor=actor).published_at == stamp
    assert AuditEntry.objects.filter(action="document.published").count() == 1
    other_format = document_publish(document=_doc(approved, fmt="pdf"), access=coordinator, actor=actor)
    newer = document_publish(document=_doc(approved), access=coordinator, actor=actor)
    published = set(GeneratedDocument.objects.filter(published_at__isnull=False).values_list("pk", flat=True))
    assert published == {other_format.pk, newer.pk}  # the older DOCX is off the portal, the PDF stays
    assert AuditEntry.objects.filter(action="document.unpublished", target_id=str(first.pk)).exists()


def test_the_staff_page_shows_each_documents_state_with_a_buddhist_era_date(client, world, approved, access):
    published = document_publish(document=_doc(approved), access=access("coordinator"),
                                 actor=world.user("coordinator"))
    unpublished = _doc(approved, kind="analysis")
    _doc(approved, kind="memo")
    client.force_login(world.user("coordinator"))
    page = html_lib.unescape(client.get(reverse("plans:plan_documents", args=[world.own.slug, 2569])).content.decode())
    from django.utils import timezone

    day = thai_date(timezone.localtime(published.published_at).date(), short=True)
    assert f"เผยแพร่แล้ว</span> เมื่อ {day}" in page and str(timezone.localtime(published.published_at).year + 543) in day
    assert "ยังไม่เผยแพร่" in page and "ภายในหน่วยงาน" in page
    assert _url("document_publish", world, unpublished) in page
    assert _url("document_unpublish", world, published) in page
    status = html_lib.unescape(client.get(reverse("plans:document_status", args=[world.own.slug, published.pk]))
                               .content.decode())
    assert "การเผยแพร่บนเว็บไซต์:" in status and "เผยแพร่แล้ว" in status
    detail = html_lib.unescape(client.get(reverse("plans:plan_detail", args=[world.own.slug, 2569])).content.decode())
    assert "เอกสารของแผนและการเผยแพร่บนเว็บไซต์" in detail
    assert f"เผยแพร่แล้ว</span> เมื่อ {day}" in detail and "ยังไม่เผยแพร่" in detail and "ภายในหน่วยงาน" in detail


def test_the_demo_publishes_its_public_documents_through_the_service(client, demo_agency, settings, tmp_path):
    plan = Plan.objects.get(agency=demo_agency)
    published = GeneratedDocument.objects.filter(plan=plan, published_at__isnull=False)
    assert {d.kind for d in published} == {"measures", "analysis"}
    assert AuditEntry.objects.filter(agency=demo_agency, action="document.published").count() == 2
    year = plan.results_fiscal_year
    page = html_lib.unescape(client.get(f"/p/{demo_agency.slug}/results/{year}/").content.decode())
    for doc in published:
        assert f"/results/documents/{doc.pk}/" in page
        assert client.get(f"/p/{demo_agency.slug}/results/documents/{doc.pk}/").status_code == 200
    assert "บันทึกข้อความขออนุมัติ" not in page
