"""Delegations: the filterable list, and a delegation's statements, positions and groups."""

from html import escape
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.data import TableListData

from common.parsing import parse_int
from delegations.models import Delegation
from positions.models import Position

from .. import selectors
from ..filters import DelegationFilter
from ..markup import Dates, page_links, truncate_chars
from ..tables import DelegationTable, SupportTable, position_badge, url_pattern
from .tables import PageCacheMixin

EVIDENCE_CHARS = 160  # of a current position's quote
MAX_PER_PAGE = 500  # of a paginated list on the page (as `BoundedTable`)


def _current_rows(current: list, dates: Dates) -> str:
    """The rows of the current positions table (300 for a busy delegation), written here as
    the template wrote them: per row in the template, a provision link, a badge, a truncated
    quote and a date took most of the page's time."""
    provision_url = url_pattern("analysis:provision-detail")
    statement_url = url_pattern("positions:statement-detail", 987654321)
    badges = _badges()
    rows = []
    for stance in current:
        slug = escape(stance.provision.slug)
        statement = (
            f' <a class="small" href="{statement_url.format(stance.statement_id)}">statement</a>'
            if stance.statement_id
            else ""
        )
        session = f"{escape(stance.session_code)}<br>" if stance.session_code is not None else ""
        rows.append(
            f'\n        <tr data-provision="{slug}">'
            f'\n          <td><a href="{escape(provision_url.format(quote(stance.provision.slug)))}">'
            f"{escape(str(stance.provision))}</a></td>"
            f'\n          <td class="text-nowrap">{badges[stance.position]}</td>'
            f'\n          <td class="evidence-snippet">'
            f"{escape(truncate_chars(stance.evidence, EVIDENCE_CHARS))}{statement}</td>"
            f'\n          <td class="text-nowrap small">{session}'
            f"{dates.day_month_year(stance.stated_on)}</td>"
            "\n        </tr>\n      "
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped; badges are ours)


def _changes_items(changes: list[dict], dates: Dates) -> str:
    """The items of the changes of position list (one per provision, its steps in a line),
    written here as the template wrote them."""
    provision_url = url_pattern("analysis:provision-detail")
    badges = _badges()
    items = []
    for change in changes:
        steps = []
        for step in change["steps"]:
            since = dates.year(step["since"]) if step["since"] else "…"
            until = f"–{dates.year(step['until'])}" if step["until"] else ""
            steps.append(
                f"{badges[step['position']]} "
                f'<span class="small text-muted">{escape(step["session"] or "")} '
                f"{since}{until}</span>"
            )
        items.append(
            f'\n        <li class="mb-2" data-provision="{escape(change["slug"])}">'
            f'<a href="{escape(provision_url.format(quote(change["slug"])))}">'
            f"{escape(change['label'])}</a>:"
            f"\n          {' → '.join(steps)}"
            "\n        </li>\n      "
        )
    return mark_safe("".join(items))  # noqa: S308 (every value escaped; badges are ours)


def _statement_items(statements: list, dates: Dates) -> str:
    """The items of the statements list, written here as the template wrote them."""
    statement_url = url_pattern("positions:statement-detail", 987654321)
    items = []
    for statement in statements:
        session = f"{escape(statement.session.code)} · " if statement.session_id else ""
        day = statement.date
        behalf = (
            f" · on behalf of {escape(str(statement.on_behalf_of))}"
            if statement.on_behalf_of_id
            else ""
        )
        items.append(
            f'\n        <li class="mb-2"><a href="{statement_url.format(statement.pk)}">'
            f"{escape(statement.title)}</a><br>"
            f'<span class="small text-muted">{session}'
            f"{dates.day_month_year(day) if day else ''}{behalf}</span></li>\n      "
        )
    return mark_safe("".join(items))  # noqa: S308 (every value escaped)


