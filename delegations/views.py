"""Delegations: the filterable list, and a delegation's statements, positions and groups."""

from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from positions.aggregates import support_rows
from positions.filters import provision_label
from positions.models import CurrentStance, Stance, Statement
from positions.tables import SupportTable

from .filters import DelegationFilter
from .models import Delegation
from .tables import DelegationTable


class DelegationListView(SingleTableMixin, FilterView):
    """States, observers and groups, filterable by kind and regional group."""

    filterset_class = DelegationFilter
    table_class = DelegationTable
    template_name = "delegations/delegation_list.html"

    def get_queryset(self):
        # A correlated count per row on the page, not a GROUP BY over every stance.
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


class DelegationDetailView(DetailView):
    """A delegation's statements, current positions, changes of position and memberships;
    for a group, also the current positions of its members."""

    template_name = "delegations/delegation_detail.html"
    context_object_name = "delegation"
    STATEMENTS_SHOWN = 50

    def get_object(self, queryset=None):
        return get_object_or_404(Delegation, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation = self.object
        stance_list = reverse("positions:stance-list")
        context["statements"] = list(
            Statement.objects.active()
            .for_delegation(delegation)
            .for_table()
            .defer("text")
            .latest_first()[: self.STATEMENTS_SHOWN]
        )
        context["current"] = list(
            Stance.objects.current()
            .for_delegation(delegation)
            .for_list()
            .order_by("provision__sort_order", "provision__slug")
        )
        context["changes"] = self._changes(delegation)
        context["memberships"] = list(
            delegation.group_memberships.select_related("group").order_by("group__common_name")
        )
        context["stances_url"] = f"{stance_list}?{urlencode({'delegation': delegation.code})}"
        if delegation.is_group:
            context["members"] = list(
                delegation.memberships.select_related("member").order_by("member__common_name")
            )
            grid = CurrentStance.objects.by_groups([delegation.code]).position_grid()
            context["members_table"] = SupportTable(
                support_rows(grid),
                stance_list_url=stance_list,
                link_query=urlencode({"group": delegation.code}),
                orderable=False,
            )
        return context

    def _changes(self, delegation) -> list[dict]:
        """Provisions on which the delegation's confirmed position changed, oldest first.

        Consecutive stances with the same position are merged into one step with the dates of
        the first and the last.
        """
        rows = (
            Stance.objects.confirmed()
            .for_delegation(delegation)
            .order_by("provision__sort_order", "provision__slug", "stated_on", "created_at", "pk")
            .values_list(
                "provision__slug",
                "provision__kind",
                "provision__number",
                "provision__title",
                "position",
                "stated_on",
                "session__code",
            )
        )
        changes = []
        for (slug, kind, number, title), stances in groupby(rows, key=lambda r: r[:4]):
            steps = []
            for *_, position, stated_on, session in stances:
                if steps and steps[-1]["position"] == position:
                    steps[-1]["until"], steps[-1]["until_session"] = stated_on, session
                else:
                    steps.append(
                        {
                            "position": position,
                            "since": stated_on,
                            "session": session,
                            "until": None,
                        }
                    )
            if len(steps) > 1:
                changes.append(
                    {"slug": slug, "label": provision_label(kind, number, title), "steps": steps}
                )
        return changes
