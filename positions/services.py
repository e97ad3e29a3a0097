"""Writes to statements and stances. Views, admin, commands and tests all go through these."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import update_change_reason

from delegations.models import Delegation
from provisions.models import Provision, Session

from .models import Stance, Statement


def stance_stated_on(*, statement: Statement | None, session: Session | None):
    """The date a stance was expressed: its statement's date, its session's, else today."""
    if statement is not None and statement.date:
        return statement.date
    if session is not None:
        return session.start_date
    return timezone.localdate()


@transaction.atomic
def stance_create(
    *,
    delegation: Delegation,
    provision: Provision,
    position: str,
    statement: Statement | None = None,
    session: Session | None = None,
    evidence: str = "",
    evidence_start: int | None = None,
    evidence_end: int | None = None,
    note: str = "",
    origin: str = Stance.Origin.MANUAL,
    status: str = Stance.Status.CONFIRMED,
    confidence: float | None = None,
    cue: str = "",
    created_by=None,
    reason: str = "",
) -> Stance:
    """Record a stance after validating it (evidence must be the statement's text at its offsets).

    When evidence is given with a statement but no offsets, the offsets are computed from the
    first occurrence of the evidence in the statement text.
    """
    if statement is not None and evidence and evidence_start is None:
        index = statement.text.find(evidence)
        if index >= 0:
            evidence_start, evidence_end = index, index + len(evidence)
    if session is None and statement is not None:
        session = statement.session
    stance = Stance(
        delegation=delegation,
        provision=provision,
        position=position,
        statement=statement,
        session=session,
        stated_on=stance_stated_on(statement=statement, session=session),
        evidence=evidence,
        evidence_start=evidence_start,
        evidence_end=evidence_end,
        note=note,
        origin=origin,
        status=status,
        confidence=confidence,
        cue=cue,
        created_by=created_by,
    )
    if status == Stance.Status.CONFIRMED and created_by is not None:
        stance.reviewed_by, stance.reviewed_at = created_by, timezone.now()
    stance.full_clean()
    stance.save()
    if reason:
        update_change_reason(stance, reason)
    return stance


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
    return SeedLoadResult(statements_created=statements_created, stances_created=stances_created)
