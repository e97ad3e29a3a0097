"""Writes to statements and stances. Views, admin, commands and tests all go through these."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, update_change_reason

from delegations.models import Delegation
from provisions.models import Provision, Session

from .extraction import split_header
from .extraction_inputs import compiled_provisions
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
    if reason:
        stance._change_reason = reason  # simple-history records it with the save
    stance.save()
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


# --- extraction ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractionResult:
    """What one extraction run did to a statement's proposals."""

    candidates: int  # candidates the extractor returned
    created: int  # new proposals
    updated: int  # proposals whose reading changed (position, evidence, confidence or cue)
    unchanged: int  # proposals the run found again as they were
    deleted: int  # earlier proposals the run no longer finds
    skipped: tuple[str, ...]  # provision slugs left alone: a person already recorded a stance

    def __str__(self):
        return (
            f"{self.candidates} candidates: {self.created} proposed, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} withdrawn, "
            f"{len(self.skipped)} already reviewed"
        )


@transaction.atomic
def statement_extract_stances(*, statement: Statement, user=None) -> ExtractionResult:
    """Run the extractor on a statement and bring its proposed stances up to date.

    Guarantees:
    - only stances with ``origin=extracted`` and ``status=proposed`` are changed or deleted;
      a provision that already has any other stance for this statement (confirmed, rejected,
      withdrawn, or logged by hand) gets no proposal;
    - proposals are for ``statement.delegation``, with ``confidence``, ``cue`` and evidence
      offsets into ``statement.text`` (a leading "Key: value" header block is not read);
    - a proposal found again unchanged keeps its row (id, version, history); one whose reading
      changed is updated with its version bumped; one no longer found is deleted (its history
      keeps the deletion);
    - every kind of provision the extractor returns (issues, articles, chapters) is proposed.

    Provisions come from the negotiation of the statement's session, or all provisions when the
    statement has no session. Runs under a lock on the statement row, so two runs on one
    statement do not interleave.
    """
    statement = (
        Statement.objects.select_related("delegation", "session")
        .select_for_update(of=("self",))
        .get(pk=statement.pk)
    )
    negotiation = statement.session.negotiation if statement.session_id else None
    compiled = compiled_provisions(negotiation=negotiation)
    _header, body, offset = split_header(statement.text)
    candidates = [c for c in compiled.extractor.extract(body) if c.provision in compiled.by_slug]

    existing = list(statement.stances.all())
    proposals = {
        s.provision_id: s
        for s in existing
        if s.origin == Stance.Origin.EXTRACTED
        and s.status == Stance.Status.PROPOSED
        and s.delegation_id == statement.delegation_id
    }
    reviewed = {
        s.provision_id
        for s in existing
        if s.delegation_id == statement.delegation_id and s.provision_id not in proposals
    }
    provisions = Provision.objects.in_bulk([compiled.by_slug[c.provision] for c in candidates])

    stated_on = stance_stated_on(statement=statement, session=statement.session)
    updated = unchanged = 0
    new: list[Stance] = []
    skipped: list[str] = []
    kept: set[int] = set()
    for c in candidates:
        provision = provisions[compiled.by_slug[c.provision]]
        if provision.pk in reviewed:
            skipped.append(c.provision)
            continue
        reading = {
            "position": c.position,
            "evidence": c.evidence,
            "evidence_start": c.start + offset,
            "evidence_end": c.end + offset,
            "confidence": round(min(max(c.confidence, 0.0), 1.0), 3),
            "cue": c.cue[:300],
        }
        stance = proposals.get(provision.pk)
        if stance is None:
            new.append(
                Stance(
                    delegation=statement.delegation,
                    provision=provision,
                    statement=statement,
                    session=statement.session,
                    stated_on=stated_on,
                    origin=Stance.Origin.EXTRACTED,
                    status=Stance.Status.PROPOSED,
                    created_by=user,
                    **reading,
                )
            )
            continue
        kept.add(stance.pk)
        if all(getattr(stance, field) == value for field, value in reading.items()):
            unchanged += 1
            continue
        for field, value in reading.items():
            setattr(stance, field, value)
        stance.stated_on = stated_on
        stance.version += 1
        stance.full_clean()
        stance._change_reason = "Extracted again: reading changed"
        stance.save()
        updated += 1

    # Proposals no longer found, including any left for another delegation after the statement's
    # delegation was changed: nobody has acted on them, so they go (history keeps them).
    stale = [
        s
        for s in existing
        if s.pk not in kept
        and s.origin == Stance.Origin.EXTRACTED
        and s.status == Stance.Status.PROPOSED
    ]
    for stance in stale:
        stance.delete()
    _stances_bulk_create(new, user=user, reason="Extracted automatically")
    return ExtractionResult(
        candidates=len(candidates),
        created=len(new),
        updated=updated,
        unchanged=unchanged,
        deleted=len(stale),
        skipped=tuple(skipped),
    )


