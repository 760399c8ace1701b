"""Django's Redis cache, without building a new client object on every call.

Django's ``RedisCacheClient.get_client`` makes a fresh ``redis.Redis`` for each cache
operation, and each one fills a table of some 170 response callbacks: on a page served
from the cache that costs more than the round trip to Redis itself. A ``redis.Redis`` is
thread-safe and cheap to share (connections come from its pool), so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
