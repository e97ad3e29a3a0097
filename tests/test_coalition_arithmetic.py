"""analysis.coalitions: inference, divergence, agreement, clustering, consensus, timelines.

Pure functions over ids; every expected figure below is worked out by hand in the comments.
"""

import datetime

import pytest

from analysis.coalitions import (
    Held,
    Membership,
    Positions,
    agreement,
    cluster,
    divergences,
    infer,
    infer_positions,
    latest_positions,
    swing_delegations,
    with_inferred,
)
from analysis.consensus import (
    changes_by_session,
    consensus_totals,
    distance_to_consensus,
    positions_by_session,
)

D = datetime.date
A, B, C, E, G = 1, 2, 3, 4, 10  # E is in no group; G is a group
P100, P101, P102 = 100, 101, 102

MEMBERSHIPS = [
    Membership(G, A),  # open at both ends
    Membership(G, B, start=D(2022, 1, 1)),
    Membership(G, C, end=D(2020, 12, 31)),  # left before the group spoke
]
OWN = [
    Held(G, P100, "support", D(2023, 1, 10)),
    Held(G, P101, "oppose", D(2023, 1, 10)),
    Held(A, P100, "oppose", D(2021, 5, 1)),  # older than the group's, still wins
    Held(C, P102, "qualified", D(2023, 2, 1)),
    Held(E, P100, "support", D(2023, 2, 1)),
    Held(E, P101, "oppose", D(2023, 2, 1)),
    Held(E, P102, "support", D(2023, 2, 1)),
]


def test_a_group_position_reaches_members_without_their_own():
    inferred = infer_positions(OWN, MEMBERSHIPS)
    assert [(h.delegation, h.provision, h.position, h.via) for h in inferred] == [
        (A, P101, "oppose", G),  # A's own position on P100 wins
        (B, P100, "support", G),
        (B, P101, "oppose", G),
        # C left in 2020: the group's 2023 positions do not reach it.
    ]


def test_a_membership_counts_only_for_statements_made_while_it_held():
    late = [Membership(G, B, start=D(2024, 1, 1))]
    assert infer_positions(OWN, late) == []
    ended = [Membership(G, B, end=D(2023, 1, 10))]  # the last day counts
    assert len(infer_positions(OWN, ended)) == 2


def test_the_most_recent_group_statement_wins_between_two_groups():
    g2 = 11
    own = [Held(G, P100, "support", D(2023, 1, 1)), Held(g2, P100, "oppose", D(2023, 6, 1))]
    both = [Membership(G, A), Membership(g2, A)]
    [held] = infer_positions(own, both)
    assert (held.position, held.via) == ("oppose", g2)
    same_day = [Held(G, P100, "support", D(2023, 1, 1)), Held(g2, P100, "oppose", D(2023, 1, 1))]
    [held] = infer_positions(same_day, both)
    assert held.via == G  # a tie goes to the smaller id, whatever the row order
    [held] = infer_positions(list(reversed(same_day)), both)
    assert held.via == G


def test_with_inferred_keeps_one_position_per_pair():
    held = with_inferred(OWN, MEMBERSHIPS)
    pairs = [(h.delegation, h.provision) for h in held]
    assert len(pairs) == len(set(pairs)) == len(OWN) + 3


def test_divergence_lists_members_breaking_ranks():
    found = divergences(OWN, MEMBERSHIPS)
    assert [
        (d.group, d.member, d.provision, d.group_position, d.member_position) for d in found
    ] == [(G, A, P100, "support", "oppose")]
    assert found[0].gap == 3


def test_agreement_scores_by_hand():
    held = [
        Held(A, P100, "oppose", D(2023, 1, 1)),
        Held(A, P101, "support", D(2023, 1, 1)),
        Held(B, P100, "support", D(2023, 1, 1)),
        Held(B, P101, "support", D(2023, 1, 1)),
        Held(B, P102, "support", D(2023, 1, 1)),
        Held(C, P100, "qualified", D(2023, 1, 1)),
        Held(C, P102, "neutral", D(2023, 1, 1)),
    ]
    scores = agreement(held)
    # A-B share P100 (oppose/support: 0) and P101 (1): mean 0.5; adjusted (1 + 1.5) / (2 + 3).
    assert scores.pair(A, B) == pytest.approx((0.5, 0.5, 2))
    # A-C share P100 (oppose/qualified: 1 - 2/3): adjusted (1/3 + 1.5) / (1 + 3) = 0.4583.
    assert scores.pair(A, C) == pytest.approx((1 / 3, 11 / 24, 1))
    # B-C: P100 (support/qualified: 2/3) and P102 (support/neutral: 1/3): mean 0.5.
    assert scores.pair(B, C) == pytest.approx((0.5, 0.5, 2))
    assert scores.pair(A, A)[1:] == (1.0, 2)


