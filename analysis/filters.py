"""The analysts' filters: every list renders the one GET form (`common.forms.FilterForm`), and
the values in the URL are readable.

Every parameter takes codes and slugs (`?delegation=JPN&provision=transfer-of-proceedings`), so a
filtered view can be shared and bookmarked. These parameter names are a public interface.
"""

import time
from collections import OrderedDict
from dataclasses import dataclass, field

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.http import QueryDict

from common.forms import (
    CodeMultipleChoiceFilter,
    FilterForm,
    LabelledDateRangeWidget,
    ListSelectMultiple,
    SharedChoices,
)
from delegations.models import Delegation, RegionalGroup
from positions.models import CurrentStance, Position, Stance
from provisions.models import Provision, Session, provision_label

# The multiple-choice filters on a stance's own columns say `distinct=False`: django-filter adds
# DISTINCT by default (for to-many lookups), which makes PostgreSQL sort every matching row with
# all its columns before it can return the first page (0.7 s for one delegation's objections).


@dataclass
class ReferenceChoices:
    """Choice lists for the filter forms, read in a single query (see `reference_choices`)."""

    delegations: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    provisions: list = field(default_factory=list)
    chapters: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    # code or slug -> id, so that filters compare the stances' own columns (`delegation_id IN
    # (...)`), which the indexes on (delegation, status, date) and (provision, ...) answer.
    ids: dict = field(default_factory=dict)
    # id -> (code, common name) and id -> (slug, kind, number, title, sort order): what the
    # matrix shows of each row and column, so its data query reads ids and positions only.
    delegation_rows: dict = field(default_factory=dict)
    provision_rows: dict = field(default_factory=dict)


def reference_choices() -> ReferenceChoices:
    """Delegations, provisions and sessions for the filter forms, in one UNION query.

    The list pages have a fixed query budget (the same few queries at any page size and data
    volume); three choice lists read separately would take three of them.
    """

    def row(kind, value, label, sub_kind, number, extra, sort=None):
        # Same columns in the same order in each branch of the UNION.
        return {
            "i": Cast("pk", IntegerField()),
            "k": Value(kind, output_field=CharField()),
            "v": value,
            "l": label,
            "s": sub_kind,
            "n": number,
            "x": extra,
            "o": sort or Value(0, output_field=IntegerField()),
        }

    text, integer = CharField(), IntegerField()
    delegations = Delegation.objects.order_by().values_list(
        *row("d", "code", "common_name", "kind", Value(0, integer), Value("", text)).values()
    )
    provisions = Provision.objects.order_by().values_list(
        *row(
            "p",
            "slug",
            "title",
            "kind",
            Cast("number", integer),
            Cast("category", text),
            Cast("sort_order", integer),
        ).values()
    )
    sessions = Session.objects.order_by().values_list(
        *row("s", "code", "name", "kind", Value(0, integer), Cast("start_date", text)).values()
    )
    choices = ReferenceChoices()
    provision_rows = []
    for pk, kind, value, label, sub_kind, number, extra, sort in delegations.union(
        provisions, sessions, all=True
    ):
        choices.ids[kind, value] = pk
        if kind == "d":
            choices.delegation_rows[pk] = (value, label)
            choices.delegations.append((value, f"{label} ({value})"))
            if sub_kind == Delegation.Kind.GROUP:
                choices.groups.append((value, label))
        elif kind == "p":
            choices.provision_rows[pk] = (value, sub_kind, number, label, sort)
            provision_rows.append((sort, value, label, sub_kind, number, extra))
        else:
            choices.sessions.append((extra, value, f"{value}: {label}"))
    choices.delegations.sort(key=lambda choice: choice[1].casefold())
    choices.groups.sort(key=lambda choice: choice[1].casefold())
    choices.sessions = [(code, label) for _, code, label in sorted(choices.sessions)]
    # Provisions in the order of the tree: chapters and their articles, then the issues.
    categories = set()
    for _, slug, title, kind, number, category in sorted(provision_rows):
        label = provision_label(kind, number, title)
        choices.provisions.append((slug, label))
        if kind == Provision.Kind.CHAPTER:
            choices.chapters.append((slug, label))
        if category:
            categories.add(category)
    choices.categories = [(c, c.replace("-", " ").capitalize()) for c in sorted(categories)]
    return choices


