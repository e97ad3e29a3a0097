"""Writes of the jobs app: creating jobs, running their items, finishing them.

The Celery tasks (`jobs/tasks.py`), the pages and the management commands all call these.
How a job runs:
- `job_extract_create` / `job_import_create` write the job and its items in one transaction and
  queue `job_start` once it commits (with no broker, it runs there and then, in this process);
- `job_start` marks the job running and queues its pending items in chunks (`job_chunk_run`);
- `job_chunk_run` finishes each item in its own transaction, together with the job's progress:
  an item already finished is skipped, so a chunk run twice changes nothing. A transient
  database error (a lock held elsewhere, a lost connection) is raised as `TransientError` for
  the task to retry the chunk; any other error fails that item alone, with its reason;
- the chunk that finishes the last item writes the job's summary (`job_finish`); an import
  then queues the extraction of the statements it created, as a job of its own.
"""

import datetime
import logging
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from common.bulk import rows_update
from delegations.models import Delegation
from positions.documents import DocumentError
from positions.extraction_inputs import compiled_provisions_pinned
from positions.models import Statement
from positions.parsing import BUSY, extract_text_within_budget
from positions.permissions import can_edit_for
from positions.services import (
    ExtractionResult,
    statement_create,
    statements_extract_stances,
)
from provisions.models import Session

from .archive import ArchiveError, FileRefused, FolderSource, Limits, ZipSource, read_batch
from .models import Job, JobItem

logger = logging.getLogger(__name__)

IMPORT_DIR = "jobs/imports"
# Counts summed over the items of an extraction job for its summary.
EXTRACTION_COUNTS = ("candidates", "created", "updated", "unchanged", "deleted")


class TransientError(Exception):
    """Work that may succeed if tried again later (the task retries the chunk)."""


def import_limits() -> Limits:
    return Limits(
        max_archive_bytes=settings.IMPORT_MAX_BYTES,
        max_files=settings.IMPORT_MAX_FILES,
        max_file_bytes=settings.UPLOAD_MAX_BYTES,
        max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
    )


# --- creating jobs -----------------------------------------------------------------------------


def _job_create(
    *, kind: str, owner, description: str, params: dict, items: list[JobItem], enqueue: bool = True
) -> Job:
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        description=description[:300],
        params=params,
        total=len(items),
        celery_task_id=str(uuid.uuid4()),
    )
    for position, item in enumerate(items, start=1):
        item.job = job
        item.position = position
    JobItem.objects.bulk_create(items, batch_size=2000)
    if enqueue:
        transaction.on_commit(lambda: job_enqueue(job=job))
    return job


def job_enqueue(*, job: Job) -> None:
    """Send the job to the workers (or, with no broker configured, run it now)."""
    from .tasks import job_start

    job_start.apply_async(args=[job.pk], task_id=job.celery_task_id)


def job_run_here(*, job: Job) -> Job:
    """Run the job in this process, whatever the broker (a folder import reads local files)."""
    from .tasks import job_start

    job_start.apply(args=[job.pk], kwargs={"here": True}, task_id=job.celery_task_id)
    job.refresh_from_db()
    return job


def jobs_run_in_process() -> bool:
    """Whether queued jobs run in the process that queues them (no broker configured)."""
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


@transaction.atomic
def job_extract_create(
    *, owner, statements: Iterable[int], description: str, enqueue: bool = True
) -> Job:
    """A job that runs the extractor on these statements (ids), writing their proposals.

    Without `enqueue`, the caller runs it (`job_run_here`)."""
    ids = list(dict.fromkeys(statements))
    items = [JobItem(key=str(pk)) for pk in ids]
    return _job_create(
        kind=Job.Kind.EXTRACT,
        owner=owner,
        description=description,
        params={},
        items=items,
        enqueue=enqueue,
    )


