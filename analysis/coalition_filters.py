"""The filters of the coalition and compare pages: the matrix's, and a session to stand at."""

import django_filters

from common.forms import FilterForm
from positions.models import CurrentStance

from .filters import (
    ListSelectMultiple,
    ReferenceChoicesMixin,
    StanceFilterMethods,
    _category_filter,
    _chapter_filter,
    _group_filter,
    _regional_group_filter,
    _session_filter,
    as_of_filter,
)


class CoalitionFilter(ReferenceChoicesMixin, StanceFilterMethods, django_filters.FilterSet):
    """The filters of `/coalitions/`: which delegations and provisions, and when."""

    regional_group = _regional_group_filter()
    group = _group_filter()
    provision = django_filters.MultipleChoiceFilter(
        label="Provision (with articles under or linked to it)",
        method="filter_provision",
        widget=ListSelectMultiple(attrs={"size": 4}),
    )
    category = _category_filter()
    chapter = _chapter_filter()
    session = _session_filter()
    as_of = as_of_filter()

    class Meta:
        model = CurrentStance
        fields: list = []
        form = FilterForm
