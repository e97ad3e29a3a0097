"""The job machinery without a broker (eager): idempotent items, retries, failures kept apart.

The same behaviours through a real broker and worker: tests/test_jobs_broker.py.
"""

import pytest
from django.db import OperationalError

from jobs import services
from jobs.models import Job
from jobs.services import job_extract_create
from positions.models import Stance
from tests.review_helpers import make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements():
    return [make_statement(extract=False), make_statement("CHN", extract=False)]


def extract(statements, run_jobs) -> Job:
    with run_jobs():
        job = job_extract_create(
            owner=None, statements=[s.pk for s in statements], description="test"
        )
    job.refresh_from_db()
    return job


def stance_rows():
    return list(Stance.objects.order_by("pk").values_list("pk", "version", "position"))


def test_a_job_reports_progress_and_a_summary(statements, run_jobs):
    job = extract(statements, run_jobs)

    assert (job.status, job.done, job.total, job.failed) == ("succeeded", 2, 2, 0)
    assert job.started_at <= job.finished_at
    assert job.result["statements"] == 2 and job.result["created"] == 8
    assert job.result["outcomes"] == {"extracted": 2}


def test_running_a_finished_chunk_again_changes_nothing(statements, run_jobs):
    job = extract(statements, run_jobs)
    before = stance_rows(), Job.objects.values().get(pk=job.pk)
    item_ids = list(job.items.values_list("pk", flat=True))

    services.job_chunk_run(job_id=job.pk, item_ids=item_ids)  # a message delivered twice
    services.job_start(job_id=job.pk)

    assert (stance_rows(), Job.objects.values().get(pk=job.pk)) == before


def test_a_second_job_over_the_same_statements_finds_everything_unchanged(statements, run_jobs):
    extract(statements, run_jobs)
    rows = stance_rows()

    again = extract(statements, run_jobs)

    assert stance_rows() == rows
    assert (again.result["created"], again.result["unchanged"]) == (0, 8)


def test_a_transient_error_is_retried_and_counted_once(statements, run_jobs, monkeypatch):
    real = services._extract_statements
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["statement_ids"])
        if len(calls) == 1:
            raise OperationalError("could not obtain lock on row in relation statement")
        return real(**kwargs)

    monkeypatch.setattr(services, "_extract_statements", flaky)
    job = extract(statements, run_jobs)

    assert (job.status, job.done, job.failed) == ("succeeded", 2, 0)
    first = job.items.get(position=1)
    assert first.attempts == 2
    assert "attempt 1 failed (could not obtain lock" in job.errors[0]


def test_after_the_last_retry_the_chunk_fails_and_the_job_ends(
    statements, run_jobs, monkeypatch, settings
):
    settings.JOBS_MAX_RETRIES = 2

    def locked(**kwargs):
        raise OperationalError("could not obtain lock")

    monkeypatch.setattr(services, "_extract_statements", locked)
    job = extract(statements, run_jobs)

    assert (job.status, job.done, job.failed) == ("failed", 2, 2)
    assert job.items.get(position=1).message.startswith("Gave up after 3 attempts")
    assert not Stance.objects.proposed().filter(statement__in=statements).exists()


def test_an_unexpected_error_fails_only_its_item(statements, run_jobs, monkeypatch):
    real = services._extract_statements

    def broken_for_china(**kwargs):
        if statements[1].pk in kwargs["statement_ids"]:
            raise ValueError("boom")
        return real(**kwargs)

    monkeypatch.setattr(services, "_extract_statements", broken_for_china)
    job = extract(statements, run_jobs)

    assert (job.status, job.done, job.failed) == ("partial", 2, 1)
    assert job.items.get(position=2).message == "Unexpected error: boom"
    assert Stance.objects.proposed().filter(statement=statements[0]).count() == 4


def test_an_extraction_chunk_costs_few_queries_per_statement(statements, run_jobs, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.JOBS_CHUNK_SIZE = 25
    extract(statements[:1], run_jobs)  # the compiled extractor is cached from here on
    with CaptureQueriesContext(connection) as one:
        extract(statements[:1], run_jobs)
    with CaptureQueriesContext(connection) as two:
        extract(statements, run_jobs)

    # A second statement in the same chunk adds the service's own reads (its row, its stances)
    # and the writes of its four new proposals with their history: 6 queries on SQLite, where
    # the per-item bookkeeping of before (the item read, claimed and saved, the statement
    # locked, the job's progress, the extractor's provisions checked again) made it 19.
    assert len(two) - len(one) <= 8
