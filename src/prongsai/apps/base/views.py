"""Shared view steps: the add/edit page of one agency row (portal, procurement, registers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prongsai.apps.base.forms import save_form

ROW_EDIT_TEMPLATE = "base/row_edit.html"


def row_edit_page(
    request: HttpRequest,
    *,
    agency: Any,
    access: Any,
    form: Any,
    save: Callable[..., Any],
    item: Any,
    title: str,
    done: str,
    extra_data: dict | None = None,
    saved_url: Callable[[], str] | None = None,
) -> HttpResponse:
    """The add/edit page of one row: a valid POST calls the service ``save(agency=, actor=, item=, data=)`` and
    goes to ``saved_url()`` (default ``done``); otherwise the form again, with its errors (400).

    ``form`` has ``data_for_service()`` (``base.forms.ThaiModelForm``); ``extra_data`` is added to what it gives.
    """
    saved, _ = save_form(
        request,
        form,
        lambda: save(
            agency=agency, actor=request.user, item=item, data={**form.data_for_service(), **(extra_data or {})}
        ),
    )
    if saved:
        messages.success(request, "บันทึกแล้ว")
        return redirect(saved_url() if saved_url else done)
    status = 400 if request.method == "POST" else 200
    context = {"agency": agency, "access": access, "form": form, "title": title, "back": done}
    return render(request, ROW_EDIT_TEMPLATE, context, status=status)
