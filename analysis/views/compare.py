"""`/compare/?d=JPN&d=CHN&d=EU`: two to six delegations side by side, differences first."""

from urllib.parse import quote

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .. import compare, exports
from ..filters import ListSelectMultiple, reference_choices
from ..selectors import coalitions as selectors
from ..tables import url_pattern
from .tables import legend

EXPORT_FORMATS = ("csv", "xlsx", "json")


class CompareForm(forms.Form):
    """`?d=` (repeated, codes) and `?as_of=` (a session code)."""

    d = forms.MultipleChoiceField(
        label="Delegations (2 to 6)", widget=ListSelectMultiple(attrs={"size": 6})
    )
    as_of = forms.ChoiceField(label="Positions as of (after) session", required=False)

    def __init__(self, *args, reference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["d"].choices = reference.delegations
        self.fields["as_of"].choices = [("", "Now (current positions)"), *reference.sessions]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form mb-3"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("d", css_class="col-sm-6 col-lg-4"),
                Column("as_of", css_class="col-sm-6 col-lg-4"),
                css_class="g-2",
            ),
            Submit("", "Compare", css_class="btn-sm"),
        )

    def clean_d(self):
        codes = list(dict.fromkeys(code.upper() for code in self.cleaned_data["d"]))
        if not compare.MIN_COMPARED <= len(codes) <= compare.MAX_COMPARED:
            raise forms.ValidationError(
                f"Choose {compare.MIN_COMPARED} to {compare.MAX_COMPARED} delegations."
            )
        return codes


def compare_view(request):
    """Queries: the choices (one UNION), the delegations, the memberships and the positions
    (plus the session named by `?as_of=`)."""
    reference = reference_choices()
    data = request.GET.copy()
    data.setlist("d", [code.upper() for code in request.GET.getlist("d")])
    if data.get("as_of"):
        data["as_of"] = data["as_of"].upper()
    form = CompareForm(data if request.GET else None, reference=reference)
    context = {
        "form": form,
        "export_formats": EXPORT_FORMATS,
        "lines": [],
        "as_of": None,
        "legend": legend(),
    }
    if form.is_bound and form.is_valid():
        codes = form.cleaned_data["d"]
        session = selectors.session_for_as_of(form.cleaned_data["as_of"])
        found = selectors.delegations_by_codes(codes)
        delegations = [found[code] for code in codes]
        rows, memberships = selectors.compare_rows([d.pk for d in delegations], session)
        id_codes = {pk: code for (kind, code), pk in reference.ids.items() if kind == "d"}
        lines = compare.compare_lines(rows, memberships, [d.pk for d in delegations], id_codes)
        export = request.GET.get("_export")
        if export:
            return _export(export, lines, codes)
        stance_url = reverse("positions:stance-detail", args=[987654321]).replace("987654321", "{}")
        provision_url = url_pattern("analysis:provision-detail")
        for line in lines:
            line.cells_html = compare.cells_html(line, stance_url)
            line.url = provision_url.format(quote(line.slug))
        context.update(
            delegations=delegations,
            lines=lines,
            as_of=session,
            differing=sum(1 for line in lines if line.kind == "differ"),
        )
    return render(request, "analysis/compare.html", context)


def _export(export_format: str, lines, codes: list[str]):
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest(f"Exports are {', '.join(EXPORT_FORMATS)}.")
    name = f"compare-{'-'.join(codes)}-{timezone.localdate():%Y%m%d}.{export_format}"
    return exports.list_response(
        export_format, compare.EXPORT_HEADERS, compare.export_rows(lines, codes), name
    )
