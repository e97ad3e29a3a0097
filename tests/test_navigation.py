"""The menu in base.html: each role sees the pages it can use; a favicon; a skip link."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READING = [
    "Statements",
    "Stances",
    "Support &amp; objection",
    "Matrix",
    "Provisions",
    "Delegations",
]


def nav(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="navbar') : html.index("</nav>")]


def test_signed_out_visitors_see_only_sign_in(client):
    menu = nav(client.get(reverse("login")))
    assert "Sign in" in menu
    for name in [*READING, "Review", "Admin", "Password"]:
        assert name not in menu


def test_analysts_see_the_reading_pages_but_not_review(analyst_client):
    menu = nav(analyst_client.get(reverse("home")))
    for name in READING:
        assert name in menu
    assert "Review" not in menu
    assert ">Admin<" not in menu
    assert "Sign out charlie" in menu


def test_staff_see_review(client, alice):
    client.force_login(alice)
    menu = nav(client.get(reverse("home")))
    for name in [*READING, "Review"]:
        assert name in menu
    assert ">Admin<" not in menu


def test_admins_see_review_and_the_admin_site(admin_client):
    menu = nav(admin_client.get(reverse("home")))
    assert "Review" in menu and ">Admin<" in menu


def test_the_current_page_is_marked_for_screen_readers(analyst_client):
    menu = nav(analyst_client.get(reverse("home")))
    assert 'active" aria-current="page" href="/">Home' in menu


def test_every_page_has_a_skip_link_to_the_main_content(analyst_client):
    html = analyst_client.get(reverse("home")).content.decode()
    assert html.index('href="#main">Skip to main content') < html.index("<nav")
    assert '<main id="main"' in html


def test_favicon_is_linked_and_served_without_signing_in(client):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"
