"""Schemathesis against the live schema (/api/schema/): every operation, generated requests as
an admin (who may call every operation), no server error and no response outside the schema.

`SCHEMATHESIS_MAX_EXAMPLES` sets the cases per operation (100 by default, as in CI). The
operations are driven one by one with Hypothesis (schemathesis' own pytest plugin does not run
under pytest 9).
"""

import os
import time

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from api.services import api_token_create

# Every other check runs (no 5xx, status codes, content types, headers and bodies as the schema
# says, invalid input refused). Not this one: a string the schema allows is not a delegation
# code or a cursor the data holds, and the API rightly answers 400 to an unknown one.

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "100"))


def _operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


OPERATIONS = _operations()


@pytest.fixture
def keep_test_connection():
    """Keep the test's database connection across requests, as Django's test client does.

    The cases call the WSGI app directly, so Django's request signals would close the connection
    after each request (it is in the test's transaction, not in autocommit): on PostgreSQL every
    later query would then fail with "the connection is closed" (SQLite's in-memory test
    database is never closed, which hid it there). Requested after `live_schema`, whose test
    client reconnects the signal when its own request ends.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def live_schema(db, client, admin_user, settings):
    """The schema as the running app serves it to a signed-in user."""
    from config.wsgi import application

    settings.API_THROTTLE_RATE = "1000000/minute"
    client.force_login(admin_user)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    loaded = schemathesis.openapi.from_dict(response.json())
    loaded.app = application  # calls go through the whole WSGI app, middleware included
    loaded.location = "/api/schema/"
    return loaded


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_operation_conforms_to_its_schema(
    live_schema, keep_test_connection, admin_user, method, path, media_root
):
    _token, key = api_token_create(user=admin_user, name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}
    operation = live_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        cases.append(case)
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    cases: list = []
    started = time.monotonic()
    check()
    # The figures of a local run (pytest -s): cases generated, distinct ones, seconds.
    distinct = len({(repr(c.path_parameters), repr(c.query), repr(c.body)) for c in cases})
    print(
        f"\nschemathesis {method} {path}: {len(cases)} cases ({distinct} distinct) "
        f"in {time.monotonic() - started:.1f} s"
    )
