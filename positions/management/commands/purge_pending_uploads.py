"""Delete uploads that were checked ("Upload and check text") but never saved with a statement."""

from django.core.management.base import BaseCommand

from positions.storage import PENDING_MAX_AGE, pending_purge


class Command(BaseCommand):
    help = (
        "Delete pending uploads older than --hours (default: 24, how long a preview stays "
        "valid) from MEDIA_ROOT/statements/pending/. Safe to run from cron at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=PENDING_MAX_AGE / 3600)

    def handle(self, *args, hours: float, **options):
        removed = pending_purge(max_age=hours * 3600)
        self.stdout.write(f"Removed {removed} pending upload(s) older than {hours:g} h.")
