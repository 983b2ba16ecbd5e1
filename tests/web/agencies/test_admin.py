"""The Django admin gives no way to complaint contents (docs/access.md, "Who can read what"): a system
administrator cannot add, change or delete memberships or complaint officers there (the audited, announced
people and officers pages are the only way), and no complaint model, content or identity is shown there."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from prongsai.apps.agencies.models import Membership, Role
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.complaints.models import ComplaintOfficer
from prongsai.apps.complaints.services import complaint_file, complaint_identity_reveal, complaint_officer_designate

from ..complaints.conftest import REPORTER, SECRET_DETAILS, SECRET_SUBJECT

pytestmark = pytest.mark.django_db

GRANTING_MODELS = (Membership, ComplaintOfficer)


def _superuser_request(world):
    request = RequestFactory().get("/admin/")
    request.user = world.user("system_admin")
    return request


def test_no_admin_class_or_inline_can_write_memberships_or_complaint_officers(world):
    """Every ModelAdmin, and every inline of every ModelAdmin (the User admin included), that shows a membership
    or a complaint officer refuses to add, change or delete it, even for a superuser."""
    request = _superuser_request(world)
    seen = []
    for model, model_admin in admin.site._registry.items():
        if model in GRANTING_MODELS:
            seen.append(model)
            assert not model_admin.has_add_permission(request), model_admin
            assert not model_admin.has_change_permission(request, None), model_admin
            assert not model_admin.has_delete_permission(request, None), model_admin
        for inline in (cls(model, admin.site) for cls in model_admin.get_inlines(request, None)):
            if inline.model in GRANTING_MODELS:
                seen.append(inline.model)
                assert not inline.has_add_permission(request, None), inline
                assert not inline.has_change_permission(request, None), inline
                assert not inline.has_delete_permission(request, None), inline
    assert Membership in seen  # shown read-only (Memberships, and the agency page's members)
    assert ComplaintOfficer not in admin.site._registry


def test_a_superuser_cannot_add_change_or_delete_a_membership_in_the_admin(client, world):
    root = world.user("system_admin")
    client.force_login(root)
    before = sorted(Membership.objects.values_list("pk", "user_id", "agency_id", "role"))
    base = "/admin/agencies/membership/"
    assert client.get(base + "add/").status_code == 403
    added = client.post(base + "add/", {"user": root.pk, "agency": world.own.pk, "role": Role.AGENCY_ADMIN})
    assert added.status_code == 403
    mine = Membership.objects.get(user=world.user("coordinator"), agency=world.own)
    changed = client.post(f"{base}{mine.pk}/change/", {"user": root.pk, "agency": world.own.pk, "role": "agency_admin"})
    assert changed.status_code == 403
    assert client.post(f"{base}{mine.pk}/delete/", {"post": "yes"}).status_code == 403
    assert sorted(Membership.objects.values_list("pk", "user_id", "agency_id", "role")) == before
    # reading stays possible, without a form to change anything
    page = client.get(f"{base}{mine.pk}/change/")
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()


def test_the_agency_page_of_the_admin_adds_no_member(client, world):
    """The members inline of the agency's admin page is read-only: a posted new row is not saved."""
    root = world.user("system_admin")
    client.force_login(root)
    own = world.own
    units = list(own.units.order_by("pk"))
    members = list(Membership.objects.filter(agency=own).order_by("pk"))
    data = {
        "name_th": own.name_th, "slug": own.slug, "kind": own.kind, "district": own.district,
        "province": own.province, "website": "", "notes": "",
        "units-TOTAL_FORMS": str(len(units)), "units-INITIAL_FORMS": str(len(units)),
        "units-MIN_NUM_FORMS": "0", "units-MAX_NUM_FORMS": "1000",
        "memberships-TOTAL_FORMS": str(len(members) + 1), "memberships-INITIAL_FORMS": str(len(members)),
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        f"memberships-{len(members)}-user": str(root.pk),
        f"memberships-{len(members)}-role": Role.AGENCY_ADMIN,
        f"memberships-{len(members)}-agency": str(own.pk),
    }
    for i, unit in enumerate(units):
        data |= {f"units-{i}-id": str(unit.pk), f"units-{i}-agency": str(own.pk), f"units-{i}-name_th": unit.name_th}
    for i, m in enumerate(members):
        data |= {f"memberships-{i}-id": str(m.pk), f"memberships-{i}-agency": str(own.pk),
                 f"memberships-{i}-role": Role.AGENCY_ADMIN}
    response = client.post(f"/admin/agencies/agency/{own.pk}/change/", data)
    assert response.status_code == 302  # the agency itself was saved
    assert not Membership.objects.filter(user=root).exists()
    assert list(Membership.objects.filter(agency=own).order_by("pk").values_list("pk", "role")) == [
        (m.pk, m.role) for m in members
    ]


