"""/compare/?d=JPN&d=CHN&d=EU: delegations side by side, differences first, exports."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:compare")


def lines(response):
    return {line.slug: line for line in response.context["lines"]}


def test_differences_come_first_with_evidence_and_inferred_positions(analyst_client):
    stance_make("CHN", "extradition", "oppose", evidence="China objects to extradition.")
    stance_make("G77", "jurisdiction", "qualified", evidence="The Group of 77 qualifies.")
    stance_make("CHN", "budapest-convention", "support")
    response = analyst_client.get(URL + "?d=jpn&d=CHN&d=EU")
    assert response.status_code == 200
    assert [d.code for d in response.context["delegations"]] == ["JPN", "CHN", "EU"]
    ordered = response.context["lines"]
    kinds = [line.kind for line in ordered]
    assert kinds == sorted(kinds, key=["differ", "partial", "same"].index)
    by_slug = lines(response)
    japan, china, eu = by_slug["extradition"].cells
    assert (china["position"], china["evidence"], china["via"]) == (
        "oppose",
        "China objects to extradition.",
        "",
    )
    assert eu is None
    # China states nothing on jurisdiction: it holds the G77's position, marked as inferred.
    _, china, _ = by_slug["jurisdiction"].cells
    assert (china["position"], china["via"]) == ("qualified", "G77")
    html = response.content.decode()
    assert "via G77" in html and "China objects to extradition." in html


def test_one_or_seven_delegations_is_an_error(analyst_client):
    response = analyst_client.get(URL, {"d": ["JPN"]})
    assert response.context["lines"] == [] and "Choose 2 to 6" in response.content.decode()
    seven = ["JPN", "CHN", "FRA", "DEU", "USA", "GBR", "IND"]
    assert "Choose 2 to 6" in analyst_client.get(URL, {"d": seven}).content.decode()


def test_as_of_a_session(analyst_client):
    stance_make("CHN", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("CHN", "extradition", "oppose", stated_on="2023-04-12", session="AHC-5")
    before = analyst_client.get(URL, {"d": ["CHN", "JPN"], "as_of": "ahc-4"})
    assert lines(before)["extradition"].cells[0]["position"] == "support"
    after = analyst_client.get(URL, {"d": ["CHN", "JPN"]})
    assert lines(after)["extradition"].cells[0]["position"] == "oppose"


def test_exports_hold_one_row_per_provision_and_delegation(analyst_client):
    stance_make("G77", "jurisdiction", "qualified", evidence="=HYPERLINK(1)")
    params = {"d": ["CHN", "JPN"]}
    response = analyst_client.get(URL, {**params, "_export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="compare-CHN-JPN')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    china = next(r for r in rows if r["delegation"] == "CHN" and r["provision"] == "jurisdiction")
    assert (china["position"], china["inferred_from"]) == ("qualified", "G77")
    assert china["evidence"] == "'=HYPERLINK(1)"  # a formula is neutralised
    data = json.loads(analyst_client.get(URL, {**params, "_export": "json"}).content)
    # Japan's 18 current positions and jurisdiction, where China holds the G77's.
    assert len(data) == len(rows) == 2 * 19
    xlsx = analyst_client.get(URL, {**params, "_export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert analyst_client.get(URL, {**params, "_export": "pdf"}).status_code == 400


def test_query_budget(analyst_client, django_assert_max_num_queries):
    stances_bulk(200)
    with django_assert_max_num_queries(6):
        analyst_client.get(URL, {"d": ["FRA", "JPN", "EU"]})
    with django_assert_max_num_queries(7):
        analyst_client.get(URL, {"d": ["FRA", "JPN", "EU"], "as_of": "AHC-5"})
