"""Indexes for the stance table, chosen with EXPLAIN ANALYZE on a million stances (bench/README.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("positions", "0003_current_stance_backfill")]

    operations = [
        # Superseded by stance_status_order_idx, which starts with the same two columns.
        migrations.RemoveIndex(model_name="stance", name="stance_status_date_idx"),
        # The stance table's default order (stated_on, created_at, id, newest first) within a
        # status: page 1 and every keyset page (`?after=`) read 25 index entries; with only
        # (status, stated_on) the 22k stances of the latest day were sorted on each view (30 ms).
        migrations.AddIndex(
            model_name="stance",
            index=models.Index(
                fields=["status", "-stated_on", "-created_at", "-id"],
                name="stance_status_order_idx",
            ),
        ),
    ]
