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
from .tables import PageCacheMixin


class CoalitionView(PageCacheMixin, FilterView):
    """Who agrees with whom, which blocs hold, who could swing, how far each provision is from
    consensus. Queries: the filter choices, the positions, the memberships (plus the session
    named by `?as_of=`). Kept per query string and data version, as the stance table
    (PageCacheMixin)."""

    filterset_class = CoalitionFilter
    template_name = "analysis/coalitions.html"
    body_template_name = "analysis/_coalitions_body.html"
    page_cache_name = "coalitions"
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

        # A delegation's name as the lists write it, escaped once (a page names thousands).
        spans = {
            d: f'<span title="{escape(name)}">{escape(code)}</span>'
            for d, (code, name) in names.items()
        }
        code_of = {d: code for d, (code, _) in names.items()}

        def who(items):
            # Those who speak for the most first, then by code; as markup built here, since a
            # provision can have a hundred objectors (format_html per name cost half the page).
            # Most speak for nobody: sorted by code and written in one go, after those who do.
            if not items:
                return mark_safe('<span class="text-muted">none</span>')  # noqa: S308
            alone = [d for d, members in items if not members]
            alone.sort(key=code_of.__getitem__)
            parts = []
            for d, members in sorted(
                ((d, members) for d, members in items if members),
                key=lambda item: (-len(item[1]), code_of[item[0]]),
            ):
                listed = escape(truncated(", ".join(code_of[m] for m in members), 80))
                parts.append(
                    f'{spans[d]} <span class="small text-muted">(for {len(members)}: {listed})</span>'
                )
            parts.extend(map(spans.__getitem__, alone))
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

        blocs = [
            [
                {"code": names[d][0], "name": names[d][1], "url": delegation_url(names[d][0])}
                for d in bloc
            ]
            for bloc in clustering.blocs
        ]
        swing = [
            {
                "code": names[s.delegation][0],
                "name": names[s.delegation][1],
                "url": delegation_url(names[s.delegation][0]),
                "blocs": [(b + 1, round(100 * a)) for b, a in s.affinities],
            }
            for s in figures.swing
        ]
        consensus = [
            {
                **provision(c.provision),
                "counts": c.counts,
                "distance": c.distance,
                "objectors": who(c.objectors),
                "qualifiers": who(c.qualifiers),
            }
            for c in figures.consensus
        ]
        context.update(
            as_of=self.as_of,
            delegation_count=len(clustering.order),
            heatmap_head=head,
            heatmap_body=body,
            blocs=blocs,
            bloc_items=_bloc_items(blocs),
            swing=swing,
            swing_items=_swing_items(swing),
            consensus=consensus,
            consensus_rows=_consensus_rows(consensus),
            consensus_total=figures.consensus_total,
            consensus_reached=figures.consensus_reached,
            thresholds={
                "prior": coalitions.PRIOR_WEIGHT,
                "bloc": round(100 * coalitions.BLOC_AGREEMENT),
                "swing": round(100 * coalitions.SWING_AGREEMENT),
            },
        )
        self.body_keep(context)
        return context


def _bloc_items(blocs: list[list[dict]]) -> str:
    """The blocs' list items, as the template wrote them (a link per delegation in a bloc)."""
    return mark_safe(  # noqa: S308 (every value escaped)
        "".join(
            f'<li class="mb-1"><span class="bloc-tag">B{number}</span> '
            + ", ".join(
                f'<a href="{escape(d["url"])}" title="{escape(d["name"])}">{escape(d["code"])}</a>'
                for d in bloc
            )
            + "</li>"
            for number, bloc in enumerate(blocs, 1)
        )
    )


def _swing_items(swing: list[dict]) -> str:
    """The swing delegations' list items, as the template wrote them (a hundred of them, each
    with its blocs' scores: per number the template's localisation took most of the page's
    rendering)."""
    return mark_safe(  # noqa: S308 (every value escaped; the numbers are ints)
        "".join(
            f'<li><a href="{escape(s["url"])}">{escape(s["name"])}</a>: '
            f"{', '.join(f'B{bloc} ({score})' for bloc, score in s['blocs'])}</li>"
            for s in swing
        )
    )


def _distance(value: float) -> str:
    """`value|floatformat:"-1"`: "53.5", or "53" for a whole number (a distance is a multiple
    of one half)."""
    return f"{value:.1f}".removesuffix(".0")


def _consensus_rows(consensus: list[dict]) -> str:
    """The rows of the distance to consensus table, as the template wrote them."""
    rows = []
    for row in consensus:
        counts = row["counts"]
        rows.append(
            f'\n    <tr data-provision="{escape(row["slug"])}">'
            f'\n      <th scope="row"><a href="{escape(row["url"])}">{escape(row["label"])}</a></th>'
            f'\n      <td class="text-end">{_distance(row["distance"])}</td>'
            f"\n      <td>{counts['support']} / {counts['qualified']} / {counts['neutral']} / "
            f"{counts['oppose']}</td>"
            f"\n      <td>{row['objectors']}</td>"
            f"\n      <td>{row['qualifiers']}</td>"
            "\n    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped; objectors are markup)
