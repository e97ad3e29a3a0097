"""common.bulk.rows_update: some fields of many rows written at once, as bulk_update writes them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.bulk import rows_update
from jobs.models import Job, JobItem
from tests.review_helpers import make_statement

pytestmark = pytest.mark.django_db

FIELDS = ["status", "outcome", "message", "detail", "statement", "attempts", "finished_at"]


def make_items(count):
    job = Job.objects.create(kind=Job.Kind.EXTRACT, description="test", total=count)
    return JobItem.objects.bulk_create(
        JobItem(job=job, position=n, key=str(n)) for n in range(1, count + 1)
    )


def test_rows_update_writes_each_rows_own_values_in_one_query():
    statement = make_statement(extract=False)
    items = make_items(3)
    untouched = make_items(1)[0]
    when = timezone.now() - datetime.timedelta(minutes=5)
    for n, item in enumerate(items):
        item.status = JobItem.Status.DONE if n else JobItem.Status.FAILED
        item.outcome = JobItem.Outcome.EXTRACTED if n else JobItem.Outcome.REFUSED
        item.message = f'it\'s item {n}: "quoted", {{braces}}, a\\backslash, ünïcode'
        item.detail = {"created": n, "nested": {"list": [n, None, "x"]}} if n else {}
        item.statement = statement if n else None
        item.attempts = n + 1
        item.finished_at = when

    with CaptureQueriesContext(connection) as queries:
        rows_update(items, fields=FIELDS)

    if connection.vendor == "postgresql":
        assert len(queries) == 1
    for item in items:
        fresh = JobItem.objects.get(pk=item.pk)
        assert [getattr(fresh, f) for f in FIELDS] == [getattr(item, f) for f in FIELDS]
    fresh = JobItem.objects.get(pk=untouched.pk)
    assert (fresh.status, fresh.message, fresh.detail) == (JobItem.Status.PENDING, "", {})


def test_rows_update_of_nothing_does_nothing():
    with CaptureQueriesContext(connection) as queries:
        rows_update([], fields=FIELDS)

    assert len(queries) == 0
