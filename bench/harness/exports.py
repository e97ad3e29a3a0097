"""Exports of the stance table: the page's CSV, JSON and XLSX, and yardsticks for the same rows
(the ORM's iterators, a raw server-side cursor, raw COPY)."""

import csv
import time

from .measure import PeakRss, RawRunner, load_average

EXPORT_SQL = (
    "SELECT s.id, s.stated_on, d.code, d.common_name, p.slug, p.title, s.position, "
    "s.status, s.origin, st.title, se.code, s.evidence FROM positions_stance s "
    "JOIN delegations_delegation d ON d.id = s.delegation_id "
    "JOIN provisions_provision p ON p.id = s.provision_id "
    "LEFT JOIN positions_statement st ON st.id = s.statement_id "
    "LEFT JOIN provisions_session se ON se.id = s.session_id "
    "WHERE s.status = 'confirmed' ORDER BY s.stated_on DESC, s.created_at DESC"
)
ORM_COLUMNS = (
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


class Lines:
    """What csv.writer writes, taken out line by line."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def stream_figures(name: str, chunks, *, rows=None) -> dict:
    """Consume an iterator of chunks: time to first chunk, rows/s and peak RSS growth. Rows are
    the lines, unless `rows` gives their number (an XLSX file has no lines to count)."""
    lines = size = 0
    with PeakRss() as rss:
        started = time.perf_counter()
        first = None
        for chunk in chunks:
            if first is None:
                first = time.perf_counter() - started
            lines += chunk.count(b"\n" if isinstance(chunk, bytes) else "\n")
            size += len(chunk)
        total = time.perf_counter() - started
    count = rows if rows is not None else lines
    return {
        "name": name,
        "rows": count,
        "bytes": size,
        "seconds": round(total, 2),
        "rows_per_s": round(count / total) if total else None,
        "ttfb_s": round(first, 3) if first is not None else None,
        "peak_rss_growth_mb": rss.growth_mb,
        "load": load_average(),
    }


def page_chunks(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise LookupError(response.status_code)
    yield from response.streaming_content if response.streaming else [response.content]
    response.close()


def measure_exports(client, raw: RawRunner, *, xlsx_path: str, xlsx_rows: int) -> list[dict]:
    """The page's exports, and what the ORM and raw psycopg do for the same rows."""
    from positions.models import Stance

    figures = []
    print("\nExports of every confirmed stance ...", flush=True)
    for name, path, rows in (
        ("page CSV /stances/?_export=csv", "/stances/?status=confirmed&_export=csv", None),
        ("page JSON /stances/?_export=json", "/stances/?status=confirmed&_export=json", None),
        (f"page XLSX {xlsx_path}", xlsx_path, xlsx_rows),
    ):
        try:
            figure = stream_figures(name, page_chunks(client, path), rows=rows)
        except LookupError as status:
            figure = {"name": name, "status": f"HTTP {status}"}
        if name.startswith("page CSV") and "rows" in figure:
            figure["rows"] -= 1  # the header line
        if name.startswith("page JSON") and "rows" in figure:
            figure["rows"] -= 2  # the brackets' lines
            figure["rows_per_s"] = round(figure["rows"] / figure["seconds"])
        figures.append(figure)
        print(f"  {export_line(figure)}", flush=True)

    def orm_values_chunks():
        sink = Lines()
        writer = csv.writer(sink)
        queryset = (
            Stance.objects.confirmed()
            .order_by("-stated_on", "-created_at")
            .values_list(*ORM_COLUMNS)
            .iterator(chunk_size=2000)
        )
        for values in queryset:
            writer.writerow(values)
            yield sink.take()

    figures.append(stream_figures("ORM values_list().iterator() -> csv", orm_values_chunks()))
    print(f"  {export_line(figures[-1])}", flush=True)
    if raw.enabled:

        def raw_cursor_chunks():
            sink = Lines()
            writer = csv.writer(sink)
            with raw.conn.transaction(), raw.conn.cursor(name="bench_export") as cursor:
                cursor.itersize = 2000
                cursor.execute(EXPORT_SQL)
                for values in cursor:
                    writer.writerow(values)
                    yield sink.take()

        def raw_copy_chunks():
            copy_sql = f"COPY ({EXPORT_SQL}) TO STDOUT CSV"
            with raw.conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
                for data in copy:
                    yield bytes(data)

        for name, chunks in (
            ("raw psycopg server cursor -> csv", raw_cursor_chunks()),
            ("raw COPY ... TO STDOUT CSV", raw_copy_chunks()),
        ):
            figures.append(stream_figures(name, chunks))
            print(f"  {export_line(figures[-1])}", flush=True)
    return figures


def export_line(figure: dict) -> str:
    if "status" in figure:
        return f"{figure['name']:<44} {figure['status']}"
    return (
        f"{figure['name']:<44} {figure['rows']:>9,} rows {figure['rows_per_s']:>9,} rows/s  "
        f"first byte {figure['ttfb_s']:.3f} s  peak RSS +{figure['peak_rss_growth_mb']} MB  "
        f"(load {figure['load']})"
    )
