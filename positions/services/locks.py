"""Locks taken in one order by every write, so concurrent writes wait instead of failing.

The order: a statement's row first (`statement_lock`), then its stances' rows, then the pairs of
the current-position table (`pairs_lock`, sorted). SQLite serializes writers itself; there these
are plain reads or nothing.
"""

from django.db import connection

from ..models import Statement

# Namespaces of the transaction-level advisory locks (the first of their two keys).
PAIR_LOCKS = 7301  # (delegation_id, provision_id) of the current-position table
STATEMENT_CREATE_LOCKS = 7302  # (delegation_id, 0): creates of one delegation's statements
# At most this many advisory locks per namespace and transaction (see advisory_lock).
LOCK_BUCKETS = 256


def statement_lock(*pks: int | None) -> None:
    """Lock the rows of these statements (in id order) until the transaction ends.

    FOR NO KEY UPDATE: it waits for any other writer of the statement or of its stances (they
    take the same lock first), but not for the foreign-key checks of rows that point to it.
    """
    ids = sorted({pk for pk in pks if pk is not None})
    if ids:
        list(
            Statement.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def advisory_lock(namespace: int, *keys: tuple[int, int]) -> None:
    """PostgreSQL: hold a transaction-level advisory lock on each (namespace, key pair), in order.

    The two ids of a key are folded into one of LOCK_BUCKETS integers; two keys that fold alike
    only wait for each other, which is safe. The bound matters: PostgreSQL's lock table is
    shared and small (max_locks_per_transaction x connections), and a write touching 20,000
    pairs in one transaction would otherwise exhaust it ("out of shared memory").
    """
    if connection.vendor != "postgresql" or not keys:
        return
    folded = sorted({(a * 1_000_003 + b) % LOCK_BUCKETS for a, b in keys})
    with connection.cursor() as cursor:
        for key in folded:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key])


def table_lock(model) -> None:
    """PostgreSQL: let one transaction at a time rewrite `model`'s table (reads go on)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {model._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
