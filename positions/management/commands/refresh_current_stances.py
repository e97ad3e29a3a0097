"""Rebuild the tables of current positions and of positions as of each session."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from positions.models import CurrentStance
from positions.services import current_stances_refresh


class Command(BaseCommand):
    help = (
        "Recompute positions_currentstance (the latest confirmed stance per delegation and "
        "provision) and positions_positionsnapshot (the same as of each session's last day) "
        "from every stance, in one transaction. The services keep them up to date; this "
        "repairs them after writes that bypassed them (e.g. raw SQL) and keeps the days of "
        "sessions added or moved since."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            current_stances_refresh()
        count = CurrentStance.objects.count()
        self.stdout.write(
            f"Current positions rebuilt: {count:,} (delegation, provision) pairs in "
            f"{time.perf_counter() - started:.1f} s."
        )
