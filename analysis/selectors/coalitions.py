"""Reads for the coalition, compare and as-of pages: rows for `analysis.coalitions`.

Current positions come from the maintained table (`CurrentStance`); positions as of a session
from the confirmed stances stated up to its last day (the latest per delegation and provision,
picked by a window function in the database). Each selector says how many queries it runs.
"""

from __future__ import annotations

from django.db.models import F

from delegations.models import Delegation, GroupMembership
from positions.models import CurrentStance, Stance
from provisions.models import Session

from .. import coalitions
from ..coalitions import Held, Membership


def session_for_as_of(code: str | None) -> Session | None:
    """The session `?as_of=<code>` names (case-insensitive), or None. One query, none if empty."""
    return Session.objects.find(code)


def positions_as_of(session: Session):
    """Each delegation's latest confirmed stance per provision after `session` (stated on or
    before its last day): a Stance queryset standing in for `CurrentStance.objects.all()`, so
    the pages' filters chain onto it. Lazy."""
    return Stance.objects.as_of(session.end_date)


def base_positions(session: Session | None):
    """Current positions, or positions as of `session`: the queryset the filters narrow."""
    return positions_as_of(session) if session else CurrentStance.objects.all()


def held_positions(queryset) -> list[Held]:
    """The positions of a (filtered) current-position or as-of queryset as `Held` rows. One query."""
    return [
        Held(d, p, position, stated_on)
        for d, p, position, stated_on in queryset.order_by().values_list(
            "delegation_id", "provision_id", "position", "stated_on"
        )
    ]


def memberships() -> list[Membership]:
    """Every group membership with its dates. One query."""
    return [
        Membership(group, member, start, end)
        for group, member, start, end in GroupMembership.objects.order_by().values_list(
            "group_id", "member_id", "start_date", "end_date"
        )
    ]


def group_ids() -> set[int]:
    """Ids of the delegations that are groups. One query."""
    return set(Delegation.objects.groups().values_list("pk", flat=True))


# What the compare page reads of each position (own, or a group's for inference).
COMPARE_FIELDS = (
    "delegation_id",
    "provision_id",
    "position",
    "stated_on",
    "evidence",
    "stance_id",
    "session_code",
    "provision__slug",
    "provision__kind",
    "provision__number",
    "provision__title",
    "provision__sort_order",
)


def delegations_by_codes(codes: list[str]) -> dict[str, Delegation]:
    """The delegations with these codes (upper-cased), keyed by code. One query."""
    return {d.code: d for d in Delegation.objects.by_codes(codes)}


def compare_rows(delegation_ids: list[int], session: Session | None) -> tuple[list, list]:
    """The positions of `delegation_ids` and of the groups they belong to (for inference), with
    their evidence, and those memberships: (position rows as dicts, memberships). Two queries.
    """
    links = list(
        GroupMembership.objects.filter(member_id__in=delegation_ids)
        .order_by()
        .values_list("group_id", "member_id", "start_date", "end_date")
    )
    wanted = set(delegation_ids) | {group for group, *_ in links}
    if session:
        queryset = positions_as_of(session).annotate(
            stance_id=F("pk"), session_code=F("session__code")
        )
    else:
        queryset = CurrentStance.objects.annotate(
            evidence=F("stance__evidence"), session_code=F("session__code")
        )
    rows = list(queryset.filter(delegation_id__in=wanted).order_by().values(*COMPARE_FIELDS))
    return rows, [Membership(*link) for link in links]


def matrix_cells_with_groups(current, *, inferred: bool, diverging: bool, codes: dict):
    """The matrix's cells with the groups taken into account: (own cells, inferred cells).

    Own cells are (delegation id, provision id, position); inferred ones add the group's code
    (`inferred`: positions carried from the groups among `current` to members without their
    own). With `diverging`, only the cells of members whose own position differs from their
    group's, and the group's own cell, are kept (and nothing is inferred). `codes` maps a
    delegation id to its code. Two queries: the positions and the memberships.
    """
    own = held_positions(current)
    links = memberships()
    if diverging:
        found = coalitions.divergences(own, links)
        keep = {(d.member, d.provision) for d in found} | {(d.group, d.provision) for d in found}
        return [
            (h.delegation, h.provision, h.position)
            for h in own
            if (h.delegation, h.provision) in keep
        ], []
    carried = [
        (h.delegation, h.provision, h.position, codes[h.via])
        for h in coalitions.infer_positions(own, links)
    ]
    return [(h.delegation, h.provision, h.position) for h in own], carried if inferred else []
