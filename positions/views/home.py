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
    figures in one cheap query; otherwise they are counted exactly.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_vals::text::text[], s.most_common_freqs "
                "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
                "AND s.tablename = c.relname AND s.attname = 'status' "
                "WHERE c.oid = %s::regclass",
                [Stance._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] >= ESTIMATE_ABOVE and row[1]:
            total, values, freqs = row
            return {
                value: round(total * freq) for value, freq in zip(values, freqs, strict=True)
            }, True
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
