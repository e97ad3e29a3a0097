"""A token's request budget holds across processes: the throttle counts in a cache every web
process shares (settings.CACHES["throttle"]), the database's table or Redis (REDIS_URL).

Each test runs the throttle in two separate Python processes, one after the other, on the same
store: the second process sees the first one's requests. The Redis case skips when Redis is not
reachable, except under CI (CI=true), where it fails instead.
"""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

PROJECT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

# Makes `requests` calls of the API's throttle for one token; prints whether each was allowed.
SCRIPT = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from types import SimpleNamespace
from api.models import ApiToken
from api.throttling import TokenRateThrottle

call_command("createcachetable", verbosity=0)  # nothing to do for Redis
token, requests = int(sys.argv[1]), int(sys.argv[2])
request = SimpleNamespace(auth=ApiToken(pk=token), user=None, META={"REMOTE_ADDR": "10.0.0.1"})
print(json.dumps({
    "backend": settings.CACHES["throttle"]["BACKEND"],
    "allowed": [TokenRateThrottle().allow_request(request, None) for _ in range(requests)],
}))
"""


def _process(env: dict, token: int, requests: int) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(token), str(requests)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _redis_reachable() -> bool:
    url = urlparse(REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def process_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(tmp_path / "shared.sqlite3"),
        "API_THROTTLE_RATE": "3/minute",
        "REDIS_URL": "",
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    return env


def _budget_is_shared(env: dict, backend: str):
    first = _process(env, token=7, requests=2)
    assert first["backend"].endswith(backend)
    assert first["allowed"] == [True, True]
    # Another process: one request left of the token's three, then refused.
    assert _process(env, token=7, requests=2)["allowed"] == [True, False]
    # Another token of the same store has its own budget.
    assert _process(env, token=8, requests=1)["allowed"] == [True]


def test_the_database_cache_shares_a_tokens_budget_between_processes(process_env):
    _budget_is_shared(process_env, "UpsertDatabaseCache")


@pytest.mark.redis
def test_redis_shares_a_tokens_budget_between_processes(process_env):
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}; CI must provide it (.ci/run)")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    _budget_is_shared({**process_env, "REDIS_URL": REDIS_URL}, "RedisCache")
