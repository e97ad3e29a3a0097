"""Writing synthetic rows: COPY on PostgreSQL (secondary indexes dropped around it), batched
INSERTs on SQLite, creation history copied by the database, sequences reset, a content digest."""

import hashlib
import tempfile
import time

from django.core.management.color import no_style
from django.db import connection

from positions.models import Stance, Statement

HISTORY_REASON = "synthetic load"

HISTORY_REASON = "synthetic load"

# Column order of the rows built below. `_check_columns()` compares them with the models, so a
# field added later makes the generator fail loudly instead of loading incomplete rows.
STATEMENT_COLUMNS = (
    "id",
    "delegation_id",
    "on_behalf_of_id",
    "session_id",
    "agenda_item",
    "speaker",
    "delivered_on",
    "language",
    "title",
    "text",
    "source_url",
    "document",
    "created_by_id",
    "created_at",
    "updated_at",
    "withdrawn_at",
    "version",
    "text_digest",
)
STANCE_COLUMNS = (
    "id",
    "delegation_id",
    "provision_id",
    "statement_id",
    "session_id",
    "position",
    "stated_on",
    "evidence",
    "evidence_start",
    "evidence_end",
    "note",
    "origin",
    "status",
    "confidence",
    "cue",
    "created_by_id",
    "reviewed_by_id",
    "reviewed_at",
    "created_at",
    "updated_at",
    "version",
    "extractor_model_id",
    "proposed_position",
    "proposed_provision_id",
)
HISTORY_COLUMNS = ("history_id", "history_date", "history_change_reason", "history_type")
COPY_CHUNK = 1 << 20
SQLITE_BATCH = 5000


def _copy_escape(value: str) -> str:
    # COPY's text format: backslash, tab, newline and carriage return are escaped.
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _copy_line(row: tuple) -> bytes:
    return (
        "\t".join(
            [
                "\\N"
                if value is None
                else _copy_escape(value)
                if value.__class__ is str
                else str(value)
                for value in row
            ]
        )
        + "\n"
    ).encode()


def _load_postgresql(rows, *, bar, drop_indexes: bool, timings: dict) -> list[str]:
    """Spool the rows to two temporary files (COPY takes one table at a time), then COPY them.

    Returns the SQL that recreates what was dropped for the load (nothing unless `drop_indexes`).
    """
    with (
        tempfile.TemporaryFile() as statements_file,
        tempfile.TemporaryFile() as stances_file,
        connection.cursor() as cursor,
    ):
        phase = time.perf_counter()
        files = {"statement": statements_file, "stance": stances_file}
        pending = 0
        for table, row in rows:
            files[table].write(_copy_line(row))
            pending += 1
            if pending == 10000:
                bar.update(pending)
                pending = 0
        bar.update(pending)
        bar.close()
        timings["generate"] = time.perf_counter() - phase

        phase = time.perf_counter()
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        recreate = _pg_drop_secondary(cursor) if drop_indexes else []
        timings["drop_indexes"] = time.perf_counter() - phase
        for model, spool in ((Statement, statements_file), (Stance, stances_file)):
            phase = time.perf_counter()
            columns = STATEMENT_COLUMNS if model is Statement else STANCE_COLUMNS
            spool.seek(0)
            sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                while chunk := spool.read(COPY_CHUNK):
                    copy.write(chunk)
            timings[f"copy_{model._meta.model_name}s"] = time.perf_counter() - phase
    return recreate


def _load_batches(rows, *, bar, timings: dict) -> None:
    phase = time.perf_counter()
    sql = {
        model: f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
        for model, columns in ((Statement, STATEMENT_COLUMNS), (Stance, STANCE_COLUMNS))
    }
    batches: dict = {"statement": [], "stance": []}
    with connection.cursor() as cursor:

        def flush():
            # Statements first: their stances point at them.
            for table, model in (("statement", Statement), ("stance", Stance)):
                if batches[table]:
                    cursor.executemany(sql[model], batches[table])
                    bar.update(len(batches[table]))
                    batches[table] = []

        for table, row in rows:
            batches[table].append(row)
            if len(batches["stance"]) >= SQLITE_BATCH:
                flush()
        flush()
    bar.close()
    timings["generate_and_insert"] = time.perf_counter() - phase


