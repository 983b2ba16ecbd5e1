"""Template helpers for plans: Thai dates from the plan's JSON, budgets, and the dashboard's reminders panel.

    {% load plans_tags %}
    {{ measure.data.start|plan_date }}          1 ต.ค. 2569 (B.E., from an ISO date or a date)
    {{ measure.data.budget|budget_th }}         20,000 บาท or ไม่ใช้งบประมาณ
    {{ measure.data|co_units|join:", " }}        the co-operating units, each once, never the responsible one
    {{ measure_origins|origin_of:m.pk }}          where a measure came from (a meeting's decision), a Link or None
    {% reminders_panel agency access %}         overdue and due-soon tasks (the dashboard)

Every helper returns plain text; nothing is marked safe.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from prongsai.core.plan import NO_BUDGET_TH, distinct_co_units
from prongsai.core.thai import thai_date, to_thai_digits

register = template.Library()


@register.filter
def origin_of(origins: dict, measure_id: int):
    """The ``base.extensions.Link`` a measure came from (``measure_origins`` of the plan page), or None."""
    return origins.get(measure_id) if isinstance(origins, dict) else None


@register.filter
def plan_date(value: object, style: str = "short") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if not isinstance(value, date):
        return str(value)
    return thai_date(value, short=style != "long")


@register.filter
def budget_th(value: object) -> str:
    if value in (None, ""):
        return NO_BUDGET_TH
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount:,.2f}".removesuffix(".00") + " บาท"


VERSION_ACTIONS_TH = {
    "drafted": "จัดทำร่าง",
    "measure_updated": "แก้ไขมาตรการ",
    "measure_added": "เพิ่มมาตรการ",
    "measure_removed": "ลบมาตรการ",
    "submitted": "เสนอผู้บริหาร",
    "approved": "อนุมัติ",
    "returned": "ส่งกลับให้แก้ไข",
}


@register.filter
def version_action(code: str) -> str:
    return VERSION_ACTIONS_TH.get(code, code)


@register.filter
def co_units(data: object) -> list[str]:
    """A stored measure's co-operating units as its line shows them (``core.plan.distinct_co_units``): a plan
    drafted before repeated units were dropped reads "สำนักปลัด (งาน…) ร่วมกับ กองคลัง", not "… ร่วมกับ สำนักปลัด, …"."""
    if not isinstance(data, dict):
        return []
    return distinct_co_units(str(data.get("responsible_unit") or ""), [str(u) for u in data.get("co_units") or []])


@register.filter
def thai_digits_if(value: object, thai: bool = False) -> str:
    text = "" if value is None else str(value)
    return to_thai_digits(text) if thai else text


def _reminders_unit(access):
    from prongsai.apps.agencies.models import Role

    return access.unit if access.role == Role.UNIT_STAFF else None


@register.inclusion_tag("plans/_reminders.html")
def reminders_panel(agency, access) -> dict:
    from prongsai.apps.plans.selectors import reminders_for

    reminders = reminders_for(agency=agency, unit=_reminders_unit(access), today=timezone.localdate(), limit=8)
    return {"agency": agency, "access": access, "reminders": reminders}


@register.filter
def reminders_scope(access) -> str:
    """What the reminders panel varies by besides the agency's data: today, the unit (unit staff see their own
    unit's tasks, everyone else the agency's) and the number of days ahead. A part of the key under which the
    dashboard keeps the rendered panel (``assessments/dashboard.html``)."""
    from prongsai.apps.plans.selectors import _reminder_days  # the same app's

    unit = _reminders_unit(access)
    who = f"unit-{unit.pk}" if unit is not None else "agency"
    return f"{timezone.localdate().isoformat()}:{who}:{_reminder_days()}"
