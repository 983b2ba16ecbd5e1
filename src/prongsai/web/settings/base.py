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


def database_from_env(default: dict[str, Any]) -> dict[str, Any]:
    """``DATABASES["default"]`` from ``DATABASE_URL`` when it is set, else ``default``."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return parse_database_url(url) if url else default


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
    # One app per domain.
    "prongsai.apps.agencies",
    "prongsai.apps.assessments",
    "prongsai.apps.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "prongsai.web.urls"
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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

# Security headers that cost nothing anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Django's default; forms carry the token in a hidden field.

# The agency the home page shows when several exist (its slug); blank: the demo one, else the first.
PRONGSAI_HOME_AGENCY = os.environ.get("PRONGSAI_HOME_AGENCY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PRONGSAI_LOG_LEVEL", "INFO")},
}