# How long a process reuses the reference choices (delegations, provisions, sessions change
# a few times a session, through the admin): every analyst page reads them, and building them
# (one query, ~700 rows) was a tenth of the stance table's time. A change shows within this
# many seconds; 0 reads them on every request (the tests do).
REFERENCE_CACHE_SECONDS = 60
_reference_cache: dict = {}


def reference_choices_cached() -> ReferenceChoices:
    """`reference_choices()`, kept for `REFERENCE_CACHE_SECONDS` in this process."""
    now = time.monotonic()
    cached = _reference_cache.get("choices")
    if cached is not None and now - cached[0] < REFERENCE_CACHE_SECONDS:
        return cached[1]
    choices = reference_choices()
    if REFERENCE_CACHE_SECONDS > 0:
        _reference_cache["choices"] = (now, choices)
    return choices


def reference_choices_clear() -> None:
    """Forget the cached reference choices (the next page reads them again)."""
    _reference_cache.clear()


class CachedLayoutHelper(FormHelper):
    """The filter form's crispy helper, reusing the markup of a form it has rendered before.

    The fields' markup (about 700 options, crispy's templates per field) was half of a stance
    table page's time. It depends only on the reference choices and the form's own values, so
    a process keeps the markup of its last `LIMIT` forms, keyed by both (an unbound form, a page
    without parameters, by its defaults); a form with errors is rendered afresh. Off when the reference choices are not cached either (the tests).
    """

    LIMIT = 256
    _rendered: OrderedDict = OrderedDict()

    def render_layout(self, form, context, template_pack=TEMPLATE_PACK):
        key = self.key(form)
        if key is None:
            return super().render_layout(form, context, template_pack)
        html = self._rendered.get(key)
        if html is None:
            html = super().render_layout(form, context, template_pack)
            self._rendered[key] = html
            while len(self._rendered) > self.LIMIT:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        return html

    @staticmethod
    def key(form):
        cached = _reference_cache.get("choices")
        if REFERENCE_CACHE_SECONDS <= 0 or cached is None:
            return None
        if not form.is_bound:
            # A page without parameters (`/matrix/`, `/support/`, the first view of any list):
            # its fields' defaults, the same every time.
            values = None
        elif form.errors:
            return None
        else:
            values = tuple((name, tuple(form.data.getlist(name))) for name in sorted(form.fields))
        return (type(form).__qualname__, id(cached[1]), tuple(form.fields), values)


class StatusChoices:
    """The `status` filter's values: one status, all live ones, or any; confirmed by default."""

    DEFAULT = Stance.Status.CONFIRMED
    LIVE = "live"
    ANY = "any"
    choices = [
        (Stance.Status.CONFIRMED, Stance.Status.CONFIRMED.label),
        *(choice for choice in Stance.Status.choices if choice[0] != Stance.Status.CONFIRMED),
        (LIVE, "Proposed or confirmed"),
        (ANY, "Any status"),
    ]


