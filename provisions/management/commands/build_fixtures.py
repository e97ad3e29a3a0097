"""Rebuild fixtures/*.json from the shared reference files."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from provisions.reference import build_all


class Command(BaseCommand):
    help = (
        "Regenerate fixtures/delegations.json, fixtures/provisions.json and fixtures/seeds.json "
        "from shared/reference, shared/seeds and shared/eval/seeds-gold.jsonl."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shared", type=Path, default=settings.SHARED_DIR)
        parser.add_argument("--out", type=Path, default=settings.BASE_DIR / "fixtures")

    def handle(self, *args, shared: Path, out: Path, **options):
        if not (shared / "reference").is_dir():
            raise CommandError(f"No reference folder under {shared} (set --shared).")
        fixtures = build_all(shared, settings.BASE_DIR)
        written = {
            "delegations.json": fixtures.delegations,
            "provisions.json": fixtures.provisions,
            "seeds.json": fixtures.seeds,
        }
        for name, data in written.items():
            (out / name).write_text(
                json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        self.stdout.write(
            f"Wrote {len(fixtures.delegations)} delegation objects, "
            f"{len(fixtures.provisions)} provision objects, "
            f"{len(fixtures.seeds['statements'])} seed statements with "
            f"{len(fixtures.seeds['stances'])} stances to {out}."
        )
