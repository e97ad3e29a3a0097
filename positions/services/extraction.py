"""Extraction: the extractor's readings of a statement kept as proposals for review."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.validation import full_clean_many
from extraction import split_header
from extraction.language import detect_language

from ..extraction_inputs import compiled_provisions, compiled_provisions_pinned, speaker_names
from ..models import Stance, Statement
from . import bulk
from .current import current_stances_refresh, stance_pairs
from .stances import stance_stated_on


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
    - one proposal per passage and provision family: the article the passage names (its cue
      notes the issue), else the issue (its cue notes the article); none where a provision it
      notes already has a stance other than a proposal for this statement;
    - every kind of provision the extractor returns (issues, articles, chapters) is proposed;
    - the language detected in the text is stored in ``statement.language``; paragraphs in a
      language the extractor does not read yield no proposals.

    Provisions come from the negotiation of the statement's session, or all provisions when the
    statement has no session. Runs under the lock on the statement row that every write of the
    statement or its stances takes first, so two runs on one statement do not interleave and a
    review racing a run waits for it (no deadlock).
    """
    results = statements_extract_stances(statements=[statement.pk], user=user)
    if statement.pk not in results:
        raise Statement.DoesNotExist(f"No statement with id {statement.pk}.")
    return results[statement.pk]


