"""Filters of the delegation list (`/delegations/?kind=state&regional_group=african`)."""

import django_filters
from django.db.models import Q

from positions.filters import FilterForm

from .models import Delegation, RegionalGroup


class DelegationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Delegation.Kind.choices, empty_label="Any kind")
    regional_group = django_filters.ChoiceFilter(
        choices=RegionalGroup.choices, empty_label="Any regional group"
    )
    q = django_filters.CharFilter(label="Name or code", method="filter_name")

    class Meta:
        model = Delegation
        fields: list = []
        form = FilterForm

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(code__iexact=value) | Q(name__icontains=value) | Q(common_name__icontains=value)
        )
