from django.core.management.base import BaseCommand

from api.services import digests_send


class Command(BaseCommand):
    """Email each watcher the confirmed changes to what they watch since their last digest
    (meant for a daily timer)."""

    help = "Email each watcher a digest of the confirmed stance changes to what they watch."

    def handle(self, *args, **options):
        result = digests_send()
        self.stdout.write(
            f"{result.sent} digest(s) sent to {result.users} watcher(s), "
            f"{result.changes} change(s) listed."
        )
