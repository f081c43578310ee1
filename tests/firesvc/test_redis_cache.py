"""The production cache, Django's own Redis backend as configured in settings: against a real Redis."""

from __future__ import annotations

import socket
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

REDIS = ("127.0.0.1", 6379)
DB = 2  # this suite's own Redis database: the server is shared


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def name() -> str:
    """The name the cache's connections give themselves (CLIENT SETNAME), unique to the test."""
    return f"firesvc-test-cache-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_cache(name):  # type: ignore[no-untyped-def]
    # As firesvc.settings.production configures it, the connections named so that the test finds its own.
    cache = RedisCache(f"redis://{REDIS[0]}:{REDIS[1]}/{DB}", {
        "KEY_PREFIX": name, "OPTIONS": {"health_check_interval": 30, "client_name": name}})
    yield cache
    # Only this test's keys: clear() flushes the whole database, under a test running beside this one.
    with redis.Redis(*REDIS, db=DB) as admin:
        keys = list(admin.scan_iter(match=f"{name}:*"))
        if keys:
            admin.delete(*keys)


def _connection_ids(name: str) -> set[int]:
    with redis.Redis(*REDIS, db=DB) as admin:
        return {client["id"] for client in admin.client_list() if client["name"] == name}


def test_values_round_trip(redis_cache) -> None:
    redis_cache.set("scope", [1, 2, 3], 60)
    assert redis_cache.get("scope") == [1, 2, 3]
    assert redis_cache.add("scope", [4], 60) is False
    redis_cache.delete("scope")
    assert redis_cache.get("scope", "gone") == "gone"


def test_calls_reuse_the_pools_connection(redis_cache, name) -> None:
    redis_cache.set("k", "v", 60)
    first = _connection_ids(name)
    for _ in range(5):
        redis_cache.get("k")
    assert len(first) == 1 and _connection_ids(name) == first


def test_the_cache_recovers_after_the_server_drops_its_connections(redis_cache, name) -> None:
    # given a cache that has talked to Redis
    redis_cache.set("k", "v", 60)
    (connection_id,) = _connection_ids(name)
    # when Redis closes the cache's connection (as a restart does; only this one: the server is shared),
    # killed from another connection: Redis then closes it before answering, whereas a connection that
    # kills itself is closed after its answer, which can reach the client first (a race, not a restart)
    with redis.Redis(*REDIS, db=DB) as other:
        other.client_kill_filter(_id=connection_id)
    # then the next calls reconnect through the pool, without an error
    assert redis_cache.get("k") == "v"
    assert redis_cache.get("k") == "v"
    assert connection_id not in _connection_ids(name) and len(_connection_ids(name)) == 1
