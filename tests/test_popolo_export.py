"""Delegations, groups and memberships as Popolo JSON."""

import pytest

from delegations.models import Delegation, GroupMembership

from .api_helpers import bearer

pytestmark = pytest.mark.django_db


def test_popolo_organizations_and_dated_memberships(client, charlie):
    body = client.get("/api/v1/popolo/", **bearer(charlie)).json()
    organizations = {o["id"]: o for o in body["organizations"]}
    assert len(organizations) == Delegation.objects.count()
    assert organizations["EU"]["classification"] == "group"
    assert organizations["JPN"]["classification"] == "state"
    assert {"scheme": "ISO 3166-1 alpha-2", "identifier": "JP"} in organizations["JPN"][
        "identifiers"
    ]
    assert all(o["name"] for o in organizations.values())
    assert len(body["memberships"]) == GroupMembership.objects.count()
    membership = next(
        m
        for m in body["memberships"]
        if m["member"]["id"] == "FRA" and m["organization_id"] == "EU"
    )
    assert membership["member"]["@type"] == "Organization" and membership["role"] == "member"
    dated = GroupMembership.objects.exclude(start_date=None).first()
    if dated is not None:
        item = next(
            m
            for m in body["memberships"]
            if m["organization_id"] == dated.group.code
            and m["member"]["id"] == dated.member.code
            and m.get("start_date") == dated.start_date.isoformat()
        )
        assert item.get("end_date") == (dated.end_date.isoformat() if dated.end_date else None)
    for m in body["memberships"]:
        assert m["organization_id"] in organizations and m["member"]["id"] in organizations
