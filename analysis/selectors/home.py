from django.db import connection
from django.db.models import Count
from django.shortcuts import render

from delegations.models import Delegation
from provisions.models import Provision, Session

from ..models import CurrentStance, Stance, Statement

# Above this many stances (as PostgreSQL's statistics know them) the home page shows estimated
# counts per status, labelled "about": an exact count would read every row on every view.
ESTIMATE_ABOVE = 200_000


def stance_status_counts() -> tuple[dict[str, int], bool]:
    """Stances per status, and whether the figures are estimates.

    On PostgreSQL with a large table, the planner's statistics (`pg_class.reltuples` and the
    most common values of `status` in `pg_stats`, refreshed by ANALYZE/autovacuum) give the
    figures; below `ESTIMATE_ABOVE` they are counted exactly, in the same single query (the
    counting branch is skipped by a one-time filter when the table is large).
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


def home(request):
    """What the database holds: counts, the latest statements, where to go next."""
    stance_counts, estimated = stance_status_counts()
    context = {
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
        "latest_statements": Statement.objects.active().for_table().latest_first()[:10],
        # One row per (delegation, provision): counted exactly, from the maintained table.
        "position_counts": dict(
            CurrentStance.objects.values_list("position").annotate(n=Count("pk")).order_by()
        ),
    }
    return render(request, "home.html", context)
