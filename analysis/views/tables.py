"""The analysts' tables: every stance, support and objection per provision, the position matrix."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin
from django_tables2.paginators import LazyPaginator

from common import data_version
from common.parsing import parse_int
from common.tables import MAX_PER_PAGE
from positions.models import Position

from .. import exports, selectors
from ..aggregates import POSITIONS, SYMBOLS, matrix_build, matrix_cell_stances_url
from ..filters import MatrixFilter, StanceFilter, SupportFilter
from ..markup import page_links
from ..tables import StanceTable, SupportTable, keyset_after

KEYSET_PARAM = "after"

EXPORT_FORMATS = ("csv", "xlsx", "json")


def legend():
    return [(position, SYMBOLS[position], Position(position).label) for position in POSITIONS]


def stance_params(filterset, names) -> dict:
    """The page's own filter values among `names`, to carry into links to the stance table."""
    if not filterset.is_bound or not filterset.is_valid():
        return {}
    return {name: value for name in names if (value := filterset.form.cleaned_data.get(name))}


class PageCacheMixin:
    """Keeps the page below the menu (`body_template_name`) per query string and data version
    (PAGE_CACHE_SECONDS; common.data_version: any write in any process changes the version),
    so a page seen since the last write costs no query beyond the session's, the user's and
    the version's. The body must not depend on who asks (every signed-in user who may open the
    page reads the same data): the menu, the user's name and any CSRF token stay outside it,
    in `template_name`. Exports are never cached."""

    page_cache_name = ""
    body_template_name = ""
    page_cache_key = ""

    def get(self, request, *args, **kwargs):
        if settings.PAGE_CACHE_SECONDS and not self.is_export():
            self.page_cache_key = data_version.page_key(self.page_cache_name, request)
            cached = self.page_cache_key and caches[data_version.CACHE].get(self.page_cache_key)
            if cached:
                return TemplateResponse(
                    request,
                    self.template_name,
                    {**cached, **self.page_cache_context(), "view": self},
                )
        return super().get(request, *args, **kwargs)

    def page_cache_context(self) -> dict:
        """What `template_name` shows beside a kept body that is read for each request."""
        return {}

    def is_export(self) -> bool:
        # As django-tables2 decides: only a known format downloads; anything else shows the page.
        # A page without exports (no ExportMixin) has nothing to download.
        export_class = getattr(self, "export_class", None)
        return export_class is not None and export_class.is_valid_format(
            self.request.GET.get(self.export_trigger_param)
        )

    def body_keep(self, context, **kept) -> None:
        """Render the body into `context["body"]` and, when pages are cached, keep it with
        `kept` (what `template_name` shows beside it)."""
        context["body"] = render_to_string(self.body_template_name, context, self.request)
        if self.page_cache_key:
            caches[data_version.CACHE].set(
                self.page_cache_key, {"body": context["body"], **kept}, settings.PAGE_CACHE_SECONDS
            )