def _history_insert(model, *, first_id: int, count: int) -> None:
    """Creation history for rows first_id .. first_id+count-1, copied by the database itself."""
    if not count:
        return
    history = model.history.model
    columns = STATEMENT_COLUMNS if model is Statement else STANCE_COLUMNS
    base = history.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} "
            f"({', '.join(HISTORY_COLUMNS + columns)}, history_user_id) "
            f"SELECT %s + id, created_at, %s, '+', {', '.join(columns)}, NULL "
            f"FROM {model._meta.db_table} WHERE id >= %s AND id < %s ORDER BY id",
            [base - first_id + 1, HISTORY_REASON, first_id, first_id + count],
        )


LOADED_TABLES = (
    "positions_statement",
    "positions_stance",
    "positions_historicalstatement",
    "positions_historicalstance",
)


def _pg_drop_secondary(cursor) -> list[str]:
    """Drop the foreign keys and the indexes not backing a primary key or unique constraint on
    the loaded tables; return the SQL that recreates them (indexes first, then foreign keys)."""
    tables = list(LOADED_TABLES)
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
        [tables],
    )
    indexes = cursor.fetchall()
    # Deferred checks pending from the reference rows created above would block the ALTER.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in foreign_keys
    ]


def _pg_finish(*, timings: dict, recreate: list[str] | None) -> None:
    with connection.cursor() as cursor:
        if recreate:
            phase = time.perf_counter()
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            for sql in recreate:
                cursor.execute(sql)
            timings["recreate_indexes"] = time.perf_counter() - phase
        phase = time.perf_counter()
        for table in LOADED_TABLES:
            cursor.execute(f"ANALYZE {table}")
        timings["analyze"] = time.perf_counter() - phase


def _reset_sequences() -> None:
    models = [Statement, Stance, Statement.history.model, Stance.history.model]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def synthetic_vacuum() -> float:
    """VACUUM (ANALYZE) the loaded tables on PostgreSQL, outside any transaction; seconds taken.

    Sets the visibility map after a bulk load, so index-only scans need no heap visits and the
    first page views do not pay for setting hint bits on a million fresh rows.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0.0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(LOADED_TABLES)}")
    return time.perf_counter() - started


def _check_columns() -> None:
    for model, columns in ((Statement, STATEMENT_COLUMNS), (Stance, STANCE_COLUMNS)):
        expected = {f.column for f in model._meta.concrete_fields}
        history = {f.column for f in model.history.model._meta.concrete_fields}
        if set(columns) != expected or history != expected | set(HISTORY_COLUMNS) | {
            "history_user_id"
        }:
            raise RuntimeError(
                f"devdata/loader.py does not know every column of {model.__name__}: "
                f"update {model.__name__.upper()}_COLUMNS."
            )


def content_digest() -> str:
    """A digest of every statement and stance, with natural keys instead of surrogate ids."""
    digest = hashlib.sha256()
    for row in Statement.objects.order_by("pk").values_list(
        "delegation__code",
        "on_behalf_of__code",
        "session__code",
        "delivered_on",
        "title",
        "text",
        "speaker",
        "created_at",
        "withdrawn_at",
    ):
        digest.update(repr(row).encode())
    for row in Stance.objects.order_by("pk").values_list(
        "delegation__code",
        "provision__slug",
        "statement__title",
        "statement__created_at",
        "session__code",
        "position",
        "stated_on",
        "evidence",
        "evidence_start",
        "status",
        "origin",
        "confidence",
        "cue",
        "created_at",
        "reviewed_at",
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()
