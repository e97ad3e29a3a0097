#!/usr/bin/env python
"""Benchmark harness: the analyst pages against the same rows fetched with raw psycopg.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/run.py

Run it against a database filled by `manage.py generate_synthetic` (see bench/README.md). For each
page it measures the server time per request through Django's test client (in process, signed in
as a superuser), median and p95 over `--repeat` requests after one warm-up request that also
counts the queries, and the same rows fetched with a hand-written SQL query through psycopg in the
same run. The ratio ORM/raw does not depend on the machine. A page that answers 404 (not built
yet) is reported as "missing". Prints a table and writes bench/results/<timestamp>.json.
"""

import argparse
import csv
import datetime
import json
import logging
import math
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PAGE_SIZE = 25
DEEP_OFFSET = 500_000
# The extractor's own benchmark (sentences/s, statements/s), run as a subprocess.
EXTRACTION_BENCHES = ("bench/extraction_bench.py",)

# What a stance table row shows, joined the way the page needs it.
TABLE_SELECT = """
SELECT s.id, s.position, s.stated_on, s.status, s.origin, s.confidence, s.evidence,
       d.code, d.common_name, p.slug, p.kind, p.number, p.title,
       st.id, st.title, st.delivered_on, se.code, se.name
FROM positions_stance s
JOIN delegations_delegation d ON d.id = s.delegation_id
JOIN provisions_provision p ON p.id = s.provision_id
LEFT JOIN positions_statement st ON st.id = s.statement_id
LEFT JOIN provisions_session se ON se.id = s.session_id
"""
# The current positions as the pages read them now: the maintained table (positions.CurrentStance).
MAINTAINED = "SELECT delegation_id, provision_id, position FROM positions_currentstance"
# The latest confirmed stance per (delegation, provision): what "current" means (StanceQuerySet).
CURRENT = """
SELECT DISTINCT ON (delegation_id, provision_id) id, delegation_id, provision_id, position
FROM positions_stance WHERE status = 'confirmed' {where}
ORDER BY delegation_id, provision_id, stated_on DESC, created_at DESC, id DESC
"""


@dataclass
class Case:
    name: str
    path: str
    raw: list[tuple[str, list]] = field(default_factory=list)
    note: str = ""


@dataclass
class Timing:
    median_ms: float | None = None
    p95_ms: float | None = None
    min_ms: float | None = None


@dataclass
class Row:
    name: str
    path: str
    status: str = "ok"
    http_status: int | None = None
    orm: Timing = field(default_factory=Timing)
    queries: int | None = None
    queries_per_page: dict = field(default_factory=dict)
    raw: Timing = field(default_factory=Timing)
    raw_rows: int | None = None
    ratio: float | None = None
    bytes: int | None = None
    note: str = ""


def timing(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return Timing(
        median_ms=round(statistics.median(ordered) * 1000, 2),
        p95_ms=round(p95 * 1000, 2),
        min_ms=round(ordered[0] * 1000, 2),
    )


class PeakRss:
    """Samples this process's resident memory every 20 ms; `growth` is peak minus start."""

    def __init__(self):
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.start = self.peak = self.current()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current(self) -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.current())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.current())

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.start) / 2**20, 1)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds of timed requests per page at most (at least 3 requests are timed)",
    )
    parser.add_argument(
        "--filters",
        default="status=confirmed&position=oppose&delegation={delegation}",
        help="query string of the three-filter case ({delegation} = busiest delegation's code)",
    )
    parser.add_argument("--sort", default="sort=delegation", help="query string of the sorted case")
    parser.add_argument("--skip-export", action="store_true", help="skip the 1M-row CSV export")
    parser.add_argument(
        "--generate",
        type=int,
        default=0,
        metavar="STANCES",
        help="also time the generator adding this many stances (rolled back; indexes kept)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PAGE",
        help="measure only this page case (by name, e.g. matrix; repeatable)",
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every raw query")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite anyway")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # Measure what production runs: no debug templates, no query log, no 404 warnings.
    settings.DEBUG = False
    logging.getLogger("django.request").setLevel(logging.ERROR)
    if connection.vendor != "postgresql":
        message = "bench/run.py measures PostgreSQL: set DATABASE_URL (see bench/README.md)."
        if not args.allow_sqlite:
            print(message, file=sys.stderr)
            return 2
        print(f"warning: {message} Raw queries are skipped on SQLite.", file=sys.stderr)

    context = dataset_context()
    client = signed_in_client()
    raw = RawRunner(enabled=connection.vendor == "postgresql", explain=args.explain)
    results = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset": context["counts"],
        "pages": [],
        "export": None,
        "generator": None,
        "extraction": None,
    }
    print(f"Dataset: {context['counts']}", flush=True)
    for case in page_cases(context, args):
        if args.only and case.name not in args.only:
            continue
        row = measure_page(client, raw, case, repeat=args.repeat, budget=args.budget)
        results["pages"].append(asdict(row))
        print_row(row)
    if not args.skip_export:
        results["export"] = measure_exports(client, raw)
    if args.generate:
        results["generator"] = measure_generator(args.generate)
    results["extraction"] = measure_extraction()
    if raw.plans:
        results["explain"] = raw.plans
    print_report(results)
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.output / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nWrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