@transaction.atomic
def job_import_create(*, owner, source: dict, description: str, enqueue: bool = True) -> Job:
    """A job that imports the files of a zip (kept in storage) or a folder, per its manifest.

    `source` is {"zip": storage path} or {"folder": absolute path}. Raises `ArchiveError` if
    the archive or its manifest is unusable (nothing is written then). Every manifest row and
    every file the manifest does not list becomes an item, so that each is reported. Without
    `enqueue`, the caller runs it (`job_run_here`).
    """
    batch = read_batch(_open_source(source), max_files=settings.IMPORT_MAX_FILES)
    items = [
        JobItem(key=row.file or f"(line {row.line})", params={**row.values, "line": row.line})
        for row in batch.rows
    ]
    for row, item in zip(batch.rows, items, strict=True):
        if row.problem:
            item.params["problem"] = row.problem
    items += [JobItem(key=name, params={"unlisted": True}) for name in batch.unlisted]
    return _job_create(
        kind=Job.Kind.IMPORT,
        owner=owner,
        description=description,
        params=source,
        items=items,
        enqueue=enqueue,
    )


def import_archive_store(*, upload) -> str:
    """Keep an uploaded zip in storage for the workers; its storage path."""
    from django.core.files.storage import default_storage

    return default_storage.save(f"{IMPORT_DIR}/{uuid.uuid4().hex}.zip", upload)


def _open_source(source: dict):
    if "zip" in source:
        from django.core.files.storage import default_storage

        try:
            stream = default_storage.open(source["zip"], "rb")
        except FileNotFoundError:
            raise ArchiveError("The uploaded archive is no longer in storage.") from None
        return ZipSource(stream, limits=import_limits())
    return FolderSource(Path(source["folder"]), limits=import_limits())


# --- running jobs ------------------------------------------------------------------------------


