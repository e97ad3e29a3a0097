"""Load the reference data and the seed statements; safe to run any number of times."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from delegations.services import group_memberships_prune
from positions.services import seed_load, snapshot_days_sync


class Command(BaseCommand):
    help = (
        "Load fixtures/delegations.json and fixtures/provisions.json (delegations, groups, "
        "sessions, chapters, articles, issues) and the seed statements with their stances."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-seeds", action="store_true", help="Load the reference data only.")

    def handle(self, *args, no_seeds: bool, **options):
        fixtures = settings.BASE_DIR / "fixtures"
        call_command(
            "loaddata", fixtures / "delegations.json", fixtures / "provisions.json", verbosity=0
        )
        pruned = group_memberships_prune(fixture=fixtures / "delegations.json")
        summary = "Reference data loaded"
        if pruned:
            summary += f" ({pruned} memberships no longer listed removed)"
        if not no_seeds:
            result = seed_load(path=fixtures / "seeds.json")
            summary += (
                f"; seeds: {result.statements_created} statements and "
                f"{result.stances_created} stances created"
            )
        if snapshot_days_sync():
            summary += "; positions as of each session's last day rebuilt"
        if options["verbosity"] > 0:
            self.stdout.write(summary + ".")
