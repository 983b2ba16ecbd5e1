"""Settings shared by every environment. Environment-specific files import * from here.

Environment variables:
- ``DATABASE_URL``: postgres://… or sqlite://… (see ``prongsai.web.database``); each settings file
  has its own default when it is not set.
- ``PRONGSAI_DATA_DIR``: where local data lives (the SQLite file); default ``./var``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import fontpkg_sarabun
from csp.constants import NONCE

from prongsai.web.database import parse_database_url

WEB_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PRONGSAI_DATA_DIR") or "var").resolve()


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list (blank items dropped)."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# A file-based SQLite database serves concurrent writers only in WAL mode, with writes taking the lock at
# BEGIN (IMMEDIATE) and waiting for it (busy timeout) instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
}


def database_from_env(default: dict[str, Any]) -> dict[str, Any]:
    """``DATABASES["default"]`` from ``DATABASE_URL`` when it is set, else ``default``."""
    url = os.environ.get("DATABASE_URL", "").strip()
    config = parse_database_url(url) if url else dict(default)
    if config["ENGINE"].endswith("sqlite3") and config["NAME"] != ":memory:":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The project package itself: project-wide templates, static files, template filters.
    "prongsai.web",
    # The apps' shared base: forms, row pages, files, downloads, QR, open-data and demo registries, abuse limits of
    # the public forms (its one table: spent single-use form tokens).
    "prongsai.apps.base",
    # One app per domain.
    "prongsai.apps.agencies",
    "prongsai.apps.frameworks",
    "prongsai.apps.assessments",
    "prongsai.apps.audit",
    # Measures plans, approvals, task tracking, evidence, reminders, generated documents.
    "prongsai.apps.plans",
    # Django's task API (backport) and its database backend: `python -m prongsai.web.manage db_worker`.
    "django_tasks",
    "django_tasks_db",
    # The public portal, the protected complaint channel, procurement data, registers (No Gift).
    "prongsai.apps.portal",
    "prongsai.apps.complaints",
    "prongsai.apps.procurement",
    "prongsai.apps.registers",
    "prongsai.apps.meetings",
    # Anonymous pulse surveys (IIT-style staff survey, the agency's own EIT-style questions, posters).
    "prongsai.apps.surveys",
    # OIT evidence checklist per item, the website checker as a background job, uptime history.
    "prongsai.apps.oit",
    # Provincial and national analytics over many agencies' results; bulk import.
    "prongsai.apps.national",
    # Assessor mode: an organisation runs an ITA-style assessment round for its units.
    "prongsai.apps.rounds",
    # Security (docs/threat-model.md): sign-in lockout, optional TOTP second factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous GETs of the public pages from the cache (prongsai.apps.base.public_cache; PRONGSAI_PUBLIC_CACHE).
    "prongsai.apps.base.public_cache.PublicPageCacheMiddleware",
    # With DEBUG on, the Thai 404/400/500 pages instead of Django's English debug pages (prongsai.web.errors).
    "prongsai.web.errors.ThaiErrorPagesMiddleware",
    # A saturated database (locked, timed out, out of connections) answers a Thai 503 "busy" page (docs/reliability.md).
    "prongsai.web.busy.BusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security (docs/threat-model.md): the CSP header; the second factor (django-otp marks a verified session,
    # ours sends an unverified or unenrolled one to the TOTP step); sign-in lockout (django-axes, must be last).
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "prongsai.web.security.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prongsai.web.urls"
# DEBUG only: PRONGSAI_DEBUG_404=1 shows Django's own debug pages (English, with the traceback) for 404, 400 and 500
# instead of the site's Thai pages (prongsai.web.errors). No effect with DEBUG off.
PRONGSAI_DEBUG_ERROR_PAGES = env_bool("PRONGSAI_DEBUG_404", False)
WSGI_APPLICATION = "prongsai.web.wsgi.application"
ASGI_APPLICATION = "prongsai.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # Autoescaping is on (the default) and must stay on: user data is never marked safe.
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prongsai.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_env({"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "prongsai.sqlite3")})
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's password rules with Thai messages (Django's Thai catalogue leaves them in English), and one more:
# letters mixed with digits or symbols (prongsai.web.security.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "prongsai.web.security.passwords.ThaiUserAttributeSimilarityValidator"},
    {"NAME": "prongsai.web.security.passwords.ThaiMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "prongsai.web.security.passwords.ThaiCommonPasswordValidator"},
    {"NAME": "prongsai.web.security.passwords.ThaiNumericPasswordValidator"},
    {"NAME": "prongsai.web.security.passwords.ThaiMixedCharactersValidator"},
]

# Thai first. Dates are stored in Gregorian form and shown in B.E. through the `be_date` filter.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# Sign-in: Django's own views with Thai templates (prongsai/web/templates/registration/).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"  # "/" sends a signed-in person to their agency's dashboard
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("PRONGSAI_SESSION_SECONDS", str(12 * 3600)))

# Result files uploaded for import: read in memory up to this size, then refused.
PRONGSAI_IMPORT_MAX_BYTES = int(os.environ.get("PRONGSAI_IMPORT_MAX_BYTES", "10000000"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default; larger uploads spool to a temporary file

# The password `load_demo` gives the demo people. Used only when DEBUG is on (local development);
# elsewhere they get no usable password.
PRONGSAI_DEMO_PASSWORD = os.environ.get("PRONGSAI_DEMO_PASSWORD", "prongsai-demo")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("PRONGSAI_STATIC_ROOT") or "staticfiles").resolve()
# The UI webfont: Sarabun from the installed PyPI package fontpkg-sarabun (OFL), served as our own static files, so
# Thai renders the same on every reader's machine with nothing fetched from another site.
STATICFILES_DIRS = [("fonts/sarabun", str(fontpkg_sarabun.ROOT / "files"))]

# Security headers that cost nothing anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Django's default; forms carry the token in a hidden field.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "prongsai_session"

# --- Security (docs/threat-model.md) ------------------------------------------------------------------
# Sign-in lockout (django-axes): 5 failures for one username from one address lock that pair for 30 minutes;
# a successful sign-in clears the count. The lockout page is Thai (security/lockout.html, HTTP 429).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("PRONGSAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("PRONGSAI_LOGIN_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "prongsai.web.security.views.lockout"
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, unless the app runs behind reverse proxies it trusts (PRONGSAI_BEHIND_PROXY=1,
# or PRONGSAI_TRUSTED_PROXY_COUNT=n): then the n-th address from the right of X-Forwarded-For, the one the
# outermost trusted proxy saw (nginx appends $remote_addr). Without a trusted proxy the header is ignored: anyone
# can send it.
PRONGSAI_TRUSTED_PROXY_COUNT = int(
    os.environ.get("PRONGSAI_TRUSTED_PROXY_COUNT") or ("1" if env_bool("PRONGSAI_BEHIND_PROXY", False) else "0")
)
AXES_CLIENT_IP_CALLABLE = "prongsai.web.security.ip.client_ip"

# --- Abuse limits on the anonymous public forms (docs/complaints.md, "Abuse limits"; apps/base/abuse.py) ----------
# Counted per client in the cache, under an HMAC of the client's address with an hourly random salt that lives only
# in the cache: no address is stored or logged. A client over a limit gets 429; other clients are not affected.
# The same client address as the sign-in lockout (so PRONGSAI_BEHIND_PROXY must be right behind nginx).
PRONGSAI_CLIENT_IP_CALLABLE = AXES_CLIENT_IP_CALLABLE
# POSTs per client and hour: filing a complaint or adding information to one (accepted or refused alike).
PRONGSAI_COMPLAINT_POSTS_PER_CLIENT = int(os.environ.get("PRONGSAI_COMPLAINT_POSTS_PER_CLIENT", "20"))
# Wrong tracking codes (complaint receipts, e-service tracking numbers, each counted apart) per client and window;
# over it the client's lookups answer 429 until the window ends. A valid code on another client always works.
PRONGSAI_LOOKUP_FAILURES_PER_CLIENT = int(os.environ.get("PRONGSAI_LOOKUP_FAILURES_PER_CLIENT", "20"))
PRONGSAI_LOOKUP_WINDOW_SECONDS = int(os.environ.get("PRONGSAI_LOOKUP_WINDOW_SECONDS", "600"))
# POSTs per client and hour: e-service requests, questions (Q&A).
PRONGSAI_ESERVICE_POSTS_PER_CLIENT = int(os.environ.get("PRONGSAI_ESERVICE_POSTS_PER_CLIENT", "20"))
PRONGSAI_QUESTION_POSTS_PER_CLIENT = int(os.environ.get("PRONGSAI_QUESTION_POSTS_PER_CLIENT", "20"))
# POSTs per client, hour and survey link (/s/…, /r/…). Generous: a whole office may answer from one address.
PRONGSAI_SURVEY_POSTS_PER_CLIENT = int(os.environ.get("PRONGSAI_SURVEY_POSTS_PER_CLIENT", "100"))
# A survey link's answers in a run (each within GAP seconds of the one before): from MIN answers on, the run is kept
# as one "burst" row (first/last time, count) that staff see flagged and may set aside (docs/rounds.md, surveys).
PRONGSAI_SURVEY_BURST_MIN_ANSWERS = int(os.environ.get("PRONGSAI_SURVEY_BURST_MIN_ANSWERS", "20"))
PRONGSAI_SURVEY_BURST_GAP_SECONDS = float(os.environ.get("PRONGSAI_SURVEY_BURST_GAP_SECONDS", "10"))
# The cache the counters, the hourly salt and the survey runs live in. Default: in the memory of each process
# (with several gunicorn workers each counts apart: limits are then up to `workers` times looser and runs split).
# Production with several workers: PRONGSAI_CACHE_URL=redis://127.0.0.1:6379/1.
PRONGSAI_CACHE_URL = os.environ.get("PRONGSAI_CACHE_URL", "").strip()


def caches_from_url(url: str) -> dict[str, dict[str, Any]]:
    """``CACHES``: "default" (page data such as the national analytics) and "abuse" (the counters above)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        redis = "django.core.cache.backends.redis.RedisCache"
        return {
            "default": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "prongsai"},
            "abuse": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "prongsai-abuse"},
        }
    if url and not url.startswith("locmem:"):
        raise ValueError(f"PRONGSAI_CACHE_URL: redis://… or locmem:// expected, not {url.split(':')[0]}")
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    return {
        "default": {"BACKEND": locmem, "LOCATION": "prongsai"},
        "abuse": {"BACKEND": locmem, "LOCATION": "prongsai-abuse", "OPTIONS": {"MAX_ENTRIES": 100_000}},
    }


