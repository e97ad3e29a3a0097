# The stance table's "Evidence contains" filter (`?q=`) is `icontains`, which Django writes as
# UPPER("evidence"::text) LIKE UPPER('%...%') on PostgreSQL: a scan of every stance (1.3 s at a
# million). A trigram GIN index on exactly that expression answers it (under 1 ms for a word).
# PostgreSQL only (pg_trgm); on other databases the migration does nothing. Not in the model's
# Meta: the index needs an operator class from an extension, and SQLite has neither.

from django.db import migrations

INDEX = "stance_evidence_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON positions_stance "
        "USING gin ((UPPER(evidence::text)) gin_trgm_ops)"
    )
    # Statistics on the indexed expression: without them the planner guesses that a common
    # word matches a handful of rows and reads every match through the index (7.9 s for
    # "cooperation", in half the stances) instead of walking the date index to the first 25.
    schema_editor.execute("ANALYZE positions_stance")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("positions", "0010_stance_confirmed_pair_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
