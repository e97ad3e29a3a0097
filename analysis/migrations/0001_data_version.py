"""The data's version for the page cache without Redis (common.data_version, "database" store):
a sequence on PostgreSQL (nextval takes no lock and survives rollbacks), a one-row table on
SQLite. No model: only common.data_version reads and moves it."""

from django.db import migrations

NAME = "analysis_data_version"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {NAME}")
    else:
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {NAME} (id integer PRIMARY KEY, version bigint NOT NULL)"
        )
        schema_editor.execute(f"INSERT OR IGNORE INTO {NAME} (id, version) VALUES (1, 0)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {NAME}")
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
