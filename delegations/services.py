"""Writes to the reference data of delegations that are more than a fixture load."""

import json
from pathlib import Path

from django.db import transaction

from .models import GroupMembership


@transaction.atomic
def group_memberships_prune(*, fixture: Path) -> int:
    """Delete the memberships that `fixture` (fixtures/delegations.json) no longer lists.

    `loaddata` adds and updates memberships by their natural key (group, member, start date)
    but never removes one, so a membership whose dates changed in the reference file (undated
    rows became dated ones) would stay twice. Returns the number of memberships deleted.
    """
    listed = {
        (item["fields"]["group"][0], item["fields"]["member"][0], item["fields"]["start_date"])
        for item in json.loads(fixture.read_text(encoding="utf-8"))
        if item["model"] == "delegations.groupmembership"
    }
    stale = [
        pk
        for pk, group, member, start in GroupMembership.objects.values_list(
            "pk", "group__code", "member__code", "start_date"
        )
        if (group, member, start.isoformat() if start else None) not in listed
    ]
    GroupMembership.objects.filter(pk__in=stale).delete()
    return len(stale)