CACHES = caches_from_url(PRONGSAI_CACHE_URL)
# The rendered public pages (portal, open data, /agencies/<slug>/) for anonymous visitors, in the default cache
# under a per-agency version that every audited write bumps (prongsai.apps.base.public_cache). With several
# processes the cache must be shared (Redis above); a local-memory cache is right for `make run` (one process).
PRONGSAI_PUBLIC_CACHE = env_bool("PRONGSAI_PUBLIC_CACHE", True)
# The national and provincial dashboards read their materialised figures (national.aggregates); off: the per-request
# frame and the cached summary of before (kept to measure the difference, docs/performance.md).
PRONGSAI_NATIONAL_AGGREGATES = env_bool("PRONGSAI_NATIONAL_AGGREGATES", True)
# Seconds a queued recompute of a year's national figures waits (changes in that window share it; the pages never
# serve stale figures meanwhile: national.aggregates)
PRONGSAI_NATIONAL_REFRESH_DELAY = float(os.environ.get("PRONGSAI_NATIONAL_REFRESH_DELAY", "5"))
# The national dashboards' rendered data section is kept in the default cache under the stored row's id and
# generation (national.views); off: rendered on every view (kept to measure the difference)
PRONGSAI_NATIONAL_FRAGMENT_CACHE = env_bool("PRONGSAI_NATIONAL_FRAGMENT_CACHE", True)
# After a result change, one request per year, generation and region recomputes a dashboard's figures; meanwhile the
# others are served the previous figures with a note saying so (national.analytics.region_figures). Off: every
# request computes them itself (the behaviour before, kept to measure). A request with no previous figures to show
# waits up to PRONGSAI_NATIONAL_COMPUTE_WAIT seconds for the one computing them, then computes itself.
PRONGSAI_NATIONAL_SERVE_STALE = env_bool("PRONGSAI_NATIONAL_SERVE_STALE", True)
PRONGSAI_NATIONAL_COMPUTE_WAIT = float(os.environ.get("PRONGSAI_NATIONAL_COMPUTE_WAIT", "5"))
# The staff dashboard's rendered board fragments are kept in the default cache under the agency's data version
# (assessments.selectors.dashboard_data_version); off: rendered on every view (kept to measure the difference).
PRONGSAI_DASHBOARD_FRAGMENTS = env_bool("PRONGSAI_DASHBOARD_FRAGMENTS", True)
# The dashboards kept per person (prongsai.apps.base.kept_pages): the agency home (needs the fragments on) and the
# provincial and national dashboards, each under every version the page shows. Off: rendered on every view.
PRONGSAI_DASHBOARD_PAGES = env_bool("PRONGSAI_DASHBOARD_PAGES", True)

