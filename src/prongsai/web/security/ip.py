"""The client's address for the sign-in lockout (``AXES_CLIENT_IP_CALLABLE``).

``X-Forwarded-For`` is anyone's to send, so it counts only when the settings say reverse proxies that we trust stand
in front (``PRONGSAI_TRUSTED_PROXY_COUNT`` = n > 0). Each proxy appends the address it saw (nginx:
``$proxy_add_x_forwarded_for``), so the client is the n-th address from the right; whatever a client wrote to the
left of it is ignored. Otherwise the address is ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = int(getattr(settings, "PRONGSAI_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