# --- setup ----------------------------------------------------------------------------------


def dataset_context() -> dict:
    """Row counts and the busiest delegation and provision (the pages worth measuring)."""
    from django.db.models import Count

    from delegations.models import Delegation
    from positions.models import Stance, Statement
    from provisions.models import Provision

    busiest_delegation = (
        Stance.objects.values("delegation").annotate(n=Count("pk")).order_by("-n").first()
    )
    busiest_provision = (
        Stance.objects.values("provision").annotate(n=Count("pk")).order_by("-n").first()
    )
    delegation = Delegation.objects.get(pk=busiest_delegation["delegation"])
    provision = Provision.objects.get(pk=busiest_provision["provision"])
    # The row a reader reaches after DEEP_OFFSET rows of the default order, for the keyset case.
    deep = (
        Stance.objects.confirmed()
        .order_by("-stated_on", "-created_at", "-pk")
        .values_list("stated_on", "created_at", "pk")[DEEP_OFFSET - 1 : DEEP_OFFSET]
    )
    return {
        "delegation": delegation,
        "provision": provision,
        "deep_row": next(iter(deep), None),
        "counts": {
            "stances": Stance.objects.count(),
            "confirmed": Stance.objects.confirmed().count(),
            "statements": Statement.objects.count(),
            "delegations": Delegation.objects.count(),
            "provisions": Provision.objects.count(),
            "busiest_delegation": f"{delegation.code} ({busiest_delegation['n']} stances)",
            "busiest_provision": f"{provision.slug} ({busiest_provision['n']} stances)",
        },
    }


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user_model = get_user_model()
    user = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        user = user_model(username="bench", is_staff=True, is_superuser=True)
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    return client


def capped_offset() -> int:
    from analysis.tables import MAX_OFFSET

    return (MAX_OFFSET // PAGE_SIZE - 1) * PAGE_SIZE


def keyset_cases(context: dict, limit: str) -> list[Case]:
    """The stance table DEEP_OFFSET rows down, reached by "next" links (`?after=`)."""
    if context["deep_row"] is None:
        return []
    from analysis.tables import keyset_cursor

    stated_on, created_at, pk = context["deep_row"]

    class Row:
        pass

    row = Row()
    row.stated_on, row.created_at, row.pk = stated_on, created_at, pk
    return [
        Case(
            "stances keyset deep",
            f"/stances/?after={keyset_cursor(row)}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND "
                    "(s.stated_on, s.created_at, s.id) < (%s, %s, %s) "
                    f"ORDER BY s.stated_on DESC, s.created_at DESC, s.id DESC {limit}",
                    [stated_on, created_at, pk],
                )
            ],
            note=f"after row {DEEP_OFFSET:,} (keyset)",
        ),
        Case(
            "api stances keyset deep",
            f"/api/v1/stances/?page_size={PAGE_SIZE}&cursor={_api_cursor(stated_on, created_at, pk)}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND "
                    "(s.stated_on, s.created_at, s.id) < (%s, %s, %s) "
                    f"ORDER BY s.stated_on DESC, s.created_at DESC, s.id DESC {limit}",
                    [stated_on, created_at, pk],
                )
            ],
            note=f"the JSON API after row {DEEP_OFFSET:,} (cursor)",
        ),
    ]