class StanceFilterMethods:
    """The filtering behind each parameter, shared by the stance, support and matrix FilterSets."""

    def _ids(self, kind: str, values) -> list[int]:
        return [self.reference.ids[kind, v] for v in values if (kind, v) in self.reference.ids]

    def filter_delegation(self, queryset, name, value):
        return queryset.filter(delegation_id__in=self._ids("d", value)) if value else queryset

    def filter_session(self, queryset, name, value):
        return queryset.filter(session_id__in=self._ids("s", value)) if value else queryset

    def filter_group(self, queryset, name, value):
        return queryset.by_groups(value) if value else queryset

    def filter_provision(self, queryset, name, value):
        if not value:
            return queryset
        if self.form.cleaned_data.get("exact"):
            return queryset.filter(provision_id__in=self._ids("p", value))
        return queryset.filter(provision__in=Provision.objects.with_articles(value))

    def filter_chapter(self, queryset, name, value):
        return (
            queryset.filter(provision__in=Provision.objects.in_chapters(value))
            if value
            else queryset
        )

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(provision__in=Provision.objects.in_categories(value))

    def filter_status(self, queryset, name, value):
        if value == StatusChoices.ANY:
            return queryset
        if value == StatusChoices.LIVE:
            return queryset.live()
        return queryset.filter(status=value or StatusChoices.DEFAULT)

    def filter_current(self, queryset, name, value):
        # `current()` picks the latest confirmed stance among all of them, whatever the other
        # filters: with `session=AHC-1` it means "current positions stated at AHC-1".
        return queryset.current() if value else queryset

    def filter_noop(self, queryset, name, value: str):
        """For parameters read by another filter (`exact` changes what `provision` matches)."""
        return queryset


def _delegation_filter():
    return CodeMultipleChoiceFilter(
        label="Delegation",
        method="filter_delegation",
        widget=ListSelectMultiple(attrs={"size": 4}),
    )


def _regional_group_filter():
    return django_filters.ChoiceFilter(
        label="Regional group",
        field_name="delegation__regional_group",
        choices=RegionalGroup.choices,
        empty_label="Any regional group",
    )


def _group_filter():
    return CodeMultipleChoiceFilter(
        label="Group (with its members)",
        method="filter_group",
        widget=ListSelectMultiple(attrs={"size": 4}),
    )


def _category_filter():
    return django_filters.MultipleChoiceFilter(
        label="Category", method="filter_category", widget=ListSelectMultiple(attrs={"size": 4})
    )


def _chapter_filter():
    return django_filters.MultipleChoiceFilter(
        label="Chapter (with its articles and issues)",
        method="filter_chapter",
        widget=ListSelectMultiple(attrs={"size": 4}),
    )


def _session_filter():
    return CodeMultipleChoiceFilter(
        label="Session",
        method="filter_session",
        widget=ListSelectMultiple(attrs={"size": 4}),
    )


class CodeChoiceField(django_filters.fields.ChoiceField):
    """A choice of one code that also accepts lower case (`?as_of=ahc-5`)."""

    def to_python(self, value):
        return super().to_python(value).upper()


class CodeChoiceFilter(django_filters.ChoiceFilter):
    field_class = CodeChoiceField


def as_of_filter():
    """`?as_of=AHC-5`: positions after that session. The view reads it to choose the rows the
    other filters narrow (`Stance.objects.as_of()` instead of the current positions)."""
    return CodeChoiceFilter(
        label="Positions as of (after) session",
        method="filter_noop",
        empty_label="Now (current positions)",
    )


class ReferenceChoicesMixin:
    """Fills the choice lists of the filters above from one `reference_choices()` query."""

    CHOICES = {
        "delegation": "delegations",
        "group": "groups",
        "provision": "provisions",
        "chapter": "chapters",
        "category": "categories",
        "session": "sessions",
        "as_of": "sessions",
    }

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.reference = choices = reference_choices_cached()
        for name, attr in self.CHOICES.items():
            if name in self.filters:
                self.filters[name].extra["choices"] = SharedChoices(getattr(choices, attr))

    @property
    def form(self):
        form = super().form
        helper = getattr(form, "helper", None)
        if helper is not None and not isinstance(helper, CachedLayoutHelper):
            cached = CachedLayoutHelper()
            cached.__dict__.update(helper.__dict__)
            form.helper = cached
        return form


