"""The three roles (delegation staff, analysts, admins): groups, their permissions, assignment.

The groups were created by the migration `delegations.0002_role_groups`, with its own copy of
these lists; a change here needs a new migration that syncs the groups again. `add_user`, the test personas and the admin all go through `user_assign_role()`.
Object-level rules (which delegation a member of staff may write for) are in
`positions/permissions.py`.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.db import models, transaction

from .models import Delegate, Delegation


class Role(models.TextChoices):
    STAFF = "staff", "Delegation staff"
    ANALYST = "analyst", "Analysts"
    ADMIN = "admin", "Admins"


# The group name of each role is its label.
GROUP_NAMES = {role: role.label for role in Role}

# Not tied to a model's Meta: an analyst may export the filtered tables (CSV, XLSX).
EXPORT_PERMISSION = ("positions", "stance", "export_stance", "Can export stance tables")

_READ = [
    "delegations.view_delegation",
    "delegations.view_groupmembership",
    "delegations.view_delegationalias",
    "delegations.view_delegate",
    "provisions.view_negotiation",
    "provisions.view_session",
    "provisions.view_provision",
    "positions.view_statement",
    "positions.view_stance",
]
_WRITE = [
    "positions.add_statement",
    "positions.change_statement",
    "positions.add_stance",
    "positions.change_stance",
]
_EXPORT = [f"{EXPORT_PERMISSION[0]}.{EXPORT_PERMISSION[2]}"]

# Statements and stances are never deleted (they are withdrawn), so no role holds delete_*
# for them; admins are superusers anyway, the group only makes the role visible.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.STAFF: _READ + _WRITE + _EXPORT,
    Role.ANALYST: _READ + _EXPORT,
    Role.ADMIN: _READ + _WRITE + _EXPORT,
}


def roles_sync(*, apps=global_apps) -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    `apps` is the migration's historical registry when called from a migration. The model
    permissions must exist already (the migration creates them first).
    """
    GroupModel = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model, codename, name = EXPORT_PERMISSION
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = GroupModel.objects.get_or_create(name=GROUP_NAMES[role])
        wanted = []
        for perm in perms:
            label, code = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=label, codename=code))
        group.permissions.set(wanted)


def roles_remove(*, apps=global_apps) -> None:
    """Undo `roles_sync()`: delete the role groups and the export permission."""
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_NAMES.values()).delete()
    app_label, _, codename, _ = EXPORT_PERMISSION
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label=app_label, codename=codename
    ).delete()


def user_role(user) -> Role | None:
    """The role a user holds: admin for staff/superuser flags, else by group, else None."""
    if not user.is_authenticated:
        return None
    if user.is_superuser or user.is_staff:
        return Role.ADMIN
    names = {group.name for group in user.groups.all()}
    for role in (Role.STAFF, Role.ANALYST):
        if GROUP_NAMES[role] in names:
            return role
    return None


@transaction.atomic
def user_assign_role(*, user, role: str, delegation: Delegation | None = None) -> None:
    """Give a user one role (replacing any other role group) and, for staff, their delegation.

    Staff need a delegation, which must be a state or observer (a group speaks through its
    members' staff). Other roles have no delegation link; an existing one is removed.
    """
    role = Role(role)
    if role == Role.STAFF:
        if delegation is None:
            raise ValueError("Delegation staff need a delegation.")
        if delegation.is_group:
            raise ValueError(
                f"{delegation.code} is a group; staff belong to one of its member delegations."
            )
    elif delegation is not None:
        raise ValueError(f"Only delegation staff are linked to a delegation, not {role.label}.")
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()))
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    if role == Role.STAFF:
        Delegate.objects.update_or_create(user=user, defaults={"delegation": delegation})
    else:
        Delegate.objects.filter(user=user).delete()
