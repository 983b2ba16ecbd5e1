"""Settings for pytest (``DJANGO_SETTINGS_MODULE`` in pyproject.toml).

SQLite in memory by default; PostgreSQL when ``DATABASE_URL`` is set (CI does:
``postgres://postgres@127.0.0.1:5432/prongsai``; pytest-django creates ``test_prongsai``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from prongsai.web.settings.base import *  # noqa: F403
from prongsai.web.settings.base import database_from_env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-servers"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {"default": database_from_env({"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
PRONGSAI_HOME_AGENCY = ""
# The public page cache is off in tests (pages are compared before and after writes made straight through the ORM);
# tests/web/test_public_cache.py turns it on.
PRONGSAI_PUBLIC_CACHE = False
# Likewise the dashboard kept per person: tests read the page's context, which a kept page has not;
# tests/web/assessments/test_dashboard_kept_page.py (and the rounds' and base's version tests) turn it on.
PRONGSAI_DASHBOARD_PAGES = False
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A fixed field-encryption key for tests only (urlsafe base64 of 32 bytes); never used anywhere else.
PRONGSAI_FIELD_KEYS = ["cHJvbmdzYWktdGVzdC1maWVsZC1rZXktMzJieXRlcyE="]

# Private files (evidence, generated documents: load_demo makes and publishes some) never go to the developer's
# ./var/files unless PRONGSAI_FILES_DIR says so; tests that look at the files set their own folder.
if not os.environ.get("PRONGSAI_FILES_DIR"):
    PRONGSAI_FILES_DIR = Path(tempfile.mkdtemp(prefix="prongsai-test-files-"))
    atexit.register(shutil.rmtree, PRONGSAI_FILES_DIR, ignore_errors=True)

# Background jobs run when enqueued (no worker in tests); reminder e-mails go to Django's test outbox.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
