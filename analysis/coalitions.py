"""Coalition arithmetic over plain rows: no Django, no database (the selectors hand it rows).

Everything here works on ids and positions. The vocabulary:

- A *held* position is a delegation's current position on a provision: its own (its latest
  confirmed stance), or *inferred*: carried to it from a group it belonged to when the group
  stated it. A member's own position always wins over an inferred one; among several groups
  that would carry a position to the same member, the most recent group statement wins (then
  the group with the smaller id, so the result never depends on row order).
- The *agreement score* of two delegations is computed on the ordinal scale support (0) ->
  qualified (1) -> neutral (2) -> oppose (3): on a provision both hold a position on, they agree
  by ``1 - |a - b| / 3`` (1 for the same position, 0 for support against objection). The raw
  score is the mean over the provisions they share; ``shared`` is how many they share. The
  *adjusted* score shrinks the mean towards 0.5 (no evidence either way) by ``PRIOR_WEIGHT``
  phantom provisions: ``(sum + PRIOR_WEIGHT * 0.5) / (shared + PRIOR_WEIGHT)``, so two
  positions in common do not look like a bloc (full agreement on 2 provisions scores 0.70, on
  3 scores 0.75, on 10 scores 0.88). Clustering, blocs and swing delegations use the adjusted
  score.
- *Blocs* are the clusters of an average-linkage hierarchical clustering on ``1 - adjusted``
  cut at ``BLOC_AGREEMENT`` (members agree on average at least that much), with two members or
  more. The heatmap's order is the clustering's leaf order with optimal ordering (so blocs
  show as squares along the diagonal); delegations enter sorted by id, so the order is
  deterministic.
- A *swing* delegation is close (mean adjusted agreement >= ``SWING_AGREEMENT``) to the members
  of at least two blocs (its own included).
- The *distance to consensus* of a provision: consensus needs no objection, and qualified
  support is a reservation to be met. Distance = objecting delegations + 0.5 x qualifying
  ones, counting states and observers (not groups) by what they hold, own or inferred, so a
  group's objection counts once per member it speaks for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, leaves_list, linkage
from scipy.spatial.distance import squareform

SUPPORT, QUALIFIED, NEUTRAL, OPPOSE = "support", "qualified", "neutral", "oppose"
POSITIONS = (SUPPORT, QUALIFIED, NEUTRAL, OPPOSE)
SCALE = {position: rank for rank, position in enumerate(POSITIONS)}

PRIOR_WEIGHT = 3
BLOC_AGREEMENT = 0.75
SWING_AGREEMENT = 0.7


@dataclass(frozen=True)
class Held:
    """A position a delegation holds on a provision; `via` is the group it is inferred from."""

    delegation: int
    provision: int
    position: str
    stated_on: datetime.date
    via: int | None = None

    @property
    def inferred(self) -> bool:
        return self.via is not None


@dataclass(frozen=True)
class Membership:
    """A member's membership of a group from `start` to `end` (None: open)."""

    group: int
    member: int
    start: datetime.date | None = None
    end: datetime.date | None = None

    def holds_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


NO_START, NO_END = np.iinfo(np.int64).min, np.iinfo(np.int64).max
EPOCH = datetime.date(1970, 1, 1).toordinal()  # days are counted from it


@dataclass
class Positions:
    """Many held positions as parallel arrays (one entry per delegation and provision): what
    the page-sized computations work on. Days are proleptic ordinals (`date.toordinal()`);
    `via` is the group a position is inferred from, -1 for a delegation's own."""

    delegation: np.ndarray
    provision: np.ndarray
    rank: np.ndarray  # SCALE of the position
    day: np.ndarray
    via: np.ndarray

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence]) -> Positions:
        """From (delegation, provision, position, stated_on) rows (a `values_list`)."""
        rows = list(rows)
        if not rows:
            return cls(*(np.zeros(0, dtype=np.int64) for _ in range(5)))
        delegations, provisions, positions, days = zip(*rows, strict=True)
        epoch = EPOCH
        ordinal = datetime.date.toordinal
        return cls(
            np.array(delegations, dtype=np.int64),
            np.array(provisions, dtype=np.int64),
            np.array(list(map(SCALE.__getitem__, positions)), dtype=np.int64),
            np.array(list(map(ordinal, days)), dtype=np.int64) - epoch,
            np.full(len(rows), -1, dtype=np.int64),
        )

    @classmethod
    def from_int_rows(cls, rows: list[Sequence[int]]) -> Positions:
        """From (delegation, provision, rank, day) rows of integers (`day` from `EPOCH`): a list of
        rows or an array of shape (rows, 4)."""
        table = np.array(rows, dtype=np.int64).reshape(-1, 4)
        return cls(
            table[:, 0].copy(),
            table[:, 1].copy(),
            table[:, 2].copy(),
            table[:, 3].copy(),
            np.full(len(table), -1, dtype=np.int64),
        )

    @classmethod
    def from_held(cls, held: Iterable[Held]) -> Positions:
        held = list(held)
        result = cls.from_rows((h.delegation, h.provision, h.position, h.stated_on) for h in held)
        if held:
            result.via = np.array([-1 if h.via is None else h.via for h in held], dtype=np.int64)
        return result

    def __len__(self) -> int:
        return len(self.delegation)

    def take(self, index) -> Positions:
        return Positions(
            self.delegation[index],
            self.provision[index],
            self.rank[index],
            self.day[index],
            self.via[index],
        )

    def concat(self, other: Positions) -> Positions:
        return Positions(
            *(
                np.concatenate((getattr(self, name), getattr(other, name)))
                for name in ("delegation", "provision", "rank", "day", "via")
            )
        )

    def to_held(self) -> list[Held]:
        return [
            Held(d, p, POSITIONS[r], datetime.date.fromordinal(EPOCH + day), None if v < 0 else v)
            for d, p, r, day, v in zip(
                self.delegation.tolist(),
                self.provision.tolist(),
                self.rank.tolist(),
                self.day.tolist(),
                self.via.tolist(),
                strict=True,
            )
        ]