def _api_cursor(stated_on, created_at, pk) -> str:
    """The API's cursor after a row of its default order (api.pagination.StancePagination)."""
    import base64

    values = [["d", stated_on.isoformat()], ["dt", created_at.isoformat()], ["i", pk]]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def page_cases(context: dict, args) -> list[Case]:
    delegation, provision = context["delegation"], context["provision"]
    filters = args.filters.format(delegation=delegation.code)
    confirmed_order = (
        "WHERE s.status = 'confirmed' ORDER BY s.stated_on DESC, s.created_at DESC, s.id DESC"
    )
    limit = f"LIMIT {PAGE_SIZE}"
    return [
        Case("home", "/", note="exists before the analyst pages; proves the harness"),
        Case("stances", "/stances/", [(f"{TABLE_SELECT} {confirmed_order} {limit}", [])]),
        Case(
            "stances 3 filters",
            f"/stances/?{filters}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND s.position = 'oppose' "
                    f"AND d.code = %s ORDER BY s.stated_on DESC, s.created_at DESC {limit}",
                    [delegation.code],
                )
            ],
        ),
        Case(
            "api stances",
            f"/api/v1/stances/?page_size={PAGE_SIZE}",
            [(f"{TABLE_SELECT} {confirmed_order} {limit}", [])],
            note="the JSON API: the same rows as /stances/",
        ),
        Case(
            "api stances 3 filters",
            f"/api/v1/stances/?page_size={PAGE_SIZE}&{filters}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND s.position = 'oppose' "
                    f"AND d.code = %s ORDER BY s.stated_on DESC, s.created_at DESC {limit}",
                    [delegation.code],
                )
            ],
        ),
        Case(
            "stances sorted",
            f"/stances/?{args.sort}",
            [
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' "
                    f"ORDER BY d.common_name, s.stated_on DESC, s.id {limit}",
                    [],
                )
            ],
        ),
        Case(
            "stances deep page",
            f"/stances/?page={DEEP_OFFSET // PAGE_SIZE + 1}",
            # Numbered pages stop at analysis.tables.MAX_OFFSET: the page serves the last one.
            [(f"{TABLE_SELECT} {confirmed_order} {limit} OFFSET {capped_offset()}", [])],
            note=f"asks for offset {DEEP_OFFSET:,}; served capped at {capped_offset():,}",
        ),
        *keyset_cases(context, limit),
        Case(
            "support",
            "/support/",
            [
                (
                    f"WITH cur AS ({MAINTAINED}) SELECT p.slug, p.title, "
                    "cur.position, count(*) FROM cur JOIN provisions_provision p "
                    "ON p.id = cur.provision_id GROUP BY 1, 2, 3 ORDER BY 1, 3",
                    [],
                )
            ],
            note="raw: the maintained table",
        ),
        Case(
            "matrix",
            "/matrix/",
            [
                (
                    f"WITH cur AS ({MAINTAINED}) SELECT d.code, p.slug, "
                    "cur.position FROM cur JOIN delegations_delegation d ON d.id = "
                    "cur.delegation_id JOIN provisions_provision p ON p.id = cur.provision_id",
                    [],
                )
            ],
            note="every delegation x provision; raw: the maintained table",
        ),
        Case(
            "matrix inferred",
            "/matrix/?inferred=1",
            [
                (
                    "SELECT delegation_id, provision_id, position, stated_on FROM positions_currentstance",
                    [],
                ),
                (
                    "SELECT group_id, member_id, start_date, end_date FROM delegations_groupmembership",
                    [],
                ),
            ],
            note="with group positions carried to members; raw: current positions + memberships",
        ),
        Case(
            "coalitions",
            "/coalitions/",
            [
                (
                    "SELECT delegation_id, provision_id, position, stated_on FROM positions_currentstance",
                    [],
                ),
                (
                    "SELECT group_id, member_id, start_date, end_date FROM delegations_groupmembership",
                    [],
                ),
            ],
            note="heatmap, blocs, swing, consensus; raw: current positions + memberships",
        ),
        Case(
            "coalitions as of",
            "/coalitions/?as_of=AHC-5",
            [
                (
                    "SELECT DISTINCT ON (delegation_id, provision_id) delegation_id, provision_id, "
                    "position, stated_on FROM positions_stance WHERE status = 'confirmed' AND "
                    "stated_on <= '2023-04-21' ORDER BY delegation_id, provision_id, "
                    "stated_on DESC, created_at DESC, id DESC",
                    [],
                )
            ],
            note="positions after AHC-5 from the stances; raw: DISTINCT ON",
        ),
        Case(
            "compare",
            f"/compare/?d={delegation.code}&d=JPN&d=CHN&d=EU",
            [
                (
                    "SELECT c.delegation_id, c.provision_id, c.position, s.evidence FROM "
                    "positions_currentstance c JOIN positions_stance s ON s.id = c.stance_id "
                    "JOIN delegations_delegation d ON d.id = c.delegation_id WHERE d.code IN "
                    "(%s, 'JPN', 'CHN', 'EU', 'G77')",
                    [delegation.code],
                )
            ],
            note=f"{delegation.code}, JPN, CHN, EU; raw: their current positions with evidence",
        ),
        Case(
            "provision page",
            f"/provisions/{provision.slug}/",
            [
                (
                    f"WITH cur AS ({CURRENT.format(where='AND provision_id = %s')}) "
                    "SELECT d.code, d.common_name, cur.position FROM cur "
                    "JOIN delegations_delegation d ON d.id = cur.delegation_id",
                    [provision.pk],
                ),
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND s.provision_id = %s "
                    f"ORDER BY s.stated_on DESC, s.created_at DESC {limit}",
                    [provision.pk],
                ),
            ],
            note=f"{provision.slug}: current positions + latest {PAGE_SIZE}",
        ),
        Case(
            "delegation page",
            f"/delegations/{delegation.code}/",
            [
                (
                    f"WITH cur AS ({CURRENT.format(where='AND delegation_id = %s')}) "
                    "SELECT p.slug, p.title, cur.position FROM cur "
                    "JOIN provisions_provision p ON p.id = cur.provision_id",
                    [delegation.pk],
                ),
                (
                    f"{TABLE_SELECT} WHERE s.status = 'confirmed' AND s.delegation_id = %s "
                    f"ORDER BY s.stated_on DESC, s.created_at DESC {limit}",
                    [delegation.pk],
                ),
            ],
            note=f"{delegation.code}: current positions + latest {PAGE_SIZE}",
        ),
    ]