def test_full_agreement_on_two_provisions_is_not_a_bloc_on_three_it_is():
    def pair(n):
        return [Held(d, p, "support", D(2023, 1, 1)) for d in (A, B) for p in range(n)]

    assert agreement(pair(2)).pair(A, B)[1] == pytest.approx(0.7)  # (2 + 1.5) / 5
    assert cluster(agreement(pair(2))).blocs == []
    assert agreement(pair(3)).pair(A, B)[1] == pytest.approx(0.75)  # (3 + 1.5) / 6
    assert cluster(agreement(pair(3))).blocs == [[A, B]]


def two_blocs_and_a_swing():
    # 1-3 support provisions 0-4, 4-6 oppose them; all six support 5-9; 7 speaks on 5-9 only.
    held = []
    for d in (1, 2, 3, 4, 5, 6):
        for p in range(5):
            held.append(Held(d, p, "support" if d <= 3 else "oppose", D(2023, 1, 1)))
        for p in range(5, 10):
            held.append(Held(d, p, "support", D(2023, 1, 1)))
    held += [Held(7, p, "support", D(2023, 1, 1)) for p in range(5, 10)]
    return held


def test_clustering_finds_the_blocs_in_a_deterministic_order():
    scores = agreement(two_blocs_and_a_swing())
    # Within a bloc: 10 shared, full agreement: (10 + 1.5) / 13 = 0.885; across: (5 + 1.5) / 13.
    assert scores.pair(1, 2)[1] == pytest.approx(11.5 / 13)
    assert scores.pair(1, 4)[1] == pytest.approx(6.5 / 13)
    # 7 with anyone: 5 shared in full agreement: 6.5 / 8 = 0.8125.
    assert scores.pair(7, 4)[1] == pytest.approx(0.8125)
    first = cluster(scores)
    # 7 is as close to one bloc as to the other: the tie goes the same way on every run.
    assert first.order == [6, 5, 4, 7, 1, 2, 3]
    assert first.blocs == [[6, 5, 4], [7, 1, 2, 3]]
    again = cluster(agreement(list(reversed(two_blocs_and_a_swing()))))
    assert (again.order, again.blocs) == (first.order, first.blocs)


def test_a_delegation_close_to_two_blocs_is_a_swing():
    scores = agreement(two_blocs_and_a_swing())
    clustering = cluster(scores)
    [swing] = swing_delegations(scores, clustering)
    assert swing.delegation == 7
    assert swing.affinities == ((0, 0.812), (1, 0.812))


def test_distance_to_consensus_counts_whom_a_group_speaks_for():
    held = with_inferred(OWN, MEMBERSHIPS)
    result = distance_to_consensus(held, groups={G})
    assert [c.provision for c in result] == [P101, P100, P102]
    p101, p100, p102 = result
    # P101: G opposes for A and B, E opposes: three states object.
    assert p101.counts == {"support": 0, "qualified": 0, "neutral": 0, "oppose": 3}
    assert p101.distance == 3
    assert p101.objectors == [(E, []), (G, [A, B])]
    # P100: A objects on its own; B (via G) and E support; the group is not counted itself.
    assert (p100.counts["oppose"], p100.counts["support"], p100.distance) == (1, 2, 1)
    assert p100.objectors == [(A, [])]
    # P102: C qualifies: half a step.
    assert (p102.distance, p102.qualifiers) == (0.5, [(C, [])])


def test_latest_positions_pick_the_latest_stated_then_logged():
    t = datetime.datetime
    rows = [
        (A, P100, "support", D(2022, 3, 1), t(2022, 3, 2), 1),
        (A, P100, "oppose", D(2023, 3, 1), t(2023, 3, 2), 2),
        (A, P100, "neutral", D(2023, 3, 1), t(2023, 3, 1), 3),  # same day, logged earlier
        (B, P100, "qualified", D(2022, 3, 1), t(2022, 3, 2), 4),
    ]
    assert [(h.delegation, h.position) for h in latest_positions(rows)] == [
        (A, "oppose"),
        (B, "qualified"),
    ]


