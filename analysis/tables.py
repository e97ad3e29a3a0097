"""django-tables2 tables of the analysts' pages."""

import datetime
import functools
from html import escape as html_escape

import django_tables2 as tables
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan
from django.template.defaultfilters import date as date_format
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from common.tables import BoundedTable
from positions.models import Position

from .aggregates import POSITIONS

POSITION_KEYS = [str(position) for position in POSITIONS]  # plain strings, for dict keys

POSITION_BADGE = '{% include "positions/_position_badge.html" with position=record.position %}'
MAX_PER_PAGE = 500  # a larger `per_page` is cut down: a page must stay cheap to render
# Numbered pages stop after this many rows: page N costs an OFFSET of N x per_page rows. In the
# default order "next" goes on from any page by keyset (`?after=`), at the cost of the first.
MAX_OFFSET = 5_000
# The stance table's default order; `?after=` continues it from a row (keyset pagination).
DEFAULT_ORDER = ("-stated_on", "-created_at", "-pk")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def keyset_cursor(stance) -> str:
    """Where a page of the default order ends: `<stated_on>_<created_at in µs>_<id>`."""
    created = (stance.created_at - _EPOCH) // _MICROSECOND
    return f"{stance.stated_on.isoformat()}_{created}_{stance.pk}"


def keyset_after(queryset, cursor: str):
    """The rows of `queryset` (in the default order) that come after `cursor`, or None when the
    cursor is not one `keyset_cursor` made.

    One row-value comparison, `(stated_on, created_at, id) < (...)`, which PostgreSQL answers
    from the index on (status, stated_on, created_at, id) however deep the cursor is.
    """
    try:
        stated_on, created, pk = cursor.split("_")
        values = (
            datetime.date.fromisoformat(stated_on),
            _EPOCH + int(created) * _MICROSECOND,
            int(pk),
        )
    except (ValueError, OverflowError):
        return None
    columns = Tuple(F("stated_on"), F("created_at"), F("pk"))
    return queryset.filter(TupleLessThan(columns, values))


EMPTY = "—"  # what django-tables2 shows for an empty value


@functools.cache
def position_badge(position: str) -> str:
    """A position's badge (`positions/_position_badge.html`), rendered once per position."""
    return render_to_string("positions/_position_badge.html", {"position": position})


def url_pattern(name: str, placeholder="PLACEHOLDER") -> str:
    """A detail URL with `{}` where its one argument goes (reversed once, not once per row)."""
    url = reverse(name, args=[placeholder]).replace("{", "{{").replace("}", "}}")
    return url.replace(str(placeholder), "{}")


def statement_url(pk) -> str:
    """The statement's page."""
    return reverse("positions:statement-detail", args=[pk])