# --- raw psycopg ----------------------------------------------------------------------------


class RawRunner:
    """Runs hand-written SQL on its own psycopg connection (same database as Django's)."""

    def __init__(self, *, enabled: bool, explain: bool):
        self.enabled, self.explain, self.plans = enabled, explain, {}
        self.conn = None
        if enabled:
            import psycopg
            from django.db import connection

            self.conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)

    def run(self, statements: list[tuple[str, list]]) -> int:
        rows = 0
        with self.conn.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        return rows

    def measure(self, name: str, statements, repeat: int, budget: float) -> tuple[Timing, int]:
        rows = self.run(statements)  # warm-up, and the row count
        samples = []
        while len(samples) < repeat and (len(samples) < 3 or sum(samples) < budget):
            started = time.perf_counter()
            self.run(statements)
            samples.append(time.perf_counter() - started)
        if self.explain:
            self.plans[name] = [self.plan(sql, params) for sql, params in statements]
        return timing(samples), rows

    def plan(self, sql: str, params: list) -> str:
        with self.conn.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            return "\n".join(line for (line,) in cursor.fetchall())


# --- pages ----------------------------------------------------------------------------------


def request(client, path: str):
    """One request; a streaming body is consumed, as a server would send it."""
    response = client.get(path)
    if response.streaming:
        for _ in response.streaming_content:
            pass
        response.close()
    return response


def measure_page(client, raw: RawRunner, case: Case, *, repeat: int, budget: float) -> Row:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    row = Row(case.name, case.path, note=case.note)
    if case.raw and raw.enabled:
        row.raw, row.raw_rows = raw.measure(case.name, case.raw, repeat, budget)
    with CaptureQueriesContext(connection) as queries:
        response = request(client, case.path)
    row.http_status = response.status_code
    if response.status_code == 404:
        row.status = "missing"
        return row
    if response.status_code != 200:
        row.status = f"HTTP {response.status_code}"
        return row
    row.queries = len(queries)
    if not response.streaming:
        row.bytes = len(response.content)
    if case.path.startswith("/stances/") and "page=" not in case.path:
        separator = "&" if "?" in case.path else "?"
        for per_page in (25, 100):
            with CaptureQueriesContext(connection) as queries:
                request(client, f"{case.path}{separator}per_page={per_page}")
            row.queries_per_page[per_page] = len(queries)
    samples = []
    while len(samples) < repeat and (len(samples) < 3 or sum(samples) < budget):
        started = time.perf_counter()
        request(client, case.path)
        samples.append(time.perf_counter() - started)
    if len(samples) < repeat:
        row.note = f"{row.note}; {len(samples)} requests (time budget)".lstrip("; ")
    row.orm = timing(samples)
    if row.raw.median_ms:
        row.ratio = round(row.orm.median_ms / row.raw.median_ms, 2)
    return row