# Second factor (django-otp, TOTP): any person may enrol at /accounts/otp/; who enrolled is asked for a code after
# the password. PRONGSAI_REQUIRE_ADMIN_OTP=1 makes system and agency administrators enrol before anything else.
# Off by default (demo, local development); turn it on for servers.
PRONGSAI_REQUIRE_ADMIN_OTP = env_bool("PRONGSAI_REQUIRE_ADMIN_OTP", False)
OTP_TOTP_ISSUER = os.environ.get("PRONGSAI_OTP_ISSUER", "Prongsai")

# Content Security Policy (django-csp 4): only this site's own files; no inline script anywhere (HTMX is a local
# static file); a <style> block needs the request's nonce; no style="" attributes; no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Keys that encrypt reporters' identities, contact details and complaint content at rest (Fernet, from
# the `cryptography` package): comma-separated, the first encrypts, every one decrypts (rotation). Never
# stored in the database. `local` makes a development key under var/, `test` uses a fixed one, and
# `production` refuses to start without PRONGSAI_FIELD_KEYS. Make a key with:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
PRONGSAI_FIELD_KEYS = env_list("PRONGSAI_FIELD_KEYS")

# Background jobs (document generation: DOCX, and PDF through LibreOffice) on Django's task API (django-tasks).
# "database" (default): jobs are stored in the database and run by `python -m prongsai.web.manage db_worker`.
# "immediate": a job runs when it is enqueued, inside the request (the local settings and the tests use it).
PRONGSAI_TASKS_BACKEND = os.environ.get("PRONGSAI_TASKS_BACKEND", "database")
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[PRONGSAI_TASKS_BACKEND], "QUEUES": ["default"]}}

