"""Delegations, groups and memberships in the Popolo standard (https://www.popoloproject.com):
every delegation an organization, every group membership a membership of one organization in
another, with its dates."""

from delegations.models import Delegation, GroupMembership

CLASSIFICATIONS = {
    Delegation.Kind.STATE: "state",
    Delegation.Kind.OBSERVER: "observer",
    Delegation.Kind.GROUP: "group",
}


def _organization(delegation, aliases) -> dict:
    item = {
        "id": delegation.code,
        "name": delegation.name,
        "classification": CLASSIFICATIONS.get(delegation.kind, delegation.kind),
        "other_names": [{"name": delegation.common_name, "note": "common name"}]
        + [{"name": alias} for alias in aliases.get(delegation.pk, []) if alias != delegation.name],
        "identifiers": [{"scheme": "tracker", "identifier": delegation.code}],
    }
    if delegation.iso2:
        item["identifiers"].append({"scheme": "ISO 3166-1 alpha-2", "identifier": delegation.iso2})
    if delegation.kind != Delegation.Kind.GROUP and len(delegation.code) == 3:
        item["identifiers"].append({"scheme": "ISO 3166-1 alpha-3", "identifier": delegation.code})
    if delegation.regional_group:
        item["area"] = {
            "name": delegation.get_regional_group_display(),
            "classification": "UN regional group",
        }
    return item


def popolo_document() -> dict:
    """{"organizations": [...], "memberships": [...]} in three queries."""
    from delegations.models import DelegationAlias

    aliases: dict[int, list[str]] = {}
    for delegation_id, name in DelegationAlias.objects.order_by("name").values_list(
        "delegation_id", "name"
    ):
        aliases.setdefault(delegation_id, []).append(name)
    organizations = [_organization(d, aliases) for d in Delegation.objects.order_by("code")]
    memberships = []
    for m in GroupMembership.objects.select_related("group", "member").order_by(
        "group__code", "member__code", "start_date"
    ):
        item = {
            "id": f"{m.group.code}/{m.member.code}/{m.start_date or 'start'}",
            "organization_id": m.group.code,
            "member": {"@type": "Organization", "id": m.member.code},
            "role": "member",
        }
        if m.start_date:
            item["start_date"] = m.start_date.isoformat()
        if m.end_date:
            item["end_date"] = m.end_date.isoformat()
        memberships.append(item)
    return {"organizations": organizations, "memberships": memberships}