# --- CSV export -----------------------------------------------------------------------------


class _Sink:
    """A file-like object that counts what is written to it (csv.writer needs `write`)."""

    def __init__(self):
        self.bytes = 0

    def write(self, text):
        self.bytes += len(text)


def _stream_figures(name: str, chunks) -> dict:
    """Consume an iterator of CSV chunks; time to first chunk, rows/s and peak RSS growth."""
    rows = 0
    with PeakRss() as rss:
        started = time.perf_counter()
        first = None
        for chunk in chunks:
            if first is None:
                first = time.perf_counter() - started
            rows += chunk.count(b"\n" if isinstance(chunk, bytes) else "\n")
        total = time.perf_counter() - started
    return {
        "name": name,
        "rows": rows,
        "seconds": round(total, 2),
        "rows_per_s": round(rows / total) if total else None,
        "ttfb_s": round(first, 3) if first is not None else None,
        "peak_rss_growth_mb": rss.growth_mb,
    }


def measure_exports(client, raw: RawRunner) -> list[dict]:
    """The page's CSV export, and what the ORM and raw psycopg can do for the same rows."""
    from positions.models import Stance

    figures = []
    print("\nCSV export of every confirmed stance ...", flush=True)

    def page_chunks():
        response = client.get("/stances/?status=confirmed&_export=csv")
        if response.status_code == 404:
            raise LookupError
        yield from response.streaming_content if response.streaming else [response.content]
        response.close()

    try:
        figures.append(_stream_figures("page /stances/?_export=csv", page_chunks()))
    except LookupError:
        figures.append({"name": "page /stances/?_export=csv", "status": "missing"})

    columns = (
        "pk",
        "stated_on",
        "delegation__code",
        "delegation__common_name",
        "provision__slug",
        "provision__title",
        "position",
        "status",
        "origin",
        "statement__title",
        "session__code",
        "evidence",
    )

    def orm_values_chunks():
        writer_sink = _Lines()
        writer = csv.writer(writer_sink)
        queryset = (
            Stance.objects.confirmed()
            .order_by("-stated_on", "-created_at")
            .values_list(*columns)
            .iterator(chunk_size=2000)
        )
        for values in queryset:
            writer.writerow(values)
            yield writer_sink.take()

    def orm_models_chunks():
        writer_sink = _Lines()
        writer = csv.writer(writer_sink)
        queryset = (
            Stance.objects.confirmed()
            .for_table()
            .order_by("-stated_on", "-created_at")
            .iterator(chunk_size=2000)
        )
        for stance in queryset:
            writer.writerow(
                (
                    stance.pk,
                    stance.stated_on,
                    stance.delegation.code,
                    stance.delegation.common_name,
                    stance.provision.slug,
                    stance.provision.title,
                    stance.position,
                    stance.status,
                    stance.origin,
                    stance.statement.title if stance.statement_id else "",
                    stance.session.code if stance.session_id else "",
                    stance.evidence,
                )
            )
            yield writer_sink.take()

    figures.append(_stream_figures("ORM values_list().iterator() -> csv", orm_values_chunks()))
    figures.append(_stream_figures("ORM for_table().iterator() -> csv", orm_models_chunks()))
    if raw.enabled:
        sql = (
            "SELECT s.id, s.stated_on, d.code, d.common_name, p.slug, p.title, s.position, "
            "s.status, s.origin, st.title, se.code, s.evidence FROM positions_stance s "
            "JOIN delegations_delegation d ON d.id = s.delegation_id "
            "JOIN provisions_provision p ON p.id = s.provision_id "
            "LEFT JOIN positions_statement st ON st.id = s.statement_id "
            "LEFT JOIN provisions_session se ON se.id = s.session_id "
            "WHERE s.status = 'confirmed' ORDER BY s.stated_on DESC, s.created_at DESC"
        )

        def raw_cursor_chunks():
            writer_sink = _Lines()
            writer = csv.writer(writer_sink)
            with raw.conn.transaction(), raw.conn.cursor(name="bench_export") as cursor:
                cursor.itersize = 2000
                cursor.execute(sql)
                for values in cursor:
                    writer.writerow(values)
                    yield writer_sink.take()

        def raw_copy_chunks():
            with raw.conn.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT CSV") as copy:
                for data in copy:
                    yield bytes(data)

        figures.append(_stream_figures("raw psycopg server cursor -> csv", raw_cursor_chunks()))
        figures.append(_stream_figures("raw COPY ... TO STDOUT CSV", raw_copy_chunks()))
    for figure in figures:
        print(f"  {_export_line(figure)}", flush=True)
    return figures


