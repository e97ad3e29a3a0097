"""Personal API tokens: made and revoked by their owner on /api/tokens/ (and by admins in the
admin), stored hashed, shown once; throttled per token."""

import hashlib

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create

from .api_helpers import assert_problem

pytestmark = pytest.mark.django_db


def test_owner_makes_a_token_shown_once_and_stored_hashed(client, alice):
    client.force_login(alice)
    response = client.post(reverse("api-tokens"), {"name": "briefing script", "scope": "api"})
    assert response.status_code == 200
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=alice)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.digest, token.prefix} and key.startswith(token.prefix)
    assert client.get(reverse("api-tokens")).context["new_key"] is None
    client.logout()
    assert client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_owner_revokes_their_token_and_it_stops_working(client, alice):
    token, key = api_token_create(user=alice, name="old")
    client.force_login(alice)
    client.post(reverse("api-token-revoke", args=[token.pk]))
    client.logout()
    assert_problem(client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Bearer {key}"), 401)


def test_nobody_revokes_someone_elses_token_on_the_page(client, alice, bob):
    token, key = api_token_create(user=alice, name="mine")
    client.force_login(bob)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_admins_make_and_revoke_tokens_in_the_admin(client, admin_user, alice):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"user": alice.pk, "name": "made by admin", "scope": "api"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice, name="made by admin")
    shown = [str(m) for m in response.context["messages"] if "Key for" in str(m)]
    key = shown[0].split("Key for alice: ")[1].split(" ")[0]
    assert hashlib.sha256(key.encode()).hexdigest() == token.digest
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_feed_token_does_not_open_the_api(client, alice):
    _token, key = api_token_create(user=alice, name="reader", scope="feed")
    assert_problem(client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Bearer {key}"), 401)


def test_unknown_and_malformed_tokens_are_401(client):
    assert_problem(client.get("/api/v1/sessions/", HTTP_AUTHORIZATION="Bearer nope"), 401)
    assert_problem(client.get("/api/v1/sessions/", HTTP_AUTHORIZATION="Bearer a b"), 401)


def test_each_token_has_its_own_budget(client, alice, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    _first, key1 = api_token_create(user=alice, name="one")
    _second, key2 = api_token_create(user=alice, name="two")
    for _ in range(3):
        assert (
            client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Bearer {key1}").status_code == 200
        )
    throttled = client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Bearer {key1}")
    assert_problem(throttled, 429)
    assert throttled["Retry-After"]
    assert client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Bearer {key2}").status_code == 200


def test_token_page_has_a_working_form(client, alice):
    client.force_login(alice)
    page = client.get(reverse("api-tokens")).content.decode()
    assert 'id="token-form"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'type="submit"' in page
