"""The read side of the positions models: chainable, documented queryset methods (what the pages,
services and selectors ask of statements, stances and current positions). The models themselves
are in `positions.models`, which attaches these as their managers."""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from delegations.models import GroupMembership

from .text_digest import text_digest

NEAR_COPY_DAYS = 14
NEAR_COPY_CANDIDATES = 25


class StatementQuerySet(models.QuerySet):
    def active(self):
        """Statements that have not been withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_delegation(self, delegation):
        """Statements made by a delegation, or by a group on its behalf."""
        return self.filter(Q(delegation=delegation) | Q(on_behalf_of=delegation))

    def same_text_as(self, text: str, *, delegation, exclude=None):
        """The delegation's live statements whose text is `text` in other spacing, line
        breaks, case or punctuation (the same words in the same order: `text_digest`), oldest
        first; `exclude` (a statement) is left out, so an edited statement does not match itself.

        Withdrawn statements do not count: withdrawing and logging a statement again is how a
        wrong one is replaced. Read through `statement_active_digest_idx`.
        """
        digest = text_digest(text)
        if not digest:
            return self.none()
        found = self.active().filter(delegation=delegation, text_digest=digest)
        if exclude is not None and exclude.pk is not None:
            found = found.exclude(pk=exclude.pk)
        return found.order_by("pk")

    def near_copy_candidates(self, *, delegation, session=None, delivered_on=None, exclude=None):
        """The delegation's live statements that may be another version of a text: of the same
        session (or, without one, delivered within `NEAR_COPY_DAYS` of `delivered_on`; else any),
        the latest `NEAR_COPY_CANDIDATES` (versions of a speech are logged or delivered close
        together).
        `positions.selectors.statement_near_copies` compares them word by word."""
        found = self.active().filter(delegation=delegation)
        if session is not None:
            found = found.filter(session=session)
        elif delivered_on is not None:
            window = timedelta(days=NEAR_COPY_DAYS)
            found = found.filter(delivered_on__range=(delivered_on - window, delivered_on + window))
        if exclude is not None and exclude.pk is not None:
            found = found.exclude(pk=exclude.pk)
        # Both orders read an index of the delegation in order (statement_deleg_session_idx,
        # statement_deleg_date_idx), not every statement.
        latest = "-pk" if session is not None else "-delivered_on"
        return found.order_by(latest)[:NEAR_COPY_CANDIDATES]

    def for_table(self):
        """What a list of statements shows, fetched in one query."""
        return self.select_related("delegation", "on_behalf_of", "session")

    def latest_first(self):
        """Most recent first, by delivery date or, when unknown, the session's first day."""
        return self.order_by(
            Coalesce("delivered_on", "session__start_date").desc(nulls_last=True),
            "-created_at",
            "-pk",
        )

    def latest_first_ids(self) -> "LatestFirstIds":
        """The ids in `latest_first()` order, for a paginator: sliced and counted without
        sorting every statement (see LatestFirstIds)."""
        return LatestFirstIds(self)


class LatestFirstIds:
    """The ids of a statement queryset in `latest_first()` order, read in two ordered parts.

    Sorting by `COALESCE(delivered_on, session.start_date)` needs the session joined to every
    statement and a sort of all of them (50,000 rows and two parallel workers, ~50 ms, on
    every page of the list). Statements with a delivery date are read in the order of an
    index (`statement_active_order_idx` backwards) and the few without one by their session's
    start; a slice [a:b] takes the first b of each and merges them: the same order, ties
    included. Supports what Django's Paginator asks: `count()`, slicing, `ordered`.
    """

    ordered = True

    def __init__(self, queryset):
        self._queryset = queryset.order_by()

    def count(self) -> int:
        return self._queryset.count()

    def __len__(self) -> int:
        return self.count()

    @staticmethod
    def ordered_parts(queryset):
        """The statements with a delivery date, newest first (the index's order), and those
        without one, by their session's start."""
        dated = queryset.filter(delivered_on__isnull=False).order_by(
            "-delivered_on", "-created_at", "-pk"
        )
        undated = queryset.filter(delivered_on__isnull=True).order_by(
            F("session__start_date").desc(nulls_last=True), "-created_at", "-pk"
        )
        return dated, undated

    @staticmethod
    def sort_key(day, created_at, pk):
        """Merges the two parts (sorted in reverse): newest first, undated (no delivery date,
        no session) last, as latest_first() sorts."""
        return (day is not None, day or created_at.date(), created_at, pk)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("LatestFirstIds supports slices without a step only.")
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < 0:
            raise ValueError("LatestFirstIds needs a bounded, non-negative slice.")
        if stop <= start:
            return []
        dated, undated = self.ordered_parts(self._queryset)
        rows = [
            *dated.values_list("delivered_on", "created_at", "pk")[:stop],
            *undated.values_list("session__start_date", "created_at", "pk")[:stop],
        ]
        rows.sort(key=lambda r: self.sort_key(*r), reverse=True)
        return [pk for _, _, pk in rows[start:stop]]


def _by_groups_q(codes) -> Q:
    """Rows (stances or current stances) of the groups `codes` or of their members at the time."""
    memberships = GroupMembership.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("stated_on")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("stated_on")),
        group__code__in=codes,
        member=OuterRef("delegation"),
    )
    return Q(delegation__code__in=codes) | Exists(memberships)


# What the support table and the matrix read of each current position (`position_grid()`).
GRID_FIELDS = (
    "position",
    "delegation__code",
    "delegation__common_name",
    "provision__slug",
    "provision__kind",
    "provision__number",
    "provision__title",
    "provision__sort_order",
)


