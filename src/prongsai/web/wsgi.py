"""WSGI entry point (gunicorn ``prongsai.web.wsgi:application``). Production settings by default."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings.production")

application = get_wsgi_application()
