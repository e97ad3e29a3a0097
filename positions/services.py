"""Writes to statements and stances. Views, admin, commands and tests all go through these."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, update_change_reason

from delegations.models import Delegation
from extraction import split_header
from provisions.models import Provision, Session

from .evidence import evidence_locate
from .extraction_inputs import compiled_provisions
from .models import CurrentStance, Stance, Statement

# --- current positions -------------------------------------------------------------------

_CURRENT_COLUMNS = "delegation_id, provision_id, stance_id, position, stated_on, session_id"
# The latest confirmed stance of each pair, by the definition of `Stance.objects.current()`.
_LATEST_CONFIRMED = """
SELECT delegation_id, provision_id, id, position, stated_on, session_id FROM (
    SELECT delegation_id, provision_id, id, position, stated_on, session_id,
           ROW_NUMBER() OVER (
               PARTITION BY delegation_id, provision_id
               ORDER BY stated_on DESC, created_at DESC, id DESC
           ) AS n
    FROM positions_stance
    WHERE status = 'confirmed' AND {where}
) AS ranked
WHERE n = 1
"""
_LATEST_CONFIRMED_POSTGRESQL = """
SELECT DISTINCT ON (delegation_id, provision_id)
       delegation_id, provision_id, id, position, stated_on, session_id
