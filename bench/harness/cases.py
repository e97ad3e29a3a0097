"""The pages the harness measures, each with the hand-written SQL for the same rows."""

import base64
import json

from .measure import Case

PAGE_SIZE = 25
DEEP_OFFSET = 500_000

# What a stance table row shows, joined the way the page needs it.
TABLE_SELECT = """
SELECT s.id, s.position, s.stated_on, s.status, s.origin, s.confidence, s.evidence,
       d.code, d.common_name, p.slug, p.kind, p.number, p.title,
       st.id, st.title, st.delivered_on, se.code, se.name
FROM positions_stance s
JOIN delegations_delegation d ON d.id = s.delegation_id
JOIN provisions_provision p ON p.id = s.provision_id
LEFT JOIN positions_statement st ON st.id = s.statement_id
LEFT JOIN provisions_session se ON se.id = s.session_id
"""
NEWEST = "ORDER BY s.stated_on DESC, s.created_at DESC, s.id DESC"
# The current positions as the pages read them: the maintained table (positions.CurrentStance).
MAINTAINED = "SELECT delegation_id, provision_id, position FROM positions_currentstance"
# The latest confirmed stance per (delegation, provision), for one delegation or provision.
CURRENT_STANCES = """
SELECT s.id, s.position, s.stated_on, s.evidence, d.code, d.common_name, p.slug, p.title,
       st.title, se.code
FROM positions_currentstance cs
JOIN positions_stance s ON s.id = cs.stance_id
JOIN delegations_delegation d ON d.id = s.delegation_id
JOIN provisions_provision p ON p.id = s.provision_id
LEFT JOIN positions_statement st ON st.id = s.statement_id
LEFT JOIN provisions_session se ON se.id = s.session_id
WHERE cs.{column} = %s
"""
# A delegation's latest changes of position: the stance before each of its latest stances on
# the same provision, kept where the position differs (as the page does it).
CHANGES = """
SELECT s.id, s.provision_id, s.position, s.stated_on, prev.position
FROM positions_stance s
CROSS JOIN LATERAL (
    SELECT b.position FROM positions_stance b
    WHERE b.status = 'confirmed' AND b.delegation_id = s.delegation_id
      AND b.provision_id = s.provision_id
      AND (b.stated_on, b.created_at, b.id) < (s.stated_on, s.created_at, s.id)
    ORDER BY b.stated_on DESC, b.created_at DESC, b.id DESC LIMIT 1
) prev
WHERE s.status = 'confirmed' AND s.delegation_id = %s AND prev.position <> s.position
ORDER BY s.stated_on DESC, s.created_at DESC, s.id DESC LIMIT 51
"""
# A delegation's kept positions after each session (its timeline).
DELEGATION_SNAPSHOTS = (
    "SELECT day, provision_id, position FROM positions_positionsnapshot WHERE delegation_id = %s"
)
# A group's and its members' current positions, as its page reads them (branch pages4): all of
# them at once (the page reads them packed as integers, `position_arrays`), from which it counts
# the members grid's rows, takes a page's cells and the members breaking ranks on them.
GROUP_OR_MEMBER = """(c.delegation_id = %s
   OR c.delegation_id IN (SELECT member_id FROM delegations_groupmembership WHERE group_id = %s))"""
GROUP_AND_MEMBERS = f"""
SELECT c.delegation_id, c.provision_id, c.position, c.stated_on FROM positions_currentstance c
WHERE {GROUP_OR_MEMBER}
"""
CURRENT_AND_DATES = (
    "SELECT delegation_id, provision_id, position, stated_on FROM positions_currentstance"
)
# Positions after AHC-5 (its last day, 2023-04-21) picked from the stances: what an as-of page
# reads without the kept snapshot (positions.PositionSnapshot).
AS_OF_AHC5 = (
    "SELECT DISTINCT ON (delegation_id, provision_id) delegation_id, provision_id, "
    "position, stated_on FROM positions_stance WHERE status = 'confirmed' AND "
    "stated_on <= '2023-04-21' ORDER BY delegation_id, provision_id, "
    "stated_on DESC, created_at DESC, id DESC"
)
MEMBERSHIPS = "SELECT group_id, member_id, start_date, end_date FROM delegations_groupmembership"
STATEMENTS = """
SELECT st.id, st.title, st.delivered_on, d.code, se.code,
       (SELECT count(*) FROM positions_stance s WHERE s.statement_id = st.id
        AND s.status IN ('proposed', 'confirmed'))
FROM positions_statement st
JOIN delegations_delegation d ON d.id = st.delegation_id
LEFT JOIN provisions_session se ON se.id = st.session_id
WHERE st.id IN (
    SELECT t.id FROM positions_statement t LEFT JOIN provisions_session ts ON ts.id = t.session_id
    WHERE t.withdrawn_at IS NULL
    ORDER BY COALESCE(t.delivered_on, ts.start_date) DESC NULLS LAST, t.created_at DESC,
             t.id DESC
    LIMIT 50)
"""


