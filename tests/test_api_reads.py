"""The API's reads: reference data, statements, stances (the stance table's filters, cursor
pages, orderings), current positions, support and the matrix; query budgets per list."""

import pytest

from positions.models import CurrentStance, Stance

from .api_helpers import assert_problem, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, charlie):
    client.defaults.update(bearer(charlie))
    return client


def test_delegations_carry_their_dated_memberships(api):
    response = api.get("/api/v1/delegations/FRA/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "FRA" and body["kind"] == "state"
    eu = [m for m in body["memberships"] if m["group"] == "EU"]
    assert eu and set(eu[0]) == {"group", "group_name", "start_date", "end_date"}
    groups = api.get("/api/v1/delegations/", {"kind": "group"}).json()
    assert groups and all(d["kind"] == "group" for d in groups)
    assert any(m["member"] == "FRA" for m in api.get("/api/v1/delegations/EU/").json()["members"])


def test_provisions_are_the_tree_with_issues_and_their_articles(api):
    provisions = api.get("/api/v1/provisions/").json()
    by_slug = {p["slug"]: p for p in provisions}
    assert by_slug["art-39"]["parent"] and by_slug["art-39"]["kind"] == "article"
    assert "art-39" in by_slug[by_slug["art-39"]["parent"]]["children"]
    assert "art-39" in by_slug["transfer-of-proceedings"]["articles"]
    assert "transfer-of-proceedings" in by_slug["art-39"]["issues"]
    assert api.get("/api/v1/provisions/nope/").status_code == 404


def test_sessions_and_statements(api):
    sessions = api.get("/api/v1/sessions/").json()
    assert any(s["code"] == "AHC-1" for s in sessions)
    listed = api.get("/api/v1/statements/", {"delegation": "JPN"}).json()
    assert listed["results"] and "text" not in listed["results"][0]
    detail = api.get(f"/api/v1/statements/{listed['results'][0]['id']}/").json()
    assert detail["text"]


def test_stance_list_takes_the_stance_tables_parameters(api):
    body = api.get("/api/v1/stances/", {"delegation": "JPN", "position": "oppose"}).json()
    expected = Stance.objects.confirmed().filter(delegation__code="JPN", position="oppose")
    assert {row["id"] for row in body["results"]} == set(expected.values_list("pk", flat=True))
    assert all(row["status"] == "confirmed" for row in body["results"])
    issue = api.get("/api/v1/stances/", {"provision": "transfer-of-proceedings"}).json()
    assert all(
        row["provision"] in {"transfer-of-proceedings", "art-39"} for row in issue["results"]
    )
    problem = assert_problem(api.get("/api/v1/stances/", {"delegation": "NOPE"}), 400)
    assert "delegation" in problem["errors"]


def test_stance_list_pages_by_cursor_in_every_ordering(api):
    total = Stance.objects.confirmed().count()
    for ordering in ("-stated_on", "stated_on", "-created_at", "created_at", "-id", "id"):
        seen, url, params = [], "/api/v1/stances/", {"page_size": 5, "ordering": ordering}
        while url:
            body = api.get(url, params).json()
            seen += [row["id"] for row in body["results"]]
            url, params = body["next"], None
        assert len(seen) == len(set(seen)) == total, ordering
    assert_problem(api.get("/api/v1/stances/", {"cursor": "garbage"}), 400)
    assert_problem(api.get("/api/v1/stances/", {"ordering": "evidence"}), 400)
    assert_problem(api.get("/api/v1/stances/", {"page_size": 0}), 400)


def test_current_positions_support_and_matrix(api):
    current = api.get("/api/v1/current-positions/", {"delegation": "JPN"}).json()["results"]
    assert len(current) == CurrentStance.objects.filter(delegation__code="JPN").count()
    support = api.get("/api/v1/support/").json()
    row = next(r for r in support if r["total"])
    assert row["total"] == sum(row[p] for p in ("support", "qualified", "neutral", "oppose"))
    assert sum(len(v) for v in row["delegations"].values()) == row["total"]
    matrix = api.get("/api/v1/matrix/", {"rows": "count"}).json()
    assert matrix["delegations"] == ["JPN"]
    assert len(matrix["rows"][0]) == len(matrix["provisions"])
    assert set(matrix["rows"][0]) <= set(matrix["legend"])


def test_anonymous_calls_get_a_401_problem(client):
    body = assert_problem(client.get("/api/v1/stances/"), 401)
    assert body["instance"] == "/api/v1/stances/"
    assert_problem(client.get("/api/v1/no-such-thing/"), 404)


def test_the_session_authenticates_the_browser(client, charlie):
    client.force_login(charlie)
    assert client.get("/api/v1/sessions/").status_code == 200


# The throttle's reads and writes of the shared cache: a SELECT and an upsert per request in
# the database cache (none on the database when it is Redis).
THROTTLE = 2

LIST_BUDGETS = {
    # token lookup and its last-use write (at most once a minute), the throttle's two, then the
    # list's own reads
    "/api/v1/delegations/": 5 + THROTTLE,
    "/api/v1/provisions/": 5 + THROTTLE,
    "/api/v1/sessions/": 3 + THROTTLE,
    "/api/v1/statements/": 3 + THROTTLE,
    "/api/v1/stances/": 4 + THROTTLE,
    "/api/v1/stances/?group=EU&position=support&current=1": 4 + THROTTLE,
    "/api/v1/current-positions/": 4 + THROTTLE,
    "/api/v1/support/": 4 + THROTTLE,
    "/api/v1/support/?as_of=AHC-2": 5 + THROTTLE,
    "/api/v1/matrix/": 4 + THROTTLE,
    "/api/v1/matrix/?as_of=AHC-2": 5 + THROTTLE,
    # the choices, the positions, the memberships (and the session of `as_of`)
    "/api/v1/coalitions/": 5 + THROTTLE,
    "/api/v1/coalitions/?as_of=AHC-2&group=EU": 6 + THROTTLE,
    # the choices, the delegations, the memberships, the positions (and the session)
    "/api/v1/compare/?d=FRA&d=JPN&d=EU": 6 + THROTTLE,
    "/api/v1/compare/?d=FRA&d=JPN&as_of=AHC-2": 7 + THROTTLE,
    "/api/v1/popolo/": 5 + THROTTLE,
}


@pytest.mark.parametrize("url,budget", LIST_BUDGETS.items(), ids=list(LIST_BUDGETS))
def test_list_query_budget(api, url, budget, django_assert_max_num_queries):
    api.get("/api/v1/sessions/")  # the token's last use is written once, here
    with django_assert_max_num_queries(budget):
        response = api.get(url)
    assert response.status_code == 200


def test_stance_list_budget_does_not_grow_with_rows(api, django_assert_max_num_queries):
    api.get("/api/v1/sessions/")
    with django_assert_max_num_queries(4 + THROTTLE):
        assert api.get("/api/v1/stances/", {"page_size": 500, "status": "any"}).status_code == 200


def test_an_unexpected_error_is_a_500_problem(charlie, monkeypatch):
    from django.test import Client

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("api.views.aggregates.popolo_document", broken)
    client = Client(raise_request_exception=False)
    body = assert_problem(client.get("/api/v1/popolo/", **bearer(charlie)), 500)
    assert "boom" not in body["detail"]
