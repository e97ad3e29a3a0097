"""Import a folder of statements (.txt, .pdf, .docx) listed in its manifest.csv, as a job."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...archive import ArchiveError
from ...models import Job
from ...services import job_import_create, job_run_here


class Command(BaseCommand):
    help = (
        "import_statements FOLDER imports the files its manifest.csv lists (columns file, "
        "delegation, session, date, title; see the README) through the upload checks, as a "
        "job run in this process (the folder is on this machine); prints one line per file "
        "and a summary. Extraction of the imported statements is queued as a second job."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user (their rights apply; they own the job). Default: no "
            "owner, any delegation.",
        )

    def handle(self, *args, folder, user, **options):
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"No user {user!r}.")
        try:
            job = job_import_create(
                owner=owner,
                source={"folder": str(folder.resolve())},
                description=f"Import of the folder {folder}",
                enqueue=False,
            )
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        job = job_run_here(job=job)
        for item in job.items.order_by("position"):
            self.stdout.write(f"{item.key}: {item.get_outcome_display().lower()}: {item.message}")
        counts = job.result.get("outcomes", {})
        summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
        follow = job.result.get("extraction_job")
        self.stdout.write(
            f"Job #{job.pk}: {job.total} files: {summary}."
            + (f" Extraction: job #{follow}." if follow else "")
        )
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(f"{job.failed} file(s) not imported (see above).", returncode=1)
