"""Many positions at once, as integer arrays: what the matrix, the support table and the
coalition pages read (a row per delegation and provision: 50,000 at a million stances)."""

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Func, IntegerField, Value, When

from .. import coalitions


class EpochDays(Func):
    """A date column as days since 1970-01-01, computed by the database: integers cross the
    driver several times faster than dates (50,000 of them per coalition page)."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
        )


def position_rank():
    """A position as its place on the scale (`coalitions.SCALE`: support 0 to oppose 3),
    computed by the database."""
    return Case(
        *(When(position=p, then=Value(rank)) for p, rank in coalitions.SCALE.items()),
        output_field=IntegerField(),
    )


def int_rows(values, width: int) -> np.ndarray:
    """The rows of `values` (a `values_list` queryset of `width` integer columns, each within
    32 bits) as an int64 array of shape (rows, width). One query.

    On PostgreSQL the database packs the rows end to end into one `bytea` (each value as
    `int4send`, big-endian), which numpy reads in place: fetched as rows, psycopg built a
    Python integer per value and a tuple per row, and those 200,000 objects cost two to three
    times the query (50,000 rows of four columns: 45-70 ms against 17-26 ms packed, on two
    busy cores). Elsewhere (SQLite) the rows are fetched as they are.
    """
    try:
        sql, params = values.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing, such as `pk__in=[]`
        return np.zeros((0, width), dtype=np.int64)
    connection = connections[values.db]
    if connection.vendor == "postgresql":
        names = [f"c{i}" for i in range(width)]
        packed = " || ".join(f"int4send({name}::int4)" for name in names)
        sql = f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) AS cells({', '.join(names)})"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            (data,) = cursor.fetchone()
        if data is None:  # no row
            return np.zeros((0, width), dtype=np.int64)
        return np.frombuffer(data, dtype=">i4").reshape(-1, width).astype(np.int64)
    # The queryset's own SQL, fetched in one go: Django's iterator fetches 100 rows a call,
    # which cost more than the query itself at 50,000 rows.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.int64).reshape(-1, width)


def position_arrays(queryset, *, days: bool = True) -> coalitions.Positions:
    """The positions of a (filtered) current-position or as-of queryset as arrays: ids, the
    position's rank and the day, all integers from the database (`int_rows`). With
    `days=False` the days are not read (all 0): a quarter less for the database to pack. One
    query."""
    values = queryset.order_by().annotate(position_rank=position_rank())
    if not days:
        rows = int_rows(values.values_list("delegation_id", "provision_id", "position_rank"), 3)
        return coalitions.Positions.from_int_rows(
            np.column_stack((rows, np.zeros(len(rows), dtype=np.int64)))
        )
    values = values.annotate(epoch_day=EpochDays("stated_on")).values_list(
        "delegation_id", "provision_id", "position_rank", "epoch_day"
    )
    return coalitions.Positions.from_int_rows(int_rows(values, 4))


def position_cells(queryset) -> list[tuple[int, int, str]]:
    """(delegation id, provision id, position) of each position in a (filtered) current-position
    or as-of queryset, read as arrays (`position_arrays`). One query."""
    held = position_arrays(queryset)
    names = coalitions.POSITIONS
    return list(
        zip(
            held.delegation.tolist(),
            held.provision.tolist(),
            map(names.__getitem__, held.rank.tolist()),
            strict=True,
        )
    )
