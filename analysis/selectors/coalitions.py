"""Reads for the coalition, compare and as-of pages: rows for `analysis.coalitions`.

Current positions come from the maintained table (`CurrentStance`); positions as of a session
from the confirmed stances stated up to its last day (the latest per delegation and provision,
picked by a window function in the database). Each selector says how many queries it runs.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from django.db import connections
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Subquery,
)

from delegations.models import Delegation, GroupMembership
from positions.models import CurrentStance, PositionSnapshot, SnapshotDay, Stance
from provisions.models import Session

from .. import coalitions, consensus
from ..coalitions import Held, Membership
from .positions import EpochDays, int_rows, position_arrays, position_rank
from .stances import positions_as_of, session_for_as_of  # noqa: F401 (the views read it here)


def base_positions(session: Session | None):
    """Current positions, or positions as of `session`: the queryset the filters narrow."""
    return positions_as_of(session) if session else CurrentStance.objects.all()


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


@dataclass
class CoalitionFigures:
    """What `/coalitions/` shows (and the API serves) of a set of positions: the agreement
    scores, their clustering into blocs, the swing delegations, each provision's distance to
    consensus (furthest first) and the consensus totals (provisions with positions, those at
    distance 0)."""

    scores: coalitions.Agreement
    clustering: coalitions.Clustering
    swing: list[coalitions.Swing]
    consensus: list[consensus.Consensus]
    consensus_total: int
    consensus_reached: int


def coalition_figures(
    queryset, group_ids: set[int], *, consensus_limit: int | None = None
) -> CoalitionFigures:
    """The coalition figures of a (filtered) current-position or as-of queryset; `group_ids`
    are the delegations that are groups (they speak, but are not counted for consensus).
    Agreement and blocs use own positions only; consensus counts positions inferred from
    groups too. `consensus_limit` keeps only the furthest provisions' lists of speakers. Two
    queries: the positions and the memberships."""
    own = position_arrays(queryset)
    scores = coalitions.agreement(own)
    clustering = coalitions.cluster(scores)
    held = own.concat(coalitions.infer(own, memberships()))
    total, reached = consensus.consensus_totals(held, group_ids)
    return CoalitionFigures(
        scores=scores,
        clustering=clustering,
        swing=coalitions.swing_delegations(scores, clustering),
        consensus=consensus.distance_to_consensus(held, group_ids, limit=consensus_limit),
        consensus_total=total,
        consensus_reached=reached,
    )


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
    queryset = positions_as_of(session) if session else CurrentStance.objects.all()
    if queryset.model is Stance:  # as of a session whose snapshot is not kept
        queryset = queryset.annotate(stance_id=F("pk"), session_code=F("session__code"))
    else:
        queryset = queryset.annotate(
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
    own = position_arrays(current)
    links = memberships()
    if diverging:
        found = coalitions.diverging(own, links)
        keep = np.isin(
            coalitions.pair_keys(own.delegation, own.provision),
            np.concatenate(
                (
                    coalitions.pair_keys(found.delegation, found.provision),
                    coalitions.pair_keys(found.via, found.provision),
                )
            ),
        )
        own = own.take(keep)
    names = coalitions.POSITIONS
    cells = [
        (d, p, names[r])
        for d, p, r in zip(
            own.delegation.tolist(), own.provision.tolist(), own.rank.tolist(), strict=True
        )
    ]
    if diverging or not inferred:
        return cells, []
    carried = coalitions.infer(own, links)
    return cells, [
        (d, p, names[r], codes[g])
        for d, p, r, g in zip(
            carried.delegation.tolist(),
            carried.provision.tolist(),
            carried.rank.tolist(),
            carried.via.tolist(),
            strict=True,
        )
    ]


def member_group_positions(
    delegation, own_current: list, memberships: list
) -> tuple[list[dict], list[dict]]:
    """A member's positions through its groups: (inferred, divergences), in provision order.

    `own_current` are the delegation's current stances and `memberships` its
    `GroupMembership`s (both already read for its page). Inferred: the groups' positions it
    holds for want of its own (`position`, `provision`, `via`, the group's `stance`).
    Divergences: provisions where its own position differs from the position of a group it
    belonged to when the group stated it. One query: the groups' current positions.
    """
    links = [Membership(m.group_id, m.member_id, m.start_date, m.end_date) for m in memberships]
    if not links:
        return [], []
    group_current = {
        (c.delegation_id, c.provision_id): c
        for c in CurrentStance.objects.filter(delegation_id__in={m.group for m in links})
        .select_related("delegation", "provision", "stance", "session")
        .defer("stance__note", "provision__description", "provision__keywords")
    }
    own = [Held(s.delegation_id, s.provision_id, s.position, s.stated_on) for s in own_current]
    own_by_provision = {s.provision_id: s for s in own_current}
    held = own + [
        Held(c.delegation_id, c.provision_id, c.position, c.stated_on)
        for c in group_current.values()
    ]
    inferred = [
        {"via": group_current[h.via, h.provision], "position": h.position}
        for h in coalitions.infer_positions(held, links)
    ]
    diverging = [
        {
            "group": group_current[d.group, d.provision],
            "own": own_by_provision[d.provision],
        }
        for d in coalitions.divergences(held, links)
    ]

    def order(item):
        provision = item.get("via", item.get("group")).provision
        return (provision.sort_order, provision.slug)

    return sorted(inferred, key=order), sorted(diverging, key=order)


def group_divergences(
    group, group_current: list, members: list, held: coalitions.Positions | None = None
) -> list[dict]:
    """Who breaks ranks with a group: per provision the group holds a position on (in
    `group_current`, its current stances), the members whose own current position differs,
    if they were members when the group stated it (`coalitions.divergences` for one group: a
    member is listed once per membership that held then). `members` are the group's
    `GroupMembership`s with their `member` (already read for its page). One query, none when
    `held` holds the members' current positions as arrays (`GroupGridRows.held`, read for the
    page's grid).

    Plain dictionaries rather than `coalitions.divergences`: the group's positions are given
    and each member's current position is looked up once, where building the arrays of
    `coalitions` from 31,000 rows took most of G77's page."""
    periods: dict[int, list] = {}
    codes = {}
    for m in members:
        periods.setdefault(m.member_id, []).append(
            Membership(group.pk, m.member_id, m.start_date, m.end_date)
        )
        codes[m.member_id] = m.member.code
    if not periods or not group_current:
        return []
    stated = {s.provision_id: s for s in group_current}
    if held is None:
        rows = iter_rows(
            CurrentStance.objects.filter(delegation_id__in=periods, provision_id__in=stated)
            .order_by()
            .values_list("delegation_id", "provision_id", "position")
        )
    else:
        # The members' positions on these provisions that differ from the group's.
        size = int(max(held.provision.max(initial=0), max(stated))) + 1
        group_rank = np.full(size, -1, dtype=np.int64)
        group_rank[list(stated)] = [coalitions.SCALE[s.position] for s in stated.values()]
        pick = (
            np.isin(held.delegation, list(periods))
            & (group_rank[held.provision] >= 0)
            & (held.rank != group_rank[held.provision])
        )
        rows = zip(
            held.delegation[pick].tolist(),
            held.provision[pick].tolist(),
            map(coalitions.POSITIONS.__getitem__, held.rank[pick].tolist()),
            strict=True,
        )
    by_provision: dict[int, list] = {}
    for member, provision, position in rows:
        stance = stated[provision]
        if position != stance.position:
            for membership in periods[member]:
                if membership.holds_on(stance.stated_on):
                    by_provision.setdefault(provision, []).append((codes[member], position))
    return [
        {"stance": s, "members": sorted(by_provision[s.provision_id])}
        for s in group_current
        if s.provision_id in by_provision
    ]


def stances_with_inferred(
    own, group_stances, *, codes=(), regional_group: str = "", groups=()
) -> list[Stance]:
    """Current stances and, after them, the positions members hold through their groups.

    `own` are the filtered current stances; `group_stances` the groups' current stances that
    match the filters on stances (provision, position, session, dates, text). Each group stance
    is carried to every member that matches the delegation filters (`codes`, `regional_group`,
    `groups`: a member of one of them when the group spoke), that belonged to the group when
    it spoke and that holds no current position of its own on the provision (the most recent
    group statement wins between two groups). A carried row is the group's stance, unsaved,
    with `delegation` set to the member and `inferred_from` to the group. Four queries.
    """
    own = list(own)
    group_stances = list(group_stances)
    links = memberships()
    members = {
        d.pk: d
        for d in Delegation.objects.filter(pk__in={m.member for m in links}).only(
            "code", "name", "common_name", "regional_group", "kind"
        )
    }
    wanted_groups = [m for m in links if m.group in set(groups)]
    held_pairs = set(
        CurrentStance.objects.filter(delegation_id__in=members)
        .order_by()
        .values_list("delegation_id", "provision_id")
    )
    stance_of = {(s.delegation_id, s.provision_id): s for s in group_stances}
    carried = coalitions.infer_positions(
        [Held(s.delegation_id, s.provision_id, s.position, s.stated_on) for s in group_stances],
        links,
        also_held=held_pairs,
    )
    codes = {code.upper() for code in codes}
    rows = []
    for h in carried:
        member = members[h.delegation]
        if codes and member.code not in codes:
            continue
        if regional_group and member.regional_group != regional_group:
            continue
        if groups and not any(
            m.member == member.pk and m.holds_on(h.stated_on) for m in wanted_groups
        ):
            continue
        source = stance_of[h.via, h.provision]
        row = copy.copy(source)
        row.inferred_from = source.delegation
        row.delegation = member
        rows.append(row)
    return own + rows


def _sessions_spanning(first, last, sessions=None) -> list[tuple[str, object]]:
    """(code, last day) of the sessions from the one where `first` falls to the one where
    `last` falls, in order. `sessions` are (code, start, end) rows in order, or None to read
    them (one query)."""
    if sessions is None:
        sessions = Session.objects.chronological().values_list("code", "start_date", "end_date")
    return [(code, end) for code, start, end, *_ in sessions if end >= first and start <= last]


def _timeline(
    steps: list[tuple[str, dict[str, int]]], changes: dict[str, int] | None = None
) -> dict | None:
    """The timeline's table and chart from the positions held after each session (counts per
    position, `consensus.counts_by_session`) and, for a delegation, how many changed at each
    (`consensus.net_changes_by_session`)."""
    if not steps:
        return None
    chart = {
        "labels": [code for code, _ in steps],
        "series": {p: [counts[p] for _, counts in steps] for p in coalitions.POSITIONS},
        "changes": None if changes is None else [changes.get(code, 0) for code, _ in steps],
    }
    return {
        "steps": [
            {"code": code, "counts": counts, "changes": (changes or {}).get(code, 0)}
            for code, counts in steps
        ],
        # For static/js/charts.js, through a data attribute (no inline script: CSP).
        "chart_json": json.dumps(chart),
    }


def _held_from_stances(rows: list, sessions=None) -> list[tuple[str, dict]]:
    if not rows:
        return []
    dates = [row[2] for row in rows]
    return consensus.held_by_session(rows, _sessions_spanning(min(dates), max(dates), sessions))


class SessionRow(NamedTuple):
    """A session as the timelines read it: `kept` when the positions as of its last day are
    kept (`PositionSnapshot`); `latest` is the last day the page's delegation or provision
    stated anything (the same on every row)."""

    code: str
    start: datetime.date
    end: datetime.date
    kept: bool
    latest: datetime.date | None
    pk: int
    name: str


def _sessions_kept(latest) -> list[SessionRow]:
    """The sessions in order, `latest` (a queryset of one date: the last day anything was
    stated) on each. One query."""
    return [
        SessionRow(*row)
        for row in Session.objects.chronological()
        .annotate(
            kept=Exists(SnapshotDay.objects.filter(day=OuterRef("end_date"))),
            latest=Subquery(latest, output_field=DateField()),
        )
        .values_list("code", "start_date", "end_date", "kept", "latest", "pk", "name")
    ]


def _until_latest(sessions: list[SessionRow]) -> list[SessionRow]:
    """The sessions that start by the latest day anything was stated (a timeline stops at the
    one where it falls); none when nothing was."""
    last = sessions[0].latest if sessions else None
    return [] if last is None else [row for row in sessions if row.start <= last]


def provision_sessions(provision) -> list[SessionRow]:
    """Every session in order, with whether its positions are kept and the provision's latest
    date (from its current positions): what the provision's two timelines read of the
    sessions. One query."""
    latest = (
        CurrentStance.objects.for_provision(provision)
        .order_by("-stated_on")
        .values("stated_on")[:1]
    )
    return _sessions_kept(latest)


def iter_rows(queryset) -> Iterator[tuple]:
    """The rows of a `values_list` queryset, read one at a time from the driver's result.

    Thousands of small rows cost less this way than through Django's iterator (a hundred rows
    a fetch, converters), and they do not all live at once: a list of the 7,000 rows of a
    delegation's timeline set off the garbage collector's full collections (of every object
    in the process) on one request in five."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor


def provision_positions_by_session(provision, sessions=None) -> dict | None:
    """The positions held on `provision` after each session (stacked timeline), or None when
    there are no confirmed stances: `steps` for the table, `chart` for the picture. One query,
    and one more without `sessions` (`provision_sessions`, read for the page's other timeline).

    When the positions as of every session's last day up to the provision's latest date are
    kept (`PositionSnapshot`), the query counts them by day and position in the database (a
    hundred rows, where the provision's stances can be 40,000); otherwise it reads the
    stances, replayed session by session.
    """
    if sessions is None:
        sessions = provision_sessions(provision)
    wanted = _until_latest(sessions)
    if not wanted:
        return None  # no confirmed stance (or no session to show it after)
    if all(row.kept for row in wanted):
        counts: dict = {}
        for day, position, n in iter_rows(
            PositionSnapshot.objects.filter(
                provision=provision, day__in={row.end for row in wanted}
            )
            .order_by()
            .values_list("day", "position")
            .annotate(n=Count("*"))  # not COUNT(id): an index-only scan
        ):
            counts.setdefault(day, dict.fromkeys(coalitions.POSITIONS, 0))[position] = n
        return _timeline([(code, counts[end]) for code, _, end, *_ in wanted if end in counts])
    # Ordered by the database (the provision index read backwards), so that only dates cross
    # the wire: psycopg parses 40k `created_at` timestamps in Python (~0.3 s at art-6's 44k
    # stances). The position in that order stands in for (created_at, pk) in the sort key.
    ordered = (
        Stance.objects.confirmed()
        .for_provision(provision)
        .order_by("stated_on", "created_at", "pk")
        .values_list("delegation_id", "position", "stated_on")
    )
    rows = [(key, position, on, i, 0) for i, (key, position, on) in enumerate(ordered)]
    return _timeline(consensus.counts_by_session(_held_from_stances(rows, sessions)))


def _timeline_from_kept(delegation, wanted: list[SessionRow]) -> dict | None:
    """`delegation_positions_by_session` from the positions kept as of each session's last
    day: read as integer arrays (`int_rows`: day, provision, position) and laid out as a
    session x provision table of positions, from which the counts per session and the changes
    from one session to the next (`consensus.counts_by_session`, `net_changes_by_session`)
    are read with numpy. One query. G77's 6,000 kept positions as dates and strings, grouped
    in dictionaries, were a seventh of its page."""
    days = sorted({row.end for row in wanted})
    rows = int_rows(
        PositionSnapshot.objects.filter(delegation=delegation, day__in=days)
        .order_by()
        .annotate(day_number=EpochDays("day"), position_rank=position_rank())
        .values_list("day_number", "provision_id", "position_rank"),
        3,
    )
    epoch_days = np.array([day.toordinal() - coalitions.EPOCH for day in days], dtype=np.int64)
    provisions, column = np.unique(rows[:, 1], return_inverse=True)
    table = np.full((len(days), len(provisions)), -1, dtype=np.int64)
    table[np.searchsorted(epoch_days, rows[:, 0]), column] = rows[:, 2]
    place = {day: i for i, day in enumerate(days)}
    by_session = table[[place[row.end] for row in wanted]]
    held = by_session >= 0
    width = len(coalitions.POSITIONS)
    counts = np.zeros((len(wanted), width), dtype=np.int64)
    for i, ranks in enumerate(by_session):
        counts[i] = np.bincount(ranks[ranks >= 0], minlength=width)
    # A change: a provision held after a session and the one before it, differently.
    changed = np.zeros(len(wanted), dtype=np.int64)
    if len(wanted) > 1:
        changed[1:] = ((by_session[1:] != by_session[:-1]) & held[1:] & held[:-1]).sum(axis=1)
    steps = [
        (row.code, dict(zip(coalitions.POSITIONS, line, strict=True)))
        for row, line, any_held in zip(
            wanted, counts.tolist(), held.any(axis=1).tolist(), strict=True
        )
        if any_held
    ]
    changes = dict(zip([row.code for row in wanted], changed.tolist(), strict=True))
    return _timeline(steps, changes)


def delegation_positions_by_session(delegation) -> dict | None:
    """A delegation's positions after each session (counts per position) and how many of them
    changed at that session (`consensus.net_changes_by_session`), or None without confirmed
    stances. Two queries.

    The first reads the sessions, whether the positions as of each one's last day are kept
    (`PositionSnapshot`) and the delegation's latest date (from its current positions: the
    timeline ends at the session where it falls). When every session up to it is kept, the
    second reads the delegation's kept positions on those days (a few thousand rows, where its
    stances can be 200,000); otherwise its stances, replayed session by session.
    """
    latest = (
        CurrentStance.objects.for_delegation(delegation)
        .order_by("-stated_on")
        .values("stated_on")[:1]
    )
    sessions = _sessions_kept(latest)
    wanted = _until_latest(sessions)
    if not wanted:
        return None  # no confirmed stance (or no session to show it after)
    if all(row.kept for row in wanted):
        return _timeline_from_kept(delegation, wanted)
    else:
        rows = list(
            Stance.objects.confirmed()
            .for_delegation(delegation)
            .order_by()
            .values_list("provision_id", "position", "stated_on", "created_at", "pk")
        )
        held = _held_from_stances(rows, sessions)
    return _timeline(consensus.counts_by_session(held), consensus.net_changes_by_session(held))
