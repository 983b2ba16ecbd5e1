"""What the site header needs on every page: the person's agencies (for the switcher) and, on an agency's
pages, what they may do there (the menu). The menu only hides links; every view checks access itself.

The agency menu is grouped by the person's work (``menu_groups``) and lists only the links their role can use
(``Access.allows``); a group with no link left is not shown. On a phone it folds behind a "เมนู" button."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from prongsai.apps.agencies.access import agencies_visible_to, is_system_admin
from prongsai.apps.complaints.services import is_complaint_officer_on_page
from prongsai.apps.frameworks.selectors import request_can_edit_frameworks

SWITCHER_LIMIT = 30  # more than this: the switcher links to the list instead


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    visible = agencies_visible_to(user=user).order_by("name_th", "pk")
    agencies = list(visible.values_list("slug", "name_th")[: SWITCHER_LIMIT + 1])
    current = getattr(request, "agency", None)
    access = getattr(request, "access", None)
    # asked once per request: the dashboard's next-tasks panel may already know it (kept on ``access``)
    officer = current is not None and is_complaint_officer_on_page(user=user, agency=current, access=access)
    return {
        "nav_agencies": agencies[:SWITCHER_LIMIT],
        "nav_more_agencies": len(agencies) > SWITCHER_LIMIT,
        "nav_current": current,
        "nav_access": access,
        "nav_system_admin": is_system_admin(user),
        # the complaints link is for designated complaint officers only (the officer views check it again)
        "nav_complaint_officer": officer,
        "nav_groups": menu_groups(request, current, access, officer) if current and access else [],
        # the framework workbench: system administrators and those granted the right (the views check it again)
        "nav_framework_editor": request_can_edit_frameworks(request),
    }


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class MenuGroup:
    label: str
    links: tuple[MenuLink, ...]


# (group, [(label, URL name, the permission it needs, namespace, URL-name test of "this page")]). A permission of
# None: everyone who sees the agency. "officer": designated complaint officers only (not a role's permission).
_Here = Any  # a function (namespace, url_name) -> bool
_MENU: tuple[tuple[str, tuple[tuple[str, str, str | None, _Here], ...]], ...] = (
    ("ผลการประเมิน", (
        ("ภาพรวม", "assessments:dashboard", None, lambda ns, here: ns == "assessments" and here == "dashboard"),
        ("ผลการประเมินรายปี", "assessments:results", None,
         lambda ns, here: ns == "assessments" and here in ("results", "result_detail")),
        ("กรอกผลการประเมิน", "assessments:result_new", "edit_results",
         lambda ns, here: ns == "assessments" and here in ("result_new", "result_edit")),
        ("นำเข้าจากไฟล์", "assessments:import_upload", "edit_results",
         lambda ns, here: ns == "assessments" and here in ("import_upload", "import_review")),
        ("แบบสำรวจภายใน", "surveys:rounds", None, lambda ns, here: ns == "surveys"),
        ("การประเมินหน่วยงานในสังกัด", "rounds:rounds", None, lambda ns, here: ns == "rounds"),
    )),
    ("มาตรการและงาน", (
        ("แผนมาตรการ", "plans:plans", None,
         lambda ns, here: ns == "plans" and here not in ("tasks", "task_detail", "calendar")),
        ("งานที่ติดตาม", "plans:tasks", None, lambda ns, here: ns == "plans" and here in ("tasks", "task_detail")),
        ("ปฏิทิน ITA", "plans:calendar", None, lambda ns, here: ns == "plans" and here == "calendar"),
        ("การประชุมคณะทำงาน", "meetings:list", None, lambda ns, here: ns == "meetings"),
    )),
    ("เว็บไซต์และ OIT", (
        ("หลักฐาน OIT", "oit:index", None, lambda ns, here: ns == "oit"),
        ("จัดการเว็บไซต์", "portal:staff_index", "edit_portal",
         lambda ns, here: ns in ("portal", "procurement")
         or (ns == "registers" and (here == "staff" or here.startswith(("gift", "declaration"))))),
        ("หน้าเว็บสาธารณะ", "portal:home", None, lambda ns, here: False),
    )),
    ("ทะเบียน", (
        ("ทะเบียนพัสดุ", "registers:assets", "edit_registers",
         lambda ns, here: ns == "registers" and here.startswith("asset")),
        ("การยืมพัสดุ", "registers:loans", "edit_registers",
         lambda ns, here: ns == "registers" and here.startswith("loan")),
        ("ตรวจนับพัสดุ", "registers:inventory", "edit_registers",
         lambda ns, here: ns == "registers" and here.startswith("inventory")),
        ("กิจกรรมจริยธรรม", "registers:ethics", "edit_registers",
         lambda ns, here: ns == "registers" and here.startswith("ethics")),
    )),
    ("เรื่องร้องเรียน", (
        ("เรื่องร้องเรียน", "complaints:officer_list", "officer",
         lambda ns, here: ns == "complaints" and here != "officers"),
        ("เจ้าหน้าที่รับเรื่องร้องเรียน", "complaints:officers", "manage_people",
         lambda ns, here: ns == "complaints" and here == "officers"),
    )),
    ("ผู้ดูแล", (
        ("บุคลากร", "agencies:people", "manage_people", lambda ns, here: ns == "agencies" and here == "people"),
        ("บันทึกการเปลี่ยนแปลง", "audit:log", "view_audit", lambda ns, here: ns == "audit" and here == "log"),
    )),
)


def menu_groups(request: HttpRequest, agency: Any, access: Any, officer: bool) -> list[MenuGroup]:
    """The agency menu for this person: the groups of their work, each with only the links they may use."""
    match = getattr(request, "resolver_match", None)
    ns, here = (match.namespace, match.url_name or "") if match is not None else ("", "")
    allowed = frozenset(
        permission for _, entries in _MENU for _, _, permission, _ in entries
        if permission not in (None, "officer") and access.allows(permission)
    )
    # the same menu for everyone with these permissions on this page of this agency: built once per process (it
    # holds no data but the agency's slug, the URL patterns and the permissions, all of them in the key)
    return list(_menu(agency.slug, ns, here, allowed, bool(officer), get_script_prefix(), get_urlconf(),
                      settings.ROOT_URLCONF))


@lru_cache(maxsize=4096)
def _menu(slug: str, ns: str, here: str, allowed: frozenset[str], officer: bool, *_urls: Any) -> tuple[MenuGroup, ...]:
    groups = []
    for label, entries in _MENU:
        links = tuple(
            MenuLink(text, reverse(name, args=[slug]), is_here(ns, here))
            for text, name, permission, is_here in entries
            if permission is None or (officer if permission == "officer" else permission in allowed)
        )
        if links:
            groups.append(MenuGroup(label, links))
    return tuple(groups)
