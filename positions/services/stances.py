"""Stances: record, change and withdraw a delegation's position on a provision."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from delegations.models import Delegation
from provisions.models import Provision, Session

from ..evidence import evidence_locate
from ..models import Stance, Statement
from .current import current_stances_refresh, stance_pairs
from .locks import statement_lock
from .versions import claim_version, set_history


def stance_stated_on(*, statement: Statement | None, session: Session | None):
    """The date a stance was expressed: its statement's date, its session's, else today."""
    if statement is not None and statement.date:
        return statement.date
    if session is not None:
        return session.start_date
    return timezone.localdate()


def evidence_place(*, statement: Statement | None, evidence: str, near: int | None = None):
    """(evidence, start, end): the passage as it is in the statement text, with its offsets.

    The one locator of every write (whitespace runs and curly quotes tolerated, see
    `evidence_locate`). When the passage still stands at `near` (the offset it had), that place
    is kept, so a passage quoted twice keeps the occurrence chosen; else its first occurrence.
    A passage not in the text is a ValidationError on `evidence`.
    """
    evidence = evidence.strip()
    if statement is None or not evidence:
        return evidence, None, None
    text = statement.text
    if near is not None and text.startswith(evidence, near):
        return evidence, near, near + len(evidence)
    span = evidence_locate(text, evidence)
    if span is None:
        raise ValidationError(
            {"evidence": "This passage is not in the statement's text. Copy it from the text."}
        )
    return text[span.start : span.end], span.start, span.end


def _check_one_live_stance(stance: Stance, *, user=None) -> None:
    """Refuse a second live stance on the same statement and provision.

    A person's own record wins over the machine's: an extracted proposal still awaiting review
    is rejected (kept in the record, with who and when) to make way for a stance logged by hand.
    """
    if stance.statement_id is None or stance.status not in Stance.LIVE_STATUSES:
        return
    clash = (
        Stance.objects.live()
        .filter(
            statement_id=stance.statement_id,
            delegation_id=stance.delegation_id,
            provision_id=stance.provision_id,
        )
        .exclude(pk=stance.pk)
        .first()
    )
    superseded = (
        clash is not None
        and stance.origin == Stance.Origin.MANUAL
        and clash.origin == Stance.Origin.EXTRACTED
        and clash.status == Stance.Status.PROPOSED
    )
    if superseded:
        clash.status = Stance.Status.REJECTED
        clash.reviewed_by, clash.reviewed_at = user, timezone.now()
        clash.version += 1
        set_history(clash, user=user, reason="Superseded by a stance logged by hand")
        clash.save(update_fields=["status", "reviewed_by", "reviewed_at", "version", "updated_at"])
        return
    if clash is not None:
        raise ValidationError(
            {
                "provision": f"This statement already has a stance on this provision "
                f"(#{clash.pk}); edit that one instead."
            }
        )


def _save(stance: Stance) -> None:
    """Save; a live stance saved meanwhile on the same statement and provision (which the
    statement lock prevents, unless a writer skipped it) is the usual message, not a 500."""
    try:
        with transaction.atomic():
            stance.save()
    except IntegrityError as error:
        if "stance_one_live_per_statement_provision" not in str(error):
            raise
        raise ValidationError(
            {"provision": "This statement already has a stance on this provision; edit that one."}
        ) from None


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

    When evidence is given with a statement but no offsets, the offsets are computed: the first
    occurrence of the passage in the statement text, whitespace differences tolerated, and the
    stored evidence is the text at those offsets. A passage not in the text is a ValidationError.
    An earlier stance of the delegation on the provision (from another statement) stays on
    record; `Stance.objects.current()` returns the newer. A second live stance on the same
    statement and provision is a ValidationError, also when another one is being saved at the
    same moment (the statement's row is locked first, see `locks`).
    """
    statement_lock(statement.pk if statement is not None else None)
    if statement is not None and evidence and evidence_start is None:
        evidence, evidence_start, evidence_end = evidence_place(
            statement=statement, evidence=evidence
        )
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
    _check_one_live_stance(stance, user=created_by)
    stance.full_clean()
    set_history(stance, user=created_by, reason=reason)
    _save(stance)
    if stance.status == Stance.Status.CONFIRMED:
        current_stances_refresh(pairs=stance_pairs(stance))
    return stance


