"""The API's stance list agrees row for row with the stance table's CSV export of the same
filters (same rows, same order, same values)."""

import csv
import io

import pytest

from .api_helpers import bearer
from .stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"delegation": "FRA", "position": "oppose"},
    {"group": "EU"},
    {"provision": "transfer-of-proceedings"},
    {"status": "any", "q": "evidence"},
    {"session": "AHC-2", "date_after": "2022-02-01", "date_before": "2022-06-30"},
    {"current": "1"},
]


def _csv_rows(client, params) -> list[dict]:
    response = client.get("/stances/", {**params, "_export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _api_rows(client, params, headers) -> list[dict]:
    rows, url, query = [], "/api/v1/stances/", {**params, "page_size": 7}
    while url:
        body = client.get(url, query, **headers).json()
        rows += body["results"]
        url, query = body["next"], None
    return rows


@pytest.mark.parametrize("params", FILTERS, ids=[str(f) or "none" for f in FILTERS])
def test_api_stance_list_matches_the_csv_export(client, charlie, params):
    stances_bulk(40)
    stance_make("DEU", "art-39", "oppose", stated_on="2022-03-01", session="AHC-2")
    stance_make("DEU", "art-39", "support", stated_on="2022-03-01", session="AHC-2")
    stance_make("JPN", "art-39", "neutral", status="proposed")
    client.force_login(charlie)
    exported = _csv_rows(client, params)
    listed = _api_rows(client, params, bearer(charlie))
    assert exported, "the filter should match some rows"
    assert [int(row["stance_id"]) for row in exported] == [row["id"] for row in listed]
    for csv_row, api_row in zip(exported, listed, strict=True):
        assert csv_row["delegation"] == api_row["delegation"]
        assert csv_row["provision"] == api_row["provision"]
        assert csv_row["position"] == api_row["position"]
        assert csv_row["status"] == api_row["status"]
        assert csv_row["stated_on"] == api_row["stated_on"]
        assert csv_row["session"] == (api_row["session"] or "")
        assert (csv_row["statement_id"] or None) == (
            str(api_row["statement"]) if api_row["statement"] else None
        )
