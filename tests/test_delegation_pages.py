"""/delegations/ and /delegations/<code>/."""

import datetime
import re

import pytest
from django.urls import reverse

from analysis.views.delegations import DelegationDetailView
from positions.models import Statement
from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db

URL = reverse("analysis:delegation-list")


def codes(response) -> list[str]:
    return [row.record.code for row in response.context["table"].page.object_list]


def test_list_filters_by_kind_and_regional_group(analyst_client):
    response = analyst_client.get(URL, {"kind": "group"})
    assert set(codes(response)) == {
        "EU", "AFRICAN-GROUP", "G77", "CARICOM", "ARAB-GROUP", "OIC", "ASEAN", "CELAC", "PIF"
    }  # fmt: skip
    response = analyst_client.get(URL, {"regional_group": "asia-pacific", "q": "japan"})
    assert codes(response) == ["JPN"]
    assert response.context["table"].page.object_list[0].record.stance_count == 22


def test_list_query_budget_at_two_page_sizes(analyst_client, django_assert_max_num_queries):
    stances_bulk(200)
    for per_page in (25, 100):
        with django_assert_max_num_queries(4):
            analyst_client.get(URL, {"per_page": per_page})


def test_japan_page_shows_statements_current_positions_and_changes(analyst_client):
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["jpn"]))
    assert response.status_code == 200
    assert len(response.context["statements"]) == 2
    current = {s.provision.slug: s.position for s in response.context["current"]}
    assert len(current) == 18
    assert current["new-instrument"] == "support"
    changes = {
        c["slug"]: [step["position"] for step in c["steps"]] for c in response.context["changes"]
    }
    # Two restatements: international cooperation (support 2015 -> qualified 2022) and the
    # new instrument (oppose -> support); the others were restated unchanged.
    assert changes == {
        "international-cooperation": ["support", "qualified"],
        "new-instrument": ["oppose", "support"],
    }
    assert "Statement by Japan at the 24th session" in response.content.decode()


def test_changes_list_only_the_changes_in_order(analyst_client, django_assert_max_num_queries):
    # ISL (no seed stances): extradition support -> support -> oppose -> qualified (two changes);
    # asset recovery stated twice, unchanged; a rejected stance does not count.
    stance_make("ISL", "extradition", "support", stated_on="2019-03-01", session="AHC-1")
    stance_make("ISL", "extradition", "support", stated_on="2020-03-01", session="AHC-2")
    stance_make("ISL", "extradition", "oppose", stated_on="2021-03-01", session="AHC-3")
    stance_make("ISL", "extradition", "oppose", stated_on="2021-06-01", status="rejected")
    stance_make("ISL", "extradition", "qualified", stated_on="2022-03-01", session="AHC-4")
    stance_make("ISL", "jurisdiction", "neutral", stated_on="2019-03-01")
    stance_make("ISL", "jurisdiction", "neutral", stated_on="2022-03-01")
    # +2 for the timeline chart (stances, sessions).
    with django_assert_max_num_queries(13):
        response = analyst_client.get(reverse("analysis:delegation-detail", args=["ISL"]))
    assert response.context["more_changes"] is False
    [change] = response.context["changes"]
    assert change["slug"] == "extradition"
    steps = [(s["position"], str(s["since"]), s["session"], s["until"]) for s in change["steps"]]
    assert steps == [
        ("support", "2019-03-01", "AHC-1", datetime.date(2020, 3, 1)),
        ("oppose", "2021-03-01", "AHC-3", None),
        ("qualified", "2022-03-01", "AHC-4", None),
    ]


def test_changes_are_capped_with_a_note(analyst_client, monkeypatch):
    monkeypatch.setattr(DelegationDetailView, "CHANGES_SHOWN", 1)
    stance_make("ISL", "extradition", "support", stated_on="2019-03-01")
    stance_make("ISL", "extradition", "oppose", stated_on="2020-03-01")
    stance_make("ISL", "extradition", "qualified", stated_on="2021-03-01")
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["ISL"]))
    assert response.context["more_changes"] is True
    [change] = response.context["changes"]
    assert [s["position"] for s in change["steps"]] == ["oppose", "qualified"]
    assert 'id="more-changes"' in response.content.decode()


def test_state_page_lists_its_groups(analyst_client):
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["FRA"]))
    assert "EU" in [m.group.code for m in response.context["memberships"]]