class StanceFilter(ReferenceChoicesMixin, StanceFilterMethods, django_filters.FilterSet):
    """The filters of the stance table (`/stances/`)."""

    delegation = _delegation_filter()
    regional_group = _regional_group_filter()
    group = _group_filter()
    provision = django_filters.MultipleChoiceFilter(
        label="Provision (with articles under or linked to it)",
        method="filter_provision",
        widget=ListSelectMultiple(attrs={"size": 4}),
    )
    exact = django_filters.BooleanFilter(
        label="Only the provision itself",
        method="filter_noop",
        widget=forms.CheckboxInput,
    )
    chapter = _chapter_filter()
    category = _category_filter()
    position = django_filters.MultipleChoiceFilter(
        choices=Position.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    session = _session_filter()
    origin = django_filters.ChoiceFilter(choices=Stance.Origin.choices, empty_label="Any origin")
    status = django_filters.ChoiceFilter(
        choices=StatusChoices.choices, method="filter_status", empty_label=None
    )
    date = django_filters.DateFromToRangeFilter(
        label="Stated between",
        field_name="stated_on",
        widget=LabelledDateRangeWidget(
            attrs={"type": "date"}, names=("Stated on or after", "Stated on or before")
        ),
    )
    q = django_filters.CharFilter(
        label="Evidence contains", field_name="evidence", lookup_expr="icontains"
    )
    current = django_filters.BooleanFilter(
        label="Latest per delegation and provision",
        method="filter_current",
        widget=forms.CheckboxInput,
    )
    inferred = django_filters.BooleanFilter(
        label="Current positions, with those inferred from groups",
        method="filter_current",
        widget=forms.CheckboxInput,
    )

    # The filters that choose delegations; with `inferred`, they choose the members a group's
    # position is carried to, and the others choose the group's stances (see StanceListView).
    DELEGATION_FILTERS = ("delegation", "regional_group", "group")

    class Meta:
        model = Stance
        fields: list = []
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Confirmed stances unless another status is asked for, also in shared URLs and exports.
        # An empty query string binds the form too, so /stances/ itself lists confirmed stances.
        if data is None or not data.get("status"):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["status"] = StatusChoices.DEFAULT
        super().__init__(data, *args, **kwargs)


class SupportFilter(ReferenceChoicesMixin, StanceFilterMethods, django_filters.FilterSet):
    """The filters of the support and objection table (`/support/`)."""

    category = _category_filter()
    chapter = _chapter_filter()
    session = _session_filter()
    regional_group = _regional_group_filter()
    as_of = as_of_filter()

    class Meta:
        model = CurrentStance  # the maintained current positions
        fields: list = []
        form = FilterForm


ROW_ORDERINGS = [
    ("name", "By name"),
    ("count", "By number of positions"),
    ("similarity", "By similarity"),
]
COLUMN_ORDERINGS = [("tree", "In the order of the text"), *ROW_ORDERINGS]


class MatrixFilter(ReferenceChoicesMixin, StanceFilterMethods, django_filters.FilterSet):
    """The filters of the position matrix (`/matrix/`), and how to order its rows and columns."""

    regional_group = _regional_group_filter()
    group = _group_filter()
    category = _category_filter()
    chapter = _chapter_filter()
    session = _session_filter()
    as_of = as_of_filter()
    inferred = django_filters.BooleanFilter(
        label="Show positions inferred from groups (outlined, “via G77”)",
        method="filter_noop",
        widget=forms.CheckboxInput,
    )
    diverging = django_filters.BooleanFilter(
        label="Only members breaking ranks with their group",
        method="filter_noop",
        widget=forms.CheckboxInput,
    )
    rows = django_filters.ChoiceFilter(
        label="Order delegations", choices=ROW_ORDERINGS, method="filter_noop", empty_label=None
    )
    columns = django_filters.ChoiceFilter(
        label="Order provisions", choices=COLUMN_ORDERINGS, method="filter_noop", empty_label=None
    )

    class Meta:
        model = CurrentStance  # the maintained current positions
        fields: list = []
        form = FilterForm


class DelegationFilter(django_filters.FilterSet):
    """The filters of the delegation list (`/delegations/?kind=state&regional_group=african`)."""

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
