"""Create the three role groups (delegation staff, analysts, admins) with their permissions.

The migration carries its own copy of the roles as they were when it was written, so a later
change to `delegations.roles` does not change what it does: such a change comes with a new
migration (which may call `delegations.roles.roles_sync(apps=apps)` with the lists of its day).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
_EXPORT = ["positions.export_stance"]
GROUP_PERMISSIONS = {
    "Delegation staff": _READ + _WRITE + _EXPORT,
    "Analysts": _READ + _EXPORT,
    "Admins": _READ + _WRITE + _EXPORT,
}


def forwards(apps, schema_editor):
    # Model permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model, codename, name = EXPORT_PERMISSION
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    for group_name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            label, code = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=label, codename=code))
        group.permissions.set(wanted)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()
    app_label, _, codename, _ = EXPORT_PERMISSION
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label=app_label, codename=codename
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0001_initial"),
        ("provisions", "0001_initial"),
        ("positions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
