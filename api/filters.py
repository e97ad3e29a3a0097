"""FilterSets of the API's own lists; the stance list uses the stance table's (StanceFilter)."""

import django_filters

from analysis.filters import CodeMultipleChoiceFilter, MatrixFilter
from positions.models import Position, Statement

from .schema import codes_in_schema


class CurrentPositionFilter(MatrixFilter):
    """The matrix's filters (the same methods and parameters), plus delegation, provision and
    position, for the list of current positions."""

    delegation = CodeMultipleChoiceFilter(label="Delegation", method="filter_delegation")
    provision = django_filters.MultipleChoiceFilter(
        label="Provision (with articles under or linked to it)", method="filter_provision"
    )
    exact = django_filters.BooleanFilter(label="Only the provision itself", method="filter_noop")
    position = django_filters.MultipleChoiceFilter(choices=Position.choices, distinct=False)


# Orderings belong to the matrix, not to a list of rows.
for _name in ("rows", "columns"):
    CurrentPositionFilter.base_filters.pop(_name)


class StatementApiFilter(django_filters.FilterSet):
    """Statements by delegation (it spoke, or was spoken for) and session, by code."""

    delegation = django_filters.CharFilter(method="filter_delegation", label="Delegation code")
    session = django_filters.CharFilter(field_name="session__code", label="Session code")
    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", exclude=True, label="Withdrawn ones"
    )

    class Meta:
        model = Statement
        fields: list = []

    def filter_delegation(self, queryset, name, value):
        return queryset.filter(delegation__code=value) | queryset.filter(on_behalf_of__code=value)


codes_in_schema(CurrentPositionFilter)
