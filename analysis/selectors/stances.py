"""Reads of stances and current positions behind the stance table, support table and matrix."""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef

from positions.models import CurrentStance, PositionSnapshot, SnapshotDay, Stance
from positions.querysets import GRID_FIELDS
from provisions.models import Session

from ..aggregates import support_rows, support_rows_from_arrays
from ..tables import DEFAULT_ORDER
from .positions import position_arrays


def stance_table_rows():
    """Every stance with the columns the stance table shows, newest first (lazy; the view's
    filterset narrows it and the table pages it, so a page is one query)."""
    return Stance.objects.for_stance_table().order_by(*DEFAULT_ORDER)


def session_for_as_of(code: str | None) -> Session | None:
    """The session `?as_of=<code>` names (case-insensitive), or None; `snapshot_kept` says
    whether the positions as of its last day are kept (`PositionSnapshot`). One query, none if
    empty."""
    code = (code or "").strip()
    if not code:
        return None
    return (
        Session.objects.filter(code__iexact=code)
        .annotate(snapshot_kept=Exists(SnapshotDay.objects.filter(day=OuterRef("end_date"))))
        .first()
    )


def positions_as_of(session: Session):
    """Each delegation's position per provision after `session` (its latest confirmed stance
    stated by the session's last day), lazy, with the fields of `CurrentStance` so the pages'
    filters chain onto it: the kept snapshot of that day when there is one (read like the
    current positions), else picked from the stances (`Stance.objects.as_of`)."""
    if getattr(session, "snapshot_kept", False):
        return PositionSnapshot.objects.filter(day=session.end_date)
    return Stance.objects.as_of(session.end_date)


def current_positions(*, as_of=None):
    """The maintained current positions, one row per (delegation, provision): what the support
    table and the matrix filter (lazy). With `as_of` (a Session from `session_for_as_of`), the
    positions after it instead (`positions_as_of`), which the same filters narrow."""
    if as_of is not None:
        return positions_as_of(as_of)
    return CurrentStance.objects.all()


def support_grid_rows(current, reference=None) -> list[dict]:
    """One dict per provision with the delegations in each position column (`support_rows`),
    from the current positions `current` (already filtered). One query.

    With `reference` (the filter form's `ReferenceChoices`, already read), the query reads ids
    and positions only and the names come from it, as for the matrix.
    """
    if reference is None:
        return support_rows(current.values(*GRID_FIELDS))
    held = position_arrays(current)
    return support_rows_from_arrays(
        held.delegation,
        held.provision,
        held.rank,
        delegations=reference.delegation_rows,
        provisions=reference.provision_rows,
    )


def matrix_cells(current):
    """(delegation id, provision id, position) of each current position in `current`: ids only,
    names come with the filter form's reference choices. One query when iterated."""
    return current.values_list("delegation_id", "provision_id", "position")


def current_stances(current):
    """The stances behind the current positions `current` (a filtered `CurrentStance` queryset),
    lazy. The same rows as `Stance.objects.current()` with the same filter, but the database
    starts from the maintained table's few rows and fetches their stances by primary key,
    instead of reading every stance of the delegation or provision and joining the table."""
    return Stance.objects.filter(pk__in=current.values("stance_id"))


def delegation_current_positions(delegation) -> list:
    """A delegation's latest confirmed stance on each provision, in provision order, with its
    provision and its session's code (`session_code`): what the delegation page shows of it
    (300 rows for a busy delegation, so no statement, delegation or session objects). One
    query."""
    return list(
        current_stances(CurrentStance.objects.for_delegation(delegation))
        .select_related("provision")
        .annotate(session_code=F("session__code"))
        .only(
            "delegation_id",
            "position",
            "evidence",
            "stated_on",
            "statement_id",
            "provision__slug",
            "provision__kind",
            "provision__number",
            "provision__title",
        )
        .order_by("provision__sort_order", "provision__slug")
    )


# Up to this many matching stances the table counts them exactly; past it the count would read
# every matching row on every page view, so it is estimated (PostgreSQL's planner) and labelled.
EXACT_COUNT_UP_TO = 10_000


@dataclass(frozen=True)
class ResultCount:
    """How many rows a filtered view holds: exact, estimated ("about"), or only a lower bound
    ("more than") where no estimate is to be had."""

    value: int
    estimated: bool = False
    at_least: bool = False
    exact_up_to: int = EXACT_COUNT_UP_TO


def result_count(queryset, *, exact_up_to: int = EXACT_COUNT_UP_TO) -> ResultCount:
    """The number of rows of `queryset`: counted exactly up to `exact_up_to` (a COUNT over at most
    that many rows plus one, whatever the table's size); above it, on PostgreSQL, the planner's
    estimate for the filtered query (EXPLAIN, which reads no rows), elsewhere `exact_up_to` as a
    lower bound. One query, two when above the threshold on PostgreSQL."""
    counted = queryset.order_by()[: exact_up_to + 1].count()
    if counted <= exact_up_to:
        return ResultCount(counted, exact_up_to=exact_up_to)
    if connection.vendor == "postgresql":
        # The ids only: planning the table's joins as well took 5x as long (7 ms against 1.2
        # at 1M stances) for the same row estimate.
        plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if estimate > exact_up_to:
            return ResultCount(estimate, estimated=True, exact_up_to=exact_up_to)
    return ResultCount(exact_up_to, at_least=True, exact_up_to=exact_up_to)
