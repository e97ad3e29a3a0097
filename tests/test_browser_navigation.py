"""The navigation with the keyboard and on a phone: skip link, focus ring, menu per role."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import sign_in
from tests.review_helpers import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_keyboard_user_skips_to_the_content_and_sees_where_the_focus_is(
    live_server, live_data, page, screenshot
):
    make_user("charlie", group="analyst", password=PASSWORD)
    page.goto(live_server.url + "/accounts/login/")
    # Signed out, the menu offers signing in and nothing else.
    expect(page.locator("nav.navbar .nav-link")).to_have_text(["Sign in"])
    sign_in(page, live_server.url, "charlie")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    screenshot("1-skip-link")

    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # Home
    home = page.locator("nav.navbar .nav-link", has_text="Home")
    expect(home).to_be_focused()
    outline = home.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline == "solid 3px"
    screenshot("2-focus-ring")

    # The analyst's menu: the reading pages, no Review.
    links = page.locator("nav.navbar .navbar-nav.me-auto .nav-link").all_inner_texts()
    assert links == [
        "Home",
        "Statements",
        "Stances",
        "Support & objection",
        "Matrix",
        "Coalitions",
        "Compare",
        "Provisions",
        "Delegations",
        "Jobs",
    ]

    # Skip link moves the focus to the main content.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_staff_menu_on_a_phone_folds_and_offers_review(live_server, live_data, page, screenshot):
    make_user("alice", delegation="JPN", group="staff", password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "alice")
    review = page.locator("nav.navbar .nav-link", has_text="Review")
    expect(review).to_be_hidden()
    page.get_by_role("button", name="Toggle navigation").click()
    expect(review).to_be_visible()
    screenshot("phone-menu-open")
