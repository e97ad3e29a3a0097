"""The review queue's filter form and the edit-then-accept form."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms

from common.forms import FilterForm
from delegations.models import Delegation
from provisions.models import Provision

from .evidence import evidence_locate
from .models import Position, Stance


class ReviewFilter(django_filters.FilterSet):
    """Narrow the queue by delegation, statement and provision.

    The delegation and provision choices are limited to what the reviewer may see (``stances``
    is their queue). The statement is a number (`?statement=<id>`, what the statement page's
    "review" link carries), not a select: at 50,000 statements a select of every one with
    proposals held 36,000 options (a 4 MB page, 7 s to render).
    """

    delegation = django_filters.ModelChoiceFilter(queryset=Delegation.objects.none())
    statement = django_filters.NumberFilter(
        field_name="statement_id",
        label="Statement (number)",
        widget=forms.NumberInput(attrs={"min": 1, "placeholder": "Statement number"}),
    )
    provision = django_filters.ModelChoiceFilter(queryset=Provision.objects.none())

    class Meta:
        model = Stance
        fields = ["delegation", "statement", "provision"]
        form = FilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        delegation_ids = queryset.values("delegation_id")
        self.filters["delegation"].queryset = Delegation.objects.filter(pk__in=delegation_ids)
        self.filters["provision"].queryset = Provision.objects.filter(
            pk__in=queryset.values("provision_id")
        )


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