def _membership_arrays(memberships: Iterable[Membership]):
    links = list(memberships)

    def day(value, missing):
        return missing if value is None else value.toordinal() - EPOCH

    return (
        np.array([m.group for m in links], dtype=np.int64),
        np.array([m.member for m in links], dtype=np.int64),
        np.array([day(m.start, NO_START) for m in links], dtype=np.int64),
        np.array([day(m.end, NO_END) for m in links], dtype=np.int64),
    )


def pair_keys(delegation: np.ndarray, provision: np.ndarray) -> np.ndarray:
    return delegation.astype(np.int64) * (1 << 32) + provision.astype(np.int64)


def _carried(own: Positions, memberships: Iterable[Membership]) -> Positions:
    """Every group position carried to every member that belonged to the group when it was
    stated (`via` is the group), whether or not the member holds its own. One vectorised pass
    per group that holds positions."""
    groups, members, starts, ends = _membership_arrays(memberships)
    # Per membership, the group's positions stated while it held: (row in `own`, member).
    rows, to = [], []
    for group in np.unique(groups):
        spoken = np.flatnonzero(own.delegation == group)
        if not len(spoken):
            continue
        days = own.day[spoken]
        for i in np.flatnonzero(groups == group):
            valid = spoken[(starts[i] <= days) & (days <= ends[i])]
            rows.append(valid)
            to.append(np.full(len(valid), members[i], dtype=np.int64))
    if not rows:
        return own.take(np.zeros(0, dtype=np.int64))
    candidates = own.take(np.concatenate(rows))
    candidates.via = candidates.delegation
    candidates.delegation = np.concatenate(to)
    return candidates


GRID_CELLS = 20_000_000  # the largest (delegation id x provision id) grid of booleans: 20 MB


def _among_pairs(delegation, provision, pair_delegation, pair_provision) -> np.ndarray:
    """Whether each (delegation, provision) is one of the pairs (pair_delegation,
    pair_provision): by indexing a grid of ids when the ids are small enough (a million
    stances: 208 x 301, under a millisecond where `np.isin` over the 100,000 candidates a
    group inference weighs took 90 ms), else by `np.isin` on pair keys."""
    if not len(delegation) or not len(pair_delegation):
        return np.zeros(len(delegation), dtype=bool)
    rows = int(max(delegation.max(), pair_delegation.max())) + 1
    columns = int(max(provision.max(), pair_provision.max())) + 1
    smallest = min(delegation.min(), pair_delegation.min(), provision.min(), pair_provision.min())
    if smallest < 0 or rows * columns > GRID_CELLS:
        return np.isin(pair_keys(delegation, provision), pair_keys(pair_delegation, pair_provision))
    grid = np.zeros((rows, columns), dtype=bool)
    grid[pair_delegation, pair_provision] = True
    return grid[delegation, provision]


