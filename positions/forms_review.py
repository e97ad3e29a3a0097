"""The review queue's filter form and the edit-then-accept form."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms

from common.forms import (
    ChoicesKeyedLayoutHelper,
    CodeMultipleChoiceFilter,
    FilterForm,
    ListSelectMultiple,
    SharedChoices,
)
from common.parsing import parse_id
from delegations.models import Delegation
from provisions.models import Provision, provision_label

from .evidence import evidence_locate
from .models import Position, Stance
from .permissions import delegations_user_may_speak_for


class ReviewFilterForm(FilterForm):
    """The analysts' filter form (type-ahead multi-selects), three fields to a row; its markup
    is reused for the same choices (the reviewer's delegations) and values."""

    column_class = "col-md-6 col-xl-4"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ChoicesKeyedLayoutHelper.wrap(self.helper)


class ReviewFilter(django_filters.FilterSet):
    """Narrow the queue by delegation and provision, with the codes and slugs the stance table
    takes (`?delegation=CHN&provision=transfer-of-proceedings`), and by statement (its id).

    The choices are every delegation the reviewer reviews for and every provision, not only those
    with proposals left: a filter stays valid after its last proposal is accepted.
    """

    delegation = CodeMultipleChoiceFilter(
        label="Delegation", method="filter_delegation", widget=ListSelectMultiple
    )
    # A number, not a select: at 50,000 statements a select of every one with proposals held
    # 36,000 options (a 4 MB page, 7 s to render). The statement page's "review" link carries it.
    statement = django_filters.CharFilter(label="Statement number", method="filter_statement")
    provision = django_filters.MultipleChoiceFilter(
        label="Provision", method="filter_provision", widget=ListSelectMultiple
    )

    class Meta:
        model = Stance
        fields: list = []
        form = ReviewFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user if request is not None else None
        delegations = (
            delegations_user_may_speak_for(user) if user is not None else Delegation.objects.all()
        )
        # Shared, not copied, by the form's fields (see SharedChoices): 500 options.
        self.filters["delegation"].extra["choices"] = SharedChoices(
            [
                (code, f"{name} ({code})")
                for code, name in delegations.order_by("common_name").values_list(
                    "code", "common_name"
                )
            ]
        )
        self.filters["provision"].extra["choices"] = SharedChoices(
            [
                (slug, provision_label(kind, number, title))
                for slug, kind, number, title in Provision.objects.order_by(
                    "sort_order", "slug"
                ).values_list("slug", "kind", "number", "title")
            ]
        )

    def filter_delegation(self, queryset, name, value):
        return queryset.filter(delegation__code__in=value) if value else queryset

    def filter_statement(self, queryset, name, value):
        if not value:
            return queryset
        statement_id = parse_id(value)
        # A value that is no statement number matches nothing rather than being ignored.
        return queryset.filter(statement_id=statement_id) if statement_id else queryset.none()

    def filter_provision(self, queryset, name, value):
        return queryset.filter(provision__slug__in=value) if value else queryset


class StanceReviewForm(forms.Form):
    """Correct a proposal before confirming it. The evidence must be quoted from the statement."""

    position = forms.ChoiceField(choices=Position.choices)
    provision = forms.ModelChoiceField(queryset=Provision.objects.none())
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Copy the passage from the statement; its place in the text is found again.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, stance: Stance, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "position": stance.position,
                "provision": stance.provision_id,
                "evidence": stance.evidence,
                "note": stance.note,
                "version": stance.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.stance = stance
        provisions = Provision.objects.all()
        if stance.provision_id:
            provisions = provisions.filter(negotiation_id=stance.provision.negotiation_id)
        self.fields["provision"].queryset = provisions
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's form also carries "next"
        self.helper.layout = Layout(
            Row(
                Column("position", css_class="col-md-4"), Column("provision", css_class="col-md-8")
            ),
            Field("evidence"),
            Field("note"),
            "version",
            Submit("accept", "Save and accept", css_class="btn-success"),
        )

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"].strip()
        statement = self.stance.statement
        if evidence and statement is not None and evidence_locate(statement.text, evidence) is None:
            raise forms.ValidationError(
                "This passage is not in the statement. Copy it from the text shown below."
            )
        return evidence
