"""axe-core on every page, signed in as delegation staff and as an analyst (WCAG 2.1 AA).

A page passes with no serious or critical violation. The paths are the app's stable URLs; a page
a role may not use (the write pages for analysts) is not checked for that role.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from positions.models import Stance, Statement
from tests.browser_helpers import sign_in
from tests.review_helpers import PASSWORD, make_statement, make_user

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


def reading_pages(statement: Statement, stance: Stance) -> list[str]:
    return [
        "/",
        "/statements/",
        f"/statements/{statement.pk}/",
        "/stances/",
        "/stances/?delegation=JPN&position=oppose",
        f"/stances/{stance.pk}/",
        "/support/",
        "/matrix/",
        "/provisions/",
        f"/provisions/{stance.provision.slug}/",
        "/delegations/",
        "/delegations/JPN/",
        "/delegations/EU/",
        "/matrix/?inferred=1",
        "/coalitions/",
        "/compare/?d=JPN&d=EU",
        "/agreement/",
        "/jobs/",
        "/api/tokens/",
        "/accounts/password_change/",
    ]


def writing_pages(statement: Statement, stance: Stance, proposal: Stance) -> list[str]:
    return [
        "/statements/new/",
        f"/statements/{statement.pk}/edit/",
        f"/stances/new/?statement={statement.pk}",
        f"/stances/{stance.pk}/edit/",
        "/review/",
        f"/review/{proposal.pk}/edit/",
        "/jobs/import/",
    ]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("role", ["staff", "analyst"])
def test_every_page_has_no_serious_accessibility_violation(
    live_server, live_data, page, screenshot, role
):
    statement = make_statement("JPN", title="Statement on the draft convention")
    proposal = statement.stances.filter(status=Stance.Status.PROPOSED).first()
    stance = Stance.objects.filter(statement__delegation__code="JPN", status="confirmed").first()
    username = "alice" if role == "staff" else "charlie"
    make_user(
        username, delegation="JPN" if role == "staff" else None, group=role, password=PASSWORD
    )

    paths = reading_pages(statement, stance)
    if role == "staff":
        paths += writing_pages(statement, stance, proposal)

    # The sign-in page, signed out.
    page.goto(live_server.url + "/accounts/login/")
    failures = {"/accounts/login/": serious_violations(page)}
    sign_in(page, live_server.url, username)
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        failures[path] = serious_violations(page)
    failures = {path: found for path, found in failures.items() if found}
    report = "\n".join(f"{path}: {item}" for path, found in failures.items() for item in found)
    assert not failures, "serious or critical axe violations:\n" + report


def test_every_reading_page_fits_a_phone_without_scrolling_sideways(live_server, live_data, page):
    """At 390 px a wide table scrolls inside its own box; the page itself never does (WCAG 1.4.10,
    reflow: content readable without scrolling in two directions)."""
    statement = make_statement("JPN", title="Statement on the draft convention")
    stance = Stance.objects.filter(statement__delegation__code="JPN", status="confirmed").first()
    make_user("charlie", group="analyst", password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "charlie")
    too_wide = {}
    for path in reading_pages(statement, stance) + ["/delegations/G77/"]:
        assert page.goto(live_server.url + path).status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert not too_wide, f"pages wider than the phone (390 px): {too_wide}"
