"""Development settings, the default of ``python -m prongsai.web.manage``.

SQLite at ``<PRONGSAI_DATA_DIR or ./var>/prongsai.sqlite3`` (the folder is created), unless
``DATABASE_URL`` is set. DEBUG is on; never use these settings on a server.
"""

from __future__ import annotations

import os

from prongsai.web.settings.base import *  # noqa: F403
from prongsai.web.settings.base import DATA_DIR, database_from_env, env_list

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-local-development-only-not-for-servers"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

DATABASES = {
    "default": database_from_env({"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "prongsai.sqlite3")})
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] != ":memory:":
    from pathlib import Path

    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

# Field-encryption key for development only: generated once into <data dir>/field-key (never the database).
PRONGSAI_FIELD_KEYS = env_list("PRONGSAI_FIELD_KEYS")
if not PRONGSAI_FIELD_KEYS:
    from pathlib import Path as _Path

    _key_file = _Path(DATA_DIR) / "field-key"
    if not _key_file.exists():
        from cryptography.fernet import Fernet

        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(Fernet.generate_key().decode() + "\n", encoding="ascii")
        _key_file.chmod(0o600)
    PRONGSAI_FIELD_KEYS = [_key_file.read_text(encoding="ascii").strip()]

# `make run` has no queue worker: documents are made inside the request unless PRONGSAI_TASKS_BACKEND=database
# is set (then run `python -m prongsai.web.manage db_worker` beside the server).
if not os.environ.get("PRONGSAI_TASKS_BACKEND"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
