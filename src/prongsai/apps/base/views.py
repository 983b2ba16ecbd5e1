"""Shared view steps: find an agency's row or 404, and the add/edit page of one agency row (portal, procurement,
registers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prongsai.apps.base.forms import save_form

ROW_EDIT_TEMPLATE = "base/row_edit.html"


def found(obj: Any, missing: str = "ไม่พบรายการ") -> Any:
    """What a selector found, else a 404 with the Thai ``missing``."""
    if obj is None:
        raise Http404(missing)
    return obj


def agency_row(find: Callable[..., Any], *, agency: Any, pk: int | None, missing: str = "ไม่พบรายการ", **kwargs) -> Any:
    """The row ``pk`` of ``agency`` through the selector ``find(agency=, pk=, **kwargs)``; ``None`` when ``pk`` is
    ``None`` (a new row); a 404 with ``missing`` when the agency has no such row."""
    if pk is None:
        return None
    return found(find(agency=agency, pk=pk, **kwargs), missing)


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
    saved_url: Callable[[Any], str] | None = None,
    template: str = ROW_EDIT_TEMPLATE,
    context: dict | None = None,
) -> HttpResponse:
    """The add/edit page of one row: a valid POST calls the service ``save(agency=, actor=, item=, data=)`` and
    goes to ``saved_url(row)`` (default ``done``); otherwise the form again, with its errors (400).

    ``form`` has ``data_for_service()`` (``base.forms.ThaiModelForm``); ``extra_data`` is added to what it gives.
    ``template`` renders the page with ``agency, access, form, title, back`` and ``context``.
    """
    saved, row = save_form(
        request,
        form,
        lambda: save(
            agency=agency, actor=request.user, item=item, data={**form.data_for_service(), **(extra_data or {})}
        ),
    )
    if saved:
        messages.success(request, "บันทึกแล้ว")
        return redirect(saved_url(row) if saved_url else done)
    status = 400 if request.method == "POST" else 200
    page = {"agency": agency, "access": access, "form": form, "title": title, "back": done, **(context or {})}
    return render(request, template, page, status=status)
