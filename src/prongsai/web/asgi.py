"""ASGI entry point (``prongsai.web.asgi:application``). Production settings by default."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings.production")

application = get_asgi_application()
