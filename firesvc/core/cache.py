"""The Redis cache backend, keeping its Redis client instead of building one per operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call. Building
one fills its table of about 170 response callbacks, which cost about 0.2 ms of CPU, more than the
call itself: four times per worklist page (session, scope, unit and matter choices). The client is
only a front for the connection pool, which Django already keeps, and is safe to share between calls
of the thread that owns this cache (Django gives each thread its own cache object).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PortalRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with its client kept (see the module)."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
