"""Settings: Thai locale, CSRF and security middleware, production hardening, the database URL."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from prongsai.web.database import parse_database_url


def test_thai_locale_and_bangkok_time():
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert settings.USE_TZ is True


def test_csrf_and_security_middleware_are_active():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE[0] == "django.middleware.security.SecurityMiddleware"
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused_in_thai():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in response.content.decode()


def test_templates_autoescape():
    for engine in settings.TEMPLATES:
        assert engine["OPTIONS"].get("autoescape", True) is True


# --- production settings -----------------------------------------------------------------------

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "prongsai.web.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-test-secret-key-0123456789",
    "DJANGO_ALLOWED_HOSTS": "ita.example.go.th",
    "DATABASE_URL": "postgres://prongsai:secret@db.internal:5432/prongsai",
    "PRONGSAI_FIELD_KEYS": "cHJvbmdzYWktdGVzdC1maWVsZC1rZXktMzJieXRlcyE=",  # a test key, never a real one
}


# Set by the test run itself (tests/browser/conftest.py, for Playwright's event loop), never by a deployment:
# a production child must not inherit it, or ``check --deploy`` rightly reports async.E001.
TEST_ONLY_ENV = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def _prod(code: str, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k not in TEST_ONLY_ENV}
    full.update(PROD_ENV)
    full.update(env)
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120)


def test_production_settings_are_hardened():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "assert not s.DEBUG; assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE;"
        "assert s.SECURE_HSTS_SECONDS >= 31536000 and s.SECURE_SSL_REDIRECT;"
        "assert s.ALLOWED_HOSTS == ['ita.example.go.th'];"
        "assert 'whitenoise.middleware.WhiteNoiseMiddleware' == s.MIDDLEWARE[1];"
        "assert 'whitenoise' in s.STORAGES['staticfiles']['BACKEND'];"
        "assert s.DATABASES['default']['HOST'] == 'db.internal'"
    )
    done = _prod(code)
    assert done.returncode == 0, done.stderr


def test_production_sessions_are_read_from_a_shared_cache_only():
    """With Redis, sessions are read from it (and kept in the database too); with a per-process cache, from the
    database only: a sign-out in one process must end the session in every process."""
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_ENGINE)"
    shared = _prod(code, PRONGSAI_CACHE_URL="redis://127.0.0.1:6379/9")
    local = _prod(code, PRONGSAI_CACHE_URL="")
    assert shared.returncode == 0 and local.returncode == 0, shared.stderr + local.stderr
    assert shared.stdout.strip() == "django.contrib.sessions.backends.cached_db"
    assert local.stdout.strip() == "django.contrib.sessions.backends.db"


def test_production_check_deploy_is_clean():
    done = _prod("from prongsai.web.manage import main; main(['manage', 'check', '--deploy'])")
    assert done.returncode == 0, done.stdout + done.stderr
    issues = set(re.findall(r"\((\w+\.[EWCI]\d+)\)", done.stdout + done.stderr))
    # Only W021 (HSTS preload) may remain: preloading commits the whole domain, so it is opt-in.
    assert issues <= {"security.W021"}, done.stdout + done.stderr


def test_production_check_deploy_with_preload_has_no_warnings():
    done = _prod(
        "from prongsai.web.manage import main; main(['manage', 'check', '--deploy', '--fail-level', 'WARNING'])",
        PRONGSAI_HSTS_PRELOAD="1",
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_env(missing):
    done = _prod("import django; django.setup()", **{missing: ""})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert missing in done.stderr


# --- DATABASE_URL ------------------------------------------------------------------------------


def test_parse_postgres_url():
    cfg = parse_database_url("postgres://us%40er:p%3Ass@db.example:6543/prongsai?sslmode=require&conn_max_age=60")
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["USER"], cfg["PASSWORD"], cfg["HOST"], cfg["PORT"], cfg["NAME"]) == (
        "us@er",
        "p:ss",
        "db.example",
        "6543",
        "prongsai",
    )
    assert cfg["OPTIONS"] == {"sslmode": "require"}
    assert cfg["CONN_MAX_AGE"] == 60


def test_parse_postgres_url_without_password_or_port():
    cfg = parse_database_url("postgresql://postgres@127.0.0.1/prongsai")
    assert (cfg["USER"], cfg["PASSWORD"], cfg["HOST"], cfg["PORT"]) == ("postgres", "", "127.0.0.1", "")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite://:memory:", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite://", ":memory:"),
        ("sqlite:///var/prongsai.sqlite3", "var/prongsai.sqlite3"),
        ("sqlite:////srv/prongsai/db.sqlite3", "/srv/prongsai/db.sqlite3"),
    ],
)
def test_parse_sqlite_url(url, name):
    assert parse_database_url(url) == {"ENGINE": "django.db.backends.sqlite3", "NAME": name}


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h:5432/", "postgres://u@h:notaport/db"])
def test_bad_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_test_settings_follow_database_url():
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"
