"""/api/docs/ renders the interactive documentation with no network beyond the app itself."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_api_docs_render_offline(live_server, live_data, page, screenshot):
    from django.contrib.auth.models import User

    User.objects.create_user("reader", password="a-long-test-password")
    own_host = urlsplit(live_server.url).netloc
    elsewhere = []

    def only_the_app(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + "/api/docs/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "reader")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Treaty Position Tracker API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.locator(".opblock").count() >= 20
    assert elsewhere == [], f"the docs asked for {elsewhere}"
    assert refused == [], f"the Content-Security-Policy refused: {refused}"
    assert screenshot("api-docs").stat().st_size > 0
