"""/matrix/: delegations x provisions coloured by current position, filterable and orderable."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations.models import Delegation
from positions.models import Stance
from positions.services import current_stances_refresh
from provisions.models import Provision
from tests.stance_factory import stance_make

pytestmark = pytest.mark.django_db

URL = reverse("analysis:matrix")


def cells(response) -> dict[tuple[str, str], str]:
    matrix = response.context["matrix"]
    return {
        (row.key, column.key): cell.position
        for row in matrix.rows
        for column, cell in zip(matrix.columns, row.cells, strict=True)
        if cell
    }


def test_seed_matrix_shows_japans_current_positions_with_a_legend(analyst_client):
    response = analyst_client.get(URL)
    assert response.status_code == 200
    grid = cells(response)
    assert len(grid) == 18
    assert grid["JPN", "new-instrument"] == "support"
    assert grid["JPN", "transfer-of-proceedings"] == "oppose"
    content = response.content.decode()
    for symbol in "✔◐○✖":
        assert symbol in content  # readable in greyscale
    # A compact cell: its position's class and symbol, a link relative to /matrix/.
    assert "<td class=o><a href=JPN/transfer-of-proceedings/>✖</a>" in content


def test_a_cell_links_to_the_stances_behind_it(analyst_client):
    response = analyst_client.get(URL, {"session": "AHC-1"})
    matrix = response.context["matrix"]
    column = [c.key for c in matrix.columns].index("new-instrument")
    href = matrix.rows[0].cells[column].href
    assert href == URL + "JPN/new-instrument/?session=AHC-1"
    # In the page the link is relative to the matrix (the same URL once resolved).
    assert '<a href="JPN/new-instrument/?session=AHC-1">✔</a>' in response.content.decode()
    # The short link redirects to the stance table filtered to exactly the cell's stances.
    redirect = analyst_client.get(href)
    assert redirect.status_code == 302
    target = redirect["Location"]
    assert target.startswith(reverse("analysis:stance-list") + "?")
    assert all(
        part in target
        for part in ("delegation=JPN", "provision=new-instrument", "exact=1", "session=AHC-1")
    )
    stances = analyst_client.get(target).context["table"].page.object_list
    assert [(r.record.delegation.code, r.record.position) for r in stances] == [("JPN", "support")]


def test_a_cell_link_carries_only_the_filters_that_apply_to_stances(analyst_client):
    response = analyst_client.get(
        reverse("analysis:matrix-cell", args=["JPN", "art-1"]),
        {"session": ["AHC-1", "AHC-2"], "rows": "count", "group": "EU"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("analysis:stance-list")
        + "?delegation=JPN&provision=art-1&exact=1&session=AHC-1&session=AHC-2"
    )


def test_the_page_stays_compact(analyst_client):
    """No title per cell (the headers name rows and columns; matrix.js names a hovered cell)."""
    response = analyst_client.get(URL)
    content = response.content.decode()
    body = content[content.index("<tbody>") : content.index("</tbody>")]
    assert body.count("title=") == len(response.context["matrix"].rows)  # the row headers'
    assert "js/matrix.js" in content


def test_filters_by_regional_group_group_category_chapter_and_session(analyst_client):
    stance_make("FRA", "extradition", "oppose")
    stance_make("EU", "extradition", "support")
    stance_make("BRA", "art-39", "qualified")

    def rows(params):
        return {row.key for row in analyst_client.get(URL, params).context["matrix"].rows}

    assert rows({"group": "EU"}) == {"EU", "FRA"}
    assert rows({"regional_group": "latin-american-caribbean"}) == {"BRA"}
    assert rows({"chapter": "ch-5", "regional_group": "western-european-others"}) == {"FRA"}
    assert rows({"category": "international-cooperation"}) == {"JPN", "FRA", "EU", "BRA"}
    assert rows({"session": "CCPCJ-24"}) == {"JPN"}


def test_rows_and_columns_order_by_name_count_and_similarity(analyst_client):
    issues = ["extradition", "jurisdiction", "data-protection", "csam-offences"]
    positions = {
        "ARG": ["support", "support", "support", "support"],
        "BRA": ["oppose", "oppose", "oppose", "oppose"],
        "CHL": ["support", "support", "support", "qualified"],
        "DNK": ["oppose", "oppose", "oppose", None],
    }
    for code, row in positions.items():
        for issue, position in zip(issues, row, strict=True):
            if position:
                stance_make(code, issue, position)
    params = {
        "category": ["international-cooperation", "jurisdiction", "safeguards", "criminalization"]
    }

    def order(rows_order):
        matrix = analyst_client.get(URL, {**params, "rows": rows_order}).context["matrix"]
        return [row.key for row in matrix.rows if row.key != "JPN"]

    assert order("name") == ["ARG", "BRA", "CHL", "DNK"]
    assert order("count")[-1] == "DNK"
    similar = order("similarity")
    # Like-minded delegations sit next to each other.
    assert abs(similar.index("ARG") - similar.index("CHL")) == 1
    assert abs(similar.index("BRA") - similar.index("DNK")) == 1
    matrix = analyst_client.get(URL, {**params, "columns": "count"}).context["matrix"]
    counts = [column.count for column in matrix.columns]
    assert counts == sorted(counts, reverse=True)


def test_query_budget_at_any_size(analyst_client, django_assert_max_num_queries):
    for params in ({}, {"rows": "similarity", "columns": "similarity", "group": "EU"}):
        with django_assert_max_num_queries(4):
            assert analyst_client.get(URL, params).status_code == 200


def test_200_by_100_is_rendered_from_one_data_query(analyst_client):
    delegations = list(Delegation.objects.order_by("code")[:200])
    provisions = list(Provision.objects.order_by("pk")[:100])
    positions = [p for p, _ in Stance.Position.choices]
    created = Stance.objects.bulk_create(
        Stance(
            delegation=delegation,
            provision=provision,
            position=positions[(i * 7 + j * 3 + i * j) % 4],
            stated_on=datetime.date(2023, 1, 1),
            status=Stance.Status.CONFIRMED,
        )
        for i, delegation in enumerate(delegations)
        for j, provision in enumerate(provisions)
    )
    current_stances_refresh(pairs=[(s.delegation_id, s.provision_id) for s in created])
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(URL, {"rows": "similarity", "columns": "similarity"})
    elapsed = time.perf_counter() - started
    matrix = response.context["matrix"]
    assert (len(matrix.rows), len(matrix.columns)) == (200, 100)
    # The one data query reads the maintained current positions, not the stance history.
    assert len([q for q in queries if "positions_currentstance" in q["sql"]]) == 1
    assert not [q for q in queries if "positions_stance" in q["sql"]]
    assert len(queries) <= 4
    print(f"200 x 100 matrix by similarity: {elapsed:.2f}s")
    assert elapsed < 10  # generous for slow CI machines


def test_the_matrix_shows_a_page_of_provisions_and_the_pages_make_the_whole(
    analyst_client, monkeypatch
):
    """`?page=` and `?per_page=`: a page of the provisions in the order chosen over all of
    them (here by number of positions); every page has every row with its whole count, and
    the pages' cells together are the unpaginated matrix's."""
    from analysis.views.tables import MatrixView

    stance_make("FRA", "extradition", "oppose")
    stance_make("CHN", "jurisdiction", "support")
    everything = cells(analyst_client.get(URL, {"columns": "count", "per_page": 500}))
    columns = [
        c.key
        for c in analyst_client.get(URL, {"columns": "count", "per_page": 500})
        .context["matrix"]
        .columns
    ]
    assert len(columns) == 20
    monkeypatch.setattr(MatrixView, "COLUMNS_PER_PAGE", 5)
    found, shown, page = {}, [], 1
    while True:
        response = analyst_client.get(URL, {"columns": "count", "page": page, "rows": "count"})
        matrix = response.context["matrix"]
        assert sorted(row.key for row in matrix.rows) == ["CHN", "FRA", "JPN"]
        assert {row.key: row.count for row in matrix.rows}["JPN"] == 18
        found.update(cells(response))
        shown += [c.key for c in matrix.columns]
        html = response.content.decode()
        assert f"provisions {5 * page - 4}–{5 * page} shown" in html
        if not matrix.columns_page.has_next():
            break
        page += 1
        assert f'href="?columns=count&amp;page={page}&amp;rows=count#matrix-size"' in html
    assert page == 4
    assert shown == columns
    assert found == everything


@pytest.mark.parametrize(
    ("params", "number", "per_page"),
    [
        ({"page": "x"}, 1, 100),
        ({"page": "-1"}, 1, 100),
        ({"page": "99"}, 1, 100),  # past the last: the last (here the only one)
        ({"per_page": "0"}, 1, 1),
        ({"per_page": "100000"}, 1, 500),
    ],
)
def test_bad_matrix_page_parameters_show_a_page(analyst_client, params, number, per_page):
    response = analyst_client.get(URL, params)
    assert response.status_code == 200
    page = response.context["matrix"].columns_page
    assert (page.number, page.paginator.per_page) == (number, per_page)


def test_a_matrix_of_one_page_has_no_page_links(analyst_client):
    html = analyst_client.get(URL).content.decode()
    assert "18 provisions" in html
    assert 'id="matrix-range"' not in html and "Pages of provisions" not in html
