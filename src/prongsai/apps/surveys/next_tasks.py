"""What surveys add to the agency home's "next tasks" (``base.next_tasks``): the pulse surveys open for answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from prongsai.apps.base.next_tasks import NextTask, kept_with_agency_data
from prongsai.apps.surveys.models import PulseRound


@kept_with_agency_data  # rounds opened and closed by surveys.services (audited); "today" is in the key
def open_surveys(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Everyone in the agency: survey rounds still taking answers (one query)."""
    n = PulseRound.objects.filter(agency=agency, is_closed=False, closes_on__gte=today).count()
    if not n:
        return []
    return [NextTask(text="แบบสำรวจภายในที่เปิดรับคำตอบอยู่", count=n,
                     url=reverse("surveys:rounds", args=[agency.slug]), order=70)]


PROVIDERS = (open_surveys,)
