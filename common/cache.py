"""Cache backends: Django's Redis cache with one redis-py client per connection pool, and its
local-memory cache bounded in bytes.

Redis: one redis-py client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client()` builds a `redis.Redis` for every cache operation; in
redis-py 8 that fills a table of ~500 response callbacks each time (about a third of a
millisecond of CPU, 3 times a request on the stance table). A client only wraps its pool and
is safe to share between threads, so one per pool is kept.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class BoundedLocMemCache(LocMemCache):
    """Django's local-memory cache, bounded in bytes as well as in entries (`OPTIONS`:
    `MAX_BYTES`, 0 for no bound): the least recently read entries go first once the values
    kept (pickled, as `LocMemCache` keeps them) would exceed it, and a value larger than the
    bound is not kept at all.

    A process's rendered pages are 60 kB (a stance table page) to 1.7 MB (the coalitions
    API), so a bound on their number alone let a worker keep ~100 MB."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 0))

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        if self._max_bytes and len(value) > self._max_bytes:
            self._delete(key)  # an older value under this key is stale as well
            return
        super()._set(key, value, timeout)
        if self._max_bytes:
            # A hundred entries at most: summing them costs less than pickling one page.
            kept = sum(map(len, self._cache.values()))
            while kept > self._max_bytes:
                # The newest entries are kept first (`move_to_end(last=False)`): drop the last.
                old_key, old_value = self._cache.popitem()
                del self._expire_info[old_key]
                kept -= len(old_value)
