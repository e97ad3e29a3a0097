"""Celery tasks: thin wrappers that hand each step of a job to `jobs/services.py`."""

from celery import shared_task
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db import connections

from common import gc_tuning

from . import exports, services
from .archive import ArchiveError


@shared_task(name="jobs.start")
def job_start(job_id: int, here: bool = False) -> None:
    """Queue the job's pending items in chunks (run again, it queues only what is pending).

    With `here`, the chunks run in this process instead (a folder import reads local files).
    """
    try:
        chunks = services.job_start(job_id=job_id)
    except ArchiveError as error:
        services.job_fail(job_id=job_id, error=str(error))
        return
    for chunk in chunks:
        if here:
            job_chunk.apply(args=[job_id, chunk])
        else:
            job_chunk.delay(job_id, chunk)


@shared_task(bind=True, name="jobs.chunk", max_retries=None)
def job_chunk(self, job_id: int, item_ids: list[int]) -> None:
    """Finish a chunk of items; retried with a growing delay on transient database errors."""
    attempt = self.request.retries
    try:
        services.job_chunk_run(job_id=job_id, item_ids=item_ids, attempt=attempt)
    except services.TransientError as error:
        if attempt >= settings.JOBS_MAX_RETRIES:
            services.job_chunk_give_up(job_id=job_id, item_ids=item_ids, error=str(error))
            return
        raise self.retry(countdown=settings.JOBS_RETRY_DELAY * 2**attempt) from error


@shared_task(name="jobs.export")
def job_export(job_id: int) -> None:
    """Write a big export to a file (run again once finished, it does nothing)."""
    exports.job_export_run(job_id=job_id)


@task_prerun.connect
def connections_checked(sender=None, **kwargs) -> None:
    """Before each task a worker runs, what Django does before each request, less the age limit:
    a connection kept from an earlier task (`CELERY_DB_REUSE_MAX`) that the server dropped
    meanwhile, or that a failure left with autocommit off, is closed, so that the task opens a
    new one instead of failing on it. Not for a task run in the caller's process (eager)."""
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        if (
            connection.get_autocommit() != connection.settings_dict["AUTOCOMMIT"]
            or not connection.is_usable()
        ):
            connection.close()


# The kinds of task this worker process has run once (`collector_settled`).
_settled_after: set[str] = set()


@task_postrun.connect
def collector_settled(sender=None, **kwargs) -> None:
    """After a worker process's first task of each kind, the garbage collector as a web process
    has it (`common.gc_tuning.settle`): what is alive then (Django, the libraries, and what the
    task loaded for good: for a chunk, the compiled extractor and its encoder, ~250,000
    objects) is no longer walked by every full collection. An extraction chunk spent about 2 ms
    a statement in the collector without it (bench/README section 35). Not for a task run in the
    caller's process (eager)."""
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    if sender.name not in _settled_after:
        _settled_after.add(sender.name)
        gc_tuning.settle()