def _member_items(members: list, dates: Dates) -> str:
    """The items of a group's members list (134 for G77), written here as the template wrote
    them: a `{% url %}` per member took a tenth of the page's rendering."""
    member_url = url_pattern("analysis:delegation-detail")
    items = []
    for membership in members:
        member = membership.member
        until = (
            f' <span class="small text-muted">(until {dates.day_month_year(membership.end_date)})'
            "</span>"
            if membership.end_date
            else ""
        )
        items.append(
            f'<li class="list-inline-item"><a href="{escape(member_url.format(quote(member.code)))}">'
            f"{escape(str(member))}</a>{until}</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 (every value escaped)


def _badges() -> dict[str, str]:
    """Each position's badge, rendered once (without the template file's closing newline)."""
    return {
        position: mark_safe(position_badge(position).strip())  # noqa: S308 (our template)
        for position in Position.values
    }


def _add_member_links(diverging: list[dict]) -> None:
    """Each provision's line of the members breaking ranks with a group, as markup built here
    (`line_html`): a big group's page lists thousands of members (CARICOM: 2,600 on 300
    provisions at a million stances), and a link and a badge each in the template took a
    second."""
    member_url = url_pattern("analysis:delegation-detail")
    provision_url = url_pattern("analysis:provision-detail")
    badges = _badges()
    # A member and its position, written once: G77's page lists 25,000 of them, 500 distinct.
    member_html: dict[tuple[str, str], str] = {}

    def member(code: str, position: str) -> str:
        html = member_html.get((code, position))
        if html is None:
            html = member_html[code, position] = (
                f'<a href="{escape(member_url.format(quote(code)))}">{escape(code)}</a> '
                f"{badges[position]}"
            )
        return html

    for item in diverging:
        stance = item["stance"]
        members = ", ".join([member(code, position) for code, position in item["members"]])
        item["line_html"] = mark_safe(  # noqa: S308 (every value escaped; badges are ours)
            f'<a href="{escape(provision_url.format(quote(stance.provision.slug)))}">'
            f"{escape(str(stance.provision))}</a>: the group {badges[stance.position]}; {members}"
        )


class DelegationListView(SingleTableMixin, FilterView):
    """States, observers and groups, filterable by kind and regional group."""

    filterset_class = DelegationFilter
    table_class = DelegationTable
    template_name = "analysis/delegation_list.html"

    def get_queryset(self):
        return selectors.delegation_list()


class DelegationDetailView(PageCacheMixin, DetailView):
    """A delegation's statements, current positions, changes of position and memberships;
    for a group, also the current positions of its members. Kept per delegation, query string
    and data version, as the matrix (PageCacheMixin): everything below the heading and the
    watch button (the reader's own) is the same for every reader."""

    template_name = "analysis/delegation_detail.html"
    body_template_name = "analysis/_delegation_body.html"
    context_object_name = "delegation"
    STATEMENTS_SHOWN = 50
    CHANGES_SHOWN = 50
    MEMBERS_PER_PAGE = 25  # provisions a page of a group's members grid
    POSITIONS_PER_PAGE = 50  # of the delegation's own current positions
    object = None

    def get(self, request, *args, **kwargs):
        # The delegation first: an unknown code is a 404, and the page is kept per delegation.
        self.object = self.get_object()
        self.page_cache_name = f"delegation:{self.object.pk}"
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.object is not None:  # read by `get` already
            return self.object
        return get_object_or_404(Delegation, code=self.kwargs["code"].upper())

    def page_cache_context(self) -> dict:
        return {"delegation": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation = self.object
        stance_list = reverse("analysis:stance-list")
        statement_list = reverse("positions:statement-list")
        context["statements"], context["more_statements"] = selectors.delegation_statements(
            delegation, limit=self.STATEMENTS_SHOWN
        )
        context["statements_url"] = f"{statement_list}?{urlencode({'delegation': delegation.pk})}"
        context["current"] = selectors.delegation_current_positions(delegation)
        # A page of them at a time (`?positions-page=`, `?positions-per_page=`): with its
        # evidence a busy delegation's 300 were half of its page's markup and time.
        # As the members grid's (`BoundedTable`): per page within 1..500, a page number that is
        # not one shows the first page, one past the end the last.
        per_page = parse_int(self.request.GET.get("positions-per_page"), self.POSITIONS_PER_PAGE)
        number = parse_int(self.request.GET.get("positions-page"), 1)
        positions_page = context["positions_page"] = Paginator(
            context["current"], max(1, min(per_page, MAX_PER_PAGE))
        ).get_page(max(number, 1))
        context["positions_links"] = page_links(
            self.request, positions_page, "positions-page", "own-positions"
        )
        context["changes"], context["more_changes"] = selectors.delegation_position_changes(
            delegation, limit=self.CHANGES_SHOWN
        )
        dates = Dates()
        context["statement_items"] = _statement_items(context["statements"], dates)
        context["current_rows"] = _current_rows(positions_page.object_list, dates)
        context["changes_items"] = _changes_items(context["changes"], dates)
        context["changes_shown"] = self.CHANGES_SHOWN
        context["position_timeline"] = selectors.delegation_positions_by_session(delegation)
        context["memberships"] = selectors.delegation_memberships(delegation)
        context["stances_url"] = f"{stance_list}?{urlencode({'delegation': delegation.code})}"
        if delegation.is_group:
            context["members"], rows = selectors.delegation_group_members(delegation)
            context["member_items"] = _member_items(context["members"], dates)
            table = context["members_table"] = SupportTable(
                TableListData(rows),  # as it is: a page reads its own rows
                stance_list_url=stance_list,
                link_query=urlencode({"group": delegation.code}),
                orderable=False,
                prefix="members-",
                anchor="members-positions",
                attrs={"class": "table table-sm align-middle support-table", "id": "members-grid"},
            )
            # A page of provisions at a time (G77: 130 members on 300 provisions made a 3.4 MB
            # page), with its own `?members-page=`, the page's other parameters kept.
            RequestConfig(self.request, paginate={"per_page": self.MEMBERS_PER_PAGE}).configure(
                table
            )
            # Members breaking ranks on the provisions of the grid's page (all: /matrix/).
            shown = {row.record["slug"] for row in table.page.object_list}
            context["diverging"] = selectors.group_divergences(
                delegation,
                [stance for stance in context["current"] if stance.provision.slug in shown],
                context["members"],
                rows.held,  # the members' current positions, read for the grid
            )
            _add_member_links(context["diverging"])
            context["diverging_url"] = (
                f"{reverse('analysis:matrix')}?"
                f"{urlencode({'group': delegation.code, 'diverging': 1})}"
            )
        else:
            context["inferred"], context["diverging"] = selectors.member_group_positions(
                delegation, context["current"], context["memberships"]
            )
        self.body_keep(context, position_timeline=bool(context["position_timeline"]))
        return context