FROM positions_stance
WHERE status = 'confirmed' AND {where}
ORDER BY delegation_id, provision_id, stated_on DESC, created_at DESC, id DESC
"""
_PAIRS_PER_STATEMENT = 400  # two parameters a pair; SQLite allows 999 in older builds


def _latest_confirmed(where: str) -> str:
    template = (
        _LATEST_CONFIRMED_POSTGRESQL if connection.vendor == "postgresql" else _LATEST_CONFIRMED
    )
    return template.format(where=where)


def current_stances_refresh(*, pairs=None) -> None:
    """Make `CurrentStance` hold, for each touched (delegation, provision), its latest confirmed
    stance (or nothing when it has none), as `Stance.objects.current()` defines it.

    `pairs` is an iterable of (delegation_id, provision_id), a queryset of stances (the pairs
    they are on, read inside the database: the bulk loads pass the rows they added), or None to
    rebuild the whole table. Set-based SQL: a DELETE and an INSERT ... SELECT per batch of pairs,
    whatever their number. Every service that changes a stance's status, position, date,
    delegation or provision calls it in its transaction, with the pairs before and after.
    """
    table = CurrentStance._meta.db_table
    with connection.cursor() as cursor:
        if pairs is None:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"INSERT INTO {table} ({_CURRENT_COLUMNS}) {_latest_confirmed('TRUE')}")
            return
        if isinstance(pairs, QuerySet):
            sql, params = (
                pairs.order_by().values("delegation_id", "provision_id").distinct().query
            ).sql_with_params()
            touched = f"(delegation_id, provision_id) IN (SELECT * FROM ({sql}) AS touched)"
            _refresh_where(cursor, table, touched, list(params))
            return
        pairs = sorted(set(pairs))
        for start in range(0, len(pairs), _PAIRS_PER_STATEMENT):
            batch = pairs[start : start + _PAIRS_PER_STATEMENT]
            values = ", ".join(["(%s, %s)"] * len(batch))
            # Row values in a VALUES list: PostgreSQL and SQLite (3.15+) both read this.
            touched = f"(delegation_id, provision_id) IN (VALUES {values})"
            _refresh_where(cursor, table, touched, [i for pair in batch for i in pair])


def _refresh_where(cursor, table: str, touched: str, params: list) -> None:
    cursor.execute(f"DELETE FROM {table} WHERE {touched}", params)
    cursor.execute(f"INSERT INTO {table} ({_CURRENT_COLUMNS}) {_latest_confirmed(touched)}", params)


def _pairs(*stances: Stance) -> set[tuple[int, int]]:
    return {(s.delegation_id, s.provision_id) for s in stances if s is not None}


def stance_stated_on(*, statement: Statement | None, session: Session | None):
    """The date a stance was expressed: its statement's date, its session's, else today."""
    if statement is not None and statement.date:
        return statement.date
    if session is not None:
        return session.start_date
    return timezone.localdate()


class ConflictError(Exception):
    """Someone saved the row after the editor loaded it; nothing was written.

    `current` is the row as it is now; `changes` lists the fields that differ from the version
    the editor started from.
    """

    def __init__(self, current, changes: list["FieldChange"]):
        super().__init__(f"{current._meta.verbose_name} was changed by someone else")
        self.current = current
        self.changes = changes


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    now: str


STATEMENT_TRACKED_FIELDS = [
    "delegation",
    "on_behalf_of",
    "session",
    "agenda_item",
    "speaker",
    "delivered_on",
    "language",
    "title",
    "text",
    "source_url",
    "withdrawn_at",
]
STANCE_TRACKED_FIELDS = [
    "delegation",
    "provision",
    "position",
    "statement",
    "session",
    "evidence",
    "note",
    "status",
]


def _display(obj, field_name: str) -> str:
    field = obj._meta.get_field(field_name)
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return "—"
        return str(field.related_model._default_manager.get(pk=related_id))
    value = getattr(obj, field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return "—" if value in (None, "") else str(value)


def changes_since(instance, *, version: int, fields: list[str]) -> list[FieldChange]:
    """What differs in `instance` (as saved now) from its history at `version`.

    Without a history row for that version (a bulk update that skipped history), every tracked
    field is listed with its current value.
    """
    record = instance.history.filter(version=version).order_by("-history_date").first()
    changes = []
    for name in fields:
        field = instance._meta.get_field(name)
        label = str(field.verbose_name).capitalize()
        now = _display(instance, name)
        if record is None:
            changes.append(FieldChange(name, label, "?", now))
            continue
        if getattr(record, field.attname) != getattr(instance, field.attname):
            changes.append(FieldChange(name, label, _display(record, name), now))
    return changes


def _claim_version(model, *, pk: int, expected_version: int, fields: list[str]):
    """Atomically move the row from `expected_version` to the next, or raise ConflictError.

    The filtered UPDATE is the check: it matches no row when someone else saved first, and it
    locks the row until the transaction ends, so two saves cannot both pass.
    """
    claimed = model.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1)
    current = model.objects.get(pk=pk)
    if not claimed:
        raise ConflictError(
            current, changes_since(current, version=expected_version, fields=fields)
        )
    return current


def _set_history(instance, *, user, reason: str) -> None:
    """Who and why for the history row the next save() writes (a request sets the user itself)."""
    if user is not None:
        instance._history_user = user
    if reason:
        instance._change_reason = reason


def _locate_evidence(*, statement: Statement | None, evidence: str):
    """(evidence, start, end): the passage as it is in the statement text, with its offsets."""
    evidence = evidence.strip()
    if statement is None or not evidence:
        return evidence, None, None
    span = evidence_locate(statement.text, evidence)
    if span is None:
        raise ValidationError(
            {"evidence": "This passage is not in the statement's text. Copy it from the text."}
        )
    return statement.text[span.start : span.end], span.start, span.end


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
        _set_history(clash, user=user, reason="Superseded by a stance logged by hand")
        clash.save(update_fields=["status", "reviewed_by", "reviewed_at", "version", "updated_at"])
        return
    if clash is not None:
        raise ValidationError(
            {
                "provision": f"This statement already has a stance on this provision "
                f"(#{clash.pk}); edit that one instead."
            }
        )


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
    statement and provision is a ValidationError.
    """
    if statement is not None and evidence and evidence_start is None:
        evidence, evidence_start, evidence_end = _locate_evidence(
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
    _set_history(stance, user=created_by, reason=reason)
    stance.save()
    if stance.status == Stance.Status.CONFIRMED:
        current_stances_refresh(pairs=_pairs(stance))
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
    stance = _claim_version(
        Stance, pk=stance.pk, expected_version=expected_version, fields=STANCE_TRACKED_FIELDS
    )
    if session is None and statement is not None:
        session = statement.session
    evidence, start, end = _locate_evidence(statement=statement, evidence=evidence)
    touched = _pairs(stance)  # the pair it leaves, if its delegation or provision changes
    stance.delegation, stance.provision, stance.position = delegation, provision, position
    stance.statement, stance.session, stance.note = statement, session, note
    stance.evidence, stance.evidence_start, stance.evidence_end = evidence, start, end
    stance.stated_on = stance_stated_on(statement=statement, session=session)
    _check_one_live_stance(stance)
    stance.full_clean()
    _set_history(stance, user=updated_by, reason=reason)
    stance.save()
    if stance.status == Stance.Status.CONFIRMED:
        current_stances_refresh(pairs=touched | _pairs(stance))
    return stance


@transaction.atomic
def stance_withdraw(
    *, stance: Stance, expected_version: int, withdrawn_by=None, reason: str = ""
) -> Stance:
    """Mark a stance withdrawn (it stays on record, out of `live()` and `current()`)."""
    stance = _claim_version(
        Stance, pk=stance.pk, expected_version=expected_version, fields=STANCE_TRACKED_FIELDS
    )
    was_confirmed = stance.status == Stance.Status.CONFIRMED
    stance.status = Stance.Status.WITHDRAWN
    _set_history(stance, user=withdrawn_by, reason=reason or "Withdrawn")
    stance.save()
    if was_confirmed:
        current_stances_refresh(pairs=_pairs(stance))
    return stance


@transaction.atomic
def statement_create(
    *,
    delegation: Delegation,
    title: str,
    text: str,
    on_behalf_of: Delegation | None = None,
    session: Session | None = None,
    agenda_item: str = "",
    speaker: str = "",
    delivered_on=None,
    language: str = "en",
    source_url: str = "",
    document: File | None = None,
    document_name: str = "",
    created_by=None,
    reason: str = "",
    extract: bool = True,
) -> Statement:
    """Record a statement (and its uploaded original, if any) after validating it.

    With `extract` (the default) the stance extractor runs on the new text in the same
    transaction and its readings are stored as proposed stances for review.
    """
    statement = Statement(
        delegation=delegation,
        on_behalf_of=on_behalf_of,
        session=session,
        agenda_item=agenda_item,
        speaker=speaker,
        delivered_on=delivered_on,
        language=language,
        title=title,
        text=text,
        source_url=source_url,
        created_by=created_by,
    )
    statement.full_clean(exclude=["document"])
    if document is not None:
        statement.document.save(document_name or document.name, document, save=False)
    _set_history(statement, user=created_by, reason=reason)
    statement.save()
    if extract:
        statement_extract_stances(statement=statement, user=created_by)
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    expected_version: int,
    updated_by=None,
    document: File | None = None,
    document_name: str = "",
    reason: str = "",
    extract: bool = True,
    **fields,
) -> Statement:
    """Change a statement the editor loaded at `expected_version`, keeping its stances in step.

    `fields` are Statement fields (delegation, session, delivered_on, text, ...). Raises
    ConflictError (writing nothing) when someone saved the statement since. In the same
    transaction, each stance of the statement gets the statement's session and date again, and
    its evidence offsets are found again in the new text; a live stance whose passage is no
    longer in the text is a ValidationError on `text` (the edit is refused). When the text is
    among the changed fields and `extract` is set, the extractor's proposals are refreshed.
    """
    unknown = set(fields) - set(STATEMENT_TRACKED_FIELDS)
    if unknown:
        raise TypeError(f"Not statement fields: {', '.join(sorted(unknown))}")
    statement = _claim_version(
        Statement,
        pk=statement.pk,
        expected_version=expected_version,
        fields=STATEMENT_TRACKED_FIELDS,
    )
    for name, value in fields.items():
        setattr(statement, name, value)
    statement.full_clean(exclude=["document"])
    if document is not None:
        statement.document.save(document_name or document.name, document, save=False)
    _set_history(statement, user=updated_by, reason=reason)
    statement.save()
    _stances_follow_statement(statement, user=updated_by, reason=reason)
    if extract and "text" in fields:
        # Proposals follow the new text; confirmed, rejected and manual stances stay as they are.
        statement_extract_stances(statement=statement, user=updated_by)
    return statement