class StanceTable(BoundedTable):
    """One row per stance; every column of a row comes from the same query (`for_list()`).

    The columns define the header, the sorting and what each cell shows; the page's body is
    written by `body_html()` (see `analysis/_stance_table.html`).
    """

    delegation = tables.Column(
        order_by=("delegation__common_name", "pk"),
        linkify=lambda record: reverse("analysis:delegation-detail", args=[record.delegation.code]),
    )
    provision = tables.Column(
        order_by=("provision__sort_order", "pk"),
        linkify=lambda record: reverse("analysis:provision-detail", args=[record.provision.slug]),
    )
    position = tables.TemplateColumn(POSITION_BADGE, attrs={"td": {"class": "text-nowrap"}})
    evidence = tables.Column(orderable=False, attrs={"td": {"class": "evidence-snippet"}})
    statement = tables.Column(orderable=False)
    session = tables.Column(
        accessor="session__code",
        verbose_name="Session",
        order_by=("session__start_date", "session__code", "pk"),
    )
    stated_on = tables.DateColumn(
        verbose_name="Date", format="j M Y", order_by=("stated_on", "created_at", "pk")
    )
    origin = tables.Column(order_by=("origin", "pk"))
    status = tables.Column(order_by=("status", "pk"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle stance-table"}
        template_name = "analysis/_stance_table.html"
        per_page = 25
        empty_text = "No stances match these filters."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On a phone each row is a card of label: value lines (analysis.css); the label comes
        # from the cell's data-label.
        for column in self.columns:
            attrs = column.column.attrs.setdefault("td", {})
            attrs["data-label"] = str(column.header)

    def render_evidence(self, value):
        return truncatechars(value, 160)

    def body_html(self) -> str:
        """The page's rows, built in Python with the same cells the columns render.

        Through django-tables2 each of a page's ~225 cells cost an accessor walk, a signature
        inspection of its `render_*` method, and for the badge and the date a template parsed
        per cell, plus three `reverse()` a row: over half of the page's time. Here the URLs are
        formatted from one `reverse()` each and the badge is rendered once per position.
        """
        rows = [row.record for row in self.paginated_rows]
        if not rows:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text
            )
        delegation_url = url_pattern("analysis:delegation-detail")
        provision_url = url_pattern("analysis:provision-detail")
        statement_url = url_pattern("positions:statement-detail", 987654321)
        # On a phone each row is a card of "label: value" lines; the label is the cell's
        # data-label (analysis.css), as the columns set it for django-tables2's own cells.
        labels = [f'<td data-label="{escape(str(column.header))}" ' for column in self.columns]
        parts = []
        for i, stance in enumerate(rows):
            delegation, provision, statement = stance.delegation, stance.provision, stance.statement
            evidence = stance.evidence
            group = getattr(stance, "inferred_from", None)
            inferred = (
                f' <span class="inferred-mark">via {escape(group.code)}</span>' if group else ""
            )
            cells = (
                f'<td ><a href="{delegation_url.format(escape(delegation.code))}">'
                f"{escape(str(delegation))}{inferred}</a></td>",
                f'<td ><a href="{provision_url.format(escape(provision.slug))}">'
                f"{escape(str(provision))}</a></td>",
                f'<td class="text-nowrap">{position_badge(stance.position)}</td>',
                f'<td class="evidence-snippet">'
                f"{escape(truncatechars(evidence, 160)) if evidence else EMPTY}</td>",
                f'<td ><a href="{statement_url.format(statement.pk)}">{escape(statement.title)}'
                "</a></td>"
                if statement is not None
                else f"<td >{EMPTY}</td>",
                f"<td >{escape(stance.session.code) if stance.session_id else EMPTY}</td>",
                f"<td >{date_format(stance.stated_on, 'j M Y')}</td>",
                f"<td >{escape(stance.get_origin_display())}</td>",
                f"<td >{escape(stance.get_status_display())}</td>",
            )
            cells = [
                cell.replace("<td ", label, 1) for cell, label in zip(cells, labels, strict=True)
            ]
            parts.append(f'<tr class="{"odd" if i % 2 else "even"}">{"".join(cells)}</tr>')
        return mark_safe("\n".join(parts))  # noqa: S308 (every value above is escaped)

    def render_delegation(self, value, record):
        group = getattr(record, "inferred_from", None)
        if group is None:
            return value
        return format_html('{} <span class="inferred-mark">via {}</span>', value, group.code)

    def render_statement(self, value):
        return format_html('<a href="{}">{}</a>', statement_url(value.pk), value.title)

    def order_position(self, queryset, is_descending):
        """Support, qualified, neutral, oppose (not alphabetical)."""
        rank = Case(
            *(When(position=p, then=Value(i)) for i, p in enumerate(Position.values)),
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(position_rank=rank).order_by(
            ("-" if is_descending else "") + "position_rank", "pk"
        )
        return queryset, True

    # Set by the view: keyset pagination in the default order, and the cursor being continued.
    keyset = False
    keyset_after = ""
    page_capped = False

    def paginate(self, *args, per_page=None, page=1, **kwargs):
        per_page = max(1, min(per_page or self._meta.per_page, MAX_PER_PAGE))
        if self.keyset_after:
            page = 1  # the cursor says where the page starts
        max_page = max(1, MAX_OFFSET // per_page)
        if page > max_page:
            page, self.page_capped = max_page, True
        super().paginate(*args, per_page=per_page, page=page, **kwargs)
        if self.page and self.page.number >= max_page and not self.keyset:
            self.page_capped = self.page_capped or self.page.has_next()
            self.paginator._num_pages = self.page.number  # no numbered page beyond the cap

    @property
    def next_cursor(self) -> str:
        """The `?after=` value of the next page in the default order ("" on the last page)."""
        if not (self.keyset and self.page and self.page.has_next()):
            return ""
        return keyset_cursor(self.page.object_list[-1].record)


class DelegationsColumn(tables.Column):
    """The delegations that took one position, linked, with their number as the sort key."""

    def __init__(self, position, **kwargs):
        self.position = position
        super().__init__(
            accessor=str(position),
            verbose_name=Position(position).label,
            attrs={"td": {"class": f"support-cell support-{position}"}},
            **kwargs,
        )

    def render(self, value, record, table):
        if not value:
            return format_html('<span class="text-muted">{}</span>', 0)
        names = ", ".join(code for code, _ in record["delegations"][self.position])
        return format_html(
            '<a class="fw-semibold" href="{}" title="{}">{}</a> <span class="small text-muted '
            'support-names">{}</span>',
            table.stance_link(record, self.position),
            f"The {value} stances behind this count",
            value,
            names,
        )


class SupportTable(BoundedTable):
    """Per provision: how many delegations hold each current position, and who they are."""

    provision = tables.Column(
        accessor="label",
        order_by=("sort_order",),
        linkify=lambda record: reverse("analysis:provision-detail", args=[record["slug"]]),
    )
    support = DelegationsColumn(Position.SUPPORT)
    qualified = DelegationsColumn(Position.QUALIFIED)
    neutral = DelegationsColumn(Position.NEUTRAL)
    oppose = DelegationsColumn(Position.OPPOSE)
    total = tables.Column(verbose_name="Positions")
    contested = tables.TemplateColumn(
        template_name="analysis/_balance_bar.html",
        verbose_name="Balance",
        exclude_from_export=True,
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle support-table"}
        empty_text = "No current positions match these filters."
        orderable = True
        # The header and sorting are django-tables2's; the body is `body_html()`.
        template_name = "analysis/_support_table.html"

    def __init__(self, *args, stance_list_url="", link_query="", anchor="", **kwargs):
        self.stance_list_url, self.link_query = stance_list_url, link_query
        # Where the page links land (`#anchor`) when the table is one section of a longer page.
        self.anchor = anchor
        super().__init__(*args, **kwargs)

    def stance_link(self, record, position) -> str:
        """The stance table filtered to exactly the stances behind a count."""
        query = f"provision={record['slug']}&exact=1&current=1&position={position}"
        return f"{self.stance_list_url}?{query}{'&' + self.link_query if self.link_query else ''}"

    def body_html(self) -> str:
        """The rows' markup, built in Python: the same cells as the columns would render, but
        django-tables2 renders each of the ~8,400 cells of a 1,200-row page through its
        accessors and `render_*` calls (0.6 s at a million stances); this takes a few ms."""
        # Paginated (a group's members grid): the page's rows; otherwise (/support/) all.
        page = getattr(self, "page", None)
        records = [row.record for row in page.object_list] if page else list(self.data.data)
        if not records:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text
            )
        detail = reverse("analysis:provision-detail", args=["PLACEHOLDER"])
        parts = []
        for i, record in enumerate(records):
            url = html_escape(detail.replace("PLACEHOLDER", record["slug"]))
            cells = [f'<td ><a href="{url}">{html_escape(record["label"])}</a></td>']
            for position in POSITION_KEYS:
                cells.append(self._count_cell(record, position))
            cells.append(f"<td >{record['total']}</td>")
            cells.append(f"<td >{_balance_bar(record)}</td>")
            parts.append(f'<tr class="{"odd" if i % 2 else "even"}">{"".join(cells)}</tr>')
        return mark_safe("\n".join(parts))  # noqa: S308 (every value above is escaped)

    def _count_cell(self, record, position: str) -> str:
        # The standard library's escape (what Django's wraps, without its lazy-string check):
        # /support/ writes 1,200 of these cells.
        value = record[position]
        if not value:
            inner = '<span class="text-muted">0</span>'
        else:
            names = html_escape(", ".join([code for code, _ in record["delegations"][position]]))
            inner = (
                f'<a class="fw-semibold" href="{html_escape(self.stance_link(record, position))}" '
                f'title="The {value} stances behind this count">{value}</a> '
                f'<span class="small text-muted support-names">{names}</span>'
            )
        return f'<td class="support-cell support-{position}">{inner}</td>'

    def value_support(self, value, record):
        return _codes(record, Position.SUPPORT)

    def value_qualified(self, value, record):
        return _codes(record, Position.QUALIFIED)

    def value_neutral(self, value, record):
        return _codes(record, Position.NEUTRAL)

    def value_oppose(self, value, record):
        return _codes(record, Position.OPPOSE)


def _balance_bar(record) -> str:
    """The stacked bar of a support row (as `analysis/_balance_bar.html`, an SVG: no inline
    style under the CSP)."""
    segments = record["bar"]["segments"]
    total = record["total"]
    label = ", ".join(f"{position} {count}" for position, _, _, count in segments)
    rects = "".join(
        f'<rect class="fill-{position}" x="{x}" y="0" width="{width}" height="10">'
        f"<title>{position}: {count}</title></rect>"
        for position, x, width, count in segments
    )
    return (
        f'<svg class="balance-bar" width="{record["bar"]["width"]}" height="14" '
        'viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{total} position{"" if total == 1 else "s"}: {label}">\n{rects}\n</svg>'
    )


def _codes(record, position) -> str:
    codes = [code for code, _ in record["delegations"][position]]
    return f"{len(codes)}: {', '.join(codes)}" if codes else "0"


def _delegation_url(record) -> str:
    return reverse("analysis:delegation-detail", args=[record.code])


class DelegationTable(BoundedTable):
    """The delegation list: one row per delegation with its number of confirmed stances."""

    code = tables.Column(linkify=_delegation_url)
    common_name = tables.Column(verbose_name="Delegation", linkify=_delegation_url)
    kind = tables.Column()
    regional_group = tables.Column()
    stance_count = tables.Column(
        verbose_name="Confirmed stances", attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        per_page = 50
        empty_text = "No delegation matches these filters."
