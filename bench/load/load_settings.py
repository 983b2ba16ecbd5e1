"""Settings for the web load tests (bench/load/run_load.py): the production settings, with two changes.

1. ``PRONGSAI_COMPLAINTS_PER_HOUR``: the complaint channel's hourly limit per agency (default 30) is lifted
   (``PRONGSAI_LOAD_COMPLAINTS_PER_HOUR``, default 1,000,000) because the test files 1,000 complaints to ONE
   agency within minutes; with the production limit all but 30 would get the Thai "try again in an hour"
   page (429), which is the limit working, not the server storing them. The limit is per agency, not per IP
   (the channel never records IPs), so "all requests come from 127.0.0.1" alone would not trip it.
2. ``PRONGSAI_FORM_MIN_SECONDS``: the minimum time between showing a public form and submitting it stays 3 s
   by default; the load client waits that long between its GET and its POST, as a person would.
   ``PRONGSAI_LOAD_FORM_MIN_SECONDS`` lowers it for the quick smoke test only.

Everything else (CSRF, the signed form token, the honeypot, the Q&A form's fixed limit of 60 questions per
agency and hour, HTTPS-only cookies, WhiteNoise) is production. The Q&A load is spread over many agencies so
that it stays under that fixed limit. The environment run_load.py sets: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, PRONGSAI_FIELD_KEYS, PRONGSAI_BEHIND_PROXY=1 (the client sends ``X-Forwarded-Proto: https``, as
nginx would), PRONGSAI_STATIC_ROOT, PRONGSAI_DATA_DIR.
"""

from __future__ import annotations

import os

from prongsai.web.settings.production import *  # noqa: F403

PRONGSAI_COMPLAINTS_PER_HOUR = int(os.environ.get("PRONGSAI_LOAD_COMPLAINTS_PER_HOUR", "1000000"))
PRONGSAI_FORM_MIN_SECONDS = float(os.environ.get("PRONGSAI_LOAD_FORM_MIN_SECONDS", "3"))

# The quick smoke run (tests/web/test_load_smoke.py) skips collectstatic: static files are then served
# without the hashed-name manifest. Never set for the measured runs.
if os.environ.get("PRONGSAI_LOAD_PLAIN_STATIC"):
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
