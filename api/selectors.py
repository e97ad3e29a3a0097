"""Reads of the api app: the confirmed stance changes behind the feeds, digests and home page."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from delegations.models import Delegation, GroupMembership
from positions.models import POSITION_VERBS, Stance
from provisions.models import Provision

from .models import VISIT_GAP, Reader, Watch


@dataclass(frozen=True)
class StanceChange:
    """One confirmed change: a stance recorded, accepted or edited while confirmed."""

    history_id: int
    stance_id: int
    version: int
    at: object  # datetime of the change
    delegation_code: str
    delegation_name: str
    provision_slug: str
    provision_label: str
    position: str
    evidence: str
    stated_on: object
    reason: str

    @property
    def summary(self) -> str:
        return f"{self.delegation_name} {POSITION_VERBS[self.position]} {self.provision_label}"


def delegation_scope(delegation: Delegation) -> Q:
    """The stances that speak for `delegation` (a filter on stance fields): its own, and for a
    group its members' stances stated while they were members (a state's change before it
    joined, or after it left, is not the group's)."""
    scope = Q(delegation_id=delegation.pk)
    if delegation.is_group:
        for member, start, end in GroupMembership.objects.filter(group=delegation).values_list(
            "member_id", "start_date", "end_date"
        ):
            held = Q(delegation_id=member)
            if start is not None:
                held &= Q(stated_on__gte=start)
            if end is not None:
                held &= Q(stated_on__lte=end)
            scope |= held
    return scope


def provision_scope(provision: Provision):
    """The provision and the articles under it (a chapter) or linked to it (an issue)."""
    return Provision.objects.with_articles([provision.slug])


def stance_changes(
    *,
    since=None,
    until=None,
    delegations=None,
    provisions=None,
    limit: int = 50,
) -> list[StanceChange]:
    """Confirmed stance changes, newest first, from the stances' history (one query).

    A change is a history row of a stance in the confirmed state: recorded confirmed, accepted
    in review, or edited while confirmed. `delegations` (a filter on stance fields, from
    `delegation_scope`) and `provisions` (ids or a subquery) narrow it; both given means either
    matches (what a person watches).
    """
    rows = Stance.history.filter(status=Stance.Status.CONFIRMED)
    if since is not None:
        rows = rows.filter(history_date__gt=since)
    if until is not None:
        rows = rows.filter(history_date__lte=until)
    scope = Q()
    if delegations is not None:
        scope |= delegations
    if provisions is not None:
        scope |= Q(provision_id__in=provisions)
    if delegations is not None or provisions is not None:
        rows = rows.filter(scope)
    rows = rows.select_related("delegation", "provision").order_by("-history_date", "-history_id")
    return [
        StanceChange(
            history_id=row.history_id,
            stance_id=row.id,
            version=row.version,
            at=row.history_date,
            delegation_code=row.delegation.code,
            delegation_name=str(row.delegation),
            provision_slug=row.provision.slug,
            provision_label=str(row.provision),
            position=row.position,
            evidence=row.evidence,
            stated_on=row.stated_on,
            reason=row.history_change_reason or "",
        )
        for row in rows[:limit]
    ]


def watched_scope(user) -> tuple[Q, list[int]] | None:
    """(the stances of the delegations a person watches, as from `delegation_scope`; provision
    ids, chapters and issues expanded); None when they watch nothing."""
    watches = list(Watch.objects.filter(user=user).select_related("delegation", "provision"))
    if not watches:
        return None
    delegations = Q(pk__in=[])
    provisions: list[int] = []
    for watch in watches:
        if watch.delegation_id:
            delegations |= delegation_scope(watch.delegation)
        else:
            provisions += [row["pk"] for row in provision_scope(watch.provision)]
    return delegations, provisions


def watched_changes(*, user, since=None, until=None, limit: int = 50) -> list[StanceChange]:
    """Confirmed changes to what `user` watches (nothing when they watch nothing)."""
    scope = watched_scope(user)
    if scope is None:
        return []
    delegations, provisions = scope
    return stance_changes(
        since=since, until=until, delegations=delegations, provisions=provisions, limit=limit
    )


def is_watching(user, *, delegation=None, provision=None) -> bool:
    if not user.is_authenticated:
        return False
    if delegation is not None:
        return Watch.objects.filter(user=user, delegation=delegation).exists()
    return Watch.objects.filter(user=user, provision=provision).exists()


@dataclass(frozen=True)
class SinceLastVisit:
    since: object  # datetime, or None on a first visit
    watching: bool  # the list is of watched subjects (else of everything)
    changes: list


def changes_since_last_visit(user, *, now=None, limit: int = 20) -> SinceLastVisit:
    """What changed since the visit before this one: of what `user` watches, or of everything
    when they watch nothing. Read-only: `VisitMiddleware` records the visit after the page."""
    now = now or timezone.now()
    reader = Reader.objects.filter(user=user).first()
    since = None
    if reader is not None and reader.visit_at is not None:
        new_visit = now - reader.visit_at > VISIT_GAP
        since = reader.visit_at if new_visit else reader.previous_visit_at
    if since is None:
        return SinceLastVisit(since=None, watching=False, changes=[])
    scope = watched_scope(user)
    if scope is None:
        return SinceLastVisit(since, False, stance_changes(since=since, until=now, limit=limit))
    delegations, provisions = scope
    changes = stance_changes(
        since=since, until=now, delegations=delegations, provisions=provisions, limit=limit
    )
    return SinceLastVisit(since, True, changes)