def job_start(*, job_id: int) -> list[list[int]]:
    """Mark the job running; the chunks of its pending items to run (none if it is finished)."""
    now = timezone.now()
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now
    )
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return []
    pending = list(
        job.items.filter(status=JobItem.Status.PENDING)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    if not pending:
        job_finish(job_id=job_id)
        return []
    size = max(settings.JOBS_CHUNK_SIZE, 1)
    return [pending[i : i + size] for i in range(0, len(pending), size)]


def job_chunk_run(*, job_id: int, item_ids: list[int], attempt: int = 0) -> None:
    """Finish each still-pending item of the chunk; raise `TransientError` to be retried.

    An extraction chunk runs in one transaction (`_extract_chunk_run`); if anything in it fails
    other than a transient error, it is rolled back and its items run one by one, each in its
    own transaction, so that the failure is the failing item's alone.
    """
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    if job.kind == Job.Kind.EXTRACT:
        try:
            _extract_chunk_run(job=job, item_ids=item_ids, attempt=attempt)
        except TransientError:
            raise
        except Exception:
            logger.info("Job %s: a chunk failed as a whole; its items run one by one", job_id)
        else:
            job_finish(job_id=job_id)
            return
    source = None
    for item_id in item_ids:
        item = JobItem.objects.filter(pk=item_id, job_id=job_id).first()
        if item is None or item.status != JobItem.Status.PENDING:
            continue  # done by an earlier run of this chunk
        try:
            if job.kind == Job.Kind.IMPORT and source is None:
                source = _open_source(job.params)
            _item_run(job=job, item=item, source=source)
        except ArchiveError as error:
            _item_fail(item=item, outcome=JobItem.Outcome.REFUSED, message=str(error))
        except (OperationalError, InterfaceError, TransientError) as error:
            _note_retry(job=job, item=item, error=error, attempt=attempt)
            raise TransientError(str(error)) from error
        except Exception as error:
            logger.exception("Job %s item %s failed", job_id, item.key)
            _item_fail(
                item=item, outcome=JobItem.Outcome.ERROR, message=f"Unexpected error: {error}"
            )
    job_finish(job_id=job_id)


def _extract_chunk_run(*, job: Job, item_ids: list[int], attempt: int) -> None:
    """Extract the chunk's pending statements in one transaction, in a few queries for the whole
    chunk: the items, the statements and their stances read, the proposals written (one call of
    `statements_extract_stances`), the items closed and the job's progress; the extractor is
    checked once (`compiled_provisions_pinned`). Raises `TransientError` (nothing kept) when a
    statement is locked elsewhere or the connection fails, any other error as it is."""
    try:
        with compiled_provisions_pinned(), transaction.atomic():
            items = list(
                JobItem.objects.select_for_update()
                .filter(pk__in=item_ids, job_id=job.pk, status=JobItem.Status.PENDING)
                .order_by("position")
            )
            if not items:
                return  # done by an earlier run of this chunk
            wanted = sorted({int(item.key) for item in items if item.key.isdigit()})
            results = _extract_statements(job=job, statement_ids=wanted)
            now = timezone.now()
            failed = 0
            for item in items:
                pk = int(item.key) if item.key.isdigit() else None
                if pk in results:
                    outcome, message, detail = _extracted(results[pk])
                else:
                    outcome, message, detail = _NO_STATEMENT
                ok = outcome == JobItem.Outcome.EXTRACTED
                failed += 0 if ok else 1
                item.status = JobItem.Status.DONE if ok else JobItem.Status.FAILED
                item.outcome, item.message, item.detail = outcome, message, detail
                item.statement_id = pk if ok else None
                item.attempts += 1
                item.finished_at = now
            rows_update(items, fields=_ITEM_CLOSE_FIELDS)
            Job.objects.filter(pk=job.pk).update(
                done=F("done") + len(items), failed=F("failed") + failed
            )
    except (OperationalError, InterfaceError, TransientError) as error:
        pending = JobItem.objects.filter(
            pk__in=item_ids, job_id=job.pk, status=JobItem.Status.PENDING
        )
        # The error is noted on the chunk's first pending item (the chunk ran as one).
        current = pending.order_by("position").first()
        pending.update(attempts=F("attempts") + 1)
        if current is not None:
            _note_error(job=job, item=current, error=error, attempt=attempt)
        raise TransientError(str(error)) from error


_ITEM_CLOSE_FIELDS = [
    "status",
    "outcome",
    "message",
    "detail",
    "statement",
    "attempts",
    "finished_at",
]


def job_chunk_give_up(*, job_id: int, item_ids: list[int], error: str) -> None:
    """After the last retry: fail the chunk's pending items with the error, and move on."""
    for item in JobItem.objects.filter(
        pk__in=item_ids, job_id=job_id, status=JobItem.Status.PENDING
    ):
        _item_fail(
            item=item,
            outcome=JobItem.Outcome.ERROR,
            message=f"Gave up after {settings.JOBS_MAX_RETRIES + 1} attempts: {error}",
        )
    job_finish(job_id=job_id)


def _note_retry(*, job: Job, item: JobItem, error: Exception, attempt: int) -> None:
    JobItem.objects.filter(pk=item.pk).update(attempts=F("attempts") + 1)
    _note_error(job=job, item=item, error=error, attempt=attempt)


def _note_error(*, job: Job, item: JobItem, error: Exception, attempt: int) -> None:
    line = f"{item.key}: attempt {attempt + 1} failed ({str(error).strip()[:200]}); retrying."
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        locked.errors = [*locked.errors, line][-50:]
        locked.save(update_fields=["errors"])


def _item_run(*, job: Job, item: JobItem, source) -> None:
    """Do one item's work and mark it finished, all in one transaction."""
    with transaction.atomic():
        claimed = JobItem.objects.select_for_update().filter(
            pk=item.pk, status=JobItem.Status.PENDING
        )
        if not claimed.exists():
            return
        if job.kind == Job.Kind.EXTRACT:
            outcome, message, detail, statement = _extract_item(job=job, item=item)
        else:
            outcome, message, detail, statement = _import_item(job=job, item=item, source=source)
        ok = outcome not in (JobItem.Outcome.REFUSED, JobItem.Outcome.ERROR)
        _item_close(
            item=item,
            status=JobItem.Status.DONE if ok else JobItem.Status.FAILED,
            outcome=outcome,
            message=message,
            detail=detail,
            statement=statement,
        )


def _item_close(*, item: JobItem, status, outcome, message, detail=None, statement=None) -> None:
    item.status = status
    item.outcome = outcome
    item.message = message
    item.detail = detail or {}
    item.statement = statement
    item.attempts += 1
    item.finished_at = timezone.now()
    item.save(update_fields=_ITEM_CLOSE_FIELDS)
    failed = 1 if status == JobItem.Status.FAILED else 0
    Job.objects.filter(pk=item.job_id).update(done=F("done") + 1, failed=F("failed") + failed)


@transaction.atomic
def _item_fail(*, item: JobItem, outcome: str, message: str) -> None:
    fresh = JobItem.objects.select_for_update().get(pk=item.pk)
    if fresh.status == JobItem.Status.PENDING:
        _item_close(item=fresh, status=JobItem.Status.FAILED, outcome=outcome, message=message)


@transaction.atomic
def job_finish(*, job_id: int) -> Job | None:
    """Close the job if no item is pending: status, summary, finish time (once)."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    if job.items.filter(status=JobItem.Status.PENDING).exists():
        return job
    outcomes = Counter(job.items.values_list("outcome", flat=True))
    result: dict = {"outcomes": dict(sorted(outcomes.items()))}
    if job.kind == Job.Kind.EXTRACT:
        totals = Counter()
        for detail in job.items.filter(status=JobItem.Status.DONE).values_list("detail", flat=True):
            totals.update({key: detail.get(key, 0) for key in EXTRACTION_COUNTS})
        result["statements"] = outcomes.get(JobItem.Outcome.EXTRACTED, 0)
        result.update({key: totals[key] for key in EXTRACTION_COUNTS})
    if job.failed == 0:
        job.status = Job.Status.SUCCEEDED
    elif job.failed == job.total:
        job.status = Job.Status.FAILED
    else:
        job.status = Job.Status.PARTIAL
    job.finished_at = timezone.now()
    job.started_at = job.started_at or job.finished_at
    if job.kind == Job.Kind.IMPORT:
        imported = list(
            job.items.filter(outcome=JobItem.Outcome.IMPORTED, statement__isnull=False)
            .order_by("position")
            .values_list("statement_id", flat=True)
        )
        if imported:
            follow = job_extract_create(
                owner=job.owner,
                statements=imported,
                description=f"Extract stances from the {len(imported)} statement(s) of job "
                f"#{job.pk}",
            )
            result["extraction_job"] = follow.pk
    job.result = result
    job.save(update_fields=["status", "finished_at", "started_at", "result"])
    return job


def job_fail(*, job_id: int, error: str) -> None:
    """The job as a whole cannot go on (e.g. its archive is gone): fail what is pending."""
    for item in JobItem.objects.filter(job_id=job_id, status=JobItem.Status.PENDING):
        _item_fail(item=item, outcome=JobItem.Outcome.ERROR, message=error)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        job.errors = [*job.errors, error]
        job.save(update_fields=["errors"])
    job_finish(job_id=job_id)


# --- the work of one item ----------------------------------------------------------------------


_NO_STATEMENT = (JobItem.Outcome.REFUSED, "No statement with this id.", {})


def _extract_statements(*, job: Job, statement_ids: list[int]) -> dict[int, ExtractionResult]:
    """Extract these statements; what it did to each that exists, by id.

    NOWAIT: a statement another run is extracting is retried later rather than waited on, which
    would hold this worker (and its database connection) for as long."""
    return statements_extract_stances(statements=statement_ids, user=job.owner, nowait=True)


def _extracted(result: ExtractionResult) -> tuple[str, str, dict]:
    detail = {key: getattr(result, key) for key in EXTRACTION_COUNTS}
    detail["skipped"] = len(result.skipped)
    return JobItem.Outcome.EXTRACTED, str(result), detail


def _extract_item(*, job: Job, item: JobItem):
    """Extract one statement (an item run on its own, after its chunk failed as a whole)."""
    pk = int(item.key) if item.key.isdigit() else None
    results = _extract_statements(job=job, statement_ids=[pk]) if pk is not None else {}
    if pk not in results:
        return (*_NO_STATEMENT, None)
    return (*_extracted(results[pk]), Statement(pk=pk))


def _import_item(*, job: Job, item: JobItem, source):
    """Import one file through the single upload's checks; never more than one statement."""
    refused = JobItem.Outcome.REFUSED
    row = item.params
    if row.get("unlisted"):
        return refused, "Not listed in manifest.csv, so not imported.", {}, None
    if row.get("problem"):
        return refused, row["problem"], {}, None
    try:
        data = source.read(item.key)
        # The single upload's reader: PDF and Word parsed in a child process under limits.
        extracted = extract_text_within_budget(
            data,
            item.key,
            max_bytes=settings.UPLOAD_MAX_BYTES,
            max_pdf_pages=settings.UPLOAD_MAX_PDF_PAGES,
        )
    except (FileRefused, DocumentError) as error:
        if str(error) == BUSY:  # every parsing slot taken: try the chunk again later
            raise TransientError(str(error)) from None
        return refused, str(error), {}, None
    try:
        fields = _manifest_fields(row, owner=job.owner)
    except ValidationError as error:
        return refused, " ".join(error.messages), {}, None
    delegation = fields["delegation"]
    # One import at a time per delegation, so two copies of a file in one batch (or two
    # batches at once) cannot both pass the duplicate check.
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
    # The same check as a statement logged by hand (the same words in the same order).
    duplicate = Statement.objects.same_text_as(extracted.text, delegation=delegation).first()
    if duplicate is not None:
        return (
            JobItem.Outcome.DUPLICATE,
            f"Same text as statement #{duplicate.pk} ({duplicate.title}); not imported again.",
            {},
            duplicate,
        )
    name = Path(item.key).name
    try:
        with transaction.atomic():
            statement = statement_create(
                **fields,
                text=extracted.text,
                document=ContentFile(data, name=name),
                document_name=name,
                created_by=job.owner,
                reason=f"Bulk import (job #{job.pk})",
                extract=False,
            )
    except ValidationError as error:
        return refused, " ".join(error.messages), {}, None
    except DatabaseError as error:
        if isinstance(error, OperationalError | InterfaceError):
            raise
        return refused, f"The database refused it: {error}", {}, None
    pages = f", {extracted.pages} pages" if extracted.pages else ""
    dated = ""
    if fields["session"] is not None and not row.get("session"):
        dated = f" Session {fields['session'].code}: the one under way on its date."
    return (
        JobItem.Outcome.IMPORTED,
        f"Imported as statement #{statement.pk} ({extracted.kind}{pages}).{dated}",
        {"kind": extracted.kind, "characters": len(extracted.text)},
        statement,
    )


def _manifest_fields(row: dict, *, owner) -> dict:
    """The statement's fields from a manifest row, checked like the upload form checks them."""
    errors = []
    code = row.get("delegation", "").upper()
    delegation = Delegation.objects.filter(code=code).first() if code else None
    if delegation is None:
        errors.append(f"Unknown delegation code {row.get('delegation', '')!r}.")
    elif delegation.kind == Delegation.Kind.GROUP:
        errors.append(
            f"{code} is a group: name the delegation that spoke, and the group in on_behalf_of."
        )
    on_behalf_of = None
    if row.get("on_behalf_of"):
        group_code = row["on_behalf_of"].upper()
        on_behalf_of = Delegation.objects.groups().filter(code=group_code).first()
        if on_behalf_of is None:
            errors.append(f"Unknown group code {row['on_behalf_of']!r} in on_behalf_of.")
    session = None
    if row.get("session"):
        session = Session.objects.filter(code=row["session"]).first()
        if session is None:
            errors.append(f"Unknown session code {row['session']!r}.")
    delivered_on = None
    if row.get("date"):
        try:
            delivered_on = datetime.date.fromisoformat(row["date"])
        except ValueError:
            errors.append(f"The date {row['date']!r} is not YYYY-MM-DD.")
    if session is None and delivered_on is not None:
        # Left empty: the session under way on the statement's date, as the upload form suggests.
        session = Session.objects.only_one_held_on(delivered_on)
    if not row.get("title"):
        errors.append("The title is empty.")
    if owner is not None:
        for target in (delegation, on_behalf_of):
            if target is not None and not can_edit_for(owner, target):
                errors.append(f"You may not add statements for {target.code}.")
    if errors:
        raise ValidationError(errors)
    return {
        "delegation": delegation,
        "on_behalf_of": on_behalf_of,
        "session": session,
        "delivered_on": delivered_on,
        "title": row["title"],
        "speaker": row.get("speaker", ""),
        "agenda_item": row.get("agenda_item", ""),
        "language": row.get("language") or "en",
        "source_url": row.get("source_url", ""),
    }
