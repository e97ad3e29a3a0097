"""Seed load: the demonstration statements and stances of `fixtures/seeds.json`."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from simple_history.utils import update_change_reason

from delegations.models import Delegation
from provisions.models import Provision, Session

from ..models import Stance, Statement
from .current import current_stances_refresh
from .stances import stance_create


@dataclass(frozen=True)
class SeedLoadResult:
    statements_created: int
    stances_created: int


@transaction.atomic
def seed_load(*, path: Path) -> SeedLoadResult:
    """Load the seed statements and their confirmed stances from `fixtures/seeds.json`.

    Safe to re-run: a statement is matched on (delegation, session, title) and a stance on
    (statement, delegation, provision), so a second run creates nothing and changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    statements: dict[str, Statement] = {}
    statements_created = stances_created = 0
    for item in data["statements"]:
        delegation = Delegation.objects.get(code=item["delegation"])
        session = Session.objects.get(code=item["session"])
        statement = Statement.objects.filter(
            delegation=delegation, session=session, title=item["title"]
        ).first()
        if statement is None:
            statement = Statement(
                delegation=delegation,
                session=session,
                title=item["title"],
                agenda_item=item["agenda_item"],
                speaker=item["speaker"],
                delivered_on=item["delivered_on"],
                language=item["language"],
                text=item["text"],
            )
            statement.full_clean()
            statement.save()
            update_change_reason(statement, "Seed data load")
            statements_created += 1
        statements[item["file"]] = statement
    for item in data["stances"]:
        statement = statements[item["statement"]]
        delegation = Delegation.objects.get(code=item["delegation"])
        provision = Provision.objects.get(
            negotiation__slug=data["negotiation"], slug=item["provision"]
        )
        exists = Stance.objects.filter(
            statement=statement, delegation=delegation, provision=provision
        ).exists()
        if exists:
            continue
        stance_create(
            delegation=delegation,
            provision=provision,
            position=item["position"],
            statement=statement,
            evidence=item["evidence"],
            evidence_start=item["evidence_start"],
            evidence_end=item["evidence_end"],
            status=Stance.Status.CONFIRMED,
            reason="Seed data load",
        )
        stances_created += 1
    # stance_create keeps each pair current; this set-based pass also covers seed stances
    # recorded before the current-position table existed (one statement for the whole load).
    current_stances_refresh(
        pairs=Stance.objects.filter(statement__in=[s.pk for s in statements.values()])
    )
    return SeedLoadResult(statements_created=statements_created, stances_created=stances_created)
