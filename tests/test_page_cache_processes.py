"""Without Redis, each web process keeps the stance table's pages in its own memory, under the
data's version read from the database (a PostgreSQL sequence, a one-row table on SQLite): a
write committed by another process shows on the next page every process serves.

Two real processes: a "web" process that keeps serving the page (Django's test client, its own
local-memory cache) and a "job" process that changes a stance through the ORM in between. On
PostgreSQL they share the test database (the test commits its data: transactional); on SQLite,
whose test database lives in this process's memory, a file database migrated for the test.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import make_user
from tests.stance_factory import stance_make

PROJECT = Path(__file__).resolve().parents[1]

WEB = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

assert settings.DATA_VERSION_STORE == "database", settings.DATA_VERSION_STORE
assert settings.CACHES["pages"]["BACKEND"].endswith("LocMemCache")
client = Client()
client.force_login(get_user_model().objects.get(username=sys.argv[1]))
for marker in sys.stdin:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/stances/", {"delegation": "JPN"})
    print(json.dumps({
        "status": response.status_code,
        "shows": marker.strip() in response.content.decode(),
        "stance_reads": sum('"positions_stance"' in q["sql"] for q in queries),
        "queries": len(queries),
    }), flush=True)
"""

# A job worker's write: no request, no page, only the ORM (and the execute wrapper that moves
# the version).
JOB = """
import sys
import django
django.setup()
from positions.models import Stance
assert Stance.objects.filter(pk=int(sys.argv[1])).update(evidence=sys.argv[2]) == 1
"""

SETUP = """
import django
django.setup()
from tests.conftest import load_reference_data, make_user
load_reference_data()
from tests.stance_factory import stance_make
make_user("charlie", "analyst")
print(stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.").pk)
"""


def _python(code: str, env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def shared_database(tmp_path, request):
    """The environment of processes that share one database, and the stance they read."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "",
        "PAGE_CACHE_SECONDS": "600",
    }
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
        request.getfixturevalue("live_data")  # committed, for the other processes to read
        make_user("charlie", "analyst")
        stance = stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
        return env, stance.pk
    env["DATABASE_URL"] = ""
    env["SQLITE_PATH"] = str(tmp_path / "shared.sqlite3")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env, int(_python(SETUP, env).split()[-1])


@pytest.mark.django_db(transaction=True)
def test_a_write_by_another_process_shows_on_the_next_page_of_a_web_process(shared_database):
    env, stance = shared_database
    web = subprocess.Popen(
        [sys.executable, "-c", WEB, "charlie"],
        cwd=PROJECT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def page(marker: str) -> dict:
        web.stdin.write(marker + "\n")
        web.stdin.flush()
        line = web.stdout.readline()
        assert line, "the web process stopped"
        return json.loads(line)

    try:
        first = page("Japan cannot accept this wording.")
        assert first["status"] == 200 and first["shows"] and first["stance_reads"] > 0
        kept = page("Japan cannot accept this wording.")
        # From the process's memory: the session, the user and the version, no stance.
        assert kept["shows"] and kept["stance_reads"] == 0 and kept["queries"] == 3

        _python(JOB, env, str(stance), "Japan now accepts the wording.")

        after = page("Japan now accepts the wording.")
        assert after["shows"] and after["stance_reads"] > 0
        assert not page("Japan cannot accept this wording.")["shows"]
        assert page("Japan now accepts the wording.")["stance_reads"] == 0
    finally:
        web.stdin.close()
        web.wait(timeout=30)
