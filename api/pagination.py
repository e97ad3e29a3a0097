"""Cursor (keyset) pagination: `?cursor=` continues an order from the last row of a page, by a
row-value comparison the indexes answer at any depth (no OFFSET, no COUNT)."""

import base64
import datetime
import json

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

MAX_PAGE_SIZE = 500


def _encode(value):
    if isinstance(value, datetime.datetime):
        return ["dt", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["d", value.isoformat()]
    return ["i", int(value)]


def _decode(item):
    kind, value = item
    if kind == "dt":
        return datetime.datetime.fromisoformat(value)
    if kind == "d":
        return datetime.date.fromisoformat(value)
    if kind == "i" and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(kind)


class KeysetPagination(BasePagination):
    """Pages of `page_size` rows in one of `orderings` (`?ordering=`), continued by `?cursor=`.

    Each ordering is a tuple of fields all in one direction ending with a unique one, so
    "after the last row" is one tuple comparison.
    """

    orderings: dict[str, tuple[str, ...]] = {"-id": ("-id",), "id": ("id",)}
    default_ordering = "-id"
    page_size = 50

    def _ordering(self, request) -> str:
        ordering = request.query_params.get("ordering") or self.default_ordering
        if ordering not in self.orderings:
            raise ValidationError({"ordering": [f"One of: {', '.join(self.orderings)}."]})
        return ordering

    def _page_size(self, request) -> int:
        raw = request.query_params.get("page_size")
        if not raw:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": ["A whole number."]}) from None
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [f"Between 1 and {MAX_PAGE_SIZE}."]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        fields = self.orderings[self._ordering(request)]
        queryset = queryset.order_by(*fields)
        cursor = request.query_params.get("cursor")
        if cursor:
            queryset = self._after(queryset, fields, cursor)
        size = self._page_size(request)
        rows = list(queryset[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.next_cursor = self._cursor(rows[-1], fields) if self.has_next else None
        return rows

    def _cursor(self, row, fields) -> str:
        values = [_encode(getattr(row, name.lstrip("-"))) for name in fields]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    def _after(self, queryset, fields, cursor: str):
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = [_decode(item) for item in json.loads(raw)]
            if len(values) != len(fields):
                raise ValueError("length")
        except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
            raise ValidationError({"cursor": ["Not a cursor this list made."]}) from None
        descending = fields[0].startswith("-")
        columns = [F(name.lstrip("-")) for name in fields]
        if len(fields) == 1:
            lookup = "lt" if descending else "gt"
            return queryset.filter(**{f"{fields[0].lstrip('-')}__{lookup}": values[0]})
        compare = TupleLessThan if descending else TupleGreaterThan
        return queryset.filter(compare(Tuple(*columns), tuple(values)))

    def get_paginated_response(self, data):
        url = self.request.build_absolute_uri()
        next_url = (
            replace_query_param(url, "cursor", self.next_cursor) if self.next_cursor else None
        )
        return Response({"next": next_url, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where the page starts: the `next` link of the page before.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Rows per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": "ordering",
                "in": "query",
                "required": False,
                "description": f"Order of the rows (default {self.default_ordering}).",
                "schema": {"type": "string", "enum": list(self.orderings)},
            },
        ]


class StancePagination(KeysetPagination):
    """The stance table's default order (latest stated first), as its CSV export has it."""

    orderings = {
        "-stated_on": ("-stated_on", "-created_at", "-id"),
        "stated_on": ("stated_on", "created_at", "id"),
        "-created_at": ("-created_at", "-id"),
        "created_at": ("created_at", "id"),
        "-id": ("-id",),
        "id": ("id",),
    }
    default_ordering = "-stated_on"


class StatementPagination(KeysetPagination):
    orderings = {
        "-created_at": ("-created_at", "-id"),
        "created_at": ("created_at", "id"),
        "-id": ("-id",),
        "id": ("id",),
    }
    default_ordering = "-created_at"


class IdPagination(KeysetPagination):
    orderings = {"id": ("id",), "-id": ("-id",)}
    default_ordering = "id"
    page_size = 500