class _Lines:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _export_line(figure: dict) -> str:
    if figure.get("status") == "missing":
        return f"{figure['name']:<40} missing"
    return (
        f"{figure['name']:<40} {figure['rows']:>9,} rows {figure['rows_per_s']:>9,} rows/s  "
        f"first byte {figure['ttfb_s']:.3f} s  peak RSS +{figure['peak_rss_growth_mb']} MB"
    )


# --- generator and extractor ----------------------------------------------------------------


def measure_generator(stances: int) -> dict:
    """Time the generator adding `stances` to this database, then roll it all back."""
    from django.db import transaction

    from devdata.synthetic import synthetic_generate

    print(f"\nGenerator: {stances:,} stances (rolled back) ...", flush=True)
    with transaction.atomic():
        result = synthetic_generate(
            stances=stances,
            statements=max(1, stances // 20),
            delegations=200,
            provisions=300,
            seed=99,
            drop_indexes=False,
        )
        transaction.set_rollback(True)
    return {
        "stances": result.stances,
        "statements": result.statements,
        "seconds": round(result.seconds, 2),
        "rows_per_s": round(result.rows_per_second),
        "timings": result.timings,
        "note": "added to the loaded database with its indexes in place; history included",
    }


def measure_extraction() -> dict | None:
    for candidate in EXTRACTION_BENCHES:
        script = ROOT / candidate
        if script.exists():
            done = subprocess.run(
                [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True
            )
            return {"script": candidate, "returncode": done.returncode, "output": done.stdout}
    return None


# --- report ---------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    cpu = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = str(cursor.fetchone()[0])
    import django

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database if connection.vendor == "postgresql" else "sqlite",
    }


HEADER = (
    f"{'page':<20} {'status':<8} {'median':>8} {'p95':>8} {'queries':>9} "
    f"{'raw med':>8} {'ratio':>6} {'raw rows':>8}  note"
)


def _ms(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def print_row(row: Row) -> None:
    queries = "-" if row.queries is None else str(row.queries)
    if row.queries_per_page:
        queries = "/".join(str(n) for n in row.queries_per_page.values())
    print(
        f"{row.name:<20} {row.status:<8} {_ms(row.orm.median_ms):>8} {_ms(row.orm.p95_ms):>8} "
        f"{queries:>9} {_ms(row.raw.median_ms):>8} {_ms(row.ratio):>6} "
        f"{'-' if row.raw_rows is None else row.raw_rows:>8}  "
        f"{'' if row.bytes is None else f'{row.bytes:,} B; '}{row.note}",
        flush=True,
    )


def print_report(results: dict) -> None:
    print("\n== Pages (milliseconds; queries at page size 25/100 for the stance table) ==")
    print(HEADER)
    for page in results["pages"]:
        print_row(
            Row(
                **{
                    **page,
                    "orm": Timing(**page["orm"]),
                    "raw": Timing(**page["raw"]),
                }
            )
        )
    if results["export"]:
        print("\n== CSV export of the confirmed stances ==")
        for figure in results["export"]:
            print(_export_line(figure))
    generator = results["generator"]
    if generator:
        print(
            f"\n== Generator == {generator['stances']:,} stances + {generator['statements']:,} "
            f"statements in {generator['seconds']} s: {generator['rows_per_s']:,} rows/s"
        )
    extraction = results["extraction"]
    print("\n== Extractor ==", "missing" if extraction is None else extraction["output"].strip())
    m = results["machine"]
    print(f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['database']}")


if __name__ == "__main__":
    sys.exit(main())
