"""What complaints add to the agency home's "next tasks" (``base.next_tasks``): a designated complaint officer sees
how many cases are not closed. A count only: no subject, no reporter, nothing of a case's content."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists
from django.urls import reverse

from prongsai.apps.base.next_tasks import NextTask
from prongsai.apps.complaints.models import OPEN_STATUSES, Complaint, ComplaintOfficer


def complaints_waiting(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Designated complaint officers only: one query, the count under the designation (none for anyone else)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    officer = ComplaintOfficer.objects.filter(agency=agency, user=user)
    n = Complaint.objects.filter(Exists(officer), agency=agency, status__in=OPEN_STATUSES).count()
    if not n:
        return []
    return [NextTask(text="เรื่องร้องเรียนที่ยังไม่ยุติ รอเจ้าหน้าที่ดำเนินการ", count=n,
                     url=reverse("complaints:officer_list", args=[agency.slug]), order=20)]


PROVIDERS = (complaints_waiting,)
