"""/stances/?_export=csv|xlsx|json: exactly the filtered, sorted view, all rows, safe in a spreadsheet."""

import csv
import io
import json

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from analysis import exports
from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:stance-list")
JAPAN_OBJECTIONS = {
    "content-offences",
    "transfer-of-sentenced-persons",
    "transfer-of-proceedings",
    "private-sector-obligations",
    "new-instrument",
}


def csv_rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def json_rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))


def xlsx_rows(response) -> list[dict]:
    # Streamed from a temporary file (constant memory at any size).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_export_of_japans_objections_has_exactly_those_rows(analyst_client):
    response = analyst_client.get(
        URL, {"delegation": "JPN", "position": "oppose", "_export": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="stances-')
    rows = csv_rows(response)
    assert {row["provision"] for row in rows} == JAPAN_OBJECTIONS
    assert len(rows) == 5
    assert {row["delegation"] for row in rows} == {"JPN"}
    assert {row["position"] for row in rows} == {"oppose"}
    proceedings = next(row for row in rows if row["provision"] == "transfer-of-proceedings")
    assert proceedings["evidence"] == "we object to the inclusion of the transfer of prosecution"
    assert proceedings["session"] == "AHC-1"
    assert proceedings["provision_title"] == "Transfer of criminal proceedings"


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_every_format_parses_back_to_the_filtered_sorted_view(analyst_client, export_format):
    params = {"delegation": "JPN", "current": "1", "sort": "-stated_on", "per_page": 5}
    page = analyst_client.get(URL, params)
    on_screen = [row.record.pk for row in page.context["table"].page.object_list]
    response = analyst_client.get(URL, {**params, "_export": export_format})
    rows = {"csv": csv_rows, "json": json_rows, "xlsx": xlsx_rows}[export_format](response)
    # All 18 current positions, not only the 5 on the page, in the same order.
    assert len(rows) == 18
    assert [int(row["stance_id"]) for row in rows[:5]] == on_screen
    dates = [str(row["stated_on"])[:10] for row in rows]
    assert dates == sorted(dates, reverse=True)
    assert set(rows[0]) == set(exports.HEADERS)


def test_export_follows_a_sort_on_a_computed_order(analyst_client):
    response = analyst_client.get(
        URL, {"delegation": "JPN", "sort": "-position", "_export": "json"}
    )
    positions = [row["position"] for row in json_rows(response)]
    order = ["oppose", "neutral", "qualified", "support"]
    assert positions == sorted(positions, key=order.index)


def test_exports_include_every_row_not_only_the_page(analyst_client):
    stances_bulk(2500)  # more than one chunk of the streamed response
    response = analyst_client.get(URL, {"delegation": "FRA", "_export": "csv"})
    assert len(csv_rows(response)) == 2500
    response = analyst_client.get(URL, {"delegation": "FRA", "_export": "json"})
    assert len(json_rows(response)) == 2500


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_formula_cells_are_neutralised_in_csv_and_xlsx(analyst_client, payload):
    stance_make("FRA", "extradition", "support", evidence=payload)
    params = {"delegation": "FRA"}
    csv_row = csv_rows(analyst_client.get(URL, {**params, "_export": "csv"}))[0]
    assert csv_row["evidence"] == "'" + payload
    xlsx_row = xlsx_rows(analyst_client.get(URL, {**params, "_export": "xlsx"}))[0]
    assert xlsx_row["evidence"] == "'" + payload
    # JSON is data, not a spreadsheet: the value stays as it is.
    json_row = json_rows(analyst_client.get(URL, {**params, "_export": "json"}))[0]
    assert json_row["evidence"] == payload


def test_an_empty_view_exports_headers_only(analyst_client):
    response = analyst_client.get(URL, {"delegation": "FRA", "_export": "csv"})
    assert csv_rows(response) == []
    assert json_rows(analyst_client.get(URL, {"delegation": "FRA", "_export": "json"})) == []


def test_xlsx_over_the_row_cap_sends_the_analyst_back_with_a_message(analyst_client, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 10)
    response = analyst_client.get(URL, {"delegation": "JPN", "_export": "xlsx"}, follow=True)
    assert response.redirect_chain[0][0] == URL + "?delegation=JPN"
    assert "at most 10 stances" in response.content.decode()


def test_unsupported_format_is_refused(analyst_client):
    assert analyst_client.get(URL, {"_export": "yaml"}).status_code == 400


def test_export_query_budget(analyst_client, django_assert_max_num_queries):
    stances_bulk(300)
    for export_format in ("csv", "json"):
        with django_assert_max_num_queries(4):
            response = analyst_client.get(URL, {"_export": export_format})
            b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"delegation": "JPN", "position": "oppose"},
        {"sort": "delegation"},
        {"sort": "-position", "status": "any"},
        {"provision": "ch-5", "current": "1"},
    ],
)
def test_copy_and_python_paths_write_the_same_rows(analyst_client, monkeypatch, params):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("COPY ... TO STDOUT is the PostgreSQL path")
    stance_make("FRA", "extradition", "support", evidence='=HYPERLINK("x"), then "quoted"')
    stance_make("FRA", "ch-5", "oppose", evidence="+1, with a comma\nand a new line")
    stance_make("FRA", "new-instrument", "neutral", evidence="Accents: élan, Ĉu, 中文")
    stances_bulk(120)
    copied = csv_rows(analyst_client.get(URL, {**params, "_export": "csv"}))
    copied_json = json_rows(analyst_client.get(URL, {**params, "_export": "json"}))
    monkeypatch.setattr(exports, "USE_COPY", False)
    python = csv_rows(analyst_client.get(URL, {**params, "_export": "csv"}))
    assert copied == python
    assert copied_json == json_rows(analyst_client.get(URL, {**params, "_export": "json"}))
    assert len(copied) > 0
    if not params:
        formulas = [row for row in copied if row["evidence"].startswith("'")]
        assert {row["evidence"][:2] for row in formulas} == {"'=", "'+"}


def test_csv_export_is_a_stream_of_chunks(analyst_client):
    stances_bulk(300)
    response = analyst_client.get(URL, {"_export": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.decode("utf-8-sig").startswith("stance_id,delegation,")
    # A generator: the rows come after the header chunk by chunk, never as one built body.
    assert (first + b"".join(chunks)).count(b"\n") >= 301
