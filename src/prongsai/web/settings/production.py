"""Production settings: DEBUG off, secrets and hosts from the environment, HTTPS only.

Required environment:
- ``DJANGO_SECRET_KEY``: a long random string.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names, e.g. ``ita.example.go.th``.
- ``DATABASE_URL``: ``postgres://user:password@host:5432/prongsai``.
- ``PRONGSAI_FIELD_KEYS``: comma-separated Fernet keys that encrypt reporters' data (first encrypts).
Optional:
- ``DJANGO_CSRF_TRUSTED_ORIGINS``: comma-separated origins, e.g. ``https://ita.example.go.th``.
- ``PRONGSAI_BEHIND_PROXY=1``: trust ``X-Forwarded-Proto: https`` from the reverse proxy, and the address it
  appends to ``X-Forwarded-For`` for the sign-in lockout (``PRONGSAI_TRUSTED_PROXY_COUNT`` for a chain of proxies).
- ``PRONGSAI_REQUIRE_ADMIN_OTP`` (default on here, off in development): system and agency administrators must enrol
  a TOTP authenticator app before they can use the app (docs/threat-model.md).
- ``PRONGSAI_SSL_REDIRECT`` (default on), ``PRONGSAI_HSTS_SECONDS`` (default one year),
  ``PRONGSAI_HSTS_PRELOAD`` (default off: preloading is a commitment for the whole domain).
- ``PRONGSAI_STATIC_ROOT``: where ``collectstatic`` writes (default ``./staticfiles``).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from prongsai.web.settings.base import *  # noqa: F403
from prongsai.web.settings.base import MIDDLEWARE, database_from_env, env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "ต้องตั้งค่า DJANGO_SECRET_KEY เป็นข้อความสุ่มยาวอย่างน้อย 32 ตัวอักษร"
        " / set DJANGO_SECRET_KEY to a random string of at least 32 characters"
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ต้องตั้งค่า DJANGO_ALLOWED_HOSTS (ชื่อโฮสต์ คั่นด้วยจุลภาค) / set DJANGO_ALLOWED_HOSTS (comma-separated host names)"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if not os.environ.get("DATABASE_URL", "").strip():
    raise ImproperlyConfigured(
        "ต้องตั้งค่า DATABASE_URL (เช่น postgres://user:password@host:5432/prongsai)"
        " / set DATABASE_URL (e.g. postgres://user:password@host:5432/prongsai)"
    )
DATABASES = {"default": {**database_from_env({}), "CONN_HEALTH_CHECKS": True}}

# Reporters' identities and complaint content are encrypted with these keys; without one nothing can be stored.
PRONGSAI_FIELD_KEYS = env_list("PRONGSAI_FIELD_KEYS")
if not PRONGSAI_FIELD_KEYS:
    raise ImproperlyConfigured(
        "ต้องตั้งค่า PRONGSAI_FIELD_KEYS (กุญแจ Fernet คั่นด้วยจุลภาค) เพื่อเข้ารหัสข้อมูลผู้ร้องเรียน"
        " / set PRONGSAI_FIELD_KEYS (comma-separated Fernet keys) to encrypt reporters' data"
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", int(os.environ.get("PRONGSAI_CONN_MAX_AGE", "60")))

# Sessions: with a shared cache (Redis) each request reads its session from the cache, and the database keeps every
# session as well (a restarted Redis signs no one out). With a per-process cache they stay in the database only:
# a sign-out in one process must end the session in all of them.
if PRONGSAI_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):  # noqa: F405
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Administrators sign in with a second factor (TOTP) on servers.
PRONGSAI_REQUIRE_ADMIN_OTP = env_bool("PRONGSAI_REQUIRE_ADMIN_OTP", True)

# HTTPS only.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("PRONGSAI_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("PRONGSAI_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("PRONGSAI_HSTS_PRELOAD", False)
if env_bool("PRONGSAI_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# Static files served by WhiteNoise (compressed, with hashed names) right after SecurityMiddleware.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