def infer(own: Positions, memberships: Iterable[Membership], *, also_held=frozenset()) -> Positions:
    """`infer_positions` on arrays: the inferred positions only, sorted by (delegation,
    provision)."""
    candidates = _carried(own, memberships)
    if not len(candidates):
        return candidates
    held_delegation, held_provision = own.delegation, own.provision
    if also_held:
        extra = np.array(list(also_held), dtype=np.int64).reshape(-1, 2)
        held_delegation = np.concatenate((held_delegation, extra[:, 0]))
        held_provision = np.concatenate((held_provision, extra[:, 1]))
    candidates = candidates.take(
        ~_among_pairs(candidates.delegation, candidates.provision, held_delegation, held_provision)
    )
    keys = pair_keys(candidates.delegation, candidates.provision)
    # Per pair, the most recent group statement, then the group with the smaller id.
    order = np.lexsort((candidates.via, -candidates.day, keys))
    _, first = np.unique(keys[order], return_index=True)
    return candidates.take(order[first])


def latest_positions(rows: Iterable[Sequence]) -> list[Held]:
    """The latest position per (delegation, provision) among stance rows.

    Rows are (delegation, provision, position, stated_on, created_at, id): the latest is by
    `stated_on`, then `created_at`, then id, as for the maintained current positions. Used for
    positions as of a session (the stances stated up to its last day).
    """
    best: dict[tuple[int, int], tuple] = {}
    for row in rows:
        key = (row[0], row[1])
        rank = (row[3], row[4], row[5])
        kept = best.get(key)
        if kept is None or rank > kept[0]:
            best[key] = (rank, row)
    return [
        Held(row[0], row[1], row[2], row[3])
        for _, row in sorted(best.values(), key=lambda item: (item[1][0], item[1][1]))
    ]


def infer_positions(
    own: Iterable[Held], memberships: Iterable[Membership], *, also_held=frozenset()
) -> list[Held]:
    """The positions carried from groups to members that have none of their own (inferred only).

    A group's position reaches a member when the membership held on the day the group stated
    it; the member's own position, whenever stated, always wins. `also_held` are more
    (delegation, provision) pairs with a position of their own, when only the pairs are known.
    Sorted by (delegation, provision).
    """
    return infer(Positions.from_held(own), memberships, also_held=also_held).to_held()


def with_inferred(own: Iterable[Held], memberships: Iterable[Membership]) -> list[Held]:
    """Own positions and the inferred ones together, one per (delegation, provision)."""
    own = list(own)
    return sorted(
        own + infer_positions(own, memberships), key=lambda h: (h.delegation, h.provision)
    )


@dataclass(frozen=True)
class Divergence:
    """A member whose own position on a provision differs from its group's."""

    group: int
    member: int
    provision: int
    group_position: str
    member_position: str

    @property
    def gap(self) -> int:
        """How far apart on the scale (1 to 3)."""
        return abs(SCALE[self.group_position] - SCALE[self.member_position])


def diverging(own: Positions, memberships: Iterable[Membership]) -> Positions:
    """The group positions that members contradict: each row is a group's position carried to
    a member (`via` is the group) where the member's own position differs. Sorted by (member,
    provision, group)."""
    candidates = _carried(own, memberships)
    if not len(candidates) or not len(own):
        return candidates
    keys = pair_keys(own.delegation, own.provision)
    order = np.argsort(keys)
    wanted = pair_keys(candidates.delegation, candidates.provision)
    at = np.clip(np.searchsorted(keys[order], wanted), 0, len(keys) - 1)
    found = keys[order][at] == wanted
    differs = found & (own.rank[order][at] != candidates.rank)
    result = candidates.take(differs)
    return result.take(np.lexsort((result.via, result.provision, result.delegation)))


def divergences(own: Iterable[Held], memberships: Iterable[Membership]) -> list[Divergence]:
    """Members whose own current position differs from their group's, per provision.

    The membership must have held when the group stated its position (as for inference).
    Sorted by group, provision, then member.
    """
    own = list(own)
    mine = {(h.delegation, h.provision): h.position for h in own}
    found = [
        Divergence(h.via, h.delegation, h.provision, h.position, mine[h.delegation, h.provision])
        for h in diverging(Positions.from_held(own), memberships).to_held()
    ]
    return sorted(found, key=lambda d: (d.group, d.provision, d.member))


@dataclass
class Agreement:
    """Pairwise agreement of `delegations` (ids, in this order) over the provisions they share."""

    delegations: list[int]
    shared: np.ndarray  # int, provisions both hold a position on
    score: np.ndarray  # raw mean agreement (nan where nothing is shared)
    adjusted: np.ndarray  # shrunk towards 0.5 (see the module docstring); 1 on the diagonal

    def pair(self, a: int, b: int) -> tuple[float, float, int]:
        """(raw score, adjusted score, shared provisions) of two delegation ids."""
        i, j = self.delegations.index(a), self.delegations.index(b)
        return float(self.score[i, j]), float(self.adjusted[i, j]), int(self.shared[i, j])


def _positions(held) -> Positions:
    return held if isinstance(held, Positions) else Positions.from_held(held)


