"""/matrix/ with groups: inferred cells (`?inferred=1`) and members breaking ranks (`?diverging=1`)."""

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:matrix")


def cells(response, code) -> dict:
    matrix = response.context["matrix"]
    [row] = [r for r in matrix.rows if r.key == code]
    return {c.key: cell for c, cell in zip(matrix.columns, row.cells, strict=True) if cell}


def test_a_group_position_shows_outlined_in_members_without_their_own(analyst_client):
    stance_make("G77", "extradition", "oppose")
    stance_make("CHN", "extradition", "support")  # China's own position wins
    stance_make("IND", "jurisdiction", "qualified")
    response = analyst_client.get(URL, {"group": "G77", "inferred": 1})
    assert cells(response, "CHN")["extradition"].via == ""
    india = cells(response, "IND")
    assert (india["extradition"].position, india["extradition"].via) == ("oppose", "G77")
    assert india["extradition"].href.startswith("/matrix/G77/extradition/")
    assert india["jurisdiction"].via == ""
    # 134 members, China stated its own: 133 inferred cells.
    assert response.context["inferred_count"] == 133
    html = response.content.decode()
    assert '<td class="o i" data-via="G77"><a href=G77/extradition/>' in html
    assert 'id="inferred-note"' in html


def test_without_the_option_nothing_is_inferred(analyst_client):
    stance_make("G77", "extradition", "oppose")
    response = analyst_client.get(URL, {"group": "G77"})
    assert [r.key for r in response.context["matrix"].rows] == ["G77"]
    assert "data-via" not in response.content.decode()


def test_a_membership_after_the_group_spoke_carries_nothing(analyst_client):
    stance_make("EU", "extradition", "oppose", stated_on="2023-01-10")
    response = analyst_client.get(URL, {"group": "EU", "inferred": 1})
    rows = [r.key for r in response.context["matrix"].rows]
    assert "FRA" in rows and "GBR" not in rows  # the UK left in 2020


def test_diverging_keeps_members_breaking_ranks_and_their_group(analyst_client):
    stance_make("EU", "extradition", "support")
    stance_make("FRA", "extradition", "oppose")
    stance_make("DEU", "extradition", "support")
    stance_make("FRA", "jurisdiction", "oppose")
    response = analyst_client.get(URL, {"diverging": 1})
    assert sorted(r.key for r in response.context["matrix"].rows) == ["EU", "FRA"]
    assert list(cells(response, "FRA")) == ["extradition"]
    assert 'id="diverging-note"' in response.content.decode()


def test_query_budget_with_groups(analyst_client, django_assert_max_num_queries):
    stances_bulk(200)
    stance_make("EU", "extradition", "support")
    with django_assert_max_num_queries(5):
        analyst_client.get(URL, {"inferred": 1, "diverging": 1})
    with django_assert_max_num_queries(5):
        analyst_client.get(URL, {"inferred": 1})
