"""Reads behind the delegation pages: the list with stance counts, and a delegation's
statements, memberships, group members and changes of position."""

from collections.abc import Sequence

import numpy as np
from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery

from delegations.models import Delegation
from positions.models import CurrentStance, Stance, Statement
from provisions.models import Provision, provision_label

from ..aggregates import support_rows_from_arrays
from ..coalitions import EPOCH
from ..filters import reference_choices_cached
from .positions import position_arrays


def delegation_list():
    """Every delegation with `stance_count`, its number of confirmed stances, by name (lazy).

    The count is a correlated subquery evaluated for the rows on the page only, not a GROUP BY
    over every stance, so a page of the list is one query at any data volume.
    """
    confirmed = (
        Stance.objects.confirmed()
        .filter(delegation=OuterRef("pk"))
        .order_by()
        .values("delegation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Delegation.objects.annotate(
        stance_count=Subquery(confirmed, output_field=IntegerField())
    ).order_by("common_name", "code")


def delegation_statements(delegation, *, limit: int) -> tuple[list, bool]:
    """The delegation's `limit` latest active statements (without their text), and whether
    there are more. Three queries: the ids in order (`latest_first_ids()`: the dated ones read
    backwards from the statement list's covering index, `statement_active_order_idx`, until
    `limit + 1` are found, and the undated ones), then those statements. Sorting all of a
    busy delegation's statements instead (10,000 for CARICOM) took ten times as long."""
    statements = Statement.objects.active().for_delegation(delegation)
    ids = statements.latest_first_ids()[: limit + 1]
    by_id = Statement.objects.for_table().defer("text").in_bulk(ids[:limit])
    return [by_id[pk] for pk in ids[:limit]], len(ids) > limit


def delegation_memberships(delegation) -> list:
    """The groups the delegation belongs to (with their dates), by group name. One query."""
    return list(delegation.group_memberships.select_related("group").order_by("group__common_name"))


def delegation_group_members(group) -> tuple[list, "GroupGridRows"]:
    """A group's memberships (by member name), and the support rows (`support_rows`) of the
    current positions of the group and its members, one per provision any of them holds a
    position on, built a slice at a time (`GroupGridRows`: the grid shows a page of them).
    Two queries.

    The same rows as `CurrentStance.objects.by_groups([group.code])`: each member's positions
    within its membership's dates."""
    members = list(group.memberships.select_related("member").order_by("member__common_name"))
    return members, GroupGridRows(group, members)


class GroupGridRows(Sequence):
    """The support rows of the current positions of a group and its members (each member's
    within its membership's dates), in the order of the text, each slice built when asked for
    (a table's page).

    Building all of G77's 300 rows (134 members: 31,000 current positions, sorted and named)
    took most of its page for the 25 it shows. One query reads the current positions of the
    group and all its members as integer arrays (`position_arrays`: delegation, provision,
    position, day); the count per provision (which rows there are, and the largest count, the
    balance bars' scale) and a page's rows are taken from them with numpy, and so are the
    members' positions the breaking-ranks list compares (`held`: all of them, dates or not).
    Counting them in the database and reading a page's cells, then the members' positions
    again, took three queries and Python's time over each row."""

    def __init__(self, group, members: list):
        self.reference = reference_choices_cached()
        provisions = self.reference.provision_rows
        ids = {group.pk} | {m.member_id for m in members}
        dated = [m for m in members if m.start_date or m.end_date]
        # The days only where a membership's dates select by them (none of G77's or CARICOM's).
        self.held = held = position_arrays(
            CurrentStance.objects.filter(delegation_id__in=ids), days=bool(dated)
        )
        always = [group.pk] + [m.member_id for m in members if not (m.start_date or m.end_date)]
        shown = np.isin(held.delegation, always)
        for membership in dated:
            shown |= _during_days(membership, held)
        self.grid = held.take(shown)
        present, totals = np.unique(self.grid.provision, return_counts=True)
        self.provision_ids = sorted(
            present.tolist(), key=lambda pk: (provisions[pk][4], provisions[pk][0])
        )
        self.largest = int(totals.max(initial=0))
        self._rows: dict[int, dict] = {}

    def __len__(self) -> int:
        return len(self.provision_ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._read(self.provision_ids[index])
        return self._read([self.provision_ids[index]])[0]

    def __iter__(self):
        return iter(self[:])

    def _read(self, provision_ids: list[int]) -> list[dict]:
        missing = [pk for pk in provision_ids if pk not in self._rows]
        if missing:
            cells = self.grid.take(np.isin(self.grid.provision, missing))
            rows = support_rows_from_arrays(
                cells.delegation,
                cells.provision,
                cells.rank,
                delegations=self.reference.delegation_rows,
                provisions=self.reference.provision_rows,
                largest=self.largest,
            )
            slugs = {self.reference.provision_rows[pk][0]: pk for pk in missing}
            self._rows.update((slugs[row["slug"]], row) for row in rows)
        return [self._rows[pk] for pk in provision_ids]


def _during_days(membership, held) -> np.ndarray:
    """Which of `held` (position arrays) are the member's, stated while the membership lasted
    (open ends always count)."""
    during = held.delegation == membership.member_id
    if membership.start_date is not None:
        during &= held.day >= membership.start_date.toordinal() - EPOCH
    if membership.end_date is not None:
        during &= held.day <= membership.end_date.toordinal() - EPOCH
    return during


def delegation_position_changes(delegation, *, limit: int = 50) -> tuple[list[dict], bool]:
    """The delegation's latest changes of confirmed position, grouped by provision.

    Returns (provisions, more): for each provision with one of the `limit` most
    recent changes, in provision order, its steps oldest first; consecutive stances with the
    same position form one step, dated by the first (`since`, `session`) and, when there are
    several, the last (`until`). `more` is true when older changes were left out; then a
    provision's first step may have no `since` (it started before the changes shown).

    Three queries. The first walks the delegation's confirmed stances newest first (the
    (delegation, status, date) index) and, for each, looks up the stance before it on the same
    provision (one probe of the partial (delegation, provision, date) index,
    `stance_confirmed_pair_idx`); it keeps the stances whose position differs and stops at
    `limit + 1`, so it reads a few hundred index entries however many stances the delegation
    has (a window over all of them read and sorted 180k rows). The provision's first and
    latest stances, for the steps' dates, are probed the same way for the rows kept only. The
    second reads the dates and sessions of the stances found, the third the provisions' names
    (for the few rows kept: a subquery per date and session took longer to build than to run).
    """
    pair = Stance.objects.confirmed().filter(
        delegation=OuterRef("delegation_id"), provision=OuterRef("provision_id")
    )
    # (stated_on, created_at, id) < the outer row's, spelt out (a row value cannot hold
    # OuterRefs): the probe walks the pair's index from its newest entry down to that row.
    same_day = Q(stated_on=OuterRef("stated_on"))
    before = pair.filter(
        Q(stated_on__lt=OuterRef("stated_on"))
        | same_day & Q(created_at__lt=OuterRef("created_at"))
        | same_day & Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    ).order_by("-stated_on", "-created_at", "-pk")
    first = pair.order_by("stated_on", "created_at", "pk")
    last = pair.order_by("-stated_on", "-created_at", "-pk")

    def value(queryset, name, output_field):
        return Subquery(queryset.values(name)[:1], output_field=output_field)

    integer, text = IntegerField(), CharField()
    rows = list(
        Stance.objects.confirmed()
        .for_delegation(delegation)
        .annotate(prev_position=value(before, "position", text))
        .filter(prev_position__isnull=False)
        .exclude(prev_position=F("position"))
        .order_by("-stated_on", "-created_at", "-pk")
        .annotate(
            prev_pk=value(before, "pk", integer),
            first_pk=value(first, "pk", integer),
            last_pk=value(last, "pk", integer),
        )
        .values(
            "pk", "provision_id", "position", "stated_on", "prev_position", "prev_pk",
            "first_pk", "last_pk",
        )[: limit + 1]
    )  # fmt: skip
    more = len(rows) > limit
    rows = rows[:limit]
    _name_rows(rows)
    return _changes_by_provision(rows, more=more), more


def _name_rows(rows: list[dict]) -> None:
    """Add the dates and session codes of the stances the change rows point to (`prev_`,
    `first_`, `last_`) and the provisions' names (two queries)."""
    stances = {
        pk: (stated_on, code)
        for pk, stated_on, code in Stance.objects.filter(
            pk__in={row[key] for row in rows for key in ("pk", "prev_pk", "first_pk", "last_pk")}
        )
        .order_by()
        .values_list("pk", "stated_on", "session__code")
    }
    provisions = {
        pk: (slug, kind, number, title, sort_order)
        for pk, slug, kind, number, title, sort_order in Provision.objects.filter(
            pk__in={row["provision_id"] for row in rows}
        )
        .order_by()
        .values_list("pk", "slug", "kind", "number", "title", "sort_order")
    }
    for row in rows:
        (
            row["provision__slug"],
            row["provision__kind"],
            row["provision__number"],
            row["provision__title"],
            row["provision__sort_order"],
        ) = provisions[row["provision_id"]]
        row["session__code"] = stances[row["pk"]][1]
        for key in ("prev", "first", "last"):
            row[f"{key}_stated_on"], row[f"{key}_session"] = stances[row[f"{key}_pk"]]


def _changes_by_provision(rows: list[dict], *, more: bool) -> list[dict]:
    """The named change rows (newest first) as steps per provision, in provision order."""
    by_provision: dict[str, list[dict]] = {}
    for row in reversed(rows):  # oldest first
        by_provision.setdefault(row["provision__slug"], []).append(row)
    changes = []
    for slug, provision_rows in by_provision.items():
        first = provision_rows[0]
        # The step before the first change shown: from the provision's first stance, unless
        # older changes were left out (then where it started is not known here).
        steps = [
            {
                "position": first["prev_position"],
                "since": None if more else first["first_stated_on"],
                "session": None if more else first["first_session"],
                "start_pk": None if more else first["first_pk"],
                "until": None,
            }
        ]
        for row in provision_rows:
            steps[-1].update(_until(steps[-1], row["prev_pk"], row["prev_stated_on"]))
            steps[-1]["until_session"] = row["prev_session"]
            steps.append(
                {
                    "position": row["position"],
                    "since": row["stated_on"],
                    "session": row["session__code"],
                    "start_pk": row["pk"],
                    "until": None,
                }
            )
        last = provision_rows[-1]
        steps[-1].update(_until(steps[-1], last["last_pk"], last["last_stated_on"]))
        steps[-1]["until_session"] = last["last_session"]
        for step in steps:
            del step["start_pk"]
            if step["until"] is None:
                step.pop("until_session")
        changes.append(
            {
                "slug": slug,
                "label": provision_label(
                    first["provision__kind"],
                    first["provision__number"],
                    first["provision__title"],
                ),
                "sort": (first["provision__sort_order"], slug),
                "steps": steps,
            }
        )
    changes.sort(key=lambda change: change.pop("sort"))
    return changes


def _until(step: dict, end_pk, end_stated_on) -> dict:
    """A step ends at stance `end_pk`: dated until then when that is not its only stance."""
    if step["start_pk"] is not None and step["start_pk"] == end_pk:
        return {"until": None}
    return {"until": end_stated_on}
