"""/support/: current positions per provision, sortable, each count linked to its stances."""

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:support")


def rows(response) -> dict[str, dict]:
    return {row.record["slug"]: row.record for row in response.context["table"].rows}


def test_counts_current_positions_per_provision(analyst_client):
    response = analyst_client.get(URL)
    assert response.status_code == 200
    table = rows(response)
    assert len(table) == 18  # Japan spoke on 18 issues; new-instrument counts once (current)
    assert table["new-instrument"]["support"] == 1
    assert table["new-instrument"]["oppose"] == 0
    assert sum(row["oppose"] for row in table.values()) == 4
    assert table["transfer-of-proceedings"]["delegations"]["oppose"] == [("JPN", "Japan")]


def test_purpose_built_counts_and_sorts(analyst_client):
    for code in ("FRA", "DEU", "BRA"):
        stance_make(code, "extradition", "oppose")
    stance_make("USA", "extradition", "support")
    stance_make("FRA", "jurisdiction", "support")
    stance_make("DEU", "jurisdiction", "qualified")
    stance_make("USA", "jurisdiction", "oppose")
    stance_make("BRA", "jurisdiction", "oppose")
    table = rows(analyst_client.get(URL))
    assert (table["extradition"]["support"], table["extradition"]["oppose"]) == (1, 3)
    assert table["jurisdiction"]["total"] == 4

    def order(sort):
        return [
            row.record["slug"]
            for row in analyst_client.get(URL, {"sort": sort}).context["table"].rows
        ]

    assert order("-oppose")[0] == "extradition"
    # Jurisdiction: two for, two against, the most contested; extradition next (1 against 3).
    assert order("-contested")[:2] == ["jurisdiction", "extradition"]
    stance_make("BRA", "scope-cyber-dependent", "support")
    assert order("-support")[0] == "scope-cyber-dependent"  # Japan and Brazil


def test_filters_by_category_chapter_session_and_regional_group(analyst_client):
    stance_make("BRA", "extradition", "oppose", session="AHC-5")
    table = rows(analyst_client.get(URL, {"category": "international-cooperation"}))
    assert set(table) == {
        "extradition",
        "international-cooperation",
        "mutual-legal-assistance",
        "transfer-of-proceedings",
        "transfer-of-sentenced-persons",
    }
    assert set(rows(analyst_client.get(URL, {"chapter": "ch-5"}))) == set(table)
    assert set(rows(analyst_client.get(URL, {"session": "AHC-5"}))) == {"extradition"}
    table = rows(analyst_client.get(URL, {"regional_group": "latin-american-caribbean"}))
    assert set(table) == {"extradition"}
    table = rows(analyst_client.get(URL, {"session": "CCPCJ-24"}))
    # At CCPCJ-24 Japan opposed a new instrument, but its current position (AHC-1) is support.
    assert "new-instrument" not in table
    assert table["technical-assistance"]["support"] == 1


def test_a_count_opens_exactly_the_stances_behind_it(analyst_client):
    stance_make("FRA", "art-39", "oppose")  # linked to transfer-of-proceedings, not counted there
    stance_make("BRA", "transfer-of-proceedings", "oppose", session="AHC-5")
    stance_make("USA", "transfer-of-proceedings", "oppose", session="AHC-5")
    response = analyst_client.get(
        URL, {"session": "AHC-5", "regional_group": "latin-american-caribbean"}
    )
    row = rows(response)["transfer-of-proceedings"]
    link = response.context["table"].stance_link(row, "oppose")
    assert link.encode().replace(b"&", b"&amp;") in response.content
    stances = analyst_client.get(link).context["table"].page.object_list
    assert [(r.record.delegation.code, r.record.provision.slug) for r in stances] == [
        ("BRA", "transfer-of-proceedings")
    ]
    assert row["oppose"] == 1


def test_exports_the_counts(analyst_client):
    response = analyst_client.get(URL, {"_export": "csv"})
    text = response.content.decode()
    assert "Transfer of criminal proceedings" in text
    assert "1: JPN" in text


def test_query_budget(analyst_client, django_assert_max_num_queries):
    stances_bulk(400)
    for params in ({}, {"category": "general", "sort": "-contested"}, {"chapter": "ch-2"}):
        with django_assert_max_num_queries(4):
            assert analyst_client.get(URL, params).status_code == 200


def test_bars_are_scaled_to_counts(analyst_client):
    stance_make("ISL", "extradition", "support")
    for code in ("FRA", "DEU", "ITA", "ESP"):
        stance_make(code, "jurisdiction", "oppose")
    response = analyst_client.get(URL)
    rows = {row.record["slug"]: row.record for row in response.context["table"].rows}
    widest = max(row["total"] for row in rows.values())
    # One position is a sliver of the widest bar, not a full bar.
    for slug in ("extradition", "jurisdiction"):
        row = rows[slug]
        assert row["bar"]["width"] == max(round(160 * row["total"] / widest, 1), 2)
        assert sum(width for _, _, width, _ in row["bar"]["segments"]) == pytest.approx(100)
    assert rows["jurisdiction"]["bar"]["width"] > rows["extradition"]["bar"]["width"]
    assert ("oppose", 4) in [(p, n) for p, _, _, n in rows["jurisdiction"]["bar"]["segments"]]
    assert '<svg class="balance-bar"' in response.content.decode()


def test_support_rows_from_arrays_are_the_rows_from_cells():
    """The support page groups its positions as sorted arrays: the same rows, in the same
    order, names sorted the same way, as grouping them cell by cell."""
    import numpy as np

    from analysis.aggregates import POSITIONS, support_rows_from_arrays, support_rows_from_cells
    from analysis.filters import reference_choices_cached
    from devdata.synthetic import synthetic_generate
    from positions.models import CurrentStance

    synthetic_generate(stances=2000, statements=100, delegations=40, provisions=30, seed=7)
    reference = reference_choices_cached()
    cells = list(CurrentStance.objects.values_list("delegation_id", "provision_id", "position"))
    assert len(cells) > 300
    delegation, provision, rank = (
        np.array(column, dtype=np.int64)
        for column in zip(*((d, p, POSITIONS.index(pos)) for d, p, pos in cells), strict=True)
    )
    names = {"delegations": reference.delegation_rows, "provisions": reference.provision_rows}
    fast = support_rows_from_arrays(delegation, provision, rank, **names)
    assert fast == support_rows_from_cells(cells, **names)
    assert list(fast[0]) == list(support_rows_from_cells(cells, **names)[0])  # keys in order
    empty = np.zeros(0, dtype=np.int64)
    assert support_rows_from_arrays(empty, empty, empty, **names) == []
