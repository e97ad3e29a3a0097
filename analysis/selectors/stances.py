"""Reads of stances and current positions behind the stance table, support table and matrix."""

from positions.models import GRID_FIELDS, CurrentStance, Stance

from ..aggregates import support_rows
from ..tables import DEFAULT_ORDER


def stance_table_rows():
    """Every stance with the columns the stance table shows, newest first (lazy; the view's
    filterset narrows it and the table pages it, so a page is one query)."""
    return Stance.objects.for_stance_table().order_by(*DEFAULT_ORDER)


def current_positions(*, as_of=None):
    """The maintained current positions, one row per (delegation, provision): what the support
    table and the matrix filter (lazy). With `as_of` (a Session), the positions after it
    instead: each delegation's latest confirmed stance per provision stated by its last day
    (`Stance.objects.as_of`), which the same filters narrow."""
    if as_of is not None:
        return Stance.objects.as_of(as_of.end_date)
    return CurrentStance.objects.all()


def support_grid_rows(current) -> list[dict]:
    """One dict per provision with the delegations in each position column (`support_rows`),
    from the current positions `current` (already filtered). One query."""
    return support_rows(current.values(*GRID_FIELDS))


def matrix_cells(current):
    """(delegation id, provision id, position) of each current position in `current`: ids only,
    names come with the filter form's reference choices. One query when iterated."""
    return current.values_list("delegation_id", "provision_id", "position")


def delegation_current_positions(delegation) -> list:
    """A delegation's latest confirmed stance on each provision, in provision order. One query."""
    return list(
        Stance.objects.current()
        .for_delegation(delegation)
        .for_list()
        .order_by("provision__sort_order", "provision__slug")
    )
