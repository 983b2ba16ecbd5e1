"""Settings for the web load tests (bench/load/run_load.py): the production settings, with two changes.

1. The public forms' abuse limits count per client (a keyed hash of the address, prongsai.apps.base.abuse), never
   per agency; the load client sends each submission from its own address (``X-Forwarded-For``, one trusted
   proxy), as many people would, so they do not trip. ``PRONGSAI_LOAD_POSTS_PER_CLIENT`` (default 1,000,000) lifts
   them anyway, in case a run is pointed at the server without that header.
2. ``PRONGSAI_FORM_MIN_SECONDS``: the minimum time between showing a public form and submitting it stays 3 s
   by default; the load client waits that long between its GET and its POST, as a person would.
   ``PRONGSAI_LOAD_FORM_MIN_SECONDS`` lowers it for the quick smoke test only.

Everything else (CSRF on the Q&A form, the signed single-use form token, the honeypot, HTTPS-only cookies,
WhiteNoise) is production. The environment run_load.py sets: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, PRONGSAI_FIELD_KEYS, PRONGSAI_BEHIND_PROXY=1 (the client sends ``X-Forwarded-Proto: https``, as
nginx would), PRONGSAI_STATIC_ROOT, PRONGSAI_DATA_DIR.
"""

from __future__ import annotations

import os

from prongsai.web.settings.production import *  # noqa: F403

PRONGSAI_COMPLAINT_POSTS_PER_CLIENT = PRONGSAI_QUESTION_POSTS_PER_CLIENT = int(
    os.environ.get("PRONGSAI_LOAD_POSTS_PER_CLIENT", "1000000")
)
PRONGSAI_FORM_MIN_SECONDS = float(os.environ.get("PRONGSAI_LOAD_FORM_MIN_SECONDS", "3"))

# The quick smoke run (tests/web/test_load_smoke.py) skips collectstatic: static files are then served
# without the hashed-name manifest. Never set for the measured runs.
if os.environ.get("PRONGSAI_LOAD_PLAIN_STATIC"):
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
