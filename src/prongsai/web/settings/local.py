"""Development settings, the default of ``python -m prongsai.web.manage``.

SQLite at ``<PRONGSAI_DATA_DIR or ./var>/prongsai.sqlite3`` (the folder is created), unless
``DATABASE_URL`` is set. DEBUG is on; never use these settings on a server.
"""

from __future__ import annotations

import os

from prongsai.web.settings.base import *  # noqa: F403
from prongsai.web.settings.base import DATA_DIR, database_from_env

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-local-development-only-not-for-servers"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

DATABASES = {
    "default": database_from_env({"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "prongsai.sqlite3")})
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] != ":memory:":
    from pathlib import Path

    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
