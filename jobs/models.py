"""Background jobs (bulk extraction, bulk import, big exports) and the items each is made of.

A job is a list of items (a statement to extract, a file to import) handled in chunks by Celery
tasks; each item is finished once, in the transaction that writes its work, so a task run again
(a retry, a message delivered twice) skips what is done and progress counts each item once.
An export has no items: its progress counts rows written, and its result is a file.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The jobs a user may follow: all for admins, their own for everyone else."""
        if user.is_superuser or user.is_staff:
            return self
        return self.filter(owner=user)

    def latest_first(self):
        return self.order_by("-created_at", "-pk")


class Job(models.Model):
    """Long work asked for by a person (or a command), run by the job workers."""

    class Kind(models.TextChoices):
        EXTRACT = "extract", "Extract stances"
        IMPORT = "import", "Bulk import"
        EXPORT = "export", "Export"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        PARTIAL = "partial", "Done, some items failed"
        FAILED = "failed", "Failed"

    FINISHED = (Status.SUCCEEDED, Status.PARTIAL, Status.FAILED)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Who asked for it; empty for a job started by a management command.",
    )
    description = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True, help_text="What the job works on.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Items to handle.")
    done = models.PositiveIntegerField(default=0, help_text="Items finished, failed ones included.")
    failed = models.PositiveIntegerField(default=0, help_text="Items that could not be handled.")
    result = models.JSONField(default=dict, blank=True, help_text="Summary, set when finished.")
    errors = models.JSONField(
        default=list, blank=True, help_text="What went wrong beyond single items (and retries)."
    )
    file = models.FileField(
        max_length=300,
        blank=True,
        help_text="An export's finished file, under an unguessable name; served only to the "
        "job's owner and admins, and deleted after JOBS_EXPORT_KEEP_HOURS.",
    )
    celery_task_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "created_at"], name="job_owner_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")) & Q(failed__lte=F("done")),
                name="job_progress_within_total",
            )
        ]

    def __str__(self):
        return f"Job #{self.pk}: {self.description} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


class JobItem(models.Model):
    """One unit of a job: a statement to extract or a file to import, with what came of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Outcome(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        IMPORTED = "imported", "Imported"
        DUPLICATE = "duplicate", "Duplicate"
        REFUSED = "refused", "Refused"
        ERROR = "error", "Error"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(help_text="Order within the job (manifest row).")
    key = models.CharField(max_length=500, help_text="The statement id or the file's path.")
    params = models.JSONField(default=dict, blank=True, help_text="E.g. the manifest row.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    message = models.TextField(blank=True, help_text="Why it was refused, or what it did.")
    detail = models.JSONField(default=dict, blank=True, help_text="Counts of what it wrote.")
    statement = models.ForeignKey(
        "positions.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The statement extracted, imported, or duplicated.",
    )
    attempts = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="jobitem_unique_position")
        ]
        indexes = [models.Index(fields=["job", "status"], name="jobitem_job_status_idx")]

    def __str__(self):
        return f"{self.key}: {self.outcome or self.status}"
