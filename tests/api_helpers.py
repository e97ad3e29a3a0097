"""Helpers for the API tests: token headers for the personas, problem-details checks."""

from api.services import api_token_create


def bearer(user, *, scope="api") -> dict:
    """Request headers that authenticate as `user` with a fresh API token."""
    _token, key = api_token_create(user=user, name="test", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body
