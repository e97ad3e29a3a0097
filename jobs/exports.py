"""Big exports as jobs: the stance table's `?_export=` file, written by a worker, then downloaded.

The job keeps the table's query string and the format. The worker rebuilds the stance table's
view for the job's owner with that query string and writes the very bytes `?_export=` would
stream (`analysis.exports`: COPY on PostgreSQL, same filters, sort, columns and formula
escaping) into a temporary file, counting rows as they come for the job's progress; the finished
file goes to storage under an unguessable name (`jobs/exports/<random>/stances-<date>.<fmt>`),
which only the job's owner and admins may download (`jobs.views.job_download`). Finished files
are deleted after `JOBS_EXPORT_KEEP_HOURS` (`job_exports_clean`, run before each export and by
`manage.py clean_job_exports`).
"""

import datetime
import logging
import secrets
import tempfile
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from analysis.views.tables import EXPORT_FORMATS, StanceListView

from .models import Job

logger = logging.getLogger(__name__)

EXPORT_DIR = "jobs/exports"
PROGRESS_SECONDS = 1.0  # how often a running export writes its progress
# The stance table's own parameters that choose nothing (pages, the export trigger itself).
IGNORED_PARAMS = ("page", "per_page", "after", "_export")


class ExportRefused(Exception):
    """The export cannot be made as asked (invalid filters, too many rows for XLSX)."""


def export_query(params: QueryDict) -> str:
    """The stance table's query string without the parameters that only page through it."""
    params = params.copy()
    for name in IGNORED_PARAMS:
        params.pop(name, None)
    return params.urlencode()


@transaction.atomic
def job_export_create(*, owner, query: str, export_format: str, enqueue: bool = True) -> Job:
    """A job writing the stance table's export for this query string, as `?_export=` would.

    Raises ValueError for a format the table does not export.
    """
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"Exports are {', '.join(EXPORT_FORMATS)}.")
    what = f"filtered: {query}" if query else "every stance"
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        owner=owner,
        description=f"Export of the stance table as {export_format.upper()} ({what})"[:300],
        params={"query": query, "format": export_format},
        celery_task_id=str(uuid.uuid4()),
    )
    if enqueue:
        transaction.on_commit(lambda: job_export_enqueue(job=job))
    return job


def job_export_enqueue(*, job: Job) -> None:
    from .tasks import job_export

    job_export.apply_async(args=[job.pk], task_id=job.celery_task_id)