def test_group_page_shows_its_members_positions(analyst_client):
    stance_make("FRA", "extradition", "oppose")
    stance_make("DEU", "extradition", "oppose")
    stance_make("EU", "extradition", "qualified")
    stance_make("USA", "extradition", "support")
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["EU"]))
    assert len(response.context["members"]) == 28  # the United Kingdom until 2020
    rows = {row.record["slug"]: row.record for row in response.context["members_table"].rows}
    assert rows["extradition"]["oppose"] == 2
    assert rows["extradition"]["qualified"] == 1
    assert rows["extradition"]["support"] == 0
    link = response.context["members_table"].stance_link(rows["extradition"], "oppose")
    stances = analyst_client.get(link).context["table"].page.object_list
    assert sorted(r.record.delegation.code for r in stances) == ["DEU", "FRA"]


def test_a_group_without_listed_members_says_so(analyst_client):
    from delegations.models import GroupMembership

    GroupMembership.objects.filter(group__code="PIF").delete()
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["PIF"]))
    assert response.context["members"] == []
    assert 'id="no-members"' in response.content.decode()


def test_a_former_member_is_listed_with_the_date_it_left(analyst_client):
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["EU"]))
    assert "(until 31 Jan 2020)" in response.content.decode()


def test_detail_query_budgets(analyst_client, django_assert_max_num_queries):
    stances_bulk(200)
    assert Statement.objects.count() == 2
    # The groups (memberships, their positions) and the timeline chart (stances, sessions).
    with django_assert_max_num_queries(14):
        analyst_client.get(reverse("analysis:delegation-detail", args=["FRA"]))
    with django_assert_max_num_queries(15):
        analyst_client.get(reverse("analysis:delegation-detail", args=["EU"]))


def test_unknown_delegation_is_404(analyst_client):
    assert (
        analyst_client.get(reverse("analysis:delegation-detail", args=["XXX"])).status_code == 404
    )


def test_a_member_page_marks_positions_held_through_its_groups(analyst_client):
    stance_make("G77", "extradition", "oppose", evidence="The Group of 77 objects.")
    stance_make("G77", "jurisdiction", "support")
    stance_make("CHN", "jurisdiction", "oppose")  # its own, differing from the group's
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["CHN"]))
    [inferred] = response.context["inferred"]
    assert (inferred["via"].delegation.code, inferred["position"]) == ("G77", "oppose")
    assert inferred["via"].provision.slug == "extradition"
    [diverging] = response.context["diverging"]
    assert (diverging["own"].position, diverging["group"].position) == ("oppose", "support")
    html = response.content.decode()
    assert 'id="inferred-positions"' in html and "via G77" in html
    assert "The Group of 77 objects." in html and 'id="divergences"' in html


def test_a_group_page_lists_members_breaking_ranks(analyst_client):
    stance_make("EU", "extradition", "support")
    stance_make("FRA", "extradition", "oppose")
    stance_make("DEU", "extradition", "support")
    stance_make("GBR", "extradition", "oppose")  # no longer a member when the EU spoke
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["EU"]))
    [row] = response.context["diverging"]
    assert row["stance"].provision.slug == "extradition"
    assert row["members"] == [("FRA", "oppose")]


def test_group_pages_list_the_divergences_the_coalition_analysis_finds(analyst_client):
    from analysis import coalitions
    from analysis.selectors import memberships
    from delegations.models import Delegation
    from devdata.synthetic import synthetic_generate
    from positions.models import CurrentStance

    synthetic_generate(stances=3000, statements=150, delegations=60, provisions=60, seed=4)
    held = [
        coalitions.Held(*row)
        for row in CurrentStance.objects.values_list(
            "delegation_id", "provision_id", "position", "stated_on"
        )
    ]
    codes = dict(Delegation.objects.values_list("pk", "code"))
    expected: dict[str, dict[int, list]] = {}
    for d in coalitions.divergences(held, memberships()):
        lines = expected.setdefault(codes[d.group], {})
        lines.setdefault(d.provision, []).append((codes[d.member], d.member_position))
    assert sum(len(lines) for lines in expected.values()) > 20
    for group in Delegation.objects.groups():
        # The lines of each page of the members grid: its provisions', all of them once.
        url = reverse("analysis:delegation-detail", args=[group.code])
        found, page, pages = {}, 1, 1
        while page <= pages:
            response = analyst_client.get(url, {"members-page": page})
            table = response.context["members_table"]
            shown = {row.record["slug"] for row in table.page.object_list}
            for item in response.context["diverging"]:
                assert item["stance"].provision.slug in shown
                assert item["stance"].provision_id not in found
                found[item["stance"].provision_id] = item["members"]
            page, pages = page + 1, table.paginator.num_pages
        wanted = {p: sorted(members) for p, members in expected.get(group.code, {}).items()}
        assert found == wanted, group.code


