import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_with_its_stylesheet(live_server, live_data, page, screenshot):
    from django.contrib.auth.models import User

    User.objects.create_user("reader", password="a-long-test-password")
    page.goto(live_server.url + "/")
    # Anonymous visitors are sent to the sign-in page first.
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "reader")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.title().startswith("Home")
    navbar = page.locator("nav.navbar")
    # The navigation's own dark blue (app.css) proves the local stylesheets loaded and applied.
    assert navbar.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(10, 79, 179)"
    assert page.locator("[data-count=statements]").inner_text() == "2"
    assert "Statement by the Representative of Japan" in page.content()
    assert screenshot("home").stat().st_size > 0
