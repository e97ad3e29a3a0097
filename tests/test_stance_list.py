"""/stances/: filters with readable values, sorting, lazy pagination, query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations.models import Delegation, GroupMembership
from positions.models import Stance
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


def listed(response) -> list[Stance]:
    return [row.record for row in response.context["table"].page.object_list]


def slugs(response) -> list[str]:
    return [stance.provision.slug for stance in listed(response)]


def test_japans_objections_are_exactly_its_five_oppose_records(analyst_client):
    response = analyst_client.get(URL, {"delegation": "JPN", "position": "oppose"})
    assert response.status_code == 200
    assert sorted(slugs(response)) == sorted(JAPAN_OBJECTIONS)
    assert b"we object to the inclusion of the transfer of prosecution" in response.content
    assert b"position-oppose" in response.content


def test_current_keeps_only_the_latest_stance_per_provision(analyst_client):
    response = analyst_client.get(URL, {"delegation": "JPN", "position": "oppose", "current": "1"})
    # New instrument: opposed at CCPCJ-24 (2015), supported at AHC-1 (2022).
    assert sorted(slugs(response)) == sorted(JAPAN_OBJECTIONS - {"new-instrument"})
    response = analyst_client.get(URL, {"provision": "new-instrument", "current": "1"})
    assert [s.position for s in listed(response)] == ["support"]


def test_current_picks_the_latest_on_purpose_built_data(analyst_client):
    stance_make("FRA", "extradition", "oppose", stated_on="2022-03-01")
    latest = stance_make("FRA", "extradition", "qualified", stated_on="2023-08-01")
    stance_make("FRA", "extradition", "support", stated_on="2022-09-01")
    stance_make("FRA", "extradition", "support", stated_on="2024-01-01", status="proposed")
    response = analyst_client.get(URL, {"delegation": "FRA", "current": "1"})
    assert [s.pk for s in listed(response)] == [latest.pk]


def test_default_status_is_confirmed_and_other_statuses_can_be_asked_for(analyst_client):
    proposed = stance_make("JPN", "extradition", "support", status="proposed")
    bare = listed(analyst_client.get(URL))  # no query string at all
    assert len(bare) == 22
    assert proposed not in bare
    assert len(listed(analyst_client.get(URL, {"delegation": "JPN", "per_page": 50}))) == 22
    response = analyst_client.get(URL, {"status": "proposed"})
    assert [s.pk for s in listed(response)] == [proposed.pk]
    response = analyst_client.get(URL, {"delegation": "JPN", "status": "any", "per_page": 50})
    assert len(listed(response)) == 23


def test_group_expands_to_its_members_and_the_group_itself(analyst_client):
    france = stance_make("FRA", "extradition", "support")
    eu = stance_make("EU", "extradition", "qualified")
    stance_make("USA", "extradition", "oppose")
    response = analyst_client.get(URL, {"group": "EU"})
    assert {s.pk for s in listed(response)} == {france.pk, eu.pk}


def test_group_counts_members_only_while_they_were_members(analyst_client):
    GroupMembership.objects.create(
        group=Delegation.objects.get(code="EU"),
        member=Delegation.objects.get(code="ISL"),
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    while_member = stance_make("ISL", "extradition", "support", stated_on="2019-05-01")
    stance_make("ISL", "extradition", "oppose", stated_on="2021-05-01")
    response = analyst_client.get(URL, {"group": "eu"})  # codes are case-insensitive
    assert [s.pk for s in listed(response)] == [while_member.pk]


def test_g77_finds_chinas_positions(analyst_client):
    china = stance_make("CHN", "extradition", "oppose")
    stance_make("JPN", "extradition", "support", stated_on="2023-02-01")  # in no group
    response = analyst_client.get(URL, {"group": "G77"})
    assert [s.pk for s in listed(response)] == [china.pk]


def test_the_uk_counts_in_the_eu_only_before_it_left(analyst_client):
    before = stance_make("GBR", "extradition", "support", stated_on="2019-05-01")
    stance_make("GBR", "jurisdiction", "oppose", stated_on="2020-02-01")
    response = analyst_client.get(URL, {"group": "EU"})
    assert [s.pk for s in listed(response)] == [before.pk]


def test_an_issue_includes_its_linked_articles_unless_exact(analyst_client):
    article = stance_make("FRA", "art-39", "oppose")  # Article 39 is transfer of proceedings
    stance_make("FRA", "art-38", "oppose")
    response = analyst_client.get(URL, {"provision": "transfer-of-proceedings"})
    assert sorted(slugs(response)) == ["art-39", "transfer-of-proceedings"]
    assert article in listed(response)
    response = analyst_client.get(URL, {"provision": "transfer-of-proceedings", "exact": "1"})
    assert slugs(response) == ["transfer-of-proceedings"]


def test_a_chapter_includes_its_articles(analyst_client):
    stance_make("FRA", "ch-5", "support")
    stance_make("FRA", "art-39", "oppose")
    stance_make("FRA", "art-7", "oppose")
    response = analyst_client.get(URL, {"provision": "ch-5"})
    assert sorted(slugs(response)) == ["art-39", "ch-5"]


def test_repeated_parameters_combine(analyst_client):
    response = analyst_client.get(
        URL + "?provision=extradition&provision=content-offences&provision=jurisdiction"
        "&position=oppose&position=support"
    )
    assert slugs(response) == ["content-offences"]
    stance_make("USA", "content-offences", "support")
    response = analyst_client.get(URL + "?delegation=JPN&delegation=USA&provision=content-offences")
    assert sorted(s.delegation.code for s in listed(response)) == ["JPN", "USA"]


def test_category_chapter_session_regional_group_dates_text_and_origin(analyst_client):
    international = [
        "international-cooperation",
        "international-cooperation",
        "mutual-legal-assistance",
        "transfer-of-proceedings",
        "transfer-of-sentenced-persons",
    ]
    response = analyst_client.get(URL, {"category": "international-cooperation"})
    assert sorted(slugs(response)) == international
    response = analyst_client.get(URL, {"chapter": "ch-5"})
    assert sorted(slugs(response)) == international
    response = analyst_client.get(URL, {"session": "CCPCJ-24"})
    assert len(listed(response)) == 6
    response = analyst_client.get(URL, {"date_before": "2016-01-01"})
    assert len(listed(response)) == 6
    response = analyst_client.get(URL, {"date_after": "2016-01-01", "per_page": 50})
    assert len(listed(response)) == 16
    response = analyst_client.get(URL, {"q": "TRANSFER of"})
    assert sorted(slugs(response)) == ["transfer-of-proceedings", "transfer-of-sentenced-persons"]
    stance_make("BRA", "extradition", "support")
    response = analyst_client.get(URL, {"regional_group": "latin-american-caribbean"})
    assert [s.delegation.code for s in listed(response)] == ["BRA"]
    response = analyst_client.get(URL, {"regional_group": "asia-pacific", "per_page": 50})
    assert len(listed(response)) == 22
    extracted = stance_make("BRA", "jurisdiction", "neutral", origin="extracted")
    assert listed(analyst_client.get(URL, {"origin": "extracted"})) == [extracted]


def test_unknown_code_shows_the_error_and_no_rows(analyst_client):
    response = analyst_client.get(URL, {"delegation": "XXX"})
    assert response.status_code == 200
    assert listed(response) == []
    assert b"not one of the available choices" in response.content


def test_columns_sort_and_keep_the_filters(analyst_client):
    response = analyst_client.get(URL, {"delegation": "JPN", "sort": "position", "per_page": 50})
    positions = [s.position for s in listed(response)]
    order = ["support", "qualified", "neutral", "oppose"]
    assert positions == sorted(positions, key=order.index)
    response = analyst_client.get(URL, {"delegation": "JPN", "sort": "stated_on"})
    dates = [s.stated_on for s in listed(response)]
    assert dates == sorted(dates)
    assert b"delegation=JPN" in response.content  # sort links keep the filters


def test_pages_are_counted_lazily(analyst_client):
    stances_bulk(60)
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(URL, {"per_page": 25, "page": 2})
    assert len(listed(response)) == 25
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    assert response.context["table"].page.has_next()
    response = analyst_client.get(URL, {"per_page": 25, "page": 4})
    assert len(listed(response)) == 82 - 75
    assert not response.context["table"].page.has_next()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"delegation": "FRA", "position": "oppose"},
        {"group": "EU", "provision": "ch-5", "current": "1"},
        {"category": "general", "session": "AHC-2", "q": "evidence", "sort": "position"},
    ],
)
def test_query_budget_is_the_same_at_any_page_size(
    analyst_client, django_assert_max_num_queries, params
):
    stances_bulk(250)
    counts = []
    for per_page in (25, 100):
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(4):
            response = analyst_client.get(URL, {**params, "per_page": per_page})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_page_size_is_capped(analyst_client):
    stances_bulk(600)
    response = analyst_client.get(URL, {"per_page": 100000})
    assert len(listed(response)) == 500


def test_next_links_walk_every_stance_once_by_keyset(analyst_client):
    stances_bulk(130)
    expected = list(
        Stance.objects.confirmed()
        .order_by("-stated_on", "-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    seen, params = [], {"per_page": 25}
    while True:
        response = analyst_client.get(URL, params)
        assert response.status_code == 200
        seen += [stance.pk for stance in listed(response)]
        cursor = response.context["table"].next_cursor
        if not cursor:
            break
        assert f"after={cursor}" in response.content.decode()
        params = {"per_page": 25, "after": cursor}
    assert seen == expected


def test_keyset_pages_cost_the_same_queries_as_the_first(
    analyst_client, django_assert_max_num_queries
):
    stances_bulk(250)
    first = analyst_client.get(URL, {"per_page": 25})
    cursor = first.context["table"].next_cursor
    for per_page in (25, 100):
        with django_assert_max_num_queries(4):
            response = analyst_client.get(URL, {"per_page": per_page, "after": cursor})
        assert len(listed(response)) == per_page


def test_numbered_pages_stop_at_the_cap(analyst_client, monkeypatch):
    from analysis import tables

    monkeypatch.setattr(tables, "MAX_OFFSET", 100)
    stances_bulk(300)
    response = analyst_client.get(URL, {"sort": "delegation", "per_page": 25, "page": 50})
    table = response.context["table"]
    assert table.page.number == 4
    assert table.page_capped and not table.page.has_next()
    assert "Numbered pages stop at 4" in response.content.decode()


def test_a_malformed_cursor_shows_the_first_page(analyst_client):
    response = analyst_client.get(URL, {"after": "not-a-cursor"})
    assert response.status_code == 200
    assert len(listed(response)) == 22
