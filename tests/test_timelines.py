"""Timelines as pictures: positions by session on provision and delegation pages, with tables."""

import json

import pytest
from django.urls import reverse

from tests.stance_factory import stance_make

pytestmark = pytest.mark.django_db


def test_a_provision_timeline_stacks_the_positions_held_after_each_session(analyst_client):
    stance_make("ISL", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("NOR", "extradition", "oppose", stated_on="2022-06-01", session="AHC-2")
    stance_make("ISL", "extradition", "oppose", stated_on="2023-01-12", session="AHC-4")
    response = analyst_client.get(reverse("analysis:provision-detail", args=["extradition"]))
    timeline = response.context["position_timeline"]
    steps = {step["code"]: step["counts"] for step in timeline["steps"]}
    # Japan's seed positions on extradition are dated too; count only ISL's and NOR's changes.
    assert steps["AHC-2"]["oppose"] - steps["AHC-1"]["oppose"] == 1
    assert steps["AHC-4"]["support"] == steps["AHC-3"]["support"] - 1
    chart = json.loads(timeline["chart_json"])
    assert chart["labels"] == [step["code"] for step in timeline["steps"]]
    assert chart["changes"] is None
    html = response.content.decode()
    assert "<canvas data-chart=" in html and "vendor/chartjs/chart.umd.min.js" in html
    assert "The figures as a table" in html
    assert "<script>" not in html  # no inline script: a CSP is coming


def test_a_delegation_timeline_marks_its_changes(analyst_client):
    stance_make("ISL", "extradition", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("ISL", "jurisdiction", "support", stated_on="2022-03-01", session="AHC-1")
    stance_make("ISL", "extradition", "oppose", stated_on="2022-06-01", session="AHC-2")
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["ISL"]))
    timeline = response.context["position_timeline"]
    steps = [
        (s["code"], s["counts"]["support"], s["counts"]["oppose"], s["changes"])
        for s in timeline["steps"]
    ]
    assert steps[:2] == [("AHC-1", 2, 0, 0), ("AHC-IC1", 2, 0, 0)]
    assert ("AHC-2", 1, 1, 1) in steps
    assert json.loads(timeline["chart_json"])["changes"][:3] == [0, 0, 1]


def test_no_stances_no_chart(analyst_client):
    response = analyst_client.get(reverse("analysis:delegation-detail", args=["ISL"]))
    assert response.context["position_timeline"] is None
    assert "chart.umd.min.js" not in response.content.decode()


def test_chartjs_is_vendored_with_its_licence():
    from django.conf import settings

    folder = settings.BASE_DIR / "static" / "vendor" / "chartjs"
    assert (folder / "LICENSE.md").read_text().startswith("The MIT License")
    assert "4.5.1" in (folder / "chart.umd.min.js").read_text()[:200]
