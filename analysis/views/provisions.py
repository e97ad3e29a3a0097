"""The provision tree and a provision's page: who supports it, who objects, and since when."""

from html import escape

from django.http import Http404
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, TemplateView

from .. import selectors
from ..markup import Dates
from ..tables import url_pattern


class ProvisionListView(TemplateView):
    """Chapters with their articles, then the contested issues by category, each with the
    number of delegations currently holding each position."""

    template_name = "analysis/provision_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **selectors.provision_tree()}


class ProvisionDetailView(DetailView):
    """A provision: its text's place, linked provisions, current positions with their evidence,
    and how positions were distributed at each session."""

    template_name = "analysis/provision_detail.html"
    context_object_name = "provision"

    def get_object(self, queryset=None):
        provision = selectors.provision_get(self.kwargs["slug"])
        if provision is None:
            raise Http404("No such provision.")
        return provision

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provision = self.object
        positions, current_count = selectors.provision_positions(provision)
        related, children = selectors.provision_neighbours(provision)
        sessions = selectors.provision_sessions(provision)
        dates = Dates()
        context.update(
            related=related,
            children=children,
            positions=positions,
            position_sections=[
                (position, label, stances, _entries_html(stances, dates))
                for position, label, stances in positions
            ],
            current_count=current_count,
            timeline=selectors.provision_timeline(provision, sessions),
            position_timeline=selectors.provision_positions_by_session(provision, sessions),
        )
        return context


def _entries_html(stances, dates: Dates) -> str:
    """The current positions of one section, written in Python: through the template (two
    `{% url %}` and a date filter per delegation) the busiest provision's 200 entries took
    most of the page's time. Same markup as the template wrote."""
    delegation_url = url_pattern("analysis:delegation-detail", "CODE")
    statement_url = url_pattern("positions:statement-detail", 987654321)
    parts = []
    for stance in stances:
        when = dates.day_month_year(stance.stated_on)
        if stance.session_id:
            when = f"{escape(stance.session.code)} · {when}"
        evidence = (
            f'<blockquote class="evidence-quote">“{escape(stance.evidence)}”</blockquote>'
            if stance.evidence
            else ""
        )
        statement = (
            f'<a class="small" href="{statement_url.format(stance.statement_id)}">'
            f"{escape(stance.statement.title)}</a>"
            if stance.statement_id
            else ""
        )
        parts.append(
            f'<div class="mb-2"><a class="fw-semibold" href="'
            f'{delegation_url.format(escape(stance.delegation.code))}">'
            f"{escape(str(stance.delegation))}</a> "
            f'<span class="text-muted small">{when}</span> {evidence} {statement}</div>'
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
