"""Positions kept as of each session's last day (PositionSnapshot): equal to the positions picked
from the stances, after edits and withdrawals too, and read by the `?as_of=` pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions.models import PositionSnapshot, SnapshotDay, Stance
from positions.services import current_stances_refresh, stance_update, stance_withdraw
from provisions.models import Session
from tests.stance_factory import stance_make

pytestmark = pytest.mark.django_db


def kept(day) -> set:
    return set(
        PositionSnapshot.objects.filter(day=day).values_list(
            "delegation_id", "provision_id", "stance_id", "position", "stated_on", "session_id"
        )
    )


def picked(day) -> set:
    return set(
        Stance.objects.as_of(day).values_list(
            "delegation_id", "provision_id", "pk", "position", "stated_on", "session_id"
        )
    )


def assert_every_day_kept_as_picked():
    days = list(SnapshotDay.objects.values_list("day", flat=True))
    assert days, "no snapshot day"
    for day in days:
        assert kept(day) == picked(day), day


def france_on_extradition():
    first = stance_make("FRA", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    second = stance_make("FRA", "extradition", "oppose", stated_on="2023-04-12", session="AHC-5")
    return first, second


def test_a_rebuild_keeps_every_session_last_day():
    france_on_extradition()
    current_stances_refresh()
    assert set(SnapshotDay.objects.values_list("day", flat=True)) == set(
        Session.objects.values_list("end_date", flat=True)
    )
    ahc4 = Session.objects.get(code="AHC-4").end_date
    ahc5 = Session.objects.get(code="AHC-5").end_date
    positions = {
        (day, position)
        for day, position in PositionSnapshot.objects.filter(
            delegation__code="FRA", provision__slug="extradition", day__in=[ahc4, ahc5]
        ).values_list("day", "position")
    }
    assert positions == {(ahc4, "support"), (ahc5, "oppose")}
    assert_every_day_kept_as_picked()


def test_edits_and_withdrawals_keep_the_snapshots_equal_to_the_stances():
    first, second = france_on_extradition()
    current_stances_refresh()
    # A new stance, a changed position and a withdrawal, each through the services' refresh.
    stance_make("FRA", "extradition", "neutral", stated_on="2022-06-01", session="AHC-2")
    stance_update(
        stance=first,
        expected_version=first.version,
        delegation=first.delegation,
        provision=first.provision,
        position="qualified",
        session=first.session,
    )
    second.refresh_from_db()
    stance_withdraw(stance=second, expected_version=second.version)
    assert_every_day_kept_as_picked()
    ahc5 = Session.objects.get(code="AHC-5").end_date
    assert PositionSnapshot.objects.get(
        day=ahc5, delegation__code="FRA", provision__slug="extradition"
    ).position == ("neutral")


def compare_cells(client, as_of):
    response = client.get(reverse("analysis:compare"), {"d": ["FRA", "JPN"], "as_of": as_of})
    return [
        (line.slug, [c and c["position"] for c in line.cells]) for line in response.context["lines"]
    ]


def matrix_cells(client, as_of):
    response = client.get(reverse("analysis:matrix"), {"as_of": as_of, "inferred": "1"})
    return [
        (row.key, [c and c.position for c in row.cells]) for row in response.context["matrix"].rows
    ]


def coalition_counts(client, as_of):
    response = client.get(reverse("analysis:coalitions"), {"as_of": as_of})
    return [(row["slug"], row["counts"]) for row in response.context["consensus"]]


def support_rows(client, as_of):
    response = client.get(reverse("analysis:support"), {"as_of": as_of})
    return [
        (r.record["slug"], r.record["support"], r.record["oppose"])
        for r in response.context["table"].rows
    ]


@pytest.mark.parametrize("read", [compare_cells, matrix_cells, coalition_counts, support_rows])
def test_as_of_pages_show_the_same_from_the_snapshot_as_from_the_stances(analyst_client, read):
    france_on_extradition()
    stance_make("JPN", "extradition", "qualified", stated_on="2022-06-01", session="AHC-2")
    from_stances = read(analyst_client, "AHC-4")
    current_stances_refresh()
    assert (
        analyst_client.get(reverse("analysis:coalitions"), {"as_of": "AHC-4"})
        .context["as_of"]
        .snapshot_kept
    )
    assert read(analyst_client, "AHC-4") == from_stances
    assert read(analyst_client, "AHC-5") != from_stances  # France opposes after AHC-5


def test_a_session_added_after_the_rebuild_is_read_from_the_stances(analyst_client):
    france_on_extradition()
    current_stances_refresh()
    negotiation = Session.objects.get(code="AHC-5").negotiation
    Session.objects.create(
        negotiation=negotiation,
        code="AHC-5-BIS",
        name="Resumed fifth session",
        start_date=datetime.date(2023, 4, 12),
        end_date=datetime.date(2023, 4, 13),
    )
    response = analyst_client.get(
        reverse("analysis:compare"), {"d": ["FRA", "JPN"], "as_of": "AHC-5-BIS"}
    )
    assert response.context["as_of"].snapshot_kept is False
    cells = {line.slug: line.cells[0] for line in response.context["lines"]}
    assert cells["extradition"]["position"] == "oppose"


def test_the_delegation_timeline_is_the_same_from_the_snapshot(analyst_client):
    stance_make("ISL", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("ISL", "jurisdiction", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("ISL", "extradition", "oppose", stated_on="2022-06-01", session="AHC-2")
    # Changed and changed back within AHC-4: no change after it.
    stance_make("ISL", "jurisdiction", "oppose", stated_on="2023-01-10", session="AHC-4")
    stance_make("ISL", "jurisdiction", "support", stated_on="2023-01-12", session="AHC-4")
    url = reverse("analysis:delegation-detail", args=["ISL"])
    from_stances = analyst_client.get(url).context["position_timeline"]
    current_stances_refresh()
    with CaptureQueriesContext(connection) as queries:
        from_snapshot = analyst_client.get(url).context["position_timeline"]
    assert any("positions_positionsnapshot" in q["sql"] for q in queries.captured_queries)
    assert from_snapshot == from_stances
    steps = {
        s["code"]: (s["counts"]["support"], s["counts"]["oppose"], s["changes"])
        for s in from_snapshot["steps"]
    }
    assert steps["AHC-1"] == (2, 0, 0)
    assert steps["AHC-2"] == (1, 1, 1)
    assert steps["AHC-4"] == (1, 1, 0)


def test_the_provision_timeline_is_the_same_from_the_snapshot(analyst_client):
    stance_make("ISL", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("NOR", "extradition", "oppose", stated_on="2022-06-01", session="AHC-2")
    # Changed and changed back within AHC-4, then a change after the last kept session ends.
    stance_make("ISL", "extradition", "oppose", stated_on="2023-01-10", session="AHC-4")
    stance_make("ISL", "extradition", "support", stated_on="2023-01-12", session="AHC-4")
    stance_make("NOR", "extradition", "qualified", stated_on="2024-08-01", session=None)
    url = reverse("analysis:provision-detail", args=["extradition"])
    with CaptureQueriesContext(connection) as before:
        from_stances = analyst_client.get(url).context["position_timeline"]
    current_stances_refresh()
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(url)
    from_snapshot = response.context["position_timeline"]
    assert any("positions_positionsnapshot" in q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) == len(before.captured_queries)
    assert from_snapshot == from_stances
    steps = {s["code"]: s["counts"] for s in from_snapshot["steps"]}
    assert steps["AHC-2"]["oppose"] - steps["AHC-1"]["oppose"] == 1
    assert steps["AHC-4"]["support"] == steps["AHC-2"]["support"]
    # The per-session counts of stances (the other timeline) read the same either way.
    assert [(s["code"], s["counts"]) for s in response.context["timeline"]][-1] == (
        None,
        [("support", 0), ("qualified", 1), ("neutral", 0), ("oppose", 0)],
    )
