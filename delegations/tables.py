"""The delegation list table."""

import django_tables2 as tables
from django.urls import reverse

from common.tables import BoundedTable


class DelegationTable(BoundedTable):
    code = tables.Column(
        linkify=lambda record: reverse("delegations:delegation-detail", args=[record.code])
    )
    common_name = tables.Column(
        verbose_name="Delegation",
        linkify=lambda record: reverse("delegations:delegation-detail", args=[record.code]),
    )
    kind = tables.Column()
    regional_group = tables.Column()
    stance_count = tables.Column(
        verbose_name="Confirmed stances", attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        per_page = 50
        empty_text = "No delegation matches these filters."
