"""The database cache behind the API's request budgets when there is no Redis (settings.CACHES)."""

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now


class UpsertDatabaseCache(DatabaseCache):
    """Django's DatabaseCache whose `set` is one INSERT ... ON CONFLICT DO UPDATE statement.

    The throttle sets a key on every API request. The stock `set` counts the whole table, then
    reads the key and updates or inserts it in a transaction: six statements and a table count
    per request. Here a set is one statement (PostgreSQL and SQLite both upsert), and expired
    rows are deleted every `CULL_EVERY` sets of a process instead of counted on each.
    """

    CULL_EVERY = 1000

    def __init__(self, table, params):
        super().__init__(table, params)
        self._sets = 0

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        expires = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        table, key_column = quote(self._table), quote("cache_key")
        value_column, expires_column = quote("value"), quote("expires")
        with connection.cursor() as cursor:
            self._sets += 1
            if self._sets % self.CULL_EVERY == 0:
                cursor.execute(
                    f"DELETE FROM {table} WHERE {expires_column} < %s",
                    [connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))],
                )
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) "
                f"VALUES (%s, %s, %s) ON CONFLICT ({key_column}) DO UPDATE SET "
                f"{value_column} = EXCLUDED.{value_column}, "
                f"{expires_column} = EXCLUDED.{expires_column}",
                [key, encoded, expires],
            )
