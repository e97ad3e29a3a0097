"""Fill the current database with synthetic statements and stances for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devdata.synthetic import synthetic_generate, synthetic_vacuum


class Command(BaseCommand):
    help = (
        "Add synthetic statements and stances (with creation history) to the current database: "
        "skewed activity, persistent positions, group statements, evidence spans. Deterministic "
        "for a seed. Uses COPY on PostgreSQL. Not for a database real users work in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stances", type=int, default=10000)
        parser.add_argument("--statements", type=int, default=500)
        parser.add_argument(
            "--delegations",
            type=int,
            default=200,
            help="Delegations speaking: existing ones first, SYN-001... created beyond them.",
        )
        parser.add_argument(
            "--provisions",
            type=int,
            default=300,
            help="Provisions spoken on: existing ones first, syn-art-N/syn-issue-N beyond them.",
        )
        parser.add_argument(
            "--sessions",
            type=int,
            default=None,
            help="Sessions statements fall in (default: the existing ones); SYN-Snn beyond them.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: load with every index and foreign key in place (slower; to compare).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = synthetic_generate(
                stances=options["stances"],
                statements=options["statements"],
                delegations=options["delegations"],
                provisions=options["provisions"],
                sessions=options["sessions"],
                seed=options["seed"],
                progress=not options["no_progress"],
                drop_indexes=not options["keep_indexes"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        committed = time.perf_counter() - started  # includes deferred constraint checks
        vacuum = synthetic_vacuum()
        seconds = committed + vacuum
        rows_per_second = result.rows / seconds if seconds else 0
        phases = ", ".join(f"{name} {took:.1f}s" for name, took in result.timings.items())
        self.stdout.write(
            f"Generated {result.statements:,} statements and {result.stances:,} stances with "
            f"their history on {connection.vendor} in {seconds:.1f} s "
            f"({rows_per_second:,.0f} rows/s; created {result.delegations_created} "
            f"delegations, {result.provisions_created} provisions, {result.sessions_created} "
            f"sessions; {phases}, commit {committed - result.seconds:.1f}s"
            + (f", vacuum {vacuum:.1f}s" if vacuum else "")
            + ")."
        )
