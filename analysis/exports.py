"""Exports of the stance table: the filtered, sorted rows as CSV, JSON (both streamed) or XLSX.

django-tables2's `TableExport` renders every row through the table and builds the whole file in
memory; a filtered view can hold a million stances, so CSV and JSON stream plain values from the
database instead (`.values_list().iterator()`), and XLSX is written row by row by openpyxl's
write-only mode into a temporary file, then streamed from it: memory stays flat at any size.

On PostgreSQL the CSV is written by the database itself: the filtered, sorted queryset's SQL
(its columns computed in SQL, formula cells neutralised there too) is wrapped in
`COPY (...) TO STDOUT WITH (FORMAT csv)` and streamed as it comes (psycopg 3's `cursor.copy()`),
several times faster than any per-row Python loop. JSON the same way: each row is a
`json_build_object(...)` written by COPY, one object a line, and Python only adds the commas
and brackets. Elsewhere the Python paths below do it.
"""

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Iterable, Iterator

import tablib
from django.db import connection
from django.db.models import Case, CharField, Expression, F, TextField, Value, When
from django.db.models.functions import Concat, Left
from django.db.models.lookups import In
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django_tables2.export import TableExport
from openpyxl import Workbook

from provisions.models import provision_label, provision_label_sql

# (column in the file, field read from the database)
EXPORT_FIELDS = [
    ("stance_id", "pk"),
    ("delegation", "delegation__code"),
    ("delegation_name", "delegation__common_name"),
    ("provision", "provision__slug"),
    ("provision_title", "provision__title"),
    ("position", "position"),
    ("evidence", "evidence"),
    ("statement_id", "statement_id"),
    ("statement_title", "statement__title"),
    ("session", "session__code"),
    ("stated_on", "stated_on"),
    ("origin", "origin"),
    ("status", "status"),
]
HEADERS = [name for name, _ in EXPORT_FIELDS]
# Read only to name articles and chapters in `provision_title` ("Article 39: ...").
_EXTRA_FIELDS = ["provision__kind", "provision__number"]
_TITLE = HEADERS.index("provision_title")

CHUNK_ROWS = 2000  # rows fetched per database round trip and written per chunk of the response
XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows (1,048,576) less the header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix text a spreadsheet would run as a formula with an apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


# Every column but the numbers and the date holds text that could start with a formula sign.
_TEXT_COLUMNS = [
    i for i, name in enumerate(HEADERS) if name not in {"stance_id", "statement_id", "stated_on"}
]
_FORMULA_FIRST_CHARS = frozenset("".join(_FORMULA_PREFIXES))


def _neutralised(rows: Iterable[list]) -> Iterator[list]:
    """`neutralise_formula` on the text columns of each row, cheaply (it runs on every cell)."""
    for row in rows:
        for i in _TEXT_COLUMNS:
            value = row[i]
            if value and value[0] in _FORMULA_FIRST_CHARS:
                row[i] = "'" + value
        yield row


def export_rows(queryset) -> Iterator[list]:
    """The export columns of each stance in `queryset`, in its order, fetched in chunks."""
    fields = [field for _, field in EXPORT_FIELDS] + _EXTRA_FIELDS
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK_ROWS):
        row = list(values[: len(HEADERS)])
        kind, number = values[len(HEADERS) :]
        row[_TITLE] = provision_label(kind, number, row[_TITLE])
        yield row