# Private files (task evidence, generated documents): served only through views that check access.
PRONGSAI_FILES_DIR = Path(os.environ.get("PRONGSAI_FILES_DIR") or DATA_DIR / "files").resolve()
PRONGSAI_EVIDENCE_MAX_BYTES = int(os.environ.get("PRONGSAI_EVIDENCE_MAX_BYTES", "10000000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default (form fields); files are limited above

# Reminders of tasks due soon or overdue (the dashboard and `send_reminders`): how many days ahead.
PRONGSAI_REMINDER_DAYS = int(os.environ.get("PRONGSAI_REMINDER_DAYS", "14"))
# OIT website checker and uptime probes (docs/oit.md): never crawl or probe private/loopback addresses from the
# web unless an intranet installation turns this on; checks per agency per hour.
PRONGSAI_OIT_ALLOW_PRIVATE = env_bool("PRONGSAI_OIT_ALLOW_PRIVATE", False)
PRONGSAI_OIT_CHECKS_PER_HOUR = int(os.environ.get("PRONGSAI_OIT_CHECKS_PER_HOUR", "6"))
# Absolute links in e-mails, e.g. https://ita.example.go.th
PRONGSAI_SITE_URL = os.environ.get("PRONGSAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail (reminders) through Django's e-mail backend: the console by default; SMTP on a server.
EMAIL_BACKEND = os.environ.get("PRONGSAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("PRONGSAI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PRONGSAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PRONGSAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PRONGSAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PRONGSAI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("PRONGSAI_EMAIL_FROM", "prongsai@localhost")

# The agency the home page shows when several exist (its slug); blank: the demo one, else the first.
PRONGSAI_HOME_AGENCY = os.environ.get("PRONGSAI_HOME_AGENCY", "")

# Assessment rounds: IIT answers wait in a survey's mixing pool until it holds this many, then go into the results in
# a random order (docs/rounds.md, "What the system knows"); whatever waits is mixed in when the surveys close.
PRONGSAI_ROUNDS_IIT_POOL_SIZE = int(os.environ.get("PRONGSAI_ROUNDS_IIT_POOL_SIZE", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PRONGSAI_LOG_LEVEL", "INFO")},
}
