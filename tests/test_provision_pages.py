"""/provisions/ and /provisions/<slug>/."""

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make, stances_bulk

pytestmark = pytest.mark.django_db


def test_tree_lists_chapters_articles_and_issues_with_counts(analyst_client):
    response = analyst_client.get(reverse("analysis:provision-list"))
    assert response.status_code == 200
    chapters = response.context["chapters"]
    assert len(chapters) == 9
    assert sum(len(chapter.articles) for chapter in chapters) == 68
    issues = [issue for _, items in response.context["issue_categories"] for issue in items]
    assert len(issues) == 23
    proceedings = next(i for i in issues if i.slug == "transfer-of-proceedings")
    assert dict(proceedings.position_counts) == {
        "support": 0,
        "qualified": 0,
        "neutral": 0,
        "oppose": 1,
    }
    assert reverse("analysis:provision-detail", args=["art-39"]).encode() in response.content


def test_issue_page_shows_who_objects_with_the_quote_and_the_timeline(analyst_client):
    stance_make(
        "BRA", "transfer-of-proceedings", "support", session="AHC-5", stated_on="2023-04-11"
    )
    response = analyst_client.get(
        reverse("analysis:provision-detail", args=["transfer-of-proceedings"])
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Transfer of criminal proceedings" in content
    assert "we object to the inclusion of the transfer of prosecution" in content
    assert "Statement by the Representative of Japan" in content
    positions = {
        position: [s.delegation.code for s in stances]
        for position, _, stances in response.context["positions"]
    }
    assert positions["oppose"] == ["JPN"] and positions["support"] == ["BRA"]
    assert [step["code"] for step in response.context["timeline"]] == ["AHC-1", "AHC-5"]
    assert [r.slug for r in response.context["related"]] == ["art-39"]


def test_chapter_page_lists_its_articles(analyst_client):
    response = analyst_client.get(reverse("analysis:provision-detail", args=["ch-5"]))
    assert [a.slug for a in response.context["children"]][:2] == ["art-35", "art-36"]


def test_new_instrument_timeline_shows_the_change_across_sessions(analyst_client):
    response = analyst_client.get(reverse("analysis:provision-detail", args=["new-instrument"]))
    timeline = [(step["code"], dict(step["counts"])) for step in response.context["timeline"]]
    assert [code for code, _ in timeline] == ["CCPCJ-24", "AHC-1"]
    assert timeline[0][1]["oppose"] == 1 and timeline[1][1]["support"] == 1


def test_unknown_provision_is_404(analyst_client):
    assert (
        analyst_client.get(reverse("analysis:provision-detail", args=["nope"])).status_code == 404
    )


def test_query_budgets(analyst_client, django_assert_max_num_queries):
    stances_bulk(300)
    with django_assert_max_num_queries(4):
        analyst_client.get(reverse("analysis:provision-list"))
    for slug in ("transfer-of-proceedings", "ch-5", "art-39"):
        # 7, +2 for the timeline chart (the stances on the provision and the sessions), +1 for
        # the Watch button (is it watched?).
        with django_assert_max_num_queries(10):
            analyst_client.get(reverse("analysis:provision-detail", args=[slug]))
