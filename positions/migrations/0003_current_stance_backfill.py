"""Fill positions_currentstance from the stances already recorded.

One set-based INSERT ... SELECT inside the database (a million stances take seconds): on
PostgreSQL with DISTINCT ON, elsewhere with ROW_NUMBER(). The definition is the one of
`Stance.objects.current()`: the latest confirmed stance by (stated_on, created_at, id).
Reversible: going back empties the table.
"""

from django.db import migrations

COLUMNS = "delegation_id, provision_id, stance_id, position, stated_on, session_id"

POSTGRESQL = f"""
INSERT INTO positions_currentstance ({COLUMNS})
SELECT DISTINCT ON (delegation_id, provision_id)
       delegation_id, provision_id, id, position, stated_on, session_id
FROM positions_stance
WHERE status = 'confirmed'
ORDER BY delegation_id, provision_id, stated_on DESC, created_at DESC, id DESC
"""

PORTABLE = f"""
INSERT INTO positions_currentstance ({COLUMNS})
SELECT delegation_id, provision_id, id, position, stated_on, session_id FROM (
    SELECT delegation_id, provision_id, id, position, stated_on, session_id,
           ROW_NUMBER() OVER (
               PARTITION BY delegation_id, provision_id
               ORDER BY stated_on DESC, created_at DESC, id DESC
           ) AS n
    FROM positions_stance
    WHERE status = 'confirmed'
) AS ranked
WHERE n = 1
"""


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(POSTGRESQL if connection.vendor == "postgresql" else PORTABLE)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE positions_currentstance")


def empty(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM positions_currentstance")


class Migration(migrations.Migration):
    dependencies = [("positions", "0002_current_stance")]

    operations = [migrations.RunPython(backfill, empty, elidable=False)]
