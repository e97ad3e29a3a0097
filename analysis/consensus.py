"""Distance to consensus per provision, and positions over sessions (timelines): plain rows in,
no Django (see `analysis.coalitions` for the vocabulary: held, inferred, the position scale)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .coalitions import (
    OPPOSE,
    POSITIONS,
    QUALIFIED,
    SCALE,
    _positions,
)


@dataclass
class Consensus:
    """How far a provision is from consensus, and who stands in the way."""

    provision: int
    counts: dict[str, int]  # states and observers per position, own or inferred
    distance: float  # objecting + 0.5 x qualifying (see the module docstring)
    objectors: list[tuple[int, list[int]]]  # (delegation, members it speaks for by inference)
    qualifiers: list[tuple[int, list[int]]]


def distance_to_consensus(held, groups: set[int], *, limit: int | None = None) -> list[Consensus]:
    """Per provision, the distance to consensus, furthest first (then by provision id).

    `held` holds own and inferred positions (`with_inferred`, or `Positions` with `infer`);
    `groups` are the ids of the delegations that are groups, which speak but are not counted
    themselves. With `limit`, only the furthest `limit` provisions are returned (the counts are
    computed for all at once; the lists of speakers only for those).
    """
    held = _positions(held)
    if not len(held):
        return []
    provisions, column = np.unique(held.provision, return_inverse=True)
    counted = ~np.isin(held.delegation, np.array(sorted(groups), dtype=np.int64))
    width = len(POSITIONS)
    counts = np.bincount(
        column[counted] * width + held.rank[counted], minlength=len(provisions) * width
    ).reshape(len(provisions), width)
    distance = counts[:, SCALE[OPPOSE]] + 0.5 * counts[:, SCALE[QUALIFIED]]
    order = np.lexsort((provisions, -distance))
    if limit is not None:
        order = order[:limit]
    objectors, qualifiers = _speakers(held, column, len(provisions), order)
    return [
        Consensus(
            provision, dict(zip(POSITIONS, row, strict=True)), float(far), objecting, qualifying
        )
        for provision, row, far, objecting, qualifying in zip(
            provisions[order].tolist(),
            counts[order].tolist(),
            distance[order].tolist(),
            objectors,
            qualifiers,
            strict=True,
        )
    ]


def _speakers(held, column: np.ndarray, columns: int, order: np.ndarray) -> tuple[list, list]:
    """For each provision column in `order`: its objectors and its qualifiers, each a list of
    (delegation, the members it speaks for) by delegation id, the members sorted by id.

    A speaker holds its own objecting or qualifying position (`via` -1); the members it speaks
    for hold that position through it (`via` is the speaker). Sorted and split with numpy: the
    API lists every provision's (60,000 speakers at 200 delegations x 300 provisions), which a
    loop over the positions in Python took 0.2 s to group."""
    wanted = np.zeros(columns, dtype=bool)
    wanted[order] = True
    here = wanted[column]
    slot = np.full(len(POSITIONS), -1, dtype=np.int64)
    slot[SCALE[OPPOSE]], slot[SCALE[QUALIFIED]] = 0, 1
    # The speakers, by (provision column, objecting before qualifying, delegation id).
    own = np.flatnonzero(here & (held.via < 0) & (slot[held.rank] >= 0))
    speaker_key = column[own] * 2 + slot[held.rank[own]]
    own = own[np.lexsort((held.delegation[own], speaker_key))]
    speaker_key = np.sort(speaker_key)
    speaker = held.delegation[own]
    # The members spoken for, by (provision column, group, member id).
    carried = np.flatnonzero(here & (held.via >= 0))
    carried = carried[np.lexsort((held.delegation[carried], held.via[carried], column[carried]))]
    width = int(max(speaker.max(initial=0), held.via.max(initial=0))) + 1
    carried_key = column[carried] * width + held.via[carried]
    member = held.delegation[carried].tolist()
    wanted_key = column[own] * width + speaker
    first = np.searchsorted(carried_key, wanted_key, side="left")
    last = np.searchsorted(carried_key, wanted_key, side="right")
    # Each list's bounds among the speakers: column c's objectors are key 2c, qualifiers 2c + 1.
    bounds = np.searchsorted(speaker_key, np.arange(2 * columns + 1))
    items = [
        (d, member[a:b] if a != b else [])
        for d, a, b in zip(speaker.tolist(), first.tolist(), last.tolist(), strict=True)
    ]
    objectors, qualifiers = [], []
    for j in order.tolist():
        objectors.append(items[bounds[2 * j] : bounds[2 * j + 1]])
        qualifiers.append(items[bounds[2 * j + 1] : bounds[2 * j + 2]])
    return objectors, qualifiers


def consensus_totals(held, groups: set[int]) -> tuple[int, int]:
    """(provisions with positions, those at distance 0: no state objects or qualifies)."""
    held = _positions(held)
    counted = ~np.isin(held.delegation, np.array(sorted(groups), dtype=np.int64))
    blocking = counted & np.isin(held.rank, (SCALE[QUALIFIED], SCALE[OPPOSE]))
    provisions = np.unique(held.provision)
    return len(provisions), len(provisions) - len(np.unique(held.provision[blocking]))


def held_by_session(
    rows: Iterable[Sequence], sessions: Sequence[tuple[str, datetime.date]]
) -> list[tuple[str, dict]]:
    """Per session, what each key holds after it: [(code, {key: position})], in session order.

    `rows` are stance rows (key, position, stated_on, created_at, id) where `key` is what one
    line holds a position on (a delegation, for one provision's timeline; a provision, for one
    delegation's); `sessions` are (code, last day), in order. The latest stance by (stated_on,
    created_at, id) stated by a session's last day is what a key holds after it.
    """
    rows = sorted(rows, key=lambda r: (r[2], r[3], r[4]))
    held: dict = {}
    result = []
    i = 0
    for code, last_day in sessions:
        while i < len(rows) and rows[i][2] <= last_day:
            held[rows[i][0]] = rows[i][1]
            i += 1
        result.append((code, dict(held)))
    return result


def counts_by_session(held: Sequence[tuple[str, dict]]) -> list[tuple[str, dict[str, int]]]:
    """A stacked timeline from `held_by_session`: per session, the positions held after it
    (counts per position). Sessions before the first position are left out."""
    result = []
    for code, positions in held:
        if positions:
            counts = dict.fromkeys(POSITIONS, 0)
            for position in positions.values():
                counts[position] += 1
            result.append((code, counts))
    return result


def net_changes_by_session(held: Sequence[tuple[str, dict]]) -> dict[str, int]:
    """Per session, how many positions changed at it: the keys holding, after it, a position
    other than the one they held after the session before (a key that changes and changes
    back within a session has not changed; a first position is not a change)."""
    changed: dict[str, int] = {}
    before: dict = {}
    for code, positions in held:
        changed[code] = sum(
            1 for key, position in positions.items() if before.get(key, position) != position
        )
        before = positions
    return changed


def positions_by_session(
    rows: Iterable[Sequence], sessions: Sequence[tuple[str, datetime.date]]
) -> list[tuple[str, dict[str, int]]]:
    """A stacked timeline from stance rows (see `held_by_session`): per session, the positions
    held after it (counts per position). Sessions before the first stance are left out."""
    return counts_by_session(held_by_session(rows, sessions))


def changes_by_session(
    rows: Iterable[Sequence], sessions: Sequence[tuple[str, datetime.date]]
) -> dict[str, int]:
    """Per session, how many positions changed at it (`net_changes_by_session`), from stance
    rows (see `held_by_session`)."""
    return net_changes_by_session(held_by_session(rows, sessions))
