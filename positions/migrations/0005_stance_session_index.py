"""An index for `?session=` on the stance table, chosen with EXPLAIN ANALYZE (bench/README.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("positions", "0004_stance_table_indexes")]

    operations = [
        # `?session=AHC-2`: an early session's stances are far down the newest-first order, so
        # walking stance_status_order_idx read 700k entries (460 ms); this answers it directly.
        migrations.AddIndex(
            model_name="stance",
            index=models.Index(
                fields=["session", "status", "-stated_on", "-created_at", "-id"],
                name="stance_session_order_idx",
            ),
        ),
        # Its single-column foreign-key index is dropped: the index above starts with it.
        migrations.AlterField(
            model_name="stance",
            name="session",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stances",
                to="provisions.session",
            ),
        ),
    ]
