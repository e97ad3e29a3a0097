"""The shared filter form: type-ahead multi-selects, a result count, folded on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import sign_in
from tests.review_helpers import PASSWORD, make_user

pytestmark = pytest.mark.browser


def pick(page, field: str, typed: str, option: str):
    """Type into a filter's type-ahead and choose the option named `option`."""
    box = page.locator(f"#id_{field}-ts-control")
    box.click()
    box.press_sequentially(typed)
    page.locator(f"#id_{field}-ts-dropdown").get_by_role("option", name=option, exact=True).click()
    page.locator("h1").click()  # away from the box: the list closes
    expect(page.locator(f"#id_{field}-ts-dropdown")).to_be_hidden()


def test_analyst_filters_the_stance_table_by_typing_and_reads_it_on_a_phone(
    live_server, live_data, page, screenshot
):
    make_user("charlie", group="analyst", password=PASSWORD)
    sign_in(page, live_server.url, "charlie")
    page.goto(live_server.url + "/stances/")
    # The filters are type-ahead boxes, not 750 px of Ctrl-click lists.
    expect(page.locator("#id_delegation-ts-control")).to_be_visible()
    form_height = page.locator("form.filter-form").bounding_box()["height"]
    screenshot("0-desktop")
    assert form_height < 450, form_height
    expect(page.locator("[data-count=results]")).to_contain_text("22 stances")

    pick(page, "delegation", "japa", "Japan (JPN)")
    pick(page, "provision", "transfer of crim", "Transfer of criminal proceedings")
    expect(page.locator("#id_delegation-ts-control").locator("..")).to_contain_text("Japan")
    screenshot("1-typed")
    page.locator("form.filter-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r".*delegation=JPN.*"))
    assert "provision=transfer-of-proceedings" in page.url
    expect(page.locator("[data-count=results]")).to_have_text(re.compile(r"\s*1 stance\s*"))
    expect(page.locator("table.stance-table tbody tr")).to_have_count(1)
    screenshot("2-filtered-desktop")
    filtered = page.url

    # On a phone: the filters start folded, the count and the first stance are near the top,
    # and nothing spills sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/stances/")
    expect(page.locator("details.filter-panel")).not_to_have_attribute("open", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("table.stance-table tbody tr").first
    assert first.bounding_box()["y"] < 500, first.bounding_box()
    expect(first.locator("td[data-label=Delegation]")).to_be_visible()
    screenshot("3-phone")
    page.screenshot(path=str(screenshot("3-phone").with_name("phone-stances-first-screen.png")))
    page.locator("details.filter-panel summary").click()
    expect(page.locator("#id_delegation-ts-control")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("4-phone-filters-open")
    page.goto(filtered)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_same_type_ahead_filters_the_matrix_and_support_pages(
    live_server, live_data, page, screenshot
):
    make_user("charlie", group="analyst", password=PASSWORD)
    sign_in(page, live_server.url, "charlie")
    page.goto(live_server.url + "/matrix/")
    pick(page, "group", "europ", "European Union")
    page.locator("form.filter-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r".*group=EU.*"))
    expect(page.locator("#id_group-ts-control").locator("..")).to_contain_text("European Union")
    screenshot("1-matrix")
    page.goto(live_server.url + "/support/")
    pick(page, "chapter", "crimin", re.compile(r"^Chapter \d+: Criminalization$"))
    page.locator("form.filter-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r".*chapter=.*"))
    screenshot("2-support")