def dataset_context() -> dict:
    """Row counts and the busiest delegation and provision (the pages worth measuring)."""
    from django.db.models import Count

    from delegations.models import Delegation
    from positions.models import Stance, Statement
    from provisions.models import Provision

    busiest_delegation = (
        Stance.objects.values("delegation").annotate(n=Count("pk")).order_by("-n").first()
    )
    busiest_provision = (
        Stance.objects.values("provision").annotate(n=Count("pk")).order_by("-n").first()
    )
    delegation = Delegation.objects.get(pk=busiest_delegation["delegation"])
    provision = Provision.objects.get(pk=busiest_provision["provision"])
    # The group with the most members: the longest "members breaking ranks" (G77 at 1M).
    largest_group = (
        Delegation.objects.groups()
        .annotate(n=Count("memberships"))
        .order_by("-n", "code")
        .exclude(pk=delegation.pk)
        .first()
    )
    # The row a reader reaches after DEEP_OFFSET rows of the default order, for the keyset case.
    deep = (
        Stance.objects.confirmed()
        .order_by("-stated_on", "-created_at", "-pk")
        .values_list("stated_on", "created_at", "pk")[DEEP_OFFSET - 1 : DEEP_OFFSET]
    )
    return {
        "delegation": delegation,
        "provision": provision,
        "largest_group": largest_group,
        "deep_row": next(iter(deep), None),
        "counts": {
            "stances": Stance.objects.count(),
            "confirmed": Stance.objects.confirmed().count(),
            "statements": Statement.objects.count(),
            "delegations": Delegation.objects.count(),
            "provisions": Provision.objects.count(),
            "busiest_delegation": f"{delegation.code} ({busiest_delegation['n']} stances)",
            "busiest_provision": f"{provision.slug} ({busiest_provision['n']} stances)",
        },
    }


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user_model = get_user_model()
    user = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        user = user_model(username="bench", is_staff=True, is_superuser=True)
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    return client


def capped_offset() -> int:
    from analysis.tables import MAX_OFFSET

    return (MAX_OFFSET // PAGE_SIZE - 1) * PAGE_SIZE


def keyset_cases(context: dict, limit: str) -> list[Case]:
    """The stance table DEEP_OFFSET rows down, reached by "next" links (`?after=`)."""
    if context["deep_row"] is None:
        return []
    from types import SimpleNamespace

    from analysis.tables import keyset_cursor

    stated_on, created_at, pk = context["deep_row"]
    row = SimpleNamespace(stated_on=stated_on, created_at=created_at, pk=pk)
    return [
        Case(
            "stances keyset deep",
            f"/stances/?after={keyset_cursor(row)}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND "
                    f"(s.stated_on, s.created_at, s.id) < (%s, %s, %s) {NEWEST} {limit}",
                    [stated_on, created_at, pk],
                )
            ],
            note=f"after row {DEEP_OFFSET:,} (keyset)",
        ),
        Case(
            "api stances keyset deep",
            f"/api/v1/stances/?page_size={PAGE_SIZE}&cursor={_api_cursor(stated_on, created_at, pk)}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND "
                    f"(s.stated_on, s.created_at, s.id) < (%s, %s, %s) {NEWEST} {limit}",
                    [stated_on, created_at, pk],
                )
            ],
            note=f"the JSON API after row {DEEP_OFFSET:,} (cursor)",
        ),
    ]


