"""An analyst reads a room by its coalitions: a group's positions carried to its members in the
matrix, the agreement heatmap and its blocs, three delegations side by side, a timeline."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser_helpers import sign_in
from tests.conftest import make_user
from tests.stance_factory import stance_make

pytestmark = pytest.mark.browser

SLUGS = ("extradition", "jurisdiction", "preventive-measures", "transfer-of-proceedings")


def arrange():
    # The G77 objects to extradition and qualifies jurisdiction; China states its own on one.
    stance_make("G77", "extradition", "oppose", evidence="The Group of 77 and China object.")
    stance_make("G77", "jurisdiction", "qualified", stated_on="2022-06-01", session="AHC-2")
    stance_make("CHN", "extradition", "oppose", evidence="China objects to extradition.")
    stance_make("IND", "jurisdiction", "support", stated_on="2022-03-01", session="AHC-1")
    # Two blocs on four provisions.
    for code in ("FRA", "DEU", "ITA"):
        for slug in SLUGS:
            stance_make(code, slug, "support")
    for code in ("RUS", "IRN", "PRK"):
        for slug in SLUGS:
            stance_make(code, slug, "oppose")


def test_analyst_reads_coalitions(live_server, live_data, page, screenshot):
    arrange()
    make_user("charlie", "analyst")
    sign_in(page, live_server.url, "charlie")

    # The matrix filtered to the G77, with the group's positions carried to its members.
    page.goto(live_server.url + reverse("analysis:matrix") + "?group=G77")
    page.check("input[name=inferred]")
    page.click("form.filter-form input[type=submit]")
    page.wait_for_url("**/matrix/?*inferred=on*")
    expect(page.locator("#inferred-note")).to_be_visible()
    inferred = page.locator("#matrix td.i[data-via=G77]")
    assert inferred.count() > 200  # 133 members on extradition, more on jurisdiction
    india = page.locator("#matrix tr", has=page.locator("th a[title^='India']"))
    assert india.locator("td.s:not(.i)").count() == 1  # its own support on jurisdiction
    assert india.locator("td.o.i").count() == 1  # the G77's objection, outlined
    inferred.first.hover()
    assert "inferred: the position of G77" in (inferred.first.locator("a").get_attribute("title"))
    screenshot("1-matrix-inferred")

    # The coalitions page: the heatmap, blocs, distance to consensus.
    page.click("nav >> text=Coalitions")
    page.wait_for_url("**/coalitions/")
    expect(page.locator("#heatmap")).to_be_visible()
    blocs = page.locator("#blocs li")
    texts = [blocs.nth(i).inner_text() for i in range(blocs.count())]
    assert any("FRA" in t and "DEU" in t and "ITA" in t for t in texts)
    assert any("RUS" in t and "IRN" in t and "PRK" in t for t in texts)
    cell = page.locator("#heatmap td.b").first
    cell.hover()
    assert "shared provision" in cell.get_attribute("title")
    extradition = page.locator("#consensus tr[data-provision=extradition]")
    assert "G77" in extradition.inner_text() and "G77 (for 131" in extradition.inner_text()
    screenshot("2-coalitions")

    # Compare three delegations: differences first, the inferred one marked.
    page.goto(live_server.url + reverse("analysis:compare") + "?d=JPN&d=CHN&d=IND")
    expect(page.locator("#compare")).to_be_visible()
    first = page.locator("#compare tbody tr").first
    assert first.get_attribute("data-kind") == "differ"
    jurisdiction = page.locator("#compare tr[data-provision=jurisdiction]")
    assert "via G77" in jurisdiction.inner_text()  # China holds the G77's qualified support
    with page.expect_download() as download:
        page.click("[data-export=csv]")
    assert download.value.suggested_filename.startswith("compare-JPN-CHN-IND")
    screenshot("3-compare")

    # A timeline: the provision's positions after each session, as a chart with its table.
    page.goto(live_server.url + reverse("analysis:provision-detail", args=["jurisdiction"]))
    canvas = page.locator("#position-timeline canvas")
    expect(canvas).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('#position-timeline canvas'))"
    )
    page.locator("#position-timeline summary").click()
    expect(page.locator("#position-timeline table")).to_be_visible()
    screenshot("4-provision-timeline")

    # China's page: the G77's positions it holds for want of its own, marked, and its timeline.
    page.goto(live_server.url + reverse("analysis:delegation-detail", args=["CHN"]))
    inferred = page.locator("#inferred-positions tr[data-provision=jurisdiction]")
    assert "via G77" in inferred.inner_text()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('#position-timeline canvas'))"
    )
    screenshot("5-member-page")
