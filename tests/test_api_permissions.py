"""Every API operation x every role: the status each gets, and refused writes change nothing.

Roles: anonymous, alice (staff of Japan, whose statement and stances these are), bob (staff of
France), charlie (analyst), admin, and a revoked token (of alice). The operations are read from
the live schema, so a new operation without a row here fails the coverage test.
"""

import pytest
from django.db.models import Max, Sum
from drf_spectacular.generators import SchemaGenerator

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from positions.models import Stance, Statement

from .review_helpers import TEXT, make_statement

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "alice", "bob", "charlie", "admin", "revoked"]
READ = {"anonymous": 401, "alice": 200, "bob": 200, "charlie": 200, "admin": 200, "revoked": 401}


def _write(ok: int) -> dict:
    return {"anonymous": 401, "alice": ok, "bob": 403, "charlie": 403, "admin": ok, "revoked": 401}


def _statement_body(world):
    return {"delegation": "JPN", "session": "AHC-1", "title": "Matrix statement", "text": TEXT}


def _stance_body(world):
    return {
        "delegation": "JPN",
        "statement": world["statement"].pk,
        "provision": "art-40",
        "position": "support",
        "evidence": "Japan strongly supports",
    }


# (method, path template) -> (expected by role, body maker or None)
MATRIX = {
    ("GET", "/api/v1/delegations/"): (READ, None),
    ("GET", "/api/v1/delegations/{code}/"): (READ, None),
    ("GET", "/api/v1/provisions/"): (READ, None),
    ("GET", "/api/v1/provisions/{slug}/"): (READ, None),
    ("GET", "/api/v1/sessions/"): (READ, None),
    ("GET", "/api/v1/sessions/{code}/"): (READ, None),
    ("GET", "/api/v1/statements/"): (READ, None),
    ("GET", "/api/v1/statements/{id}/"): (READ, None),
    ("POST", "/api/v1/statements/"): (_write(201), _statement_body),
    ("GET", "/api/v1/stances/"): (READ, None),
    ("GET", "/api/v1/stances/{id}/"): (READ, None),
    ("POST", "/api/v1/stances/"): (_write(201), _stance_body),
    ("PATCH", "/api/v1/stances/{id}/"): (
        _write(200),
        lambda w: {"version": w["stance"].version, "position": "neutral"},
    ),
    ("POST", "/api/v1/stances/{id}/accept/"): (
        _write(200),
        lambda w: {"version": w["proposal"].version},
    ),
    ("POST", "/api/v1/stances/{id}/reject/"): (
        _write(200),
        lambda w: {"version": w["proposal"].version},
    ),
    ("POST", "/api/v1/stances/{id}/revise/"): (
        _write(200),
        lambda w: {
            "version": w["proposal"].version,
            "position": "neutral",
            "provision": w["proposal"].provision.slug,
            "evidence": w["proposal"].evidence,
        },
    ),
    ("GET", "/api/v1/current-positions/"): (READ, None),
    ("GET", "/api/v1/support/"): (READ, None),
    ("GET", "/api/v1/matrix/"): (READ, None),
    ("GET", "/api/v1/coalitions/"): (READ, None),
    ("GET", "/api/v1/compare/"): (READ, None),
    ("GET", "/api/v1/popolo/"): (READ, None),
}


def _schema_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    }


def test_matrix_covers_every_operation_of_the_schema():
    assert _schema_operations() == set(MATRIX)


def snapshot():
    return (
        Statement.objects.count(),
        Statement.objects.aggregate(v=Sum("version"))["v"],
        Stance.objects.count(),
        Stance.objects.aggregate(v=Sum("version"), m=Max("updated_at")),
        Stance.history.count(),
        sorted(Stance.objects.values_list("pk", "status", "position")),
    )


@pytest.fixture
def world(alice, bob, charlie, admin_user):
    statement = make_statement("JPN")
    proposal = statement.stances.proposed().order_by("pk").first()
    stance = Stance.objects.confirmed().filter(delegation__code="JPN").order_by("pk").first()
    users = {"alice": alice, "bob": bob, "charlie": charlie, "admin": admin_user}
    headers = {"anonymous": {}}
    for name, user in users.items():
        _token, key = api_token_create(user=user, name="matrix")
        headers[name] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    revoked, key = api_token_create(user=alice, name="old")
    api_token_revoke(token=revoked)
    headers["revoked"] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    return {"statement": statement, "proposal": proposal, "stance": stance, "headers": headers}


def _url(path: str, world) -> str:
    stance = (
        world["proposal"] if path.endswith(("accept/", "reject/", "revise/")) else world["stance"]
    )
    ids = {"{id}": stance.pk}
    if path.startswith("/api/v1/statements/"):
        ids["{id}"] = world["statement"].pk
    for key, value in {**ids, "{code}": "JPN", "{slug}": "art-39"}.items():
        path = path.replace(key, str(value))
    if path.startswith("/api/v1/sessions/") and "JPN" in path:
        path = path.replace("JPN", "AHC-1")
    if path == "/api/v1/compare/":
        path += "?d=JPN&d=FRA"
    return path


CASES = [(op, role) for op in MATRIX for role in ROLES]


@pytest.mark.parametrize("operation,role", CASES, ids=[f"{m} {p} {r}" for (m, p), r in CASES])
def test_operation_by_role(client, world, operation, role):
    method, path = operation
    expected_by_role, body = MATRIX[operation]
    expected = expected_by_role[role]
    url = _url(path, world)
    before = snapshot()
    call = getattr(client, method.lower())
    if body is None:
        response = call(url, **world["headers"][role])
    else:
        response = call(url, body(world), content_type="application/json", **world["headers"][role])
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"].startswith("application/problem+json")
        assert snapshot() == before, f"a refused {method} {path} by {role} changed the database"


def test_revoked_token_is_refused_at_once(client, alice):
    token, key = api_token_create(user=alice, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/sessions/", **headers).status_code == 200
    api_token_revoke(token=token)
    assert client.get("/api/v1/sessions/", **headers).status_code == 401
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
