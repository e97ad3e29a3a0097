"""What a job worker process does around its tasks (`jobs/tasks.py`).

It keeps its database connection from one task to the next (CELERY_DB_REUSE_MAX); before each
task it is checked, as Django checks a web process's before each request
(`connections_checked`): a connection that still works is kept, one the server dropped or one
left with autocommit off is closed, so the task opens a new one. After its first task of each
kind, the garbage collector is settled as a web process's is (`collector_settled`).
"""

import gc
from types import SimpleNamespace

import pytest
from django.db import connection

from common import gc_tuning
from jobs import tasks
from jobs.tasks import collector_settled, connections_checked, job_chunk, job_start

pytestmark = pytest.mark.django_db(transaction=True)


def _postgresql_only() -> None:
    # Workers run on PostgreSQL; SQLite's in-memory test database is never closed.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (the test database of SQLite is never closed)")


def _backend_id() -> int | None:
    """PostgreSQL's id of the backend serving this connection (None elsewhere)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_connection_that_works_is_kept_for_the_next_task():
    backend = _backend_id()
    kept = connection.connection
    assert kept is not None

    connections_checked(sender=job_chunk)

    assert connection.connection is kept
    assert _backend_id() == backend


def test_a_connection_the_server_dropped_is_replaced_before_the_task():
    _postgresql_only()
    backend = _backend_id()
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    finally:
        other.close()

    connections_checked(sender=job_chunk)

    assert connection.connection is None
    assert _backend_id() not in (None, backend)  # the task's first query connects again


def test_a_connection_left_with_autocommit_off_is_closed_unless_the_task_runs_eagerly():
    _postgresql_only()
    connection.ensure_connection()
    connection.set_autocommit(False)
    eager = SimpleNamespace(request=SimpleNamespace(is_eager=True))

    connections_checked(sender=eager)  # a task run in the caller's process: its connection
    assert connection.connection is not None

    connections_checked(sender=job_chunk)
    assert connection.connection is None
    assert connection.get_autocommit()  # connects again, as configured


@pytest.fixture
def collector():
    """The collector as it was, and a worker process that has run no task yet."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    tasks._settled_after.clear()
    yield
    tasks._settled_after.clear()
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_collector_is_settled_after_the_first_task_of_each_kind(collector, monkeypatch):
    settled = []
    monkeypatch.setattr(gc_tuning, "settle", lambda: settled.append(gc.get_count()))

    collector_settled(sender=job_chunk)
    collector_settled(sender=job_chunk)
    collector_settled(sender=job_start)
    collector_settled(sender=job_chunk)

    assert len(settled) == 2  # once after the first chunk, once after the first start


def test_settling_freezes_what_is_alive_and_raises_the_young_threshold(collector):
    collector_settled(sender=job_chunk)

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == gc_tuning.YOUNG_THRESHOLD


def test_a_task_run_in_the_callers_process_leaves_the_collector_alone(collector):
    before = gc.get_threshold()
    eager = SimpleNamespace(name="jobs.chunk", request=SimpleNamespace(is_eager=True))

    collector_settled(sender=eager)

    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    assert not tasks._settled_after
