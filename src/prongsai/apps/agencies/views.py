"""The agency chooser (a person with several agencies) and an agency's people."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.access import Access, agencies_visible_to, agency_view, is_system_admin
from prongsai.apps.agencies.forms import MembershipForm
from prongsai.apps.agencies.models import Agency, Role
from prongsai.apps.agencies.selectors import members_for_agency, units_for_agency
from prongsai.apps.agencies.services import membership_remove, membership_set


@login_required
@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    """The agencies this person may open; ``?agency=<slug>`` (the header's switcher) goes straight there."""
    visible = agencies_visible_to(user=request.user)
    wanted = request.GET.get("agency", "")
    if wanted and visible.filter(slug=wanted).exists():
        return redirect("assessments:dashboard", agency_slug=wanted)
    context = {
        "agencies": list(visible.order_by("province", "district", "name_th", "pk")),
        "system_admin": is_system_admin(request.user),
        "not_found": bool(wanted),
    }
    return render(request, "agencies/choose.html", context, status=404 if wanted else 200)


@agency_view("manage_people")
@require_http_methods(["GET", "HEAD", "POST"])
def people(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    """The agency's people. POST ``action=set`` (username, role, unit) gives a role or changes it;
    ``action=remove`` (``member``: the membership's id) takes a person out. Both are audited by the services;
    a role that may designate complaint officers is also told to the agency's administrators and officers."""
    units = units_for_agency(agency=agency)
    form = MembershipForm(units=units)
    action_error = ""
    code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = 400
        try:
            if action == "set":
                form = MembershipForm(request.POST, units=units)
                if form.is_valid():
                    role = Role(form.cleaned_data["role"])
                    membership_set(
                        user=form.person, agency=agency, role=role, unit=form.cleaned_data["unit"], actor=request.user
                    )
                    messages.success(request, f"กำหนดบทบาท “{role.label}” ให้ {form.person.get_username()} แล้ว")
                    return redirect("agencies:people", agency_slug=agency.slug)
            elif action == "remove":
                raw = request.POST.get("member", "").strip()
                if not re.fullmatch(r"[0-9]{1,18}", raw):
                    action_error = "ไม่ได้ระบุบุคลากรที่จะนำออก หรือระบุไม่ถูกต้อง กรุณาใช้ปุ่มในตาราง"
                elif request.POST.get("confirm") != "yes":
                    action_error = "ยังไม่ได้นำออก กรุณาทำเครื่องหมาย “ข้าพเจ้าเข้าใจว่า…” แล้วกดยืนยันนำออกอีกครั้ง"
                else:
                    membership_remove(agency=agency, membership_id=int(raw), actor=request.user)
                    messages.success(request, "นำบุคลากรออกจากหน่วยงานแล้ว")
                    return redirect("agencies:people", agency_slug=agency.slug)
            else:
                action_error = "ไม่รู้จักคำสั่งนี้ กรุณาใช้ปุ่มในหน้านี้"
        except ValidationError as exc:
            if action == "set":
                form.add_error(None, exc.messages[0])
            else:
                action_error = exc.messages[0]
    context = {
        "agency": agency,
        "access": access,
        "members": list(members_for_agency(agency=agency)),
        "units": list(units),
        "form": form,
        "action_error": action_error,
    }
    return render(request, "agencies/people.html", context, status=code)