def _stances_follow_statement(statement: Statement, *, user, reason: str) -> None:
    lost = []
    touched = set()
    stances = list(Stance.objects.select_for_update().filter(statement=statement))
    for stance in stances:
        before = (stance.session_id, stance.stated_on, stance.evidence_start, stance.evidence)
        stance.statement = statement
        stance.session = statement.session or stance.session
        stance.stated_on = stance_stated_on(statement=statement, session=stance.session)
        if stance.evidence_start is not None:
            span = evidence_locate(statement.text, stance.evidence)
            if span is None and stance.is_live and stance.evidence:
                lost.append(stance)
                continue
            if span is None:
                stance.evidence_start = stance.evidence_end = None
            else:
                stance.evidence = statement.text[span.start : span.end]
                stance.evidence_start, stance.evidence_end = span.start, span.end
        after = (stance.session_id, stance.stated_on, stance.evidence_start, stance.evidence)
        if after != before:
            stance.version += 1
            _set_history(stance, user=user, reason=reason or "Statement edited")
            stance.save()
            if stance.status == Stance.Status.CONFIRMED:
                touched |= _pairs(stance)  # its date may no longer be the latest, or now is
    current_stances_refresh(pairs=touched)
    if lost:
        names = "; ".join(f"#{s.pk} {s.provision}: “{s.evidence[:60]}”" for s in lost)
        raise ValidationError(
            {
                "text": "The new text no longer contains the passages quoted by these "
                f"stances: {names}. Keep those passages or edit the stances first."
            }
        )


