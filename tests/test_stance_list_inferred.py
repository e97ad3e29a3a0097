"""/stances/?inferred=1: current positions with those members hold through their groups."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:stance-list")


def listed(response):
    return [row.record for row in response.context["table"].page.object_list]


def test_a_member_holds_its_groups_position_marked_via_the_group(analyst_client):
    g77 = stance_make("G77", "extradition", "oppose", evidence="The G77 objects.")
    stance_make("G77", "jurisdiction", "support")
    own = stance_make("CHN", "jurisdiction", "qualified")  # China's own wins
    response = analyst_client.get(URL, {"delegation": "CHN", "inferred": 1})
    rows = [(r.delegation.code, r.provision.slug, r.position, r.pk) for r in listed(response)]
    assert rows == [
        ("CHN", "jurisdiction", "qualified", own.pk),
        ("CHN", "extradition", "oppose", g77.pk),
    ]
    assert listed(response)[1].inferred_from.code == "G77"
    assert "via G77" in response.content.decode()


def test_without_inferred_the_member_has_only_its_own(analyst_client):
    stance_make("G77", "extradition", "oppose")
    response = analyst_client.get(URL, {"delegation": "CHN"})
    assert listed(response) == []


def test_stance_filters_choose_the_group_stances(analyst_client):
    stance_make("G77", "extradition", "oppose")
    stance_make("G77", "jurisdiction", "support")
    response = analyst_client.get(
        URL, {"group": "ASEAN", "position": "support", "inferred": 1, "per_page": 100}
    )
    rows = listed(response)
    assert {r.provision.slug for r in rows} == {"jurisdiction"}
    # The ASEAN members that are also in the G77 (all but Timor-Leste, who joined ASEAN in 2025).
    assert len(rows) == 10 and all(r.inferred_from.code == "G77" for r in rows)


def test_exports_carry_an_inferred_from_column(analyst_client):
    stance_make("G77", "extradition", "oppose")
    params = {"delegation": ["CHN", "JPN"], "inferred": 1}
    response = analyst_client.get(URL, {**params, "_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    china = [r for r in rows if r["delegation"] == "CHN"]
    assert [(r["provision"], r["inferred_from"]) for r in china] == [("extradition", "G77")]
    assert {r["inferred_from"] for r in rows if r["delegation"] == "JPN"} == {""}
    assert len(rows) == 19  # Japan's 18 current positions and China's inferred one
    data = json.loads(analyst_client.get(URL, {**params, "_export": "json"}).content)
    assert len(data) == 19 and data[-1]["inferred_from"] == "G77"
    xlsx = analyst_client.get(URL, {**params, "_export": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_query_budget(analyst_client, django_assert_max_num_queries):
    stances_bulk(200)
    stance_make("EU", "extradition", "support")
    with django_assert_max_num_queries(11):
        analyst_client.get(URL, {"group": "EU", "inferred": 1})
