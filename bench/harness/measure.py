"""Timing pages through Django's test client and raw SQL through psycopg, and counting queries."""

import math
import os
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field


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
    load: float | None = None  # 1-minute load average when the page's timings ended
    note: str = ""


def timing(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return Timing(
        median_ms=round(statistics.median(ordered) * 1000, 2),
        p95_ms=round(p95 * 1000, 2),
        min_ms=round(ordered[0] * 1000, 2),
    )


def load_average() -> float:
    """The machine's 1-minute load average (it is shared: every figure carries it)."""
    return round(os.getloadavg()[0], 2)


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


@contextmanager
def counted_queries():
    """Counts the queries run inside (a list with one number), whatever DEBUG says: an execute
    wrapper, which survives the request's own connection handling."""
    from django.db import connection

    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


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


def request(client, path: str):
    """One request; a streaming body is consumed, as a server would send it."""
    response = client.get(path)
    if response.streaming:
        for _ in response.streaming_content:
            pass
        response.close()
    return response


def measure_page(client, raw: RawRunner, case: Case, *, repeat: int, budget: float) -> Row:
    row = Row(case.name, case.path, note=case.note)
    if case.raw and raw.enabled:
        row.raw, row.raw_rows = raw.measure(case.name, case.raw, repeat, budget)
    with counted_queries() as queries:
        response = request(client, case.path)
    row.http_status = response.status_code
    if response.status_code == 404:
        row.status = "missing"
        return row
    if response.status_code != 200:
        row.status = f"HTTP {response.status_code}"
        return row
    row.queries = queries[0]
    if not response.streaming:
        row.bytes = len(response.content)
    if case.path.startswith("/stances/") and "page=" not in case.path:
        separator = "&" if "?" in case.path else "?"
        for per_page in (25, 100):
            with counted_queries() as queries:
                request(client, f"{case.path}{separator}per_page={per_page}")
            row.queries_per_page[per_page] = queries[0]
    samples = []
    while len(samples) < repeat and (len(samples) < 3 or sum(samples) < budget):
        started = time.perf_counter()
        request(client, case.path)
        samples.append(time.perf_counter() - started)
    if len(samples) < repeat:
        row.note = f"{row.note}; {len(samples)} requests (time budget)".lstrip("; ")
    row.orm = timing(samples)
    row.load = load_average()
    if row.raw.median_ms:
        row.ratio = round(row.orm.median_ms / row.raw.median_ms, 2)
    return row
