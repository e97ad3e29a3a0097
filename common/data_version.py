"""A number that changes whenever the data the analysts' pages show is written.

Pages that cache what they render put it in their cache keys: a write anywhere in the watched
apps (stances, statements, current positions, delegations, provisions...) changes the number,
so the next request renders afresh. Every write made through Django's database connections in
any process (web and job workers, management commands: `bulk_create`, `QuerySet.update`, raw
SQL through a cursor) is seen by an execute wrapper, installed on each new connection: the
number changes at once (so the writing transaction's own next page is fresh) and again when the
transaction commits (so that a page rendered by another process between the write and the
commit, from the data before it, is not kept under the new number).

The number lives in the "pages" cache, so it is shared only when that cache is (`REDIS_URL`):
every process that writes must use the same cache as the web workers.
"""

import hashlib
import re
import time

from django.core.cache import caches

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


def current() -> int:
    """The data's version now (one cache read)."""
    version = caches[CACHE].get(KEY)
    if version is None:
        # Started from the clock, not 1: a version lost from the cache (evicted, restarted)
        # never comes back to a number that pages were cached under.
        caches[CACHE].add(KEY, time.time_ns(), timeout=None)
        version = caches[CACHE].get(KEY, 0)
    return version


def bump() -> None:
    """Change the version: every page cached under the old one is no longer read."""
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
        bump()
        connection = context["connection"]
        if connection.in_atomic_block and not any(
            func is bump for _, func, _ in connection.run_on_commit
        ):
            connection.on_commit(bump)
    return result


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
    version (the page must not depend on who asks, beyond being signed in)."""
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    return f"page:{name}:{current()}:{query}"