class StanceListView(PageCacheMixin, ExportMixin, SingleTableMixin, FilterView):
    """Every stance matching the filters; `?_export=csv|xlsx|json` downloads exactly that view.

    Pages are counted lazily (no COUNT(*) over the matching rows), so a page costs the same
    few queries at any page size. With PAGE_CACHE_SECONDS, the page below the menu is kept per
    query string and data version (common.data_version: any write changes it), so a page seen
    since the last write costs no query beyond the session's.
    """

    filterset_class = StanceFilter
    table_class = StanceTable
    template_name = "analysis/stance_list.html"
    paginator_class = LazyPaginator
    export_formats = EXPORT_FORMATS
    export_name = "stances"

    body_template_name = "analysis/_stance_list_body.html"
    page_cache_name = "stance-list"

    def get_queryset(self):
        return selectors.stance_table_rows()

    def inferred(self) -> bool:
        """`?inferred=1`: current positions and those members hold through their groups."""
        return bool(stance_params(self.filterset, ("inferred",)))

    def get_table_data(self):
        if self.inferred():
            return self._with_inferred()
        data = super().get_table_data()
        cursor = self.request.GET.get(KEYSET_PARAM, "")
        # `?after=` continues the default order from a row; an export is always the whole view.
        if cursor and self.default_order() and not self.is_export():
            continued = keyset_after(data, cursor)
            if continued is not None:
                self.keyset_after = cursor
                return continued
        return data

    def _with_inferred(self) -> list:
        # The delegation filters choose the members; the others choose the groups' stances.
        params = self.request.GET.copy()
        for name in StanceFilter.DELEGATION_FILTERS:
            params.pop(name, None)
        group_stances = StanceFilter(
            params,
            queryset=selectors.stance_table_rows().filter(delegation__kind="group"),
            request=self.request,
        ).qs
        cleaned = self.filterset.form.cleaned_data
        ids = self.filterset.reference.ids
        return selectors.stances_with_inferred(
            self.object_list,
            group_stances,
            codes=cleaned.get("delegation") or (),
            regional_group=cleaned.get("regional_group") or "",
            groups=[ids["d", code] for code in cleaned.get("group") or () if ("d", code) in ids],
        )

    def default_order(self) -> bool:
        return not self.request.GET.get("sort") and not self.inferred()

    def get_table(self, **kwargs):
        # SingleTableMixin.get_table, with the keyset state set before the table is paginated.
        self.keyset_after = ""
        table = self.get_table_class()(data=self.get_table_data(), **kwargs)
        table.keyset = self.default_order()
        table.keyset_after = self.keyset_after
        return RequestConfig(self.request, paginate=self.get_table_pagination(table)).configure(
            table
        )

    def get_table_pagination(self, table):
        # An export takes every row: no page is fetched before the file is streamed.
        if self.is_export():
            return False
        return super().get_table_pagination(table)

    def get_export_filename(self, export_format):
        return f"stances-{timezone.localdate():%Y%m%d}.{export_format}"

    def create_export(self, export_format):
        if export_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(f"Exports are {', '.join(EXPORT_FORMATS)}.")
        # The table sorts the filtered rows exactly as on screen (unpaginated, so still lazy).
        queryset = self.get_table(**self.get_table_kwargs()).data.data
        filename = self.get_export_filename(export_format)
        if self.inferred():
            # A list of stances, some of them carried from groups: exported from the objects.
            return exports.list_response(
                export_format,
                exports.HEADERS + ["inferred_from"],
                exports.object_rows(queryset),
                filename,
            )
        if export_format == "csv":
            return exports.csv_response(queryset, filename)
        if export_format == "json":
            return exports.json_response(queryset, filename)
        response = exports.xlsx_response(queryset, filename)
        if response is None:
            messages.error(
                self.request,
                f"An XLSX export holds at most {exports.XLSX_MAX_ROWS:,} stances. Narrow the "
                "filters, or export CSV, which has no limit.",
            )
            params = self.request.GET.copy()
            params.pop(self.export_trigger_param, None)
            return redirect(f"{self.request.path}?{params.urlencode()}")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_formats"] = EXPORT_FORMATS
        context["page_sizes"] = (25, 50, 100)
        if not self.is_export():  # a download has no count to show, and no page
            context["result_count"] = selectors.result_count(self.object_list)
            self.body_keep(
                context, result_count=context["result_count"], export_formats=EXPORT_FORMATS
            )
        return context


