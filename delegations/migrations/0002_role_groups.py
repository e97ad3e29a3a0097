"""Create the three role groups (delegation staff, analysts, admins) with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    from delegations.roles import roles_sync

    # Model permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_sync(apps=apps)


def backwards(apps, schema_editor):
    from delegations.roles import roles_remove

    roles_remove(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0001_initial"),
        ("provisions", "0001_initial"),
        ("positions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
