"""Indexes for the stance table, chosen with EXPLAIN ANALYZE on a million stances (bench/README.md)."""

import django.db.models.deletion
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
        # `?delegation=` pages and the delegation page's latest stances, in the table's order:
        # a small delegation's objections took 430 ms walking the status index, 1 ms with this.
        migrations.AddIndex(
            model_name="stance",
            index=models.Index(
                fields=["delegation", "status", "-stated_on", "-created_at", "-id"],
                name="stance_delegation_order_idx",
            ),
        ),
        # The same for `?provision=...&exact=1` and the provision page.
        migrations.AddIndex(
            model_name="stance",
            index=models.Index(
                fields=["provision", "status", "-stated_on", "-created_at", "-id"],
                name="stance_provision_order_idx",
            ),
        ),
        # The single-column foreign-key indexes are dropped: the composite indexes above (and
        # stance_current_lookup_idx) start with the same column and serve the same lookups.
        migrations.AlterField(
            model_name="stance",
            name="delegation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stances",
                to="delegations.delegation",
            ),
        ),
        migrations.AlterField(
            model_name="stance",
            name="provision",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stances",
                to="provisions.provision",
            ),
        ),
    ]