class SupportView(PageCacheMixin, ExportMixin, SingleTableMixin, FilterView):
    """Per provision, the current positions in four columns, sortable by how contested it is.
    Kept per query string and data version, as the stance table (PageCacheMixin)."""

    filterset_class = SupportFilter
    table_class = SupportTable
    template_name = "analysis/support.html"
    body_template_name = "analysis/_support_body.html"
    page_cache_name = "support"
    table_pagination = False
    export_class = exports.SafeTableExport
    export_formats = EXPORT_FORMATS
    export_name = "support"
    # Filters that narrow the stances themselves (category and chapter only choose provisions,
    # which the link names exactly).
    LINKED_FILTERS = ("session", "regional_group")

    def get_queryset(self):
        # The maintained current positions (or the positions after `?as_of=<session>`): the
        # filters apply to them as they would to stances.
        self.as_of = selectors.session_for_as_of(self.request.GET.get("as_of"))
        return selectors.current_positions(as_of=self.as_of)

    def get_table_data(self):
        return selectors.support_grid_rows(self.object_list, self.filterset.reference)

    def get_table_kwargs(self):
        return {
            "stance_list_url": reverse("analysis:stance-list"),
            "link_query": urlencode(stance_params(self.filterset, self.LINKED_FILTERS), doseq=True),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["as_of"] = self.as_of
        context["legend"] = legend()
        context["export_formats"] = EXPORT_FORMATS
        context["sorts"] = [
            ("", "In the order of the text"),
            ("-oppose", "Most opposed"),
            ("-support", "Most supported"),
            ("-contested", "Most contested"),
        ]
        if not self.is_export():
            self.body_keep(context)
        return context


class MatrixView(PageCacheMixin, FilterView):
    """Delegations x provisions, each cell the current position, from a single query; a page
    of provisions at a time (`?page=`, `?per_page=`), in the order chosen over all of them.
    Kept per query string and data version, as the stance table (PageCacheMixin)."""

    filterset_class = MatrixFilter
    template_name = "analysis/matrix.html"
    body_template_name = "analysis/_matrix_body.html"
    page_cache_name = "matrix"
    LINKED_FILTERS = ("session",)
    # Provisions a page: 207 delegations x 300 provisions were a 2.3 MB page.
    COLUMNS_PER_PAGE = 100

    def get_queryset(self):
        self.as_of = selectors.session_for_as_of(self.request.GET.get("as_of"))
        return selectors.current_positions(as_of=self.as_of)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["as_of"] = self.as_of
        choices = stance_params(self.filterset, ("rows", "columns"))
        reference = self.filterset.reference
        groups = stance_params(self.filterset, ("inferred", "diverging"))
        inferred = ()
        if groups:
            cells, inferred = selectors.matrix_cells_with_groups(
                self.object_list,
                inferred=bool(groups.get("inferred")),
                diverging=bool(groups.get("diverging")),
                codes={pk: code for pk, (code, _) in reference.delegation_rows.items()},
            )
        else:
            # Ids and positions only: names and titles come with the filter form's choices.
            cells = selectors.position_cells(self.object_list)
        # A page of provisions (as a table's pages: 1-500 a page, a bad number the first page).
        per_page = parse_int(self.request.GET.get("per_page"), self.COLUMNS_PER_PAGE)
        per_page = max(1, min(per_page, MAX_PER_PAGE))
        number = max(parse_int(self.request.GET.get("page"), 1), 1)
        context["matrix"] = matrix_build(
            cells,
            inferred=inferred,
            delegations=reference.delegation_rows,
            provisions=reference.provision_rows,
            matrix_url=reverse("analysis:matrix"),
            delegation_url=_url_pattern("analysis:delegation-detail"),
            provision_url=_url_pattern("analysis:provision-detail"),
            link_params=stance_params(self.filterset, self.LINKED_FILTERS),
            row_order=choices.get("rows", "name"),
            column_order=choices.get("columns", "tree"),
            columns_page=(number, per_page),
        )
        page = context["matrix"].columns_page
        context["columns_links"] = page_links(self.request, page, "page", "matrix-size")
        context["legend"] = legend()
        context["inferred_count"] = len(inferred)
        context["diverging"] = bool(groups.get("diverging"))
        self.body_keep(context)
        return context


def _url_pattern(name: str) -> str:
    """A detail URL with `{}` where its one argument goes (reversed once, not once per line)."""
    return reverse(name, args=["PLACEHOLDER"]).replace("PLACEHOLDER", "{}")


def matrix_cell_view(request, code, slug):
    """A matrix cell's link, `/matrix/<code>/<slug>/?<filters>`: redirects to exactly the stances
    behind the cell (the stance table filtered to the delegation, the provision and the matrix's
    filters that apply to stances). Short links keep the 50,000-cell page small."""
    params = {
        name: values for name in MatrixView.LINKED_FILTERS if (values := request.GET.getlist(name))
    }
    return redirect(matrix_cell_stances_url(reverse("analysis:stance-list"), code, slug, params))
