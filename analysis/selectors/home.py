"""What the home page shows of the database: counts and the latest statements."""

from django.db import connection
from django.db.models import Count

from delegations.models import Delegation
from positions.models import CurrentStance, Stance, Statement
from positions.querysets import LatestFirstIds
from provisions.models import Provision, Session

# Above this many stances (as PostgreSQL's statistics know them) the home page shows estimated
# counts per status, labelled "about": an exact count would read every row on every view.
ESTIMATE_ABOVE = 200_000

LATEST_STATEMENTS = 10


def stance_status_counts() -> tuple[dict[str, int], bool]:
    """Stances per status, and whether the figures are estimates.

    On PostgreSQL with a large table, the planner's statistics (`pg_class.reltuples` and the
    most common values of `status` in `pg_stats`, refreshed by ANALYZE/autovacuum) give the
    figures; below `ESTIMATE_ABOVE` they are counted exactly, in the same single query (the
    counting branch is skipped by a one-time filter when the table is large). Elsewhere one
    GROUP BY query counts them.
    """
    if connection.vendor == "postgresql":
        table = Stance._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT NULL, c.reltuples, s.most_common_vals::text::text[], s.most_common_freqs "
                "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
                "AND s.tablename = c.relname AND s.attname = 'status' "
                "WHERE c.oid = %s::regclass AND c.reltuples >= %s "
                "UNION ALL "
                f"SELECT status, count(*), NULL, NULL FROM {table} "
                "WHERE (SELECT reltuples FROM pg_class WHERE oid = %s::regclass) < %s "
                "GROUP BY status",
                [table, ESTIMATE_ABOVE, table, ESTIMATE_ABOVE],
            )
            rows = cursor.fetchall()
        if len(rows) == 1 and rows[0][0] is None and rows[0][2]:
            _, total, values, freqs = rows[0]
            return {v: round(total * f) for v, f in zip(values, freqs, strict=True)}, True
        if all(status is not None for status, *_ in rows):
            return {status: int(n) for status, n, *_ in rows}, False
    counts = Stance.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return dict(counts), False


def latest_statements(limit: int = LATEST_STATEMENTS) -> list:
    """The `limit` newest active statements in `latest_first()` order, without their text. Two
    queries: the newest dated ones read backwards from the covering index
    (`statement_active_order_idx`) and the newest undated ones (by their session's start), then
    merged: `LatestFirstIds`' own two parts and order. Sorting every statement by `COALESCE(delivered_on,
    session start)` in one query read all 50,000 with their text (160 ms at a million stances).
    """
    statements = Statement.objects.active().for_table().defer("text")
    dated, undated = LatestFirstIds.ordered_parts(statements)

    def newest_first(statement):
        return LatestFirstIds.sort_key(statement.date, statement.created_at, statement.pk)

    return sorted([*dated[:limit], *undated[:limit]], key=newest_first, reverse=True)[:limit]


def database_summary() -> dict:
    """The home page's figures: `counts` (delegations, sessions, provisions by kind, active
    statements, stances by status and whether those are estimates), `latest_statements` (the
    `LATEST_STATEMENTS` newest active ones) and `position_counts` (current positions by
    position, counted exactly from the maintained table). Eight queries."""
    stance_counts, estimated = stance_status_counts()
    return {
        "counts": {
            "delegations": Delegation.objects.count(),
            "sessions": Session.objects.count(),
            "provisions": dict(
                Provision.objects.values_list("kind").annotate(n=Count("pk")).order_by()
            ),
            "statements": Statement.objects.active().count(),
            "stances": stance_counts,
            "stances_estimated": estimated,
        },
        "latest_statements": latest_statements(),
        "position_counts": dict(
            CurrentStance.objects.values_list("position").annotate(n=Count("pk")).order_by()
        ),
    }
