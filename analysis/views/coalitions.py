"""`/coalitions/`: the agreement heatmap, the blocs, the swing delegations and each provision's
distance to consensus, from the current positions (or as of a session)."""

from html import escape
from urllib.parse import quote

from django.utils.safestring import mark_safe
from django_filters.views import FilterView

from provisions.models import provision_label

from .. import coalitions
from ..coalition_filters import CoalitionFilter
from ..compare import truncated
from ..heatmap import heatmap_html
from ..selectors import coalitions as selectors
from ..tables import url_pattern


class CoalitionView(FilterView):
    """Who agrees with whom, which blocs hold, who could swing, how far each provision is from
    consensus. Queries: the filter choices, the positions, the memberships (plus the session
    named by `?as_of=`)."""

    filterset_class = CoalitionFilter
    template_name = "analysis/coalitions.html"
    CONSENSUS_SHOWN = 40

    def get_queryset(self):
        self.as_of = selectors.session_for_as_of(self.request.GET.get("as_of"))
        return selectors.base_positions(self.as_of)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reference = self.filterset.reference
        names = reference.delegation_rows
        groups = {reference.ids["d", code] for code, _ in reference.groups}
        figures = selectors.coalition_figures(
            self.object_list, groups, consensus_limit=self.CONSENSUS_SHOWN
        )
        scores, clustering = figures.scores, figures.clustering
        head, body = heatmap_html(clustering.order, names, scores, clustering.bloc_of)

        def who(items):
            # Those who speak for the most first, then by code; as markup built here, since a
            # provision can have a hundred objectors (format_html per name cost half the page).
            people = sorted(
                ((names[d], [names[m][0] for m in members]) for d, members in items),
                key=lambda p: (-len(p[1]), p[0][0]),
            )
            if not people:
                return mark_safe('<span class="text-muted">none</span>')  # noqa: S308
            parts = []
            for (code, name), members in people:
                part = f'<span title="{escape(name)}">{escape(code)}</span>'
                if members:
                    listed = escape(truncated(", ".join(members), 80))
                    part += f' <span class="small text-muted">(for {len(members)}: {listed})</span>'
                parts.append(part)
            return mark_safe(", ".join(parts))  # noqa: S308 (every value escaped above)

        # Links formatted from one `reverse()` each, not a `{% url %}` per delegation.
        delegation_pattern = url_pattern("analysis:delegation-detail")
        provision_url = url_pattern("analysis:provision-detail")

        def delegation_url(code):
            return delegation_pattern.format(quote(code))

        def provision(pk):
            slug, kind, number, title, _ = reference.provision_rows[pk]
            return {
                "slug": slug,
                "label": provision_label(kind, number, title),
                "url": provision_url.format(quote(slug)),
            }

        context.update(
            as_of=self.as_of,
            delegation_count=len(clustering.order),
            heatmap_head=head,
            heatmap_body=body,
            blocs=[
                [
                    {"code": names[d][0], "name": names[d][1], "url": delegation_url(names[d][0])}
                    for d in bloc
                ]
                for bloc in clustering.blocs
            ],
            swing=[
                {
                    "code": names[s.delegation][0],
                    "name": names[s.delegation][1],
                    "url": delegation_url(names[s.delegation][0]),
                    "blocs": [(b + 1, round(100 * a)) for b, a in s.affinities],
                }
                for s in figures.swing
            ],
            consensus=[
                {
                    **provision(c.provision),
                    "counts": c.counts,
                    "distance": c.distance,
                    "objectors": who(c.objectors),
                    "qualifiers": who(c.qualifiers),
                }
                for c in figures.consensus
            ],
            consensus_total=figures.consensus_total,
            consensus_reached=figures.consensus_reached,
            thresholds={
                "prior": coalitions.PRIOR_WEIGHT,
                "bloc": round(100 * coalitions.BLOC_AGREEMENT),
                "swing": round(100 * coalitions.SWING_AGREEMENT),
            },
        )
        return context