def test_statements_are_the_latest_first_with_undated_ones_last(analyst_client):
    from positions.models import Statement

    stance_make("JPN", "extradition", "support")  # the seed statements plus a few more below
    japan = Statement.objects.filter(delegation__code="JPN").first()
    for i in range(4):
        japan.pk = None
        japan.title = f"Statement {i}"
        japan.delivered_on = None if i % 2 else datetime.date(2024, 1, 10 + i)
        japan.session = None if i == 3 else japan.session
        japan.text_digest = f"digest-{i}"
        japan.save()
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["JPN"]))
    expected = list(
        Statement.objects.active()
        .for_delegation(response.context["delegation"])
        .latest_first()
        .values_list("pk", flat=True)
    )
    assert [s.pk for s in response.context["statements"]] == expected
    assert response.context["statements"][-1].title == "Statement 3"  # no date at all


def test_a_group_members_grid_is_paginated_by_provision_and_complete(analyst_client):
    """The grid shows a page of provisions (`?members-page=`, `?members-per_page=`); the pages
    together are the rows of the group's and its members' current positions, bars included."""
    from analysis.aggregates import support_rows_from_cells
    from analysis.filters import reference_choices_cached
    from devdata.synthetic import synthetic_generate
    from positions.models import CurrentStance

    synthetic_generate(stances=3000, statements=150, delegations=60, provisions=60, seed=4)
    reference = reference_choices_cached()
    expected = support_rows_from_cells(
        CurrentStance.objects.by_groups(["G77"]).values_list(
            "delegation_id", "provision_id", "position"
        ),
        delegations=reference.delegation_rows,
        provisions=reference.provision_rows,
    )
    assert len(expected) > 25
    url = reverse("analysis:delegation-detail", args=["G77"])
    response = analyst_client.get(url)
    table = response.context["members_table"]
    assert len(table.page.object_list) == DelegationDetailView.MEMBERS_PER_PAGE
    assert table.paginator.count == len(expected)
    html = response.content.decode()
    assert html.count('<tr class="odd">') + html.count('<tr class="even">') == 25
    assert f"Provisions 1–25 of {len(expected)}." in html
    assert "members-page=2" in html  # the grid's own page links

    found, page, pages = [], 1, 1
    while page <= pages:
        response = analyst_client.get(url, {"members-page": page, "members-per_page": 7})
        table = response.context["members_table"]
        rows = [row.record for row in table.page.object_list]
        assert len(rows) == 7 or page == table.paginator.num_pages
        found += rows
        # The page links keep the page's other parameters.
        assert "members-per_page=7" in response.content.decode()
        page, pages = page + 1, table.paginator.num_pages
    assert found == expected


def test_a_members_grid_shows_a_former_members_positions_from_while_it_was_one(
    analyst_client,
):
    stance_make("EU", "extradition", "support")
    stance_make("FRA", "extradition", "oppose")
    stance_make("GBR", "extradition", "oppose")  # 2023: after the United Kingdom left
    stance_make("GBR", "jurisdiction", "qualified", stated_on="2019-06-01", session=None)
    url = reverse("analysis:delegation-detail", args=["EU"])
    table = analyst_client.get(url).context["members_table"]
    rows = {row.record["slug"]: row.record["delegations"] for row in table.page.object_list}
    assert [code for code, _ in rows["extradition"]["oppose"]] == ["FRA"]
    assert [code for code, _ in rows["jurisdiction"]["qualified"]] == ["GBR"]


