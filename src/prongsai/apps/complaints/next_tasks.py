"""What complaints add to the agency home's "next tasks" (``base.next_tasks``): a designated complaint officer sees
how many cases are not closed. A count only: no subject, no reporter, nothing of a case's content."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from prongsai.apps.base.next_tasks import NextTask, kept_with_agency_data
from prongsai.apps.base.per_request import per_request_set
from prongsai.apps.complaints.models import OPEN_STATUSES, Complaint, ComplaintOfficer
from prongsai.apps.complaints.services import officer_memo_key


@kept_with_agency_data
def complaints_waiting(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Designated complaint officers only: one query, the person's designation row with the count of cases not
    closed (none for anyone else). Whether they are an officer is kept on ``access`` for the menu's link
    (``services.is_complaint_officer_on_page``), so the page asks it once."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    open_cases = (
        Complaint.objects.filter(agency=agency, status__in=OPEN_STATUSES)
        .order_by().values("agency").annotate(n=Count("pk")).values("n")
    )
    row = (
        ComplaintOfficer.objects.filter(agency=agency, user=user)
        .annotate(n_open=Coalesce(Subquery(open_cases, output_field=IntegerField()), Value(0)))
        .order_by("pk").values_list("pk", "n_open").first()
    )
    per_request_set(access, officer_memo_key(user=user, agency=agency), row is not None)
    n = row[1] if row is not None else 0
    if not n:
        return []
    return [NextTask(text="เรื่องร้องเรียนที่ยังไม่ยุติ รอเจ้าหน้าที่ดำเนินการ", count=n,
                     url=reverse("complaints:officer_list", args=[agency.slug]), order=20)]


# Kept: a complaint filed by the public writes no audit entry, but every save or delete of a complaint or an officer
# renews the agency's staff version (ComplaintsConfig.ready, base.versions), which is part of the data version.
PROVIDERS = (complaints_waiting,)
