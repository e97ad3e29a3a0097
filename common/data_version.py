"""A number that changes whenever the data the analysts' pages show is written.

Pages that cache what they render put it in their cache keys: a write anywhere in the watched
apps (stances, statements, current positions, delegations, provisions...) changes the number,
so the next request renders afresh. Every write made through Django's database connections in
any process (web and job workers, management commands: `bulk_create`, `QuerySet.update`, raw
SQL through a cursor) is seen by an execute wrapper, installed on each new connection: the
number changes at once (so the writing transaction's own next page is fresh) and again when the
transaction commits (so that a page rendered by another process between the write and the
commit, from the data before it, is not kept under the new number).

Where the number lives (`DATA_VERSION_STORE`):

- "cache": in the "pages" cache, Redis when `REDIS_URL` is set (one GET a page; every process
  that writes must use the same Redis as the web workers);
- "database": in the database itself (without Redis): a PostgreSQL sequence, read with one
  `SELECT last_value` a page (about 0.1 ms) and moved with `nextval`, which takes no lock and
  is not undone by a rollback, so concurrent writers never wait for each other; on SQLite a
  one-row table (analysis migration 0001). Every process on the same database sees it, so each
  web process can keep its rendered pages in its own memory ("pages" is then a local-memory
  cache) and still never serve a page older than the last committed write of any process.

The bumps run on the connection's raw cursor (like the Redis INCR, they are not in the
connection's query log); the page's read is an ordinary, logged query.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

KEY = "data-version"
CACHE = "pages"  # settings.CACHES: shared by every process when REDIS_URL is set
# The first table a write statement names (Django quotes it; raw SQL may not), also when the
# write opens a WITH: `WITH new AS (INSERT INTO ...) INSERT INTO ...` (positions.services.bulk).
WRITE_RE = re.compile(
    r"\s*(?:WITH\s+\w+\s+AS\s*\(\s*)?"
    r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)\s+"?(\w+)',
    re.I,
)
WATCHED_PREFIXES: tuple[str, ...] = ()


SEQUENCE = "analysis_data_version"  # PostgreSQL; on SQLite the table of that name


def in_database() -> bool:
    return settings.DATA_VERSION_STORE == "database"


def current() -> int | None:
    """The data's version now (one cache read, or one query); None while the database has no
    version yet (before the migration that makes it): nothing is cached then."""
    if in_database():
        return _database_current()
    version = caches[CACHE].get(KEY)
    if version is None:
        # Started from the clock, not 1: a version lost from the cache (evicted, restarted)
        # never comes back to a number that pages were cached under.
        caches[CACHE].add(KEY, time.time_ns(), timeout=None)
        version = caches[CACHE].get(KEY, 0)
    return version


def bump(connection=None) -> None:
    """Change the version: every page cached under the old one is no longer read.
    `connection`: the one that wrote (on SQLite the version must be written in its transaction)."""
    if in_database():
        _database_bump(connection or connections[DEFAULT_DB_ALIAS])
        return
    try:
        caches[CACHE].incr(KEY)
    except ValueError:  # not in the cache (yet, or any more)
        caches[CACHE].add(KEY, time.time_ns(), timeout=None)


def is_watched_write(sql: str) -> bool:
    match = WRITE_RE.match(sql)
    return bool(match) and match.group(1).lower().startswith(WATCHED_PREFIXES)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_watched_write(sql):
        connection = context["connection"]
        bump(connection)
        if connection.in_atomic_block and not any(
            func is bump for _, func, _ in connection.run_on_commit
        ):
            connection.on_commit(bump)
    return result


def _database_ready(connection) -> bool:
    """Whether the version's sequence (table) exists: not before the analysis migration 0001
    has run (the earlier migrations write stances too). Looked up until it does, once then."""
    if getattr(connection, "data_version_ready", False):
        return True
    connection.ensure_connection()
    raw = connection.connection.cursor()
    try:
        if connection.vendor == "postgresql":
            raw.execute("SELECT to_regclass(%s) IS NOT NULL", (SEQUENCE,))
        else:
            raw.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (SEQUENCE,))
        ready = bool(raw.fetchone()[0])
    finally:
        raw.close()
    connection.data_version_ready = ready
    return ready


def _database_current() -> int | None:
    connection = connections[DEFAULT_DB_ALIAS]
    if not _database_ready(connection):
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        else:
            cursor.execute(f"SELECT version FROM {SEQUENCE} WHERE id = 1")
        return cursor.fetchone()[0]


def _database_bump(connection) -> None:
    if not _database_ready(connection):
        return
    raw = connection.connection.cursor()  # not through the execute wrappers, not logged
    try:
        if connection.vendor == "postgresql":
            raw.execute(f"SELECT nextval('{SEQUENCE}')")
        else:
            # Inside the writer's transaction, so a rollback takes the change back: the clock
            # keeps a later bump from coming back to a version a page was cached under.
            raw.execute(
                f"UPDATE {SEQUENCE} SET version = MAX(version + 1, ?) WHERE id = 1",
                (time.time_ns(),),
            )
    finally:
        raw.close()


def watch(*, prefixes: tuple[str, ...]) -> None:
    """Watch writes to the tables whose names start with `prefixes`, on every connection."""
    from django.db.backends.signals import connection_created

    global WATCHED_PREFIXES
    WATCHED_PREFIXES = tuple(sorted(set(WATCHED_PREFIXES) | set(prefixes)))
    connection_created.connect(_install, dispatch_uid="common.data_version")
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        _install(connection=connection)


def _install(sender=None, connection=None, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def page_key(name: str, request) -> str:
    """The cache key of page `name` rendered for `request`'s query string at the current
    version (the page must not depend on who asks, beyond being signed in); "" when there is
    no version to key it by (then the page is rendered and not kept)."""
    version = current()
    if version is None:
        return ""
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    return f"page:{name}:{version}:{query}"