def test_every_groups_grid_keeps_its_members_positions_within_their_membership_dates(
    analyst_client,
):
    """The grid's rows, taken from the arrays of the group's and all its members' positions,
    are those of `by_groups` for every group: a member's positions from before it joined or
    after it left (the EU's dated memberships) are left out."""
    from analysis.aggregates import support_rows_from_cells
    from analysis.filters import reference_choices_cached
    from delegations.models import Delegation, GroupMembership
    from devdata.synthetic import synthetic_generate
    from positions.models import CurrentStance

    synthetic_generate(stances=3000, statements=150, delegations=60, provisions=60, seed=5)
    assert GroupMembership.objects.filter(end_date__isnull=False).exists()
    reference = reference_choices_cached()
    for group in Delegation.objects.groups():
        expected = support_rows_from_cells(
            CurrentStance.objects.by_groups([group.code]).values_list(
                "delegation_id", "provision_id", "position"
            ),
            delegations=reference.delegation_rows,
            provisions=reference.provision_rows,
        )
        url = reverse("analysis:delegation-detail", args=[group.code])
        table = analyst_client.get(url, {"members-per_page": 500}).context["members_table"]
        assert [row.record for row in table.page.object_list] == expected, group.code


def test_a_group_page_links_the_full_list_of_members_breaking_ranks(analyst_client):
    stance_make("EU", "extradition", "support")
    stance_make("FRA", "extradition", "oppose")
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["EU"]))
    html = response.content.decode()
    assert 'id="all-divergences"' in html
    link = response.context["diverging_url"]
    assert link == "/matrix/?group=EU&diverging=1"
    matrix = analyst_client.get(link).context["matrix"]
    assert sorted(r.key for r in matrix.rows) == ["EU", "FRA"]


def current_position_slugs(html: str) -> list[str]:
    table = html[
        html.index('id="current-positions"') : html.index(
            "</table>", html.index('id="current-positions"')
        )
    ]
    return re.findall(r'<tr data-provision="([^"]+)">', table)


def test_a_delegations_current_positions_are_paginated_and_complete(analyst_client, monkeypatch):
    """The current positions show a page at a time (`?positions-page=`,
    `?positions-per_page=`); the pages together are all of them in provision order, and each
    page link keeps the other parameters and opens on the section (`#own-positions`)."""
    monkeypatch.setattr(DelegationDetailView, "POSITIONS_PER_PAGE", 5)
    url = reverse("analysis:delegation-detail", args=["JPN"])
    response = analyst_client.get(url)
    everything = [s.provision.slug for s in response.context["current"]]
    assert len(everything) == 18
    html = response.content.decode()
    assert current_position_slugs(html) == everything[:5]
    assert 'Current positions <small class="text-muted">(18)</small>' in html
    assert "Provisions 1–5 of 18." in html
    assert 'href="?positions-page=2#own-positions"' in html
    assert 'id="own-positions"' in html

    found, page = [], 1
    while True:
        response = analyst_client.get(
            url, {"positions-page": page, "positions-per_page": 7, "members-page": 2}
        )
        html = response.content.decode()
        found += current_position_slugs(html)
        if not response.context["positions_page"].has_next():
            break
        page += 1
        assert (
            f'href="?positions-page={page}&amp;positions-per_page=7&amp;members-page=2'
            '#own-positions"' in html
        )
    assert page == 3
    assert found == everything


@pytest.mark.parametrize(
    ("params", "expected_page", "per_page"),
    [
        ({"positions-page": "abc"}, 1, 5),
        ({"positions-page": "999"}, 4, 5),
        ({"positions-page": "-2"}, 1, 5),
        ({"positions-per_page": "0"}, 1, 1),
        ({"positions-per_page": "x"}, 1, 5),
        ({"positions-per_page": "100000"}, 1, 500),
    ],
)
def test_bad_position_page_parameters_show_a_page_not_an_error(
    analyst_client, monkeypatch, params, expected_page, per_page
):
    monkeypatch.setattr(DelegationDetailView, "POSITIONS_PER_PAGE", 5)
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["JPN"]), params)
    assert response.status_code == 200
    page = response.context["positions_page"]
    assert (page.number, page.paginator.per_page) == (expected_page, per_page)
    assert current_position_slugs(response.content.decode())


def test_a_short_list_of_current_positions_has_no_page_links(analyst_client):
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["JPN"]))
    html = response.content.decode()
    assert len(current_position_slugs(html)) == 18
    assert "positions-page=" not in html
    assert 'id="current-positions-range"' not in html


def test_the_members_grids_page_links_open_on_the_grid(analyst_client):
    from devdata.synthetic import synthetic_generate

    synthetic_generate(stances=3000, statements=150, delegations=60, provisions=60, seed=4)
    html = analyst_client.get(
        reverse("analysis:delegation-detail", args=["G77"]), {"positions-page": 2}
    ).content.decode()
    assert 'href="?positions-page=2&amp;members-page=2#members-positions"' in html
    assert 'id="members-positions"' in html
