"""Results are drafts for staff until someone with ``edit_portal`` publishes them: the portal, the public results
page and open data show each year's published version only, even when a later draft exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.assessments.services import result_record
from prongsai.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_2566 = {1: 90.10, 2: 85.20, 3: 88.30, 4: 84.40, 5: 86.50, 6: 85.60, 7: 82.70, 8: 81.80, 9: 90.00, 10: 87.50}
LOWER_2568 = {1: 81.00, 2: 82.00, 3: 83.00, 4: 84.00, 5: 85.00, 6: 86.00, 7: 87.00, 8: 88.00, 9: 70.00, 10: 75.00}


def _publish_url(world, year, action="result_publish"):
    return reverse(f"assessments:{action}", kwargs={"agency_slug": world.own.slug, "fiscal_year": year})


def _public(client, world):
    """Everything public about the agency's results: portal pages, the public results page, the open-data CSVs."""
    client.logout()
    slug = world.own.slug
    pages = [
        client.get(f"/p/{slug}/"),
        client.get(f"/p/{slug}/results/"),
        client.get(reverse("assessments:agency_results", kwargs={"slug": slug})),
        client.get(reverse("portal:dataset_download", kwargs={"slug": slug, "dataset": "ita-results", "fmt": "csv"})),
        client.get(
            reverse("portal:dataset_download", kwargs={"slug": slug, "dataset": "ita-indicator-scores", "fmt": "csv"})
        ),
    ]
    assert all(p.status_code == 200 for p in pages), [p.status_code for p in pages]
    return "\n".join(p.content.decode("utf-8-sig") for p in pages)


def test_a_saved_result_is_a_draft_until_published(client, world):
    result = result_record(agency=world.own, fiscal_year=2566, indicator_scores=NEW_2566, source="form")
    overall = f"{result.overall:.2f}"
    assert result.published_version is None
    public = _public(client, world)
    assert overall not in public and "2566" not in public
    assert client.get(f"/p/{world.own.slug}/results/2566/").status_code == 404

    # staff see it, marked as not published
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("assessments:result_detail", args=[world.own.slug, 2566])).content.decode()
    assert overall in page and "ยังไม่เผยแพร่" in page
    assert 'name="understood"' in page and "checked" not in page.split("publication-title", 1)[1].split("</section>")[0]

    # publishing without ticking "I understand" changes nothing
    refused = client.post(_publish_url(world, 2566), {"version": "1"})
    assert refused.status_code == 400 and "กรุณาทำเครื่องหมาย" in refused.content.decode()
    assert AssessmentResult.objects.get(pk=result.pk).published_version is None

    done = client.post(_publish_url(world, 2566), {"understood": "on", "version": "1"})
    assert done.status_code == 302
    result.refresh_from_db()
    assert result.published_version.number == 1 and result.published_by == world.user("coordinator")
    public = _public(client, world)
    assert overall in public
    assert client.get(f"/p/{world.own.slug}/results/2566/").status_code == 200
    entry = AuditEntry.objects.get(agency=world.own, action="result.published", target_id=str(result.pk))
    assert entry.actor == world.user("coordinator")
    assert entry.after["version"] == 1 and entry.after["overall"] == overall


def test_a_new_draft_keeps_the_public_on_the_published_version(client, world):
    published = AssessmentResult.objects.get(agency=world.own, fiscal_year=2568)
    old = f"{published.overall:.2f}"
    changed = result_record(agency=world.own, fiscal_year=2568, indicator_scores=LOWER_2568, source="form")
    new = f"{changed.overall:.2f}"
    assert new != old
    public = _public(client, world)
    assert old in public and new not in public
    year_page = client.get(f"/p/{world.own.slug}/results/2568/").content.decode()
    assert old in year_page and new not in year_page

    client.force_login(world.user("agency_admin"))
    page = client.get(reverse("assessments:result_detail", args=[world.own.slug, 2568])).content.decode()
    assert "มีฉบับแก้ไขที่ยังไม่เผยแพร่" in page and new in page

    # a page that showed version 1 cannot publish version 2 unseen
    stale = client.post(_publish_url(world, 2568), {"understood": "on", "version": "1"})
    assert stale.status_code == 400
    assert old in _public(client, world)

    client.force_login(world.user("agency_admin"))
    assert client.post(_publish_url(world, 2568), {"understood": "on", "version": "2"}).status_code == 302
    public = _public(client, world)
    assert new in public and old not in public
    client.force_login(world.user("agency_admin"))
    page = client.get(reverse("assessments:result_detail", args=[world.own.slug, 2568])).content.decode()
    assert "เผยแพร่แล้ว เมื่อ" in page


def test_unpublishing_takes_the_year_off_the_public_site(client, world):
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2568)
    overall = f"{result.overall:.2f}"
    assert overall in _public(client, world)
    client.force_login(world.user("coordinator"))
    assert client.post(_publish_url(world, 2568, "result_unpublish"), {}).status_code == 400
    assert overall in _public(client, world)
    client.force_login(world.user("coordinator"))
    done = client.post(_publish_url(world, 2568, "result_unpublish"), {"understood": "on"})
    assert done.status_code == 302
    assert overall not in _public(client, world)
    assert client.get(f"/p/{world.own.slug}/results/2568/").status_code == 404
    assert AuditEntry.objects.filter(agency=world.own, action="result.unpublished", target_id=str(result.pk)).exists()


@pytest.mark.parametrize("role", ["unit_staff", "executive", "auditor"])
def test_only_edit_portal_may_publish(client, world, role):
    result_record(agency=world.own, fiscal_year=2566, indicator_scores=NEW_2566, source="form")
    client.force_login(world.user(role))
    for action in ("result_publish", "result_unpublish"):
        response = client.post(_publish_url(world, 2566, action), {"understood": "on"})
        assert response.status_code == 403
    page = client.get(reverse("assessments:result_detail", args=[world.own.slug, 2566])).content.decode()
    assert "ยังไม่เผยแพร่" in page and 'name="understood"' not in page
    assert AssessmentResult.objects.get(agency=world.own, fiscal_year=2566).published_version is None
    # another agency's administrator does not even see the year
    client.force_login(world.user("foreign"))
    assert client.post(_publish_url(world, 2566), {"understood": "on"}).status_code == 404


def test_a_year_without_a_result_answers_404(client, world):
    client.force_login(world.user("coordinator"))
    assert client.post(_publish_url(world, 2563), {"understood": "on"}).status_code == 404