def _api_cursor(stated_on, created_at, pk) -> str:
    """The API's cursor after a row of its default order (api.pagination.StancePagination)."""
    values = [["d", stated_on.isoformat()], ["dt", created_at.isoformat()], ["i", pk]]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def page_cases(context: dict, args) -> list[Case]:
    """Every analyst page of the issue's table, the review queue and statement list included."""
    delegation, provision = context["delegation"], context["provision"]
    filters = args.filters.format(delegation=delegation.code)
    confirmed = f"WHERE s.status = 'confirmed' {NEWEST}"
    limit = f"LIMIT {PAGE_SIZE}"
    return [
        Case("home", "/"),
        Case(
            "review",
            "/review/",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'proposed' ORDER BY s.stated_on DESC, "
                    "s.statement_id, s.evidence_start, s.id LIMIT 20",
                    [],
                ),
                ("SELECT count(*) FROM positions_stance WHERE status = 'proposed'", []),
            ],
            note="20 proposals a page; raw: the page and its count",
        ),
        Case(
            "statements",
            "/statements/",
            [
                (STATEMENTS, []),
                ("SELECT count(*) FROM positions_statement WHERE withdrawn_at IS NULL", []),
            ],
            note="50 a page with live stance counts; raw: the page and its count",
        ),
        Case("stances", "/stances/", [(f"{TABLE_SELECT} {confirmed} {limit}", [])]),
        Case(
            "stances 3 filters",
            f"/stances/?{filters}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND s.position = 'oppose' "
                    f"AND d.code = %s {NEWEST} {limit}",
                    [delegation.code],
                )
            ],
        ),
        Case(
            "api stances",
            f"/api/v1/stances/?page_size={PAGE_SIZE}",
            [(f"{TABLE_SELECT} {confirmed} {limit}", [])],
            note="the JSON API: the same rows as /stances/",
        ),
        Case(
            "api stances 3 filters",
            f"/api/v1/stances/?page_size={PAGE_SIZE}&{filters}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND s.position = 'oppose' "
                    f"AND d.code = %s {NEWEST} {limit}",
                    [delegation.code],
                )
            ],
        ),
        Case(
            "stances q",
            f"/stances/?{args.search}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND upper(s.evidence) "
                    f"LIKE upper(%s) {NEWEST} {limit}",
                    [f"%{args.search.partition('=')[2]}%"],
                )
            ],
            note="evidence contains (trigram index)",
        ),
        Case(
            "stances sorted",
            f"/stances/?{args.sort}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' "
                    f"ORDER BY d.common_name, s.id {limit}",
                    [],
                )
            ],
        ),
        Case(
            "stances deep page",
            f"/stances/?page={DEEP_OFFSET // PAGE_SIZE + 1}",
            # Numbered pages stop at analysis.tables.MAX_OFFSET: the page serves the last one.
            [(f"{TABLE_SELECT} {confirmed} {limit} OFFSET {capped_offset()}", [])],
            note=f"asks for offset {DEEP_OFFSET:,}; served capped at {capped_offset():,}",
        ),
        *keyset_cases(context, limit),
        Case(
            "support",
            "/support/",
            [
                (
                    f"WITH cur AS ({MAINTAINED}) SELECT p.slug, p.title, "
                    "cur.position, count(*) FROM cur JOIN provisions_provision p "
                    "ON p.id = cur.provision_id GROUP BY 1, 2, 3 ORDER BY 1, 3",
                    [],
                )
            ],
            note="raw: the maintained table",
        ),
        Case(
            "matrix",
            "/matrix/",
            [
                (
                    f"WITH cur AS ({MAINTAINED}) SELECT d.code, p.slug, "
                    "cur.position FROM cur JOIN delegations_delegation d ON d.id = "
                    "cur.delegation_id JOIN provisions_provision p ON p.id = cur.provision_id",
                    [],
                )
            ],
            note="every delegation x provision; raw: the maintained table",
        ),
        Case(
            "matrix inferred",
            "/matrix/?inferred=1",
            [(CURRENT_AND_DATES, []), (MEMBERSHIPS, [])],
            note="with group positions carried to members; raw: current positions + memberships",
        ),
        Case(
            "coalitions",
            "/coalitions/",
            [(CURRENT_AND_DATES, []), (MEMBERSHIPS, [])],
            note="heatmap, blocs, swing, consensus; raw: current positions + memberships",
        ),
        Case(
            "coalitions as of",
            "/coalitions/?as_of=AHC-5",
            [(AS_OF_AHC5, [])],
            note="positions after AHC-5; raw: DISTINCT ON over the stances",
        ),
        Case(
            "matrix as of",
            "/matrix/?as_of=AHC-5",
            [(AS_OF_AHC5, [])],
            note="positions after AHC-5; raw: DISTINCT ON over the stances",
        ),
        Case(
            "support as of",
            "/support/?as_of=AHC-5",
            [(AS_OF_AHC5, [])],
            note="positions after AHC-5; raw: DISTINCT ON over the stances",
        ),
        Case(
            "compare as of",
            f"/compare/?d={delegation.code}&d=JPN&d=CHN&d=EU&as_of=AHC-5",
            [(AS_OF_AHC5, [])],
            note="positions after AHC-5; raw: DISTINCT ON over the stances",
        ),
        Case(
            "api coalitions",
            "/api/v1/coalitions/",
            [(CURRENT_AND_DATES, []), (MEMBERSHIPS, [])],
            note="the JSON API: matrices, blocs, swing, consensus of every provision",
        ),
        Case(
            "api coalitions as of",
            "/api/v1/coalitions/?as_of=AHC-5",
            [
                (
                    "SELECT DISTINCT ON (delegation_id, provision_id) delegation_id, provision_id, "
                    "position, stated_on FROM positions_stance WHERE status = 'confirmed' AND "
                    "stated_on <= '2023-04-21' ORDER BY delegation_id, provision_id, "
                    "stated_on DESC, created_at DESC, id DESC",
                    [],
                )
            ],
            note="the JSON API, positions after AHC-5",
        ),
        Case(
            "compare",
            f"/compare/?d={delegation.code}&d=JPN&d=CHN&d=EU",
            [
                (
                    "SELECT c.delegation_id, c.provision_id, c.position, s.evidence FROM "
                    "positions_currentstance c JOIN positions_stance s ON s.id = c.stance_id "
                    "JOIN delegations_delegation d ON d.id = c.delegation_id WHERE d.code IN "
                    "(%s, 'JPN', 'CHN', 'EU', 'G77')",
                    [delegation.code],
                )
            ],
            note=f"{delegation.code}, JPN, CHN, EU; raw: their current positions with evidence",
        ),
        Case(
            "api compare",
            f"/api/v1/compare/?d={delegation.code}&d=JPN&d=CHN&d=EU",
            [
                (
                    "SELECT c.delegation_id, c.provision_id, c.position, s.evidence FROM "
                    "positions_currentstance c JOIN positions_stance s ON s.id = c.stance_id "
                    "JOIN delegations_delegation d ON d.id = c.delegation_id WHERE d.code IN "
                    "(%s, 'JPN', 'CHN', 'EU', 'G77')",
                    [delegation.code],
                )
            ],
            note="the JSON API: the same lines as /compare/",
        ),
        Case(
            "provision page",
            f"/provisions/{provision.slug}/",
            [
                (CURRENT_STANCES.format(column="provision_id"), [provision.pk]),
                (
                    "SELECT se.code, s.position, count(*) FROM positions_stance s "
                    "LEFT JOIN provisions_session se ON se.id = s.session_id "
                    "WHERE s.status = 'confirmed' AND s.provision_id = %s GROUP BY 1, 2",
                    [provision.pk],
                ),
                (
                    "SELECT day, position, count(*) FROM positions_positionsnapshot "
                    "WHERE provision_id = %s GROUP BY 1, 2",
                    [provision.pk],
                ),
            ],
            note=f"{provision.slug}: current positions + stances by session + positions held "
            "after each session (kept)",
        ),
        *(
            Case(
                name,
                f"/delegations/{group.code}/{query}",
                [
                    (CURRENT_STANCES.format(column="delegation_id"), [group.pk]),
                    (CHANGES, [group.pk]),
                    (DELEGATION_SNAPSHOTS, [group.pk]),
                    (GROUP_AND_MEMBERS, [group.pk, group.pk]),
                ],
                note=f"{group.code}: current positions, latest changes, positions held after "
                "each session (kept), the group's and its members' current positions (a page of "
                f"provisions){'; the last page of the grid (raw: the first)' if query else ''}",
            )
            for name, group, query in (
                ("delegation page", delegation, ""),
                ("group page most members", context["largest_group"], ""),
                # Page 12 of 25 provisions: the last at 300 provisions (a later page costs the
                # same as the first).
                ("group page last grid page", context["largest_group"], "?members-page=12"),
            )
            if group is not None
        ),
    ]