class StanceQuerySet(models.QuerySet):
    def live(self):
        """Stances still in play: proposed or confirmed (not rejected or withdrawn)."""
        return self.filter(status__in=[self.model.Status.PROPOSED, self.model.Status.CONFIRMED])

    def confirmed(self):
        """Stances a person has confirmed."""
        return self.filter(status=self.model.Status.CONFIRMED)

    def proposed(self):
        """Extracted (or logged) stances waiting for review."""
        return self.filter(status=self.model.Status.PROPOSED)

    def for_provision(self, provision):
        return self.filter(provision=provision)

    def for_delegation(self, delegation):
        return self.filter(delegation=delegation)

    def current(self):
        """The latest confirmed stance per (delegation, provision).

        "Latest" is by `stated_on` (when the position was expressed), then by when it was
        logged, then by id, so a position restated later supersedes the earlier one, which stays
        on record. Read through `CurrentStance`, which the services keep equal to that
        definition (`current_stances_refresh`); `current_by_definition()` computes it afresh.
        """
        return self.confirmed().filter(current_entry__isnull=False)

    def current_by_definition(self):
        """`current()` computed from the stances themselves (a correlated subquery per row).

        Slow on large tables; the consistency tests compare it with the maintained table.
        """
        latest = (
            self.model.objects.confirmed()
            .filter(delegation=OuterRef("delegation"), provision=OuterRef("provision"))
            .order_by("-stated_on", "-created_at", "-pk")
            .values("pk")[:1]
        )
        return self.confirmed().filter(pk=Subquery(latest))

    def as_of(self, day):
        """The confirmed stances that were the latest per (delegation, provision) on `day`.

        Like `current()` for a past day (positions after a session: its last day): the latest
        among the confirmed stances stated on or before it, by the same order. The pick is a
        window function in a subquery, so filters chained after it narrow the result (as on the
        maintained current positions) rather than the stances it picks from.
        """
        ranked = (
            self.model.objects.confirmed()
            .filter(stated_on__lte=day)
            .annotate(
                latest_rank=Window(
                    RowNumber(),
                    partition_by=[F("delegation_id"), F("provision_id")],
                    order_by=[F("stated_on").desc(), F("created_at").desc(), F("pk").desc()],
                )
            )
            .filter(latest_rank=1)
            .values("pk")
        )
        return self.filter(pk__in=ranked)

    def for_table(self):
        """Everything a stance table row shows, joined in the same query."""
        return self.select_related(
            "delegation", "provision", "statement", "session", "statement__session"
        )

    def for_list(self):
        """`for_table()` without the statements' full text, which a list of stances never shows."""
        return self.for_table().defer("statement__text")

    def for_api(self):
        """What the API shows of a stance (api.serializers.StanceSerializer): its own columns,
        the codes, names and labels of its delegation, provision and session, joined in one
        query; not the statement (its id is a column) nor the provisions' long fields."""
        return self.select_related("delegation", "provision", "session").only(
            *(f.name for f in self.model._meta.concrete_fields),
            "delegation__code",
            "delegation__name",
            "delegation__common_name",
            "provision__slug",
            "provision__kind",
            "provision__number",
            "provision__title",
            "session__code",
        )

    def for_stance_table(self):
        """Only the columns the stance table shows (and its keyset cursor), joined in one query.

        A page of the full rows of five tables (provision descriptions and keywords included)
        cost three times the hand-written query for the same rows; this stays near it.
        """
        return self.select_related("delegation", "provision", "statement", "session").only(
            "position",
            "stated_on",
            "created_at",
            "evidence",
            "origin",
            "status",
            "delegation__code",
            "delegation__name",
            "delegation__common_name",
            "provision__slug",
            "provision__kind",
            "provision__number",
            "provision__title",
            "statement__title",
            "session__code",
        )

    def by_groups(self, codes):
        """Stances of the groups with these codes and of their members at the time they spoke.

        A membership counts when it covers the stance's `stated_on` (open ends count as always),
        so a state's stance is included for the years it belonged to the group.
        """
        return self.filter(_by_groups_q(codes))

    def position_counts(self, *by):
        """Current positions counted by `by` fields and position: {(*by values, position): n}.

        One aggregate query, e.g. `position_counts("provision_id")` for the provision tree.
        """
        rows = self.current().values_list(*by, "position").annotate(n=Count("pk")).order_by()
        return {tuple(row[:-1]): row[-1] for row in rows}

    def position_grid(self):
        """The current positions as plain rows for the support table and the matrix.

        One query: each row is a dict with the delegation's and the provision's identifying
        fields and the position. Filters chained before this narrow which current positions are
        returned (e.g. `.filter(session__code="AHC-1")`: current positions stated at AHC-1).
        """
        return self.current().values(*GRID_FIELDS)


class CurrentStanceQuerySet(models.QuerySet):
    """Reads of the maintained current positions; the same filters as on stances apply."""

    def for_provision(self, provision):
        return self.filter(provision=provision)

    def for_delegation(self, delegation):
        return self.filter(delegation=delegation)

    def by_groups(self, codes):
        """Current positions of the groups `codes` and of their members when they stated them."""
        return self.filter(_by_groups_q(codes))

    def position_counts(self, *by):
        """Current positions counted by `by` fields and position: {(*by values, position): n}.

        One aggregate query over the maintained table (one row per delegation and provision).
        """
        rows = self.values_list(*by, "position").annotate(n=Count("pk")).order_by()
        return {tuple(row[:-1]): row[-1] for row in rows}

    def position_grid(self):
        """The current positions as plain rows for the support table and the matrix (one query).

        Same rows as `Stance.objects.position_grid()` with the same filters chained before it.
        """
        return self.values(*GRID_FIELDS)
