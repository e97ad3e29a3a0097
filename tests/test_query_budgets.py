"""Every analyst page runs the same few queries at any data size (issue 13).

Each page is counted after the synthetic generator has added a thousand stances over many
delegations, provisions and statements (groups, proposals, changes of position, withdrawn
statements included), then again after it has added four thousand more: the count must not
move, and stays within the page's budget.
"""

import pytest
from django.db import connection
from django.db.models import Count

from delegations.models import Delegation
from devdata.synthetic import synthetic_generate

pytestmark = pytest.mark.django_db

# (path, budget): the budget includes the session and user look-ups of a signed-in request.
PAGES = [
    # With the API reader's visit record (read and update); the latest statements in two
    # queries (the dated ones from an index, the undated ones).
    ("/", 13),
    ("/review/", 8),
    ("/review/?statement=1", 8),
    ("/statements/", 8),
    ("/statements/?withdrawn=include", 8),
    # The stance table counts its matching rows (exact up to 10,000, then estimated): one query.
    ("/stances/", 5),
    ("/stances/?per_page=100", 5),
    ("/stances/?sort=delegation", 5),
    ("/stances/?q=cooperation", 5),
    ("/stances/?delegation=FRA&position=oppose", 5),
    ("/support/", 4),
    ("/support/?sort=-contested&category=general", 4),
    ("/matrix/", 4),
    ("/delegations/", 4),
    # The group with the most stances: members grid (a page of provisions, the group's and its
    # members' positions read once as arrays), changes.
    ("/delegations/{group}/", 17),
    ("/delegations/{group}/?members-page=2", 17),
    ("/delegations/{group}/?members-page=3&members-per_page=10", 17),
    ("/delegations/{state}/", 18),
    ("/provisions/", 4),
    ("/provisions/transfer-of-proceedings/", 9),
]


def busiest(kind: str) -> str:
    return (
        Delegation.objects.filter(kind=kind)
        .annotate(n=Count("stances"))
        .order_by("-n", "code")
        .values_list("code", flat=True)[0]
    )


def query_counts(client, names) -> dict[str, int]:
    counts = {}
    for template, _ in PAGES:
        path = template.format(**names)
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(executed)
    return counts


def test_every_page_keeps_its_query_count_at_two_data_sizes(
    admin_client, django_assert_max_num_queries
):
    synthetic_generate(stances=1000, statements=60, delegations=60, provisions=80, seed=2)
    names = {"group": busiest(Delegation.Kind.GROUP), "state": busiest(Delegation.Kind.STATE)}
    admin_client.get("/")  # a user's first visit records the reader once (api.Reader)
    small = query_counts(admin_client, names)
    synthetic_generate(stances=4000, statements=240, delegations=60, provisions=80, seed=3)
    large = query_counts(admin_client, names)

    assert large == small
    for path, budget in PAGES:
        with django_assert_max_num_queries(budget):
            assert admin_client.get(path.format(**names)).status_code == 200


def test_timeline_pages_keep_their_query_count_with_kept_snapshots(admin_client):
    """The delegation and provision pages read their timelines from the positions kept as of
    each session once every session's day is kept: the same count at both sizes, and the same
    as from the stances."""
    from positions.services import current_stances_refresh

    timeline_pages = [(path, budget) for path, budget in PAGES if "/delegations/{" in path]
    timeline_pages.append(("/provisions/{provision}/", 9))

    def counts(names):
        pages = [(path.format(**names), budget) for path, budget in timeline_pages]
        executed = {}
        for path, budget in pages:
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                assert admin_client.get(path).status_code == 200, path
            assert len(queries) <= budget, path
            executed[path] = (len(queries), any("positionsnapshot" in q for q in queries))
        return executed

    synthetic_generate(stances=1000, statements=60, delegations=60, provisions=80, seed=2)
    names = {
        "group": busiest(Delegation.Kind.GROUP),
        "state": busiest(Delegation.Kind.STATE),
        "provision": "art-6",
    }
    admin_client.get("/")
    from_stances = counts(names)
    current_stances_refresh()
    small = counts(names)
    synthetic_generate(stances=4000, statements=240, delegations=60, provisions=80, seed=3)
    current_stances_refresh()
    large = counts(names)

    assert all(kept for _, kept in small.values())
    assert large == small
    assert {path: n for path, (n, _) in small.items()} == {
        path: n for path, (n, _) in from_stances.items()
    }
