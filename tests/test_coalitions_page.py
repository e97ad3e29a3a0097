"""/coalitions/: heatmap, blocs, swing, distance to consensus, filters, as of a session."""

import re

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:coalitions")
PROVISIONS = ("extradition", "jurisdiction", "preventive-measures", "art-39")


def two_blocs():
    for code in ("FRA", "DEU"):
        for slug in PROVISIONS:
            stance_make(code, slug, "support")
    for code in ("CHN", "RUS"):
        for slug in PROVISIONS:
            stance_make(code, slug, "oppose")


def bloc_codes(response) -> list[list[str]]:
    return sorted(sorted(d["code"] for d in bloc) for bloc in response.context["blocs"])


def test_two_blocs_show_up_and_japan_with_the_seeds_joins_neither(analyst_client):
    two_blocs()
    response = analyst_client.get(URL, {"provision": PROVISIONS, "exact": 1})
    assert response.status_code == 200
    # Four shared provisions in full agreement: (4 + 1.5) / 7 = 0.79 >= 0.75.
    assert bloc_codes(response) == [["CHN", "RUS"], ["DEU", "FRA"]]
    html = response.content.decode()
    assert 'id="heatmap"' in html
    # FRA and DEU agree at 79 on 4 shared provisions: the figures of the cell in FRA's row and
    # DEU's column, from the row's lists (static/js/coalitions.js reads them out).
    cell = heatmap_cells(html)
    assert cell["FRA", "DEU"] == ("a8 b", "79", "4")
    assert cell["FRA", "CHN"] == ("a2", "21", "4")  # (0 + 1.5) / 7
    assert cell["FRA", "FRA"][0] == "a10 b" and cell["CHN", "FRA"][0] == "a2"


def heatmap_cells(html: str) -> dict:
    """{(row code, column code): (class, score, shared)} of the heatmap's cells."""
    table = html[html.index('id="heatmap"') : html.index("</table>", html.index('id="heatmap"'))]
    columns = re.findall(r"<th scope=col class=ch [^>]*><span>([^<]+)</span>", table)
    cells = {}
    for scores, shared, code, row in re.findall(
        r'<tr data-s="([^"]*)" data-n="([^"]*)"><th scope=row [^>]*>([^< ]+)[^\n]*?</th>(.*?)</tr>',
        table,
    ):
        classes = re.findall(r'<td class="?([a-z0-9 ]+)"?>', row)
        assert len(classes) == len(columns) == len(scores.split(",")) == len(shared.split(","))
        for column, klass, s, n in zip(
            columns, classes, scores.split(","), shared.split(","), strict=True
        ):
            cells[code, column] = (klass, s, n)
    return cells


def test_a_regional_group_filter_narrows_the_delegations(analyst_client):
    two_blocs()
    response = analyst_client.get(URL, {"regional_group": "western-european-others"})
    codes = {code for bloc in bloc_codes(response) for code in bloc}
    assert "CHN" not in codes and response.context["delegation_count"] == 2


def test_distance_to_consensus_counts_the_members_a_group_speaks_for(analyst_client):
    stance_make("AFRICAN-GROUP", "extradition", "oppose")
    stance_make("NGA", "extradition", "support")  # its own position wins
    stance_make("FRA", "extradition", "qualified")
    response = analyst_client.get(URL)
    row = next(r for r in response.context["consensus"] if r["slug"] == "extradition")
    assert row["counts"] == {"support": 1, "qualified": 1, "neutral": 0, "oppose": 53}
    assert row["distance"] == 53.5
    # One objector, the group, speaking for its 54 members but Nigeria.
    assert str(row["objectors"]).startswith(
        '<span title="African Group">AFRICAN-GROUP</span> <span class="small text-muted">'
        "(for 53: DZA, AGO, BEN,"
    )
    assert str(row["objectors"]).count("<span title=") == 1
    assert str(row["qualifiers"]) == '<span title="France">FRA</span>'


