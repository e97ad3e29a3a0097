"""Current positions: `CurrentStance` kept equal to the latest confirmed stance of each pair."""

from django.db import connection, transaction
from django.db.models import QuerySet

from provisions.models import Session

from ..models import CurrentStance, PositionSnapshot, SnapshotDay, Stance
from .locks import PAIR_LOCKS, advisory_lock, table_lock

_CURRENT_COLUMNS = "delegation_id, provision_id, stance_id, position, stated_on, session_id"
# The latest confirmed stance of each pair, by the definition of `Stance.objects.current()`.
_LATEST_CONFIRMED = """
SELECT delegation_id, provision_id, id, position, stated_on, session_id FROM (
    SELECT delegation_id, provision_id, id, position, stated_on, session_id,
           ROW_NUMBER() OVER (
               PARTITION BY delegation_id, provision_id
               ORDER BY stated_on DESC, created_at DESC, id DESC
           ) AS n
    FROM positions_stance
    WHERE status = 'confirmed' AND {where}
) AS ranked
WHERE n = 1
"""
_LATEST_CONFIRMED_POSTGRESQL = """
SELECT DISTINCT ON (delegation_id, provision_id)
       delegation_id, provision_id, id, position, stated_on, session_id
FROM positions_stance
WHERE status = 'confirmed' AND {where}
ORDER BY delegation_id, provision_id, stated_on DESC, created_at DESC, id DESC
"""
_PAIRS_PER_STATEMENT = 400  # two parameters a pair; SQLite allows 999 in older builds


def _latest_confirmed(where: str) -> str:
    template = (
        _LATEST_CONFIRMED_POSTGRESQL if connection.vendor == "postgresql" else _LATEST_CONFIRMED
    )
    return template.format(where=where)


def current_stances_refresh(*, pairs=None) -> None:
    """Make `CurrentStance` hold, for each touched (delegation, provision), its latest confirmed
    stance (or nothing when it has none), as `Stance.objects.current()` defines it.

    `pairs` is an iterable of (delegation_id, provision_id), a queryset of stances (the pairs
    they are on, read inside the database: the bulk loads pass the rows they added), or None to
    rebuild the whole table. Set-based SQL: a DELETE and an INSERT ... SELECT per batch of pairs,
    whatever their number. Every service that changes a stance's status, position, date,
    delegation or provision calls it in its transaction, with the pairs before and after.

    The positions kept as of past days (`PositionSnapshot`, one set per `SnapshotDay`) are
    rewritten for the same pairs, each day's rows the latest confirmed stance stated on or
    before it. The full rebuild also chooses the days again: every session's last day.

    Safe under concurrency (PostgreSQL): the rows of a pair are rewritten by one transaction at
    a time (an advisory lock per pair, taken in order; a table lock for the whole table or a
    queryset's pairs), and the DELETE and INSERT that follow the lock read what the other
    transactions committed meanwhile, so two writers neither collide on the unique pair nor
    leave the older stance current.
    """
    table = CurrentStance._meta.db_table
    if pairs is None or isinstance(pairs, QuerySet):
        table_lock(CurrentStance)
    else:
        pairs = sorted(set(pairs))
        advisory_lock(PAIR_LOCKS, *pairs)
    with connection.cursor() as cursor:
        if pairs is None:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"INSERT INTO {table} ({_CURRENT_COLUMNS}) {_latest_confirmed('TRUE')}")
            _snapshots_rebuild(cursor)
            return
        if isinstance(pairs, QuerySet):
            sql, params = (
                pairs.order_by().values("delegation_id", "provision_id").distinct().query
            ).sql_with_params()
            touched = f"(delegation_id, provision_id) IN (SELECT * FROM ({sql}) AS touched)"
            _refresh_where(cursor, table, touched, list(params))
            return
        for start in range(0, len(pairs), _PAIRS_PER_STATEMENT):
            batch = pairs[start : start + _PAIRS_PER_STATEMENT]
            values = ", ".join(["(%s, %s)"] * len(batch))
            # Row values in a VALUES list: PostgreSQL and SQLite (3.15+) both read this.
            touched = f"(delegation_id, provision_id) IN (VALUES {values})"
            _refresh_where(cursor, table, touched, [i for pair in batch for i in pair])


def _refresh_where(cursor, table: str, touched: str, params: list) -> None:
    cursor.execute(f"DELETE FROM {table} WHERE {touched}", params)
    cursor.execute(f"INSERT INTO {table} ({_CURRENT_COLUMNS}) {_latest_confirmed(touched)}", params)
    snapshots = PositionSnapshot._meta.db_table
    cursor.execute(f"DELETE FROM {snapshots} WHERE {touched}", params)
    for day in SnapshotDay.objects.order_by("day").values_list("day", flat=True):
        _snapshot_insert(cursor, day, touched, params)


def _snapshot_insert(cursor, day, where: str, params: list) -> None:
    """The positions as of `day` of the pairs `where` selects: one INSERT ... SELECT, which
    reads the pairs' confirmed stances up to that day through their partial index."""
    latest = _latest_confirmed(f"{where} AND stated_on <= %s")
    cursor.execute(
        f"INSERT INTO {PositionSnapshot._meta.db_table} (day, {_CURRENT_COLUMNS}) "
        f"SELECT %s, latest.* FROM ({latest}) AS latest",
        [day, *params, day],
    )


def _snapshots_rebuild(cursor) -> None:
    """Every session's last day becomes a snapshot day, and its positions are recomputed (one
    pass over the confirmed stances per day: a day's positions are read like the current ones,
    for the stances stated by then)."""
    cursor.execute(f"DELETE FROM {PositionSnapshot._meta.db_table}")
    cursor.execute(f"DELETE FROM {SnapshotDay._meta.db_table}")
    days = sorted(set(Session.objects.values_list("end_date", flat=True)))
    SnapshotDay.objects.bulk_create(SnapshotDay(day=day) for day in days)
    for day in days:
        _snapshot_insert(cursor, day, "TRUE", [])


def stance_pairs(*stances: Stance) -> set[tuple[int, int]]:
    return {(s.delegation_id, s.provision_id) for s in stances if s is not None}


def snapshot_days_sync() -> bool:
    """Keep a snapshot day for every session's last day: when the sessions' last days and the
    kept days differ (sessions loaded or moved after the stances, as on a new database where
    the reference data is loaded after the migrations), rebuild the kept positions in full.
    Returns whether it rebuilt. Cheap when nothing changed: two small reads."""
    days = set(Session.objects.values_list("end_date", flat=True))
    if days == set(SnapshotDay.objects.values_list("day", flat=True)):
        return False
    with transaction.atomic():
        current_stances_refresh()
    return True