@transaction.atomic
def statement_withdraw(
    *, statement: Statement, expected_version: int, withdrawn_by=None, reason: str = ""
) -> Statement:
    """Withdraw a statement (never deleted) and, with it, its live stances (history kept)."""
    statement = _claim_version(
        Statement,
        pk=statement.pk,
        expected_version=expected_version,
        fields=STATEMENT_TRACKED_FIELDS,
    )
    statement.withdrawn_at = timezone.now()
    _set_history(statement, user=withdrawn_by, reason=reason or "Withdrawn")
    statement.save()
    touched = set()
    for stance in Stance.objects.select_for_update().live().filter(statement=statement):
        if stance.status == Stance.Status.CONFIRMED:
            touched |= _pairs(stance)
        stance.status = Stance.Status.WITHDRAWN
        stance.version += 1
        _set_history(stance, user=withdrawn_by, reason="Statement withdrawn")
        stance.save()
    current_stances_refresh(pairs=touched)
    return statement


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
    - proposals are for the delegation whose position the statement gives: the group when the
      statement was made on a group's behalf, else ``statement.delegation``; with ``confidence``, ``cue`` and evidence
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
        Statement.objects.select_related("delegation", "on_behalf_of", "session")
        .select_for_update(of=("self",))
        .get(pk=statement.pk)
    )
    position_holder = statement.on_behalf_of or statement.delegation
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
        and s.delegation_id == position_holder.pk
    }
    reviewed = {
        s.provision_id
        for s in existing
        if s.delegation_id == position_holder.pk and s.provision_id not in proposals
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
                    delegation=position_holder,
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
    # Only proposals were written, and a proposal is never a current position: the table of
    # current positions stays as it is (tests/test_current_stances.py checks it).
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
    confirmed = [s for s in stances if s.status == Stance.Status.CONFIRMED]
    if confirmed:
        current_stances_refresh(pairs=_pairs(*confirmed))


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
    if status == Stance.Status.CONFIRMED:
        # It was a proposal (never current); its pair may now have a newer current position.
        current_stances_refresh(pairs=_pairs(stance))
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