def _chunks(rows: Iterable[list], size: int = CHUNK_ROWS) -> Iterator[list[list]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _neutralised_sql(expression):
    """`neutralise_formula` in SQL: the text with an apostrophe before a formula sign."""
    return Case(
        When(In(Left(expression, 1), list(_FORMULA_PREFIXES)), then=Concat(Value("'"), expression)),
        default=expression,
        output_field=CharField(),
    )


def export_sql(queryset) -> tuple[str, tuple]:
    """The SQL (and its parameters) of the export's rows, columns computed in the database.

    The same columns, values and order as `export_rows` through `_neutralised`: built from the
    filtered, sorted queryset, so the file is exactly the view.
    """
    columns = {}
    for i, (name, field) in enumerate(EXPORT_FIELDS):
        expression = provision_label_sql("provision__") if name == "provision_title" else F(field)
        if i in _TEXT_COLUMNS:
            expression = _neutralised_sql(expression)
        columns[f"export_{name}"] = expression
    rows = queryset.annotate(**columns).values_list(*columns)
    return rows.query.sql_with_params()


# On PostgreSQL, CSV through COPY (False: the Python path everywhere; tests compare the two).
USE_COPY = True
COPY_CHUNK_BYTES = 256 * 1024  # what the database sends is passed on in pieces of this size


def _copy_chunks(queryset, *, sql_of=None, options="FORMAT csv") -> Iterator[bytes]:
    """What `COPY (<the rows' SQL>) TO STDOUT` sends, in pieces of about `COPY_CHUNK_BYTES`,
    each ending with a whole line."""
    sql, params = (sql_of or export_sql)(queryset)
    with connection.cursor() as cursor:
        copy_sql = f"COPY ({sql}) TO STDOUT WITH ({options})"
        with cursor.cursor.copy(copy_sql, params) as copy:
            buffer = bytearray()
            for data in copy:
                buffer += data
                if len(buffer) >= COPY_CHUNK_BYTES:
                    yield bytes(buffer)
                    buffer.clear()
            if buffer:
                yield bytes(buffer)


def _csv_header() -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(HEADERS)
    return buffer.getvalue()


def csv_response(queryset, filename: str) -> StreamingHttpResponse:
    """Stream the rows as UTF-8 CSV (with a byte-order mark so Excel reads the accents)."""
    if USE_COPY and connection.vendor == "postgresql":

        def copied():
            yield _csv_header().encode()
            yield from _copy_chunks(queryset)

        response = StreamingHttpResponse(copied(), content_type=CONTENT_TYPES["csv"])
        return _attachment(response, filename)

    def content():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(HEADERS)
        for chunk in _chunks(_neutralised(export_rows(queryset))):
            writer.writerows(chunk)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(content(), content_type=CONTENT_TYPES["csv"])
    return _attachment(response, filename)


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class JSONBuildObject(Expression):
    """`json_build_object('name', expression, ...)`: keys in the given order (jsonb would
    reorder them). The names are the export's own column names, written into the SQL."""

    output_field = TextField()

    def __init__(self, fields: dict):
        super().__init__()
        self.fields = fields

    def get_source_expressions(self):
        return list(self.fields.values())

    def set_source_expressions(self, expressions):
        self.fields = dict(zip(self.fields, expressions, strict=True))

    def resolve_expression(self, query=None, *args, **kwargs):
        clone = self.copy()
        clone.fields = {
            name: expression.resolve_expression(query, *args, **kwargs)
            for name, expression in self.fields.items()
        }
        return clone

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for name, expression in self.fields.items():
            sql, expression_params = compiler.compile(expression)
            parts.append(f"'{name}', {sql}")
            params.extend(expression_params)
        return f"json_build_object({', '.join(parts)})::text", params


def export_json_sql(queryset) -> tuple[str, tuple]:
    """The SQL of the export's rows as one JSON object each (the values `json_response`
    writes on other databases: no formula escaping, dates as ISO strings)."""
    fields = {
        name: provision_label_sql("provision__") if name == "provision_title" else F(field)
        for name, field in EXPORT_FIELDS
    }
    rows = queryset.annotate(export_json=JSONBuildObject(fields)).values_list("export_json")
    return rows.query.sql_with_params()


# COPY's csv format with a quote and a delimiter that JSON text never holds unescaped (PostgreSQL
# writes control characters as \u00XX), so each object comes out exactly as it is, one a line.
_JSON_COPY_OPTIONS = "FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02'"


def _json_copy_chunks(queryset) -> Iterator[bytes]:
    """The JSON array, from COPY's lines: commas between the objects, brackets around."""
    pending = b"[\n"
    empty = True
    for chunk in _copy_chunks(queryset, sql_of=export_json_sql, options=_JSON_COPY_OPTIONS):
        empty = False
        lines = chunk.replace(b"\n", b",\n")
        yield pending + lines[:-2]
        pending = b",\n"
    yield b"[]\n" if empty else b"\n]\n"


def json_response(queryset, filename: str) -> StreamingHttpResponse:
    """Stream the rows as a JSON array of objects keyed by the column names."""
    if USE_COPY and connection.vendor == "postgresql":
        response = StreamingHttpResponse(
            _json_copy_chunks(queryset), content_type=CONTENT_TYPES["json"]
        )
        return _attachment(response, filename)

    def content():
        separator = "[\n"
        for chunk in _chunks(export_rows(queryset)):
            yield separator + ",\n".join(
                json.dumps(dict(zip(HEADERS, row, strict=True)), default=_json_value)
                for row in chunk
            )
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"

    response = StreamingHttpResponse(content(), content_type=CONTENT_TYPES["json"])
    return _attachment(response, filename)


def xlsx_response(queryset, filename: str, *, max_rows: int | None = None) -> FileResponse | None:
    """The rows as an XLSX workbook, or None when there are more than `max_rows` of them
    (`XLSX_MAX_ROWS` by default, what a worksheet holds).

    openpyxl's write-only mode writes each row out as it is appended (to a temporary file of
    its own), and the finished workbook goes to an unnamed temporary file that the response
    streams and then closes (which deletes it): memory does not grow with the rows.
    """
    max_rows = XLSX_MAX_ROWS if max_rows is None else max_rows
    if queryset[: max_rows + 1].count() > max_rows:
        return None
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Stances")
    sheet.append(HEADERS)
    for row in _neutralised(export_rows(queryset)):
        sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, which deletes it)
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"]
    )


class SafeTableExport(TableExport):
    """django-tables2's export for small in-memory tables, with formula cells neutralised."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([neutralise_formula(value) for value in row])
        return safe


def object_rows(stances) -> Iterator[list]:
    """The export columns of stance objects (`HEADERS`), then `inferred_from`: the group's code
    for a position a member holds through its group (`selectors.stances_with_inferred`)."""
    for stance in stances:
        group = getattr(stance, "inferred_from", None)
        provision = stance.provision
        yield [
            stance.pk,
            stance.delegation.code,
            stance.delegation.common_name,
            provision.slug,
            provision_label(provision.kind, provision.number, provision.title),
            stance.position,
            stance.evidence,
            stance.statement_id,
            stance.statement.title if stance.statement_id else None,
            stance.session.code if stance.session_id else None,
            stance.stated_on,
            stance.origin,
            stance.status,
            group.code if group else "",
        ]


def list_response(export_format: str, headers: list[str], rows, filename: str) -> HttpResponse:
    """Rows held in memory (a comparison, a stance list with inferred positions) as CSV, JSON
    or XLSX, formula cells neutralised. For the few thousand rows such pages hold."""
    rows = [[neutralise_formula(value) for value in row] for row in rows]
    if export_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        content = buffer.getvalue()
    elif export_format == "json":
        content = json.dumps(
            [dict(zip(headers, row, strict=True)) for row in rows], default=_json_value, indent=1
        )
    else:
        dataset = tablib.Dataset(*rows, headers=headers, title="Export")
        content = dataset.export("xlsx")
    return _attachment(HttpResponse(content, content_type=CONTENT_TYPES[export_format]), filename)
