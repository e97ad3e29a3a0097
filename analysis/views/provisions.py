"""The provision tree and a provision's page: who supports it, who objects, and since when."""

from django.http import Http404
from django.views.generic import DetailView, TemplateView

from .. import selectors


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
        context.update(
            related=related,
            children=children,
            positions=positions,
            current_count=current_count,
            timeline=selectors.provision_timeline(provision),
            position_timeline=selectors.provision_positions_by_session(provision),
        )
        return context