@transaction.atomic
def stance_update(
    *,
    stance: Stance,
    expected_version: int,
    updated_by=None,
    delegation: Delegation,
    provision: Provision,
    position: str,
    statement: Statement | None = None,
    session: Session | None = None,
    evidence: str = "",
    note: str = "",
    reason: str = "",
) -> Stance:
    """Change a stance the editor loaded at `expected_version`.

    Raises ConflictError (writing nothing) when the stance was saved by someone else since.
    Offsets and `stated_on` are recomputed as in `stance_create`.
    """
    statement_lock(stance.statement_id, statement.pk if statement is not None else None)
    stance = claim_version(Stance, pk=stance.pk, expected_version=expected_version)
    if session is None and statement is not None:
        session = statement.session
    same_statement = statement is not None and statement.pk == stance.statement_id
    near = stance.evidence_start if same_statement else None
    evidence, start, end = evidence_place(statement=statement, evidence=evidence, near=near)
    touched = stance_pairs(stance)  # the pair it leaves, if its delegation or provision changes
    stance.delegation, stance.provision, stance.position = delegation, provision, position
    stance.statement, stance.session, stance.note = statement, session, note
    stance.evidence, stance.evidence_start, stance.evidence_end = evidence, start, end
    stance.stated_on = stance_stated_on(statement=statement, session=session)
    _check_one_live_stance(stance)
    stance.full_clean()
    set_history(stance, user=updated_by, reason=reason)
    _save(stance)
    if stance.status == Stance.Status.CONFIRMED:
        current_stances_refresh(pairs=touched | stance_pairs(stance))
    return stance


@transaction.atomic
def stance_withdraw(
    *, stance: Stance, expected_version: int, withdrawn_by=None, reason: str = ""
) -> Stance:
    """Mark a stance withdrawn (it stays on record, out of `live()` and `current()`)."""
    statement_lock(stance.statement_id)
    stance = claim_version(Stance, pk=stance.pk, expected_version=expected_version)
    was_confirmed = stance.status == Stance.Status.CONFIRMED
    stance.status = Stance.Status.WITHDRAWN
    set_history(stance, user=withdrawn_by, reason=reason or "Withdrawn")
    stance.save()
    if was_confirmed:
        current_stances_refresh(pairs=stance_pairs(stance))
    return stance


@transaction.atomic
def stance_save(*, stance: Stance, user=None, reason: str = "") -> Stance:
    """Save a stance edited field by field (the admin, its inline, a revert from the history).

    The upkeep of the other stance services, in one place: a new stance gets its session from
    its statement, its author and, when confirmed, who confirmed it; `stated_on` is filled in
    when empty; a passage without offsets is placed in the statement text; the one-live-stance
    rule and the model checks apply. An existing stance takes the version after the saved one
    (under a row lock), so an edit form opened earlier is refused as a conflict. The current
    positions of the pair it leaves and of the pair it is on are recomputed.
    """
    touched = set()
    saved_statement = None
    if stance.pk is not None:
        saved_statement = Stance.objects.filter(pk=stance.pk).values_list("statement_id").first()
    statement_lock(stance.statement_id, saved_statement[0] if saved_statement else None)
    if stance.pk is None:
        if stance.session_id is None and stance.statement_id is not None:
            stance.session = stance.statement.session
        if stance.created_by_id is None:
            stance.created_by = user
        if stance.status == Stance.Status.CONFIRMED and stance.reviewed_by_id is None:
            stance.reviewed_by, stance.reviewed_at = user, timezone.now()
    else:
        version, delegation_id, provision_id = (
            Stance.objects.select_for_update()
            .values_list("version", "delegation_id", "provision_id")
            .get(pk=stance.pk)
        )
        touched.add((delegation_id, provision_id))
        stance.version = version + 1
    if not stance.stated_on:
        stance.stated_on = stance_stated_on(statement=stance.statement, session=stance.session)
    if stance.statement_id is not None:
        stance.evidence, stance.evidence_start, stance.evidence_end = evidence_place(
            statement=stance.statement, evidence=stance.evidence, near=stance.evidence_start
        )
    _check_one_live_stance(stance, user=user)
    stance.full_clean()
    set_history(stance, user=user, reason=reason)
    _save(stance)
    current_stances_refresh(pairs=touched | stance_pairs(stance))
    return stance
