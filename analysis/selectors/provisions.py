"""Reads behind the provision pages: the tree with position counts, and one provision's
current positions and their history across sessions."""

from collections import defaultdict

from django.db.models import Count

from positions.models import CurrentStance, Position, Stance
from provisions.models import Provision

from ..aggregates import POSITIONS
from .coalitions import provision_sessions
from .stances import current_stances


def provision_tree() -> dict:
    """Chapters with their articles, articles without a chapter, and the contested issues by
    category; every provision carries `position_counts` ([(position, n)] of current positions)
    and `total`. Two queries (the counts from the maintained table, then the provisions).

    Returns {"chapters": [...], "loose_articles": [...], "issue_categories": [(name, [...])]}.
    """
    counts = CurrentStance.objects.position_counts("provision_id")
    chapters, articles, issues = [], defaultdict(list), defaultdict(list)
    for provision in Provision.objects.order_by("sort_order", "slug"):
        provision.position_counts = [(p, counts.get((provision.pk, p), 0)) for p in POSITIONS]
        provision.total = sum(n for _, n in provision.position_counts)
        if provision.kind == Provision.Kind.CHAPTER:
            chapters.append(provision)
        elif provision.kind == Provision.Kind.ARTICLE:
            articles[provision.parent_id].append(provision)
        else:
            issues[provision.category or "other"].append(provision)
    for chapter in chapters:
        chapter.articles = articles.pop(chapter.pk, [])
    return {
        "chapters": chapters,
        "loose_articles": [a for group in articles.values() for a in group],
        "issue_categories": [
            (category.replace("-", " ").capitalize(), items) for category, items in issues.items()
        ],
    }


def provision_get(slug: str) -> Provision | None:
    """The provision with this slug (its parent joined), or None. One query."""
    return Provision.objects.select_related("parent").filter(slug=slug).order_by("pk").first()


def provision_positions(provision) -> tuple[list, int]:
    """The current positions on `provision`, grouped: [(position, label, stances)] for each
    position held (support and oppose always listed), stances by delegation name, with their
    delegation, statement (title) and session; and how many current positions there are. One
    query, driven by the maintained table (a few hundred rows through its provision index),
    not by the provision's stances (44k at a million)."""
    current = list(
        current_stances(CurrentStance.objects.for_provision(provision))
        .select_related("delegation", "statement", "session")
        .only(
            "position",
            "stated_on",
            "evidence",
            "delegation__code",
            "delegation__name",
            "delegation__common_name",
            "statement__title",
            "session__code",
        )
        .order_by("delegation__common_name")
    )
    by_position = {p: [s for s in current if s.position == p] for p in POSITIONS}
    grouped = [
        (p, Position(p).label, by_position[p])
        for p in POSITIONS
        if by_position[p] or p in (Position.SUPPORT, Position.OPPOSE)
    ]
    return grouped, len(current)


def provision_timeline(provision, sessions=None) -> list[dict]:
    """How the confirmed stances on `provision` were distributed at each session, in session
    order (stances without a session last): dicts with `code`, `name`, `start`, `counts`
    ([(position, n)]) and `total`. One aggregate query, and one more without `sessions`
    (`provision_sessions`, read for the page's other timeline).

    The stances are counted by session id and the sessions named afterwards: joining the
    sessions first made the database group 40,000 wide rows (twice the time)."""
    if sessions is None:
        sessions = provision_sessions(provision)
    named = {row.pk: (row.code, row.name, row.start) for row in sessions}
    timeline = defaultdict(lambda: dict.fromkeys(POSITIONS, 0))
    rows = (
        Stance.objects.confirmed()
        .for_provision(provision)
        .values_list("session_id", "position")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for session_id, position, n in rows:
        timeline[named.get(session_id, (None, None, None))][position] += n
    return [
        {
            "code": code,
            "name": name,
            "start": start,
            "counts": [(p, counts[p]) for p in POSITIONS],
            "total": sum(counts.values()),
        }
        for (code, name, start), counts in sorted(
            timeline.items(), key=lambda item: (item[0][2] is None, item[0][2], item[0][0] or "")
        )
    ]


def provision_neighbours(provision) -> tuple[list, list]:
    """The provisions linked to `provision`, and a chapter's articles (empty for an article or
    an issue), both in the order of the text. Two queries at most."""
    related = list(provision.related.order_by("sort_order", "slug"))
    children = (
        list(provision.children.order_by("sort_order", "slug"))
        if provision.kind == Provision.Kind.CHAPTER
        else []
    )
    return related, children