def test_the_admin_shows_no_complaint_model_content_or_identity(client, world):
    """No complaint model is registered; the admin's complaint URLs do not exist; and after a complaint is filed,
    answered and its reporter's identity revealed, no page of any registered model shows its content or identity."""
    officer = world.user("coordinator")
    complaint_officer_designate(agency=world.own, user=officer, actor=world.user("agency_admin"))
    complaint = complaint_file(
        agency=world.own, kind="corruption", subject=SECRET_SUBJECT, details=SECRET_DETAILS, anonymous=False,
        identity=REPORTER,
    ).complaint
    complaint_identity_reveal(complaint=complaint, officer=officer, reason="ต้องติดต่อกลับเพื่อขอหลักฐานเพิ่มเติม")
    assert not [m for m in admin.site._registry if m._meta.app_label == "complaints"]
    root = world.user("system_admin")
    client.force_login(root)
    for path in ("complaint/", "complaint/add/", "complaintofficer/", "complaintofficer/add/", "identitydisclosure/"):
        assert client.get(f"/admin/complaints/{path}").status_code == 404, path
    secrets = (SECRET_SUBJECT, SECRET_DETAILS, REPORTER["name"], REPORTER["phone"], REPORTER["email"])
    pages = ["/admin/"]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(f"/admin/{opts.app_label}/{opts.model_name}/")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(f"/admin/{opts.app_label}/{opts.model_name}/{first.pk}/change/")
    entry = AuditEntry.objects.get(action="complaint.identity_revealed")
    pages.append(f"/admin/audit/auditentry/{entry.pk}/change/")
    pages.append(f"/admin/auth/user/{officer.pk}/delete/")  # the related objects a deletion would touch
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 403), page
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (page, secret)
    assert get_user_model().objects.filter(pk=officer.pk).exists()


def test_a_superuser_cannot_take_over_an_account_that_reads_complaints(client, world, mailoutbox):
    """Setting an officer's or agency admin's password, username or e-mail in the User admin would let a system
    administrator sign in as them (or divert their notices) without the audited, announced steps."""
    root = world.user("system_admin")
    officer = world.user("coordinator")
    complaint_officer_designate(agency=world.own, user=officer, actor=world.user("agency_admin"))
    client.force_login(root)
    for person in (officer, world.user("agency_admin")):
        old_hash = get_user_model().objects.get(pk=person.pk).password
        url = f"/admin/auth/user/{person.pk}/password/"
        assert client.get(url).status_code == 403
        refused = client.post(url, {"password1": "Zx9!newpass-123", "password2": "Zx9!newpass-123"})
        assert refused.status_code == 403
        assert get_user_model().objects.get(pk=person.pk).password == old_hash
        page = client.get(f"/admin/auth/user/{person.pk}/change/")
        assert page.status_code == 200
        assert 'name="email"' not in page.content.decode()
        assert 'name="username"' not in page.content.decode()


def test_an_ordinary_account_can_still_be_helped_in_the_user_admin(client, world):
    root = world.user("system_admin")
    plain = world.user("executive")
    client.force_login(root)
    assert client.get(f"/admin/auth/user/{plain.pk}/password/").status_code == 200
    assert 'name="email"' in client.get(f"/admin/auth/user/{plain.pk}/change/").content.decode()