def _stances_bulk_create(stances: list[Stance], *, user, reason: str) -> None:
    """Insert stances (and their history rows) in a few queries, after validating each.

    ``full_clean`` runs the field checks and ``Stance.clean`` (evidence is the statement's text
    at its offsets, the delegation is the speaker's). Left to the database, which enforces them
    on insert, instead of one query each per row: the table constraints (the caller has already
    left out provisions that have a live stance) and the existence of the related rows (the
    caller passes rows it has just read).
    """
    related = ["delegation", "provision", "statement", "session", "created_by", "reviewed_by"]
    for stance in stances:
        stance.full_clean(exclude=related, validate_constraints=False)
    bulk_create_with_history(stances, Stance, default_user=user, default_change_reason=reason)


# --- review ----------------------------------------------------------------------------------


class StanceConflict(Exception):
    """The stance changed since the reviewer loaded it (or is no longer a proposal)."""


def _claim_proposal(*, stance: Stance, expected_version: int) -> Stance:
    """Bump the version of a still-proposed stance if it is at ``expected_version``.

    ``UPDATE ... WHERE version = expected AND status = 'proposed'``: when another reviewer (or a
    re-extraction) got there first, nothing is written and ``StanceConflict`` is raised.
    """
    claimed = Stance.objects.filter(
        pk=stance.pk, version=expected_version, status=Stance.Status.PROPOSED
    ).update(version=expected_version + 1)
    if not claimed:
        current = Stance.objects.filter(pk=stance.pk).first()
        if current is None:
            raise StanceConflict(
                "This proposal no longer exists: the statement was extracted again."
            )
        if current.status != Stance.Status.PROPOSED:
            raise StanceConflict(
                f"This proposal was already {current.get_status_display().lower()}"
                f"{f' by {current.reviewed_by}' if current.reviewed_by_id else ''}; "
                "nothing was changed."
            )
        raise StanceConflict(
            "This proposal was changed since you opened the page; nothing was changed. "
            "Check the new reading and try again."
        )
    return Stance.objects.select_related("statement", "delegation", "provision").get(pk=stance.pk)


def _review(stance: Stance, *, status: str, user, reason: str) -> Stance:
    stance.status = status
    stance.reviewed_by = user
    stance.reviewed_at = timezone.now()
    stance.full_clean()
    stance._change_reason = reason
    stance.save()
    return stance


@transaction.atomic
def stance_accept(*, stance: Stance, user, expected_version: int) -> Stance:
    """Confirm a proposed stance as it stands, recording who accepted it and when.

    Raises ``StanceConflict`` (and writes nothing) if the stance is not at ``expected_version``
    or is no longer proposed.
    """
    stance = _claim_proposal(stance=stance, expected_version=expected_version)
    return _review(stance, status=Stance.Status.CONFIRMED, user=user, reason="Accepted in review")


@transaction.atomic
def stance_reject(*, stance: Stance, user, expected_version: int) -> Stance:
    """Reject a proposed stance; the row stays, with who rejected it and when.

    Raises ``StanceConflict`` as ``stance_accept`` does. A rejected proposal is not proposed
    again when the statement is extracted again.
    """
    stance = _claim_proposal(stance=stance, expected_version=expected_version)
    return _review(stance, status=Stance.Status.REJECTED, user=user, reason="Rejected in review")


@transaction.atomic
def stance_revise_and_accept(
    *,
    stance: Stance,
    user,
    expected_version: int,
    position: str,
    provision: Provision,
    evidence: str,
    note: str = "",
) -> Stance:
    """Correct a proposal (position, provision, evidence, note), then confirm it.

    The evidence must be a passage of the statement's text; its offsets are recomputed (the
    proposal's own offsets are kept when the passage is unchanged, else its first occurrence).
    Raises ``ValidationError`` for evidence not in the text or a provision that already has a
    live stance for this statement, ``StanceConflict`` as ``stance_accept`` does; either way
    nothing is written.
    """
    stance = _claim_proposal(stance=stance, expected_version=expected_version)
    text = stance.statement.text if stance.statement_id else ""
    evidence = evidence.strip()
    if evidence:
        if stance.evidence_start is not None and text[stance.evidence_start :].startswith(evidence):
            start = stance.evidence_start
        else:
            start = text.find(evidence)
        if start < 0:
            raise ValidationError({"evidence": "The evidence must be a passage of the statement."})
        stance.evidence_start, stance.evidence_end = start, start + len(evidence)
    else:
        stance.evidence_start = stance.evidence_end = None
    stance.evidence = evidence
    stance.position = position
    stance.provision = provision
    stance.note = note
    return _review(
        stance, status=Stance.Status.CONFIRMED, user=user, reason="Edited and accepted in review"
    )


@dataclass(frozen=True)
class BulkAcceptResult:
    accepted: int
    conflicts: tuple[str, ...]  # one message per stance that could not be accepted


@transaction.atomic
def stance_bulk_accept(
    *, stances: list[Stance], versions: dict[int, int], user
) -> BulkAcceptResult:
    """Accept several proposals; each is checked against its expected version on its own.

    A stance that changed (or is missing from ``versions``) is left as it is and reported; the
    others are accepted.
    """
    accepted = 0
    conflicts = []
    for stance in stances:
        expected = versions.get(stance.pk)
        try:
            if expected is None:
                raise StanceConflict("no version was sent")
            stance_accept(stance=stance, user=user, expected_version=expected)
        except StanceConflict as conflict:
            conflicts.append(f"{stance}: {conflict}")
        else:
            accepted += 1
    return BulkAcceptResult(accepted=accepted, conflicts=tuple(conflicts))
