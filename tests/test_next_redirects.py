"""Every `next` goes through one helper that allows only local paths (GET and POST)."""

import pytest
from django.urls import reverse

from common.http import local_path
from positions.models import Stance
from tests.review_helpers import make_statement, personas

QUEUE = "/review/"
HOSTILE = [
    "javascript:alert(document.domain)//",
    "JavaScript:alert(1)",
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "foo",
    "review",
    "data:text/html,<script>alert(1)</script>",
    "/review/\r\nSet-Cookie: x=1",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_only_local_paths_pass(value):
    assert local_path(value) is None


@pytest.mark.parametrize("value", ["/review/", "/review/?page=2&delegation=3", "/stances/#x"])
def test_local_paths_pass(value):
    assert local_path(value) == value


@pytest.fixture
def setup(db, client):
    people = personas()
    statement = make_statement("JPN")
    stance = statement.stances.filter(status=Stance.Status.PROPOSED).first()
    client.force_login(people["alice"])
    return client, stance


@pytest.mark.parametrize("value", HOSTILE)
def test_review_edit_page_never_links_back_to_a_hostile_next(setup, value):
    client, stance = setup
    response = client.get(reverse("positions:review-edit", args=[stance.pk]), {"next": value})
    assert response.status_code == 200
    assert response.context["next"] == QUEUE
    assert b'href="/review/" class="btn btn-link' in response.content
    assert b"javascript:" not in response.content.lower()


def test_review_edit_page_keeps_a_local_next(setup):
    client, stance = setup
    response = client.get(
        reverse("positions:review-edit", args=[stance.pk]), {"next": "/review/?page=2"}
    )
    assert response.context["next"] == "/review/?page=2"


@pytest.mark.parametrize("action", ["review-accept", "review-reject"])
@pytest.mark.parametrize("value", HOSTILE)
def test_review_actions_redirect_to_the_queue_for_a_hostile_next(setup, action, value):
    client, stance = setup
    response = client.post(
        reverse(f"positions:{action}", args=[stance.pk]), {"version": "0", "next": value}
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE


def test_next_foo_on_bulk_accept_is_no_server_error(setup):
    client, _ = setup
    response = client.post(reverse("positions:review-bulk-accept"), {"next": "foo"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE


def test_a_get_next_is_honoured_by_a_post_action_when_local(setup):
    client, stance = setup
    url = reverse("positions:review-reject", args=[stance.pk]) + "?next=/review/?page=3"
    response = client.post(url, {"version": "0"})
    assert response["Location"] == "/review/?page=3"
