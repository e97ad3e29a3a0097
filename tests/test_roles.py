"""The role groups made by the migration, and role assignment."""

import pytest
from django.contrib.auth.models import Group, User

from delegations.models import Delegate, Delegation
from delegations.roles import GROUP_NAMES, ROLE_PERMISSIONS, Role, user_assign_role, user_role
from positions.permissions import can_edit_for, delegations_user_may_speak_for


@pytest.mark.parametrize("role", list(Role))
def test_migration_created_each_group_with_its_permissions(db, role):
    group = Group.objects.get(name=GROUP_NAMES[role])
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == set(ROLE_PERMISSIONS[role])


def test_analysts_hold_no_write_permission(charlie):
    assert charlie.has_perm("positions.view_stance")
    assert charlie.has_perm("positions.export_stance")
    assert not charlie.has_perm("positions.add_statement")
    assert not charlie.has_perm("positions.change_stance")
    assert user_role(charlie) == Role.ANALYST


def test_staff_may_write_for_their_delegation_and_its_groups(bob):
    codes = set(delegations_user_may_speak_for(bob).values_list("code", flat=True))
    assert {"FRA", "EU"} <= codes and "JPN" not in codes and "DEU" not in codes
    assert can_edit_for(bob, Delegation.objects.get(code="FRA"))
    assert not can_edit_for(bob, Delegation.objects.get(code="JPN"))
    assert user_role(bob) == Role.STAFF


def test_admins_are_superusers(admin_user):
    assert admin_user.is_superuser and admin_user.is_staff
    assert user_role(admin_user) == Role.ADMIN
    assert can_edit_for(admin_user, Delegation.objects.get(code="JPN"))


def test_changing_role_replaces_the_group_and_the_delegation_link(alice):
    user_assign_role(user=alice, role="analyst")
    assert [g.name for g in alice.groups.all()] == ["Analysts"]
    assert not Delegate.objects.filter(user=alice).exists()
    assert not can_edit_for(alice, Delegation.objects.get(code="JPN"))


def test_staff_need_a_delegation_that_is_not_a_group(db):
    user = User.objects.create_user("dave")
    with pytest.raises(ValueError, match="need a delegation"):
        user_assign_role(user=user, role="staff")
    with pytest.raises(ValueError, match="is a group"):
        user_assign_role(user=user, role="staff", delegation=Delegation.objects.get(code="EU"))


def test_a_user_without_a_role_may_write_nothing(db):
    user = User.objects.create_user("eve")
    assert user_role(user) is None
    assert not delegations_user_may_speak_for(user).exists()
