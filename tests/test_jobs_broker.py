"""Jobs through a real broker (Redis) and a real Celery worker process, on PostgreSQL.

Marked `broker`. They need CELERY_BROKER_URL (CI sets it: .ci/run) and PostgreSQL (a worker
process cannot see SQLite's in-memory test database). Outside CI they skip without a broker;
under CI (CI=true) a missing broker fails them. The fixture starts the worker itself, on the
test database of the pytest process running this module (each pytest-xdist process has its
own) and a queue of its own; with JOBS_TEST_WORKER set it uses one already running instead.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection, transaction

from jobs.models import Job
from jobs.services import job_extract_create
from jobs.tasks import job_chunk
from positions.models import Stance, Statement
from tests.review_helpers import make_statement

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

PROJECT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must provide it (see .ci/run)")
    pytest.skip(reason)


def wait_for(predicate, *, timeout=TIMEOUT, what="the worker"):
    """Poll the database until `predicate()` holds (a real worker runs elsewhere)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    """A Celery app sending to the real broker, and a worker consuming the test queue."""
    from config.celery import app

    if connection.vendor != "postgresql":
        pytest.skip("broker tests run on PostgreSQL (the worker cannot see SQLite's test db)")
    url = os.environ.get("CELERY_BROKER_URL", "").strip()
    if not url:
        _unavailable("no broker: CELERY_BROKER_URL is not set")
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        _unavailable(f"broker {url} unreachable ({error})")
    saved = app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.broker_url, app.conf.task_always_eager = url, False
    process = None
    if not os.environ.get("JOBS_TEST_WORKER"):
        queue = f"tracker-test-{uuid.uuid4().hex[:8]}"
        app.conf.task_default_queue = queue
        process = _start_worker(url, queue)
    yield app
    app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = saved
    if process is not None:
        process.terminate()
        process.wait(timeout=20)


def _start_worker(url: str, queue: str):
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": url,
        "CELERY_QUEUE": queue,
        "JOBS_CHUNK_SIZE": "1",
        "JOBS_RETRY_DELAY": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=PROJECT, env=env)


@pytest.fixture
def statements(live_data, worker):
    return [make_statement(extract=False), make_statement("CHN", extract=False)]


def job_state(pk):
    return Job.objects.values("status", "done", "failed", "total", "result").get(pk=pk)


def stance_rows():
    return list(Stance.objects.order_by("pk").values_list("pk", "version", "position"))


def test_progress_and_idempotence_through_a_real_worker(statements):
    ids = list(Statement.objects.order_by("pk").values_list("pk", flat=True))
    job = job_extract_create(owner=None, statements=ids, description="all, on the worker")
    seen = []

    def finished():
        state = job_state(job.pk)
        seen.append(state["done"])
        return state["status"] in Job.FINISHED and state

    state = wait_for(finished)

    assert (state["status"], state["done"], state["total"]) == ("succeeded", len(ids), len(ids))
    assert seen == sorted(seen)  # progress only moves forward
    assert state["result"]["statements"] == len(ids)
    assert Stance.objects.proposed().filter(statement__in=statements).count() == 8  # 4 each
    rows = stance_rows()

    # The same chunk delivered again, then a second job over the same statements: the worker
    # takes them in order, so once the second job is done the redelivery has run too.
    job_chunk.delay(job.pk, list(job.items.values_list("pk", flat=True)))
    again = job_extract_create(owner=None, statements=ids, description="again")
    second = wait_for(lambda: job_state(again.pk)["status"] in Job.FINISHED and job_state(again.pk))

    assert job_state(job.pk) == state
    assert stance_rows() == rows
    assert (second["result"]["created"], second["result"]["unchanged"]) == (
        0,
        state["result"]["created"],
    )


def test_a_locked_statement_is_retried_by_the_worker(statements):
    target = statements[0]
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        with transaction.atomic():
            Statement.objects.select_for_update().get(pk=target.pk)
            locked.set()
            release.wait(TIMEOUT)
        connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        locked.wait(10)
        job = job_extract_create(owner=None, statements=[target.pk], description="locked")
        item = job.items.get()
        wait_for(lambda: type(item).objects.get(pk=item.pk).attempts >= 1, what="a first attempt")
    finally:
        release.set()
        holder.join()

    state = wait_for(lambda: job_state(job.pk)["status"] in Job.FINISHED and job_state(job.pk))

    assert state["status"] == "succeeded"
    item.refresh_from_db()
    assert item.attempts >= 2 and item.outcome == "extracted"
    assert "could not obtain lock" in Job.objects.get(pk=job.pk).errors[0]
    assert Stance.objects.proposed().filter(statement=target).count() == 4


def test_an_export_is_written_by_the_worker_for_its_owner(live_data, worker, client):
    from django.core.files.storage import default_storage

    from jobs.exports import job_export_create
    from tests.conftest import make_user
    from tests.stance_factory import stance_make

    stance_make("JPN", "art-6", "support", evidence="=cmd|' /C calc'!A0")
    owner = make_user("charlie", "analyst")
    client.force_login(owner)
    query = "delegation=JPN&sort=-stated_on"
    expected = b"".join(client.get(f"/stances/?{query}&_export=csv").streaming_content)

    job = job_export_create(owner=owner, query=query, export_format="csv")
    state = wait_for(lambda: job_state(job.pk)["status"] in Job.FINISHED and job_state(job.pk))

    job.refresh_from_db()
    try:
        assert state["status"] == "succeeded" and state["done"] == state["total"] > 0
        response = client.get(f"/jobs/{job.pk}/download/")
        assert b"".join(response.streaming_content) == expected
        assert b"'=cmd" in expected
    finally:
        if job.file:
            default_storage.delete(job.file.name)