def _stance_view(*, owner, query: str, export_format: str) -> StanceListView:
    """The stance table's view as it would answer `?<query>&_export=<format>` for `owner`."""
    params = QueryDict(query, mutable=True)
    params["_export"] = export_format
    request = RequestFactory().get("/stances/", data=params)
    request.user = owner if owner is not None else AnonymousUser()
    request._messages = CookieStorage(request)  # the view may leave a message (XLSX too big)
    view = StanceListView()
    view.setup(request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    if view.filterset.is_bound and not view.filterset.is_valid():
        errors = "; ".join(
            f"{name}: {' '.join(problems)}" for name, problems in view.filterset.errors.items()
        )
        raise ExportRefused(f"The filters are not valid ({errors}).")
    view.object_list = view.filterset.qs
    return view


def job_export_run(*, job_id: int) -> Job | None:
    """Write the export of a queued or running job; nothing if it is finished (a message
    delivered twice). Any error fails the job with its reason (an export has no items)."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    job_exports_clean()
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    export_format = job.params["format"]
    try:
        view = _stance_view(
            owner=job.owner, query=job.params.get("query", ""), export_format=export_format
        )
        # Exact (a COUNT over the filtered rows, fine in a worker); the progress bar's total.
        total = view.object_list.order_by().count()
        Job.objects.filter(pk=job_id).update(total=total)
        with tempfile.TemporaryFile() as output:
            rows = _write(view, export_format, output, job_id=job_id, total=total)
            output.seek(0)
            filename = view.get_export_filename(export_format)
            # 32 random bytes in the path: a name nobody can guess, should storage be served.
            name = f"{EXPORT_DIR}/{secrets.token_urlsafe(32)}/{filename}"
            stored = default_storage.save(name, File(output))
    except ExportRefused as error:
        return _export_finish(job_id=job_id, error=str(error))
    except Exception as error:
        logger.exception("Export job %s failed", job_id)
        return _export_finish(job_id=job_id, error=f"Unexpected error: {error}")
    return _export_finish(job_id=job_id, stored=stored, rows=rows)


def _write(view, export_format: str, output, *, job_id: int, total: int) -> int:
    """Write what `?_export=` sends into `output`; the number of rows written: for CSV and JSON
    the lines less the header or brackets (one row a line, unless a passage holds a line
    break), for XLSX (written whole before the first byte) the count made before."""
    response = view.create_export(export_format)
    if response.status_code != 200:
        said = messages.get_messages(view.request)
        reason = " ".join(str(message) for message in said) or "The export was refused."
        raise ExportRefused(reason)
    progress = _Progress(job_id=job_id, total=total)
    lines = 0
    try:
        if response.streaming:
            for chunk in response.streaming_content:
                data = chunk.encode() if isinstance(chunk, str) else chunk
                output.write(data)
                lines += data.count(b"\n")
                progress.update(lines - 1)
        else:
            output.write(response.content)
            lines = response.content.count(b"\n")
    finally:
        _close_resources(response)
        progress.close()
    if export_format == "xlsx":
        return total
    return max(lines - (2 if export_format == "json" else 1), 0)


def _close_resources(response) -> None:
    """What `response.close()` does less its `request_finished` signal, which closes the
    database connection: a worker's task (or a test's transaction) still needs it here."""
    for closer in response._resource_closers:
        try:
            closer()
        except Exception:  # as Django's own close(): a failing closer must not hide the result
            logger.exception("Closing an export's resources failed")
    response._resource_closers.clear()
    response.closed = True


class _Progress:
    """Writes a running export's rows done, at most every `PROGRESS_SECONDS`.

    On PostgreSQL through a connection of its own: the export's own connection is busy with the
    COPY that streams the rows, and the page must see the progress before the export ends (the
    update commits at once). Elsewhere on the same connection.
    """

    def __init__(self, *, job_id: int, total: int):
        self.job_id, self.total = job_id, total
        self.last = time.monotonic()
        self.side = None

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_SECONDS or not self.total:
            return
        self.last = now
        done = max(min(done, self.total - 1), 0)  # the count is exact only when it is finished
        if connection.vendor != "postgresql":
            Job.objects.filter(pk=self.job_id, done__lt=done).update(done=done)
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET done = %s WHERE id = %s AND done < %s",
                [done, self.job_id, done],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


@transaction.atomic
def _export_finish(*, job_id: int, stored: str = "", rows: int = 0, error: str = "") -> Job:
    """Close the export job once: its file (or its error), row count and finish time."""
    job = Job.objects.select_for_update().get(pk=job_id)
    if job.is_finished:  # another run of the same message finished first: keep its file
        if stored:
            default_storage.delete(stored)
        return job
    now = timezone.now()
    job.finished_at = now
    job.started_at = job.started_at or now
    if error:
        job.status = Job.Status.FAILED
        job.errors = [*job.errors, error]
        job.result = {"rows": 0}
    else:
        job.status = Job.Status.SUCCEEDED
        job.file.name = stored
        job.total = job.done = rows
        job.result = {"rows": rows, "bytes": default_storage.size(stored)}
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "started_at",
            "errors",
            "result",
            "file",
            "total",
            "done",
        ]
    )
    return job


def job_exports_clean(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports finished more than `JOBS_EXPORT_KEEP_HOURS` ago; the jobs
    stay, marked expired. The number of files deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.JOBS_EXPORT_KEEP_HOURS)
    expired = Job.objects.filter(kind=Job.Kind.EXPORT, finished_at__lt=cutoff).exclude(file="")
    count = 0
    for job in expired:
        default_storage.delete(job.file.name)
        job.file.name = ""
        job.result = {**job.result, "expired": True}
        job.save(update_fields=["file", "result"])
        count += 1
    return count
