"""Who may review proposed stances, and which ones.

The same rule as for writing stances (``positions.permissions``): admins review every proposal;
staff review the proposals of their own delegation and of the groups it currently belongs to (a
Japanese delegate reviews what was extracted from Japan's statements; a French one, also the
EU's); anyone else (analysts, plain users) may not use the review queue.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from delegations.models import Delegation
from extraction.language import SUPPORTED_LANGUAGES

from .models import Stance, Statement
from .permissions import delegations_user_may_speak_for, is_admin

# The session key `common.context_processors.navigation` reads.
MENU_SESSION_KEY = "nav"


def reviewable_delegation_ids(user) -> list[int] | None:
    """The delegations whose proposals ``user`` reviews: ``None`` for all, ``[]`` for none."""
    if is_admin(user):
        return None
    return list(delegations_user_may_speak_for(user).values_list("pk", flat=True))


def can_review(user) -> bool:
    """Whether ``user`` may open the review queue at all."""
    return reviewable_delegation_ids(user) != []


def can_review_delegation(user, delegation: Delegation) -> bool:
    """Whether ``user`` may review the proposals made for ``delegation``."""
    ids = reviewable_delegation_ids(user)
    return ids is None or delegation.pk in ids


def reviewable_stances(user) -> QuerySet[Stance]:
    """The stances ``user`` may review (any status: the actions check it is still proposed)."""
    ids = reviewable_delegation_ids(user)
    stances = Stance.objects.all()
    if ids is None:
        return stances
    return stances.filter(delegation_id__in=ids)


def menu_remember(sender, request, user, **kwargs) -> None:
    """At sign-in, keep in the session whether the menu offers Review (read by
    `common.context_processors.navigation`, so that no page pays a query for it)."""
    if request is not None and hasattr(request, "session"):
        request.session[MENU_SESSION_KEY] = {"user": user.pk, "review": can_review(user)}


def unread_statements(user) -> QuerySet[Statement]:
    """Statements ``user`` reviews for whose language the extractor proposes nothing, newest
    first: the queue points to them, since nobody else will find their stances."""
    statements = Statement.objects.active().exclude(language__in=SUPPORTED_LANGUAGES)
    if not is_admin(user):
        # A subquery, not the ids: the queue has already paid for them once.
        ids = delegations_user_may_speak_for(user).values("pk")
        statements = statements.filter(Q(delegation_id__in=ids) | Q(on_behalf_of_id__in=ids))
    return statements.only("pk", "title", "language", "created_at").order_by("-created_at", "-pk")