def test_as_of_a_session_shows_where_everyone_stood_after_it(analyst_client):
    stance_make("FRA", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("FRA", "extradition", "oppose", stated_on="2023-04-12", session="AHC-5")
    response = analyst_client.get(URL, {"as_of": "AHC-4"})
    assert response.context["as_of"].code == "AHC-4"
    row = next(r for r in response.context["consensus"] if r["slug"] == "extradition")
    assert row["counts"]["support"] == 1 and row["counts"]["oppose"] == 0
    now = analyst_client.get(URL)
    row = next(r for r in now.context["consensus"] if r["slug"] == "extradition")
    assert row["counts"]["oppose"] == 1
    assert 'id="as-of"' in response.content.decode()


def test_nothing_matching_says_so(analyst_client):
    response = analyst_client.get(URL, {"as_of": "IEG-1"})
    assert 'id="no-positions"' in response.content.decode()


def test_query_budget(analyst_client, django_assert_max_num_queries):
    two_blocs()
    stances_bulk(200)
    with django_assert_max_num_queries(6):
        analyst_client.get(URL)
    with django_assert_max_num_queries(7):
        analyst_client.get(URL, {"as_of": "AHC-5", "group": "EU"})


@pytest.mark.parametrize("name", ["analysis:matrix", "analysis:support"])
def test_matrix_and_support_as_of_a_session(analyst_client, name):
    stance_make("FRA", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("FRA", "extradition", "oppose", stated_on="2023-04-12", session="AHC-5")
    before = analyst_client.get(
        reverse(name), {"as_of": "ahc-4", "category": "international-cooperation"}
    )
    after = analyst_client.get(reverse(name), {"category": "international-cooperation"})
    assert before.context["as_of"].code == "AHC-4" and after.context["as_of"] is None
    if name == "analysis:matrix":
        [row] = [r for r in before.context["matrix"].rows if r.key == "FRA"]
        assert {c.position for c in row.cells if c} == {"support"}
        [row] = [r for r in after.context["matrix"].rows if r.key == "FRA"]
        assert {c.position for c in row.cells if c} == {"oppose"}
    else:
        [row] = [
            r.record for r in before.context["table"].rows if r.record["slug"] == "extradition"
        ]
        assert (row["support"], row["oppose"]) == (1, 0)
        [row] = [r.record for r in after.context["table"].rows if r.record["slug"] == "extradition"]
        assert (row["support"], row["oppose"]) == (0, 1)


def test_positions_read_as_integers_match_the_rows():
    from analysis.coalitions import Positions
    from analysis.selectors import position_arrays
    from positions.models import CurrentStance

    stance_make("FRA", "extradition", "qualified", stated_on="2021-02-03")
    fast = position_arrays(CurrentStance.objects.all())
    plain = Positions.from_rows(
        CurrentStance.objects.values_list("delegation_id", "provision_id", "position", "stated_on")
    )

    def rows(p):
        return sorted(zip(p.delegation, p.provision, p.rank, p.day, strict=True))

    assert rows(fast) == rows(plain)


def test_a_filter_value_that_is_no_choice_shows_no_positions_instead_of_failing(analyst_client):
    # An invalid form leaves the page an empty queryset (`none()`), which has no SQL to run.
    two_blocs()
    response = analyst_client.get(URL, {"regional_group": "no-such-group"})
    assert response.status_code == 200
    assert response.context["delegation_count"] == 0
    assert 'id="no-positions"' in response.content.decode()


def test_positions_read_as_integers_of_an_empty_queryset_are_empty():
    from analysis.selectors import position_arrays, position_cells
    from positions.models import CurrentStance

    stance_make("FRA", "extradition", "qualified")
    assert len(position_arrays(CurrentStance.objects.none())) == 0
    assert position_cells(CurrentStance.objects.none()) == []
    rows = CurrentStance.objects.values_list("delegation_id", "provision_id", "position")
    assert ("qualified",) in {(position,) for *_, position in rows}
    assert sorted(position_cells(CurrentStance.objects.all())) == sorted(rows)
