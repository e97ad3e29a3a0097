"""Delete the files of export jobs finished more than JOBS_EXPORT_KEEP_HOURS ago (for cron)."""

from django.core.management.base import BaseCommand

from ...exports import job_exports_clean


class Command(BaseCommand):
    help = (
        "Deletes the files of export jobs finished more than JOBS_EXPORT_KEEP_HOURS ago (each "
        "export job also does it before it runs); the jobs stay, marked expired."
    )

    def handle(self, *args, **options):
        count = job_exports_clean()
        self.stdout.write(f"{count} export file(s) deleted.")
