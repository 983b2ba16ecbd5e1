"""Read a database URL (``DATABASE_URL``) into a Django ``DATABASES`` entry.

Supported: ``postgres://`` / ``postgresql://`` (user, password, host, port, name, ``?option=value``
pairs go to ``OPTIONS``, e.g. ``sslmode``) and ``sqlite:///relative.db``, ``sqlite:////absolute.db``,
``sqlite://:memory:``. Kept small on purpose instead of a dependency.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def parse_database_url(url: str) -> dict[str, Any]:
    """``postgres://user:pass@host:5432/name?sslmode=require`` → a ``DATABASES["default"]`` dict."""
    parts = urlsplit(url.strip())
    engine = _ENGINES.get(parts.scheme)
    if engine is None:
        known = ", ".join(sorted(_ENGINES))
        raise ImproperlyConfigured(
            f"DATABASE_URL: ไม่รองรับฐานข้อมูลแบบ {parts.scheme!r} (รองรับ {known})"
            f" / unsupported database scheme {parts.scheme!r} (supported: {known})"
        )
    if engine.endswith("sqlite3"):
        # sqlite://:memory: | sqlite:///:memory: | sqlite:///relative/path | sqlite:////absolute/path
        name = parts.netloc + parts.path
        name = name.removeprefix("/") if name != "/" else ""
        if name in ("", ":memory:"):
            name = ":memory:"
        return {"ENGINE": engine, "NAME": unquote(name)}
    name = unquote(parts.path.removeprefix("/"))
    if not name:
        raise ImproperlyConfigured(
            "DATABASE_URL: ต้องระบุชื่อฐานข้อมูลหลังเครื่องหมาย / (เช่น postgres://user@host:5432/prongsai)"
            " / the database name is missing (e.g. postgres://user@host:5432/prongsai)"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DATABASE_URL: หมายเลขพอร์ตไม่ถูกต้อง / invalid port") from None
    config: dict[str, Any] = {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(port) if port else "",
    }
    options = dict(parse_qsl(parts.query))
    conn_max_age = options.pop("conn_max_age", None)
    if conn_max_age is not None:
        config["CONN_MAX_AGE"] = int(conn_max_age)
    if options:
        config["OPTIONS"] = options
    return config
