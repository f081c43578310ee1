"""The Redis cache backend keeps its client (firesvc.core.cache.PortalRedisCache): against a real Redis."""

from __future__ import annotations

import socket

import pytest
import redis

from firesvc.core.cache import PortalRedisCache

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():  # type: ignore[no-untyped-def]
    cache = PortalRedisCache("redis://127.0.0.1:6379/12", {"KEY_PREFIX": "firesvc-test-cache"})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache) -> None:
    first = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is first
    assert redis_cache._cache.get_client("c", write=True) is first  # one server: reads and writes share the pool


def test_values_round_trip(redis_cache) -> None:
    redis_cache.set("scope", [1, 2, 3], 60)
    assert redis_cache.get("scope") == [1, 2, 3]
    assert redis_cache.add("scope", [4], 60) is False
    redis_cache.delete("scope")
    assert redis_cache.get("scope", "gone") == "gone"


def test_kept_client_recovers_after_the_server_drops_its_connections(redis_cache) -> None:
    # given a cache that has talked to Redis
    redis_cache.set("k", "v", 60)
    client = redis_cache._cache.get_client("k")
    # when Redis closes the cache's connection (as a restart does; only this one: the server is shared),
    # killed from another connection: Redis then closes it before answering, whereas a connection that
    # kills itself is closed after its answer, which can reach the client first (a race, not a restart)
    connection_id = client.client_id()
    with redis.Redis(*REDIS, db=12) as other:
        other.client_kill_filter(_id=connection_id)
    # then the next calls reconnect through the pool
    assert redis_cache.get("k") == "v"
    assert client.client_id() != connection_id
