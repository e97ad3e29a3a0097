"""Statements: record, change and withdraw what a delegation said; their stances follow."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from delegations.models import Delegation
from provisions.models import Session

from ..evidence import evidence_locate
from ..models import Stance, Statement
from .current import current_stances_refresh, stance_pairs
from .extraction import statement_extract_stances
from .locks import STATEMENT_CREATE_LOCKS, advisory_lock, statement_lock
from .stances import stance_stated_on
from .versions import claim_version, set_history

DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


class DuplicateStatementError(Exception):
    """The delegation already has a live statement with this text; nothing was written.

    `duplicates` are those statements, oldest first (`StatementQuerySet.same_text_as`). The
    caller shows them and saves again with `refuse_duplicates=False` once the person confirms.
    """

    def __init__(self, duplicates: list[Statement]):
        numbers = ", ".join(f"#{d.pk}" for d in duplicates)
        super().__init__(f"The delegation already has a statement with this text ({numbers}).")
        self.duplicates = duplicates


def _refuse_duplicate(statement: Statement) -> None:
    """Raise DuplicateStatementError if another live statement of the delegation has its text.

    Called under the delegation's create lock, so that two saves at the same moment cannot
    both miss each other."""
    duplicates = list(
        Statement.objects.same_text_as(
            statement.text, delegation=statement.delegation_id, exclude=statement
        ).select_related("delegation", "session")
    )
    if duplicates:
        raise DuplicateStatementError(duplicates)


def _just_submitted(statement: Statement) -> Statement | None:
    """The same statement from the same user, saved within the double-submit window."""
    return (
        Statement.objects.filter(
            delegation_id=statement.delegation_id,
            on_behalf_of_id=statement.on_behalf_of_id,
            session_id=statement.session_id,
            created_by_id=statement.created_by_id,
            title=statement.title,
            text=statement.text,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        )
        .order_by("pk")
        .first()
    )


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
    refuse_duplicates: bool = False,
) -> Statement:
    """Record a statement (and its uploaded original, if any) after validating it.

    With `extract` (the default) the stance extractor runs on the new text in the same
    transaction and its readings are stored as proposed stances for review.

    A double submit saves once: when the same user sent the same statement (delegation, group,
    session, title and text) less than `DOUBLE_SUBMIT_WINDOW` ago, that statement is returned
    and nothing is written. With `refuse_duplicates`, any other live statement of the
    delegation with the same text (`StatementQuerySet.same_text_as`) raises
    DuplicateStatementError, writing nothing (the pages and the API ask the person first).
    Creates for one delegation take turns (a lock), so two requests sent at the same moment
    cannot both miss each other.
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
    if created_by is not None or refuse_duplicates:
        advisory_lock(STATEMENT_CREATE_LOCKS, (delegation.pk, 0))
    if created_by is not None:
        twin = _just_submitted(statement)
        if twin is not None:
            return twin
    if refuse_duplicates:
        _refuse_duplicate(statement)
    if document is not None:
        statement.document.save(document_name or document.name, document, save=False)
    set_history(statement, user=created_by, reason=reason)
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
    refuse_duplicates: bool = False,
    **fields,
) -> Statement:
    """Change a statement the editor loaded at `expected_version`, keeping its stances in step.

    `fields` are Statement fields (delegation, session, delivered_on, text, ...). Raises
    ConflictError (writing nothing) when someone saved the statement since. With
    `refuse_duplicates`, a change of text (or of delegation) that makes it the same text as
    another live statement of the delegation raises DuplicateStatementError. In the same
    transaction, each stance of the statement gets the statement's session and date again, and
    its evidence offsets are found again in the new text; a live stance whose passage is no
    longer in the text is a ValidationError on `text` (the edit is refused). When the text is
    among the changed fields and `extract` is set, the extractor's proposals are refreshed.
    """
    unknown = set(fields) - set(Statement.TRACKED_FIELDS)
    if unknown:
        raise TypeError(f"Not statement fields: {', '.join(sorted(unknown))}")
    statement = claim_version(Statement, pk=statement.pk, expected_version=expected_version)
    before = (statement.delegation_id, statement.text_digest)
    for name, value in fields.items():
        setattr(statement, name, value)
    statement.full_clean(exclude=["document"])
    if refuse_duplicates and (statement.delegation_id, statement.text_digest) != before:
        advisory_lock(STATEMENT_CREATE_LOCKS, (statement.delegation_id, 0))
        _refuse_duplicate(statement)
    if document is not None:
        statement.document.save(document_name or document.name, document, save=False)
    set_history(statement, user=updated_by, reason=reason)
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
            set_history(stance, user=user, reason=reason or "Statement edited")
            stance.save()
            if stance.status == Stance.Status.CONFIRMED:
                touched |= stance_pairs(stance)  # its date may no longer be the latest, or now is
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
    statement = claim_version(Statement, pk=statement.pk, expected_version=expected_version)
    statement.withdrawn_at = timezone.now()
    set_history(statement, user=withdrawn_by, reason=reason or "Withdrawn")
    statement.save()
    touched = set()
    for stance in Stance.objects.select_for_update().live().filter(statement=statement):
        if stance.status == Stance.Status.CONFIRMED:
            touched |= stance_pairs(stance)
        stance.status = Stance.Status.WITHDRAWN
        stance.version += 1
        set_history(stance, user=withdrawn_by, reason="Statement withdrawn")
        stance.save()
    current_stances_refresh(pairs=touched)
    return statement


@transaction.atomic
def statement_save(*, statement: Statement, user=None, reason: str = "") -> Statement:
    """Save a statement edited field by field (the admin, a revert from the history).

    A new statement gets its author; an existing one takes the version after the saved one
    (under a row lock, so an edit form opened earlier is refused as a conflict) and its stances
    follow it as in `statement_update`. Extraction is left to the caller (the admin runs it
    after the stances edited inline are saved).
    """
    existing = statement.pk is not None
    if existing:
        statement_lock(statement.pk)
        saved = Statement.objects.values_list("version", flat=True)
        statement.version = saved.get(pk=statement.pk) + 1
    elif statement.created_by_id is None:
        statement.created_by = user
    statement.full_clean(exclude=["document"])
    set_history(statement, user=user, reason=reason)
    statement.save()
    if existing:
        _stances_follow_statement(statement, user=user, reason=reason)
    return statement