def test_timeline_counts_positions_held_after_each_session():
    t = datetime.datetime(2023, 1, 1)
    sessions = [("S0", D(2021, 1, 1)), ("S1", D(2022, 3, 11)), ("S2", D(2023, 3, 11))]
    rows = [
        (A, "support", D(2022, 3, 1), t, 1),
        (B, "oppose", D(2022, 3, 2), t, 2),
        (A, "oppose", D(2023, 3, 1), t, 3),  # A changes at S2
        (C, "oppose", D(2023, 3, 5), t, 4),
    ]
    assert positions_by_session(rows, sessions) == [
        ("S1", {"support": 1, "qualified": 0, "neutral": 0, "oppose": 1}),
        ("S2", {"support": 0, "qualified": 0, "neutral": 0, "oppose": 3}),
    ]
    assert changes_by_session(rows, sessions) == {"S0": 0, "S1": 0, "S2": 1}


def test_a_position_changed_and_changed_back_within_a_session_has_not_changed():
    t = datetime.datetime(2023, 1, 1)
    sessions = [("S1", D(2022, 3, 11)), ("S2", D(2023, 3, 11))]
    rows = [
        (A, "support", D(2022, 3, 1), t, 1),
        (A, "oppose", D(2023, 3, 1), t, 2),
        (A, "support", D(2023, 3, 2), t, 3),  # back to support within S2
        (B, "oppose", D(2023, 3, 5), t, 4),  # a first position is no change
    ]
    assert changes_by_session(rows, sessions) == {"S1": 0, "S2": 0}


def test_consensus_totals_and_a_limit():
    held = with_inferred(OWN, MEMBERSHIPS)
    assert consensus_totals(held, {G}) == (3, 0)
    assert [c.provision for c in distance_to_consensus(held, {G}, limit=2)] == [P101, P100]


def test_arrays_and_held_rows_give_the_same_inference():
    arrays = infer(Positions.from_held(OWN), MEMBERSHIPS)
    assert arrays.to_held() == infer_positions(OWN, MEMBERSHIPS)
    assert agreement(Positions.from_held(OWN)).pair(A, E) == agreement(OWN).pair(A, E)


def test_pairs_are_found_alike_by_the_id_grid_and_by_pair_keys(monkeypatch):
    import numpy as np

    from analysis import coalitions

    rng = np.random.default_rng(7)
    wanted_d, wanted_p = rng.integers(0, 40, 500), rng.integers(0, 60, 500)
    known_d, known_p = rng.integers(0, 50, 800), rng.integers(0, 50, 800)
    by_grid = coalitions._among_pairs(wanted_d, wanted_p, known_d, known_p)
    inferred_by_grid = infer_positions(OWN, MEMBERSHIPS)
    assert 0 < by_grid.sum() < len(by_grid)
    known = set(zip(known_d.tolist(), known_p.tolist(), strict=True))
    assert by_grid.tolist() == [
        pair in known for pair in zip(wanted_d.tolist(), wanted_p.tolist(), strict=True)
    ]
    monkeypatch.setattr(coalitions, "GRID_CELLS", 0)  # ids too large for a grid: np.isin
    assert coalitions._among_pairs(wanted_d, wanted_p, known_d, known_p).tolist() == (
        by_grid.tolist()
    )
    assert infer_positions(OWN, MEMBERSHIPS) == inferred_by_grid


def speakers_by_loop(held: list[Held], provision: int) -> tuple[list, list]:
    """Objectors and qualifiers of one provision, worked out position by position."""
    here = [h for h in held if h.provision == provision]
    lists = {}
    for position in ("oppose", "qualified"):
        lists[position] = [
            (h.delegation, sorted(m.delegation for m in here if m.via == h.delegation))
            for h in sorted(here, key=lambda h: h.delegation)
            if h.via is None and h.position == position
        ]
    return lists["oppose"], lists["qualified"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_speakers_grouped_by_arrays_are_those_of_a_plain_loop(seed):
    """Generated positions of 40 delegations (four groups) on 15 provisions, some left
    unstated: every provision's objectors and qualifiers as a loop over the positions finds."""
    import random

    rng = random.Random(seed)
    groups = {100, 101, 102, 103}
    memberships = [Membership(g, d) for d in range(1, 41) for g in groups if rng.random() < 0.3]
    positions = ("support", "qualified", "neutral", "oppose")
    own = [
        Held(d, p, rng.choice(positions), D(2023, 1, rng.randint(1, 28)))
        for d in [*range(1, 41), *groups]
        for p in range(200, 215)
        if rng.random() < (0.9 if d in groups else 0.4)
    ]
    held = with_inferred(own, memberships)
    assert any(h.via is not None for h in held)
    result = distance_to_consensus(held, groups)
    assert len(result) == 15
    for c in result:
        assert (c.objectors, c.qualifiers) == speakers_by_loop(held, c.provision)
    assert [c.provision for c in distance_to_consensus(held, groups, limit=4)] == [
        c.provision for c in result[:4]
    ]
