"""Who may review proposed stances, and which ones.

- superusers review every proposal;
- staff (a user linked to a delegation through ``Delegate``) review the proposals of their own
  delegation and of the groups their delegation is currently a member of (a Japanese delegate
  reviews what was extracted from Japan's statements; a French one, also the EU's);
- anyone else (analysts, plain users) may not use the review queue.

Kept apart from the views so the rule can be reconciled with the app-wide permissions module.
"""

from __future__ import annotations

from django.db.models import QuerySet

from delegations.models import Delegate, Delegation, GroupMembership

from .models import Stance


def _delegation_of(user) -> Delegation | None:
    if not user.is_authenticated:
        return None
    try:
        return user.delegate.delegation
    except Delegate.DoesNotExist:
        return None


def reviewable_delegation_ids(user) -> list[int] | None:
    """The delegations whose proposals ``user`` reviews: ``None`` for all, ``[]`` for none."""
    if user.is_authenticated and user.is_superuser:
        return None
    delegation = _delegation_of(user)
    if delegation is None:
        return []
    groups = GroupMembership.objects.current().filter(member=delegation).values_list("group_id")
    return [delegation.pk, *(pk for (pk,) in groups)]


def can_review(user) -> bool:
    """Whether ``user`` may open the review queue at all."""
    return reviewable_delegation_ids(user) != []


def reviewable_stances(user) -> QuerySet[Stance]:
    """The stances ``user`` may review (any status: the actions check it is still proposed)."""
    ids = reviewable_delegation_ids(user)
    stances = Stance.objects.all()
    if ids is None:
        return stances
    return stances.filter(delegation_id__in=ids)
