"""The analyst pages reuse the reference choices and the filter form's markup per process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysis import filters

pytestmark = pytest.mark.django_db


def filter_form(response) -> str:
    html = response.content.decode()
    start = html.index("filter-form")
    return html[start : html.index("</form>", start)]


@pytest.fixture
def cached(monkeypatch):
    monkeypatch.setattr(filters, "REFERENCE_CACHE_SECONDS", 60)
    filters.reference_choices_clear()
    filters.CachedLayoutHelper._rendered.clear()
    yield
    filters.reference_choices_clear()
    filters.CachedLayoutHelper._rendered.clear()


def test_second_view_reads_no_reference_query_and_renders_the_same_form(analyst_client, cached):
    first = analyst_client.get("/stances/", {"delegation": "JPN"})
    with CaptureQueriesContext(connection) as queries:
        second = analyst_client.get("/stances/", {"delegation": "JPN"})
    assert not any("UNION" in query["sql"] for query in queries.captured_queries)
    assert filter_form(first) == filter_form(second)
    assert len(filters.CachedLayoutHelper._rendered) == 1


def test_each_set_of_filter_values_has_its_own_markup(analyst_client, cached):
    japan = analyst_client.get("/stances/", {"delegation": "JPN"}).content.decode()
    france = analyst_client.get("/stances/", {"delegation": "FRA"}).content.decode()
    assert '<option value="JPN" selected>' in japan
    assert '<option value="FRA" selected>' in france
    assert '<option value="JPN" selected>' not in france


def test_a_form_with_errors_is_not_cached(analyst_client, cached):
    analyst_client.get("/stances/", {"date_after": "not a date"})
    assert len(filters.CachedLayoutHelper._rendered) == 0


def test_a_page_without_parameters_reuses_its_forms_markup(analyst_client, cached):
    """`/matrix/` and `/support/` as first opened (no parameters: an unbound form) render
    their form once per process, with the fields' defaults."""
    first = analyst_client.get("/matrix/")
    assert len(filters.CachedLayoutHelper._rendered) == 1
    second = analyst_client.get("/matrix/")
    assert filter_form(first) == filter_form(second)
    assert len(filters.CachedLayoutHelper._rendered) == 1
    analyst_client.get("/support/")
    assert len(filters.CachedLayoutHelper._rendered) == 2  # each form its own markup
    bound = analyst_client.get("/matrix/", {"rows": "count"}).content.decode()
    assert '<option value="count" selected>' in bound
    assert '<option value="count" selected>' not in filter_form(second)
