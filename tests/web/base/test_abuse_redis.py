"""The per-client limits with the production cache (Redis, shared by every gunicorn worker): counts add up
across cache clients, and another address is not counted with them."""

from __future__ import annotations

import secrets
import socket

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from prongsai.apps.base import abuse

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")


def _request(address: str):
    request = RequestFactory().post("/p/x/complaints/follow/")
    request.META["REMOTE_ADDR"] = address
    return request


def test_limits_count_across_workers_in_redis():
    prefix = f"prongsai-test-{secrets.token_hex(6)}"
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    cache_settings = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "abuse": {**redis_cache, "KEY_PREFIX": prefix},
    }
    limit = abuse.Limit("test.redis", "PRONGSAI_TEST_REDIS_LIMIT", 3, default_window=60)
    with override_settings(CACHES=cache_settings, PRONGSAI_TEST_REDIS_LIMIT=3):
        try:
            flooder, other = _request("203.0.113.7"), _request("198.51.100.9")
            assert [abuse.limit_take(flooder, limit) for _ in range(5)] == [True, True, True, False, False]
            # a second worker (a fresh cache client) sees the same count and the same hourly salt
            caches["abuse"].close()
            assert abuse.limit_reached(flooder, limit)
            assert not abuse.limit_reached(other, limit)
            assert abuse.limit_take(other, limit)
        finally:
            client = caches["abuse"]._cache.get_client(write=True)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