@transaction.atomic
def statements_extract_stances(
    *, statements: Iterable[int], user=None, nowait: bool = False
) -> dict[int, ExtractionResult]:
    """`statement_extract_stances` for many statements (ids) at once, with the same guarantees
    for each; what it did to each statement that exists, by id (the others are left out).

    For a job's chunk of statements: a constant number of queries whatever their number (the
    statements, locked, and their stances are read in one query each; every new proposal, every
    changed one and every withdrawn one is written in one statement each, with their history
    rows), besides a language update for a statement whose detected language changed. Every
    statement's proposals are validated before anything is written. With `nowait`, a statement
    whose row another transaction holds raises `OperationalError` at once instead of waiting.
    """
    ids = sorted(set(statements))
    # The lock of `statement_lock`, taken by the read of the rows themselves (one query).
    rows = list(
        Statement.objects.select_for_update(no_key=True, nowait=nowait, of=("self",))
        .select_related("delegation", "on_behalf_of", "session__negotiation")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    existing: dict[int, list[Stance]] = {row.pk: [] for row in rows}
    if rows:
        for stance in Stance.objects.filter(statement_id__in=list(existing)):
            existing[stance.statement_id].append(stance)
    results: dict[int, ExtractionResult] = {}
    new: list[Stance] = []
    changed: list[Stance] = []
    stale: list[Stance] = []
    # The extractor of a negotiation is checked against its provisions once for all (3 queries).
    with compiled_provisions_pinned():
        for statement in rows:
            plan = _plan(statement=statement, existing=existing[statement.pk], user=user)
            # Validated statement by statement (their proposals share most values: see
            # `full_clean_many`), all of them before any write.
            full_clean_many(plan.new, exclude=_NOT_VALIDATED)
            results[statement.pk] = plan.result
            new += plan.new
            changed += plan.changed
            stale += plan.stale
    _proposals_bulk_delete(stale, user=user, reason="Extracted again: no longer found")
    _proposals_bulk_update(changed, user=user, reason="Extracted again: reading changed")
    _stances_bulk_create(new, user=user, reason="Extracted automatically", validated=True)
    # Only proposals were written, and a proposal is never a current position: the table of
    # current positions stays as it is (tests/test_current_stances.py checks it).
    return results


@dataclass
class _Plan:
    """What one extraction run will write for a statement, and its summary."""

    new: list[Stance]
    changed: list[Stance]
    stale: list[Stance]
    result: ExtractionResult


def _plan(*, statement: Statement, existing: list[Stance], user) -> _Plan:
    """Run the extractor on a statement (read and locked) and compare its readings with the
    statement's stances (`existing`): the proposals to create, update and delete."""
    position_holder = statement.on_behalf_of or statement.delegation
    negotiation = statement.session.negotiation if statement.session_id else None
    compiled = compiled_provisions(negotiation=negotiation)
    _header, body, offset = split_header(statement.text)
    language = detect_language(body)
    if language and language != statement.language:
        # What the text is in, as detected; a plain update: not an edit of the statement.
        Statement.objects.filter(pk=statement.pk).update(language=language)
        statement.language = language
    speaker = speaker_names(statement.delegation, statement.on_behalf_of)
    candidates = [
        c
        for c in compiled.extractor.extract(body, speaker=speaker)
        if c.provision in compiled.by_slug
    ]

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

    stated_on = stance_stated_on(statement=statement, session=statement.session)
    rows = _StanceRows(
        delegation=position_holder,
        statement=statement,
        session=statement.session,
        stated_on=stated_on,
        origin=Stance.Origin.EXTRACTED,
        status=Stance.Status.PROPOSED,
        created_by=user,
    )
    unchanged = 0
    new: list[Stance] = []
    changed: list[Stance] = []
    skipped: list[str] = []
    kept: set[int] = set()
    for c in candidates:
        provision_id = compiled.by_slug[c.provision]  # a row the extractor was compiled from
        # One decision per passage: a proposal that stands for a provision already decided
        # (the issue a named article notes, the article an issue notes) is not made again.
        family = [compiled.by_slug.get(slug) for slug in c.also]
        if provision_id in reviewed or any(pk in reviewed for pk in family if pk):
            skipped.append(c.provision)
            continue
        reading = {
            "position": c.position,
            "evidence": c.evidence,
            "evidence_start": c.start + offset,
            "evidence_end": c.end + offset,
            "confidence": round(min(max(c.confidence, 0.0), 1.0), 3),
            "cue": c.cue[:300],
            "extractor_model_id": compiled.model_id,
            "proposed_position": c.position,
            "proposed_provision_id": provision_id,
        }
        stance = proposals.get(provision_id)
        if stance is None:
            new.append(rows.new(provision_id=provision_id, **reading))
            continue
        kept.add(stance.pk)
        if all(getattr(stance, field) == value for field, value in reading.items()):
            unchanged += 1
            continue
        for field, value in reading.items():
            setattr(stance, field, value)
        stance.stated_on = stated_on
        stance.version += 1
        changed.append(stance)

    # Proposals no longer found, including any left for another delegation after the statement's
    # delegation was changed: nobody has acted on them, so they go (history keeps them).
    stale = [
        s
        for s in existing
        if s.pk not in kept
        and s.origin == Stance.Origin.EXTRACTED
        and s.status == Stance.Status.PROPOSED
    ]
    result = ExtractionResult(
        candidates=len(candidates),
        created=len(new),
        updated=len(changed),
        unchanged=unchanged,
        deleted=len(stale),
        skipped=tuple(skipped),
    )
    return _Plan(new=new, changed=changed, stale=stale, result=result)


class _StanceRows:
    """New stances sharing most of their values (one statement's proposals), built through the
    model's positional constructor, the one Django uses for rows it reads: a template is built
    with keywords once, each row then copies its values and sets its own (by attribute name:
    ``provision_id``). About a third of the cost of ``Stance(**values)`` a row; the same
    instance (values, defaults, the related rows given, cached as keywords cache them)."""

    def __init__(self, **shared):
        template = Stance(**shared)
        fields = Stance._meta.concrete_fields
        self._values = [getattr(template, field.attname) for field in fields]
        self._index = {field.attname: i for i, field in enumerate(fields)}
        # A callable default gives each row its own value (none on Stance today).
        self._defaults = [
            (i, field)
            for i, field in enumerate(fields)
            if field.has_default() and callable(field.default) and field.name not in shared
        ]
        self._cached = [
            (field, field.get_cached_value(template))
            for field in fields
            if field.is_relation and field.is_cached(template)
        ]

    def new(self, **values) -> Stance:
        row = self._values.copy()
        for i, field in self._defaults:
            row[i] = field.get_default()
        for name, value in values.items():
            row[self._index[name]] = value
        stance = Stance(*row)
        for field, related in self._cached:
            field.set_cached_value(stance, related)
        return stance


# Related rows the service has just read (not checked again, one query each, by full_clean).
_RELATED = [
    "delegation",
    "provision",
    "statement",
    "session",
    "extractor_model",
    "proposed_provision",
]
# What a proposal's validation leaves out: those related rows and the two user fields.
_NOT_VALIDATED = [*_RELATED, "created_by", "reviewed_by"]

# What a new reading changes on a proposal that is kept (with its version, below).
_READING_FIELDS = [
    "position",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "cue",
    "extractor_model",
    "proposed_position",
    "proposed_provision",
    "stated_on",
    "version",
    "updated_at",
]


def _proposals_bulk_update(stances: list[Stance], *, user, reason: str) -> None:
    """Save proposals whose reading changed, with a history row each, in one query on
    PostgreSQL (`bulk.stances_update`), two elsewhere.

    Validated as `_stances_bulk_create` validates (fields and `Stance.clean`); the related rows
    and the table constraints do not change in an update of the reading.
    """
    if not stances:
        return
    now = timezone.now()
    for stance in stances:
        stance.updated_at = now
    full_clean_many(stances, exclude=_NOT_VALIDATED)
    if connection.vendor == "postgresql":
        bulk.stances_update(stances, fields=_READING_FIELDS, user=user, reason=reason, date=now)
        return
    bulk_update_with_history(
        stances,
        Stance,
        _READING_FIELDS,
        default_user=user,
        default_change_reason=reason,
        default_date=now,
    )


def _proposals_bulk_delete(stances: list[Stance], *, user, reason: str) -> None:
    """Delete proposals nobody acted on, keeping a deletion row each in the history.

    One query on PostgreSQL (`bulk.proposals_delete`), two elsewhere, instead of a delete and a
    history insert per row. Proposals are never current
    positions, so no current-position row points at them (a row that did would make the delete
    fail on its foreign key rather than lose it).
    """
    if not stances:
        return
    if connection.vendor == "postgresql":
        bulk.proposals_delete(stances, user=user, reason=reason)
        return
    History = Stance.history.model
    now = timezone.now()
    History.objects.bulk_create(
        [
            History(
                history_date=now,
                history_user=user,
                history_change_reason=reason,
                history_type="-",
                **{
                    field.attname: getattr(stance, field.attname)
                    for field in History.tracked_fields
                },
            )
            for stance in stances
        ]
    )
    Stance.objects.filter(
        pk__in=[s.pk for s in stances],
        origin=Stance.Origin.EXTRACTED,
        status=Stance.Status.PROPOSED,
    )._raw_delete(Stance.objects.db)


def _stances_bulk_create(
    stances: list[Stance], *, user, reason: str, validated: bool = False
) -> None:
    """Insert stances (and their history rows) after validating each: in one query on
    PostgreSQL (`bulk.stances_insert`), in two elsewhere (simple-history's bulk create).

    ``full_clean`` (``full_clean_many``: the same checks, a value the stances share cleaned
    once) runs the field checks and ``Stance.clean`` (evidence is the statement's text
    at its offsets, the delegation is the speaker's). Left to the database, which enforces them
    on insert, instead of one query each per row: the table constraints (the caller has already
    left out provisions that have a live stance) and the existence of the related rows (the
    caller passes rows it has just read). With `validated`, the caller has already run
    `full_clean_many` on them (statement by statement).
    """
    if not validated:
        full_clean_many(stances, exclude=_NOT_VALIDATED)
    if connection.vendor == "postgresql":
        bulk.stances_insert(stances, user=user, reason=reason)
    else:
        bulk_create_with_history(stances, Stance, default_user=user, default_change_reason=reason)
    confirmed = [s for s in stances if s.status == Stance.Status.CONFIRMED]
    if confirmed:
        current_stances_refresh(pairs=stance_pairs(*confirmed))
