"""Object-level rules: who may write statements and stances for which delegation.

Model permissions (from the role groups in `delegations/roles.py`) say whether a user may write
at all; these functions say for which delegations. Views, the review queue and tests share them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from delegations.models import Delegation, GroupMembership

from .models import Stance, Statement


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_staff)


def user_delegation(user) -> Delegation | None:
    """The delegation a member of staff works for (None for analysts, admins, anonymous)."""
    if not user.is_authenticated:
        return None
    delegate = getattr(user, "_cached_delegate", False)
    if delegate is False:
        from delegations.models import Delegate

        delegate = Delegate.objects.select_related("delegation").filter(user=user).first()
        user._cached_delegate = delegate
    return delegate.delegation if delegate else None


def delegations_user_may_speak_for(user):
    """The delegations a user may write for: all for admins; for staff, their own delegation
    and the groups it currently belongs to (when speaking on their behalf); none otherwise."""
    if is_admin(user):
        return Delegation.objects.all()
    own = user_delegation(user)
    if own is None or not user.has_perm("positions.add_stance"):
        return Delegation.objects.none()
    groups = GroupMembership.objects.current().filter(member=own).values("group")
    return Delegation.objects.filter(Q(pk=own.pk) | Q(pk__in=groups))


def can_write(user) -> bool:
    """Whether the user may write statements and stances at all (staff and admins)."""
    return user.is_authenticated and user.has_perm("positions.add_statement")


def can_edit_for(user, delegation: Delegation | None) -> bool:
    """Whether the user may write a statement or stance in `delegation`'s name."""
    if delegation is None or not can_write(user):
        return False
    if is_admin(user):
        return True
    return delegations_user_may_speak_for(user).filter(pk=delegation.pk).exists()


def can_edit_statement(user, statement: Statement) -> bool:
    """Owner delegation's staff (the delegation that delivered it) and admins."""
    return user.has_perm("positions.change_statement") and can_edit_for(user, statement.delegation)


def can_edit_stance(user, stance: Stance) -> bool:
    """Staff who may speak for the stance's delegation and own its statement, and admins."""
    if not (user.has_perm("positions.change_stance") and can_edit_for(user, stance.delegation)):
        return False
    return stance.statement is None or can_edit_statement(user, stance.statement)


def require(allowed: bool) -> None:
    """Raise 403 unless `allowed`."""
    if not allowed:
        raise PermissionDenied
