"""Review: people accept, correct or reject the extractor's proposals."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from provisions.models import Provision

from ..models import Stance
from .current import current_stances_refresh, stance_pairs
from .locks import statement_lock
from .stances import evidence_place
from .versions import ConflictError, claim_version


def _claim_proposal(*, stance: Stance, expected_version: int) -> Stance:
    """Claim a stance that is still a proposal at `expected_version` (see `claim_version`).

    Its statement's row is locked first, as every write does (a re-extraction holds it while
    it rewrites the proposals), so a review racing a re-extraction waits and then sees what
    the extraction left instead of deadlocking.
    """
    statement_lock(stance.statement_id)
    return claim_version(
        Stance,
        pk=stance.pk,
        expected_version=expected_version,
        status=Stance.Status.PROPOSED,
        noun="proposal",
        gone="This proposal no longer exists: the statement was extracted again.",
        related=("statement", "delegation", "provision"),
    )


def _review(stance: Stance, *, status: str, user, reason: str) -> Stance:
    stance.status = status
    stance.reviewed_by = user
    stance.reviewed_at = timezone.now()
    stance.full_clean()
    stance._change_reason = reason
    stance.save()
    if status == Stance.Status.CONFIRMED:
        # It was a proposal (never current); its pair may now have a newer current position.
        current_stances_refresh(pairs=stance_pairs(stance))
    return stance


@transaction.atomic
def stance_accept(*, stance: Stance, user, expected_version: int) -> Stance:
    """Confirm a proposed stance as it stands, recording who accepted it and when.

    Raises ``ConflictError`` (and writes nothing) if the stance is not at ``expected_version``
    or is no longer proposed.
    """
    stance = _claim_proposal(stance=stance, expected_version=expected_version)
    return _review(stance, status=Stance.Status.CONFIRMED, user=user, reason="Accepted in review")


@transaction.atomic
def stance_reject(*, stance: Stance, user, expected_version: int) -> Stance:
    """Reject a proposed stance; the row stays, with who rejected it and when.

    Raises ``ConflictError`` as ``stance_accept`` does. A rejected proposal is not proposed
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

    The evidence must be a passage of the statement's text, found as every write finds it
    (`evidence_place`: spacing and quotes tolerated; the proposal's own place is kept when the
    passage still stands there, else its first occurrence).
    Raises ``ValidationError`` for evidence not in the text or a provision that already has a
    live stance for this statement, ``ConflictError`` as ``stance_accept`` does; either way
    nothing is written.
    """
    stance = _claim_proposal(stance=stance, expected_version=expected_version)
    stance.evidence, stance.evidence_start, stance.evidence_end = evidence_place(
        statement=stance.statement, evidence=evidence, near=stance.evidence_start
    )
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
                raise ConflictError("no version was sent")
            stance_accept(stance=stance, user=user, expected_version=expected)
        except ConflictError as conflict:
            conflicts.append(f"{stance}: {conflict}")
        else:
            accepted += 1
    return BulkAcceptResult(accepted=accepted, conflicts=tuple(conflicts))
