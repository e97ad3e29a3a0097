"""The provision tree and a provision's page: who supports it, who objects, and since when."""

from collections import defaultdict

from django.db.models import Count
from django.http import Http404
from django.views.generic import DetailView, TemplateView

from positions.aggregates import POSITIONS
from positions.models import CurrentStance, Position, Stance

from .models import Provision


def _counts(counts, provision_id) -> list[tuple[str, int]]:
    return [(p, counts.get((provision_id, p), 0)) for p in POSITIONS]


class ProvisionListView(TemplateView):
    """Chapters with their articles, then the contested issues by category, each with the
    number of delegations currently holding each position."""

    template_name = "provisions/provision_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = CurrentStance.objects.position_counts("provision_id")
        chapters, articles, issues = [], defaultdict(list), defaultdict(list)
        for provision in Provision.objects.order_by("sort_order", "slug"):
            provision.position_counts = _counts(counts, provision.pk)
            provision.total = sum(n for _, n in provision.position_counts)
            if provision.kind == Provision.Kind.CHAPTER:
                chapters.append(provision)
            elif provision.kind == Provision.Kind.ARTICLE:
                articles[provision.parent_id].append(provision)
            else:
                issues[provision.category or "other"].append(provision)
        for chapter in chapters:
            chapter.articles = articles.pop(chapter.pk, [])
        context.update(
            chapters=chapters,
            loose_articles=[a for group in articles.values() for a in group],
            issue_categories=[
                (category.replace("-", " ").capitalize(), items)
                for category, items in issues.items()
            ],
        )
        return context


class ProvisionDetailView(DetailView):
    """A provision: its text's place, linked provisions, current positions with their evidence,
    and how positions were distributed at each session."""

    template_name = "provisions/provision_detail.html"
    context_object_name = "provision"

    def get_object(self, queryset=None):
        provision = (
            Provision.objects.select_related("parent")
            .filter(slug=self.kwargs["slug"])
            .order_by("pk")
            .first()
        )
        if provision is None:
            raise Http404("No such provision.")
        return provision

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provision = self.object
        current = list(
            Stance.objects.current()
            .for_provision(provision)
            .for_list()
            .order_by("delegation__common_name")
        )
        by_position = {p: [s for s in current if s.position == p] for p in POSITIONS}
        timeline = defaultdict(lambda: dict.fromkeys(POSITIONS, 0))
        sessions = {}
        rows = (
            Stance.objects.confirmed()
            .for_provision(provision)
            .values_list("session__code", "session__name", "session__start_date", "position")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for code, name, start, position, n in rows:
            timeline[code][position] += n
            sessions[code] = (start, name)
        context.update(
            related=list(provision.related.order_by("sort_order", "slug")),
            children=list(provision.children.order_by("sort_order", "slug"))
            if provision.kind == Provision.Kind.CHAPTER
            else [],
            positions=[
                (p, Position(p).label, by_position[p])
                for p in POSITIONS
                if by_position[p] or p in (Position.SUPPORT, Position.OPPOSE)
            ],
            current_count=len(current),
            timeline=[
                {
                    "code": code,
                    "name": sessions[code][1],
                    "start": sessions[code][0],
                    "counts": [(p, timeline[code][p]) for p in POSITIONS],
                    "total": sum(timeline[code].values()),
                }
                for code in sorted(
                    timeline, key=lambda c: (sessions[c][0] is None, sessions[c][0], c or "")
                )
            ],
        )
        return context