def position_matrix(held) -> tuple[list[int], list[int], np.ndarray]:
    """(delegation ids, provision ids, matrix of scale values with -1 where none), ids sorted.

    `held` is a list of `Held` or `Positions`."""
    held = _positions(held)
    delegations, rows = np.unique(held.delegation, return_inverse=True)
    provisions, columns = np.unique(held.provision, return_inverse=True)
    matrix = np.full((len(delegations), len(provisions)), -1, dtype=np.int8)
    matrix[rows, columns] = held.rank
    return delegations.tolist(), provisions.tolist(), matrix


def agreement(held) -> Agreement:
    """The agreement scores of every pair of delegations holding a position in `held` (a list
    of `Held` or `Positions`)."""
    delegations, _, matrix = position_matrix(held)
    # One indicator matrix per position; the products count, for each pair of delegations, the
    # provisions where one holds position k and the other position l.
    # |a - b| counts the steps t = 1, 2, 3 that one position has reached and the other not:
    # with A_t = [rank >= t], summed over shared provisions it is A_t P' + P A_t' - 2 A_t A_t'
    # (P: holds a position), seven matrix products in all.
    present = (matrix >= 0).astype(np.float64)
    shared = present @ present.T
    steps = np.zeros_like(shared)
    for t in range(1, len(POSITIONS)):
        reached = (matrix >= t).astype(np.float64)
        one_way = reached @ present.T
        steps += one_way + one_way.T - 2 * (reached @ reached.T)
    total = shared - steps / 3.0
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(shared > 0, total / shared, np.nan)
    adjusted = (total + PRIOR_WEIGHT * 0.5) / (shared + PRIOR_WEIGHT)
    np.fill_diagonal(adjusted, 1.0)
    return Agreement(delegations, shared.astype(np.int64), score, adjusted)


@dataclass
class Clustering:
    order: list[int]  # delegation ids, blocs next to each other
    blocs: list[list[int]]  # delegation ids per bloc (two or more), in `order`
    bloc_of: dict[int, int] = field(default_factory=dict)  # delegation id -> bloc index


def cluster(scores: Agreement, *, bloc_agreement: float = BLOC_AGREEMENT) -> Clustering:
    """Hierarchical clustering of the adjusted agreement: a deterministic order and the blocs."""
    ids = scores.delegations
    if len(ids) < 3:
        blocs = [list(ids)] if len(ids) == 2 and scores.adjusted[0, 1] >= bloc_agreement else []
        return Clustering(list(ids), blocs, {d: 0 for bloc in blocs for d in bloc})
    distance = np.clip(1.0 - scores.adjusted, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    leaves = [int(i) for i in leaves_list(tree)]
    labels = fcluster(tree, t=1.0 - bloc_agreement, criterion="distance")
    members: dict[int, list[int]] = defaultdict(list)
    for i in leaves:
        members[int(labels[i])].append(ids[i])
    blocs = [group for group in members.values() if len(group) >= 2]
    blocs.sort(key=lambda group: leaves.index(ids.index(group[0])))
    return Clustering(
        [ids[i] for i in leaves],
        blocs,
        {d: index for index, bloc in enumerate(blocs) for d in bloc},
    )


@dataclass(frozen=True)
class Swing:
    delegation: int
    affinities: tuple[tuple[int, float], ...]  # (bloc index, mean adjusted agreement), close ones


def swing_delegations(
    scores: Agreement, clustering: Clustering, *, threshold: float = SWING_AGREEMENT
) -> list[Swing]:
    """Delegations close to the members of two blocs or more (themselves left out of the mean)."""
    index = {d: i for i, d in enumerate(scores.delegations)}
    size = len(scores.delegations)
    # means[b, i]: delegation i's mean agreement with the members of bloc b other than itself.
    means = np.full((len(clustering.blocs), size), -np.inf)
    for b, bloc in enumerate(clustering.blocs):
        members = [index[m] for m in bloc]
        total = scores.adjusted[:, members].sum(axis=1)
        count = np.full(size, len(members), dtype=np.float64)
        inside = np.zeros(size, dtype=bool)
        inside[members] = True
        total[inside] -= scores.adjusted[members, members]  # itself
        count[inside] -= 1
        with np.errstate(invalid="ignore", divide="ignore"):
            means[b] = np.where(count > 0, total / count, -np.inf)
    close = means >= threshold
    found = []
    for d in clustering.order:
        i = index[d]
        blocs = np.flatnonzero(close[:, i]).tolist()
        if len(blocs) >= 2:
            found.append(Swing(d, tuple((b, round(float(means[b, i]), 3)) for b in blocs)))
    return found
