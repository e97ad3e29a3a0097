"""Keep the positions as of every session's last day (`PositionSnapshot`), from the stances.

Per day one set-based INSERT ... SELECT (on PostgreSQL with DISTINCT ON, elsewhere with
ROW_NUMBER()), by the definition of `Stance.objects.as_of()`: the latest confirmed stance by
(stated_on, created_at, id) among those stated on or before the day. Reversible: going back
empties the tables (the pages then read the stances, as before).
"""

from django.db import migrations

COLUMNS = "day, delegation_id, provision_id, stance_id, position, stated_on, session_id"

POSTGRESQL = f"""
INSERT INTO positions_positionsnapshot ({COLUMNS})
SELECT DISTINCT ON (delegation_id, provision_id)
       %s, delegation_id, provision_id, id, position, stated_on, session_id
FROM positions_stance
WHERE status = 'confirmed' AND stated_on <= %s
ORDER BY delegation_id, provision_id, stated_on DESC, created_at DESC, id DESC
"""

PORTABLE = f"""
INSERT INTO positions_positionsnapshot ({COLUMNS})
SELECT %s, delegation_id, provision_id, id, position, stated_on, session_id FROM (
    SELECT delegation_id, provision_id, id, position, stated_on, session_id,
           ROW_NUMBER() OVER (
               PARTITION BY delegation_id, provision_id
               ORDER BY stated_on DESC, created_at DESC, id DESC
           ) AS n
    FROM positions_stance
    WHERE status = 'confirmed' AND stated_on <= %s
) AS ranked
WHERE n = 1
"""


def backfill(apps, schema_editor):
    Session = apps.get_model("provisions", "Session")
    SnapshotDay = apps.get_model("positions", "SnapshotDay")
    connection = schema_editor.connection
    days = sorted(set(Session.objects.values_list("end_date", flat=True)))
    SnapshotDay.objects.bulk_create(SnapshotDay(day=day) for day in days)
    with connection.cursor() as cursor:
        for day in days:
            cursor.execute(
                POSTGRESQL if connection.vendor == "postgresql" else PORTABLE, [day, day]
            )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE positions_positionsnapshot")


def empty(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM positions_positionsnapshot")
        cursor.execute("DELETE FROM positions_snapshotday")


class Migration(migrations.Migration):
    dependencies = [("positions", "0015_position_snapshots")]

    operations = [migrations.RunPython(backfill, empty, elidable=False)]
