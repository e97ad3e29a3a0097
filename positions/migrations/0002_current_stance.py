import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The maintained current position per (delegation, provision); filled by 0003."""

    dependencies = [
        ("delegations", "0002_role_groups"),
        ("positions", "0001_initial"),
        ("provisions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CurrentStance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        choices=[
                            ("support", "Support"),
                            ("qualified", "Qualified support"),
                            ("neutral", "Neutral"),
                            ("oppose", "Oppose"),
                        ],
                        max_length=10,
                    ),
                ),
                ("stated_on", models.DateField()),
                (
                    # The unique (delegation, provision) index serves lookups by delegation.
                    "delegation",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="current_stances",
                        to="delegations.delegation",
                    ),
                ),
                (
                    # Indexed: the provision page reads the current positions on one provision.
                    "provision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="current_stances",
                        to="provisions.provision",
                    ),
                ),
                (
                    # Not indexed: a session filter scans tens of thousands of rows in a few ms.
                    "session",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="provisions.session",
                    ),
                ),
                (
                    # Unique (one-to-one): also the join index of `Stance.objects.current()`.
                    "stance",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="current_entry",
                        to="positions.stance",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("delegation", "provision"), name="current_stance_one_per_pair"
                    )
                ],
            },
        ),
    ]
