"""The machine, the generator and extractor figures, and the printed tables."""

import os
import platform
import subprocess
import sys

from .exports import export_line
from .measure import Row, Timing

# The extractor's own benchmark (sentences/s, statements/s), run as a subprocess.
EXTRACTION_BENCHES = ("bench/extraction_bench.py",)


def machine() -> dict:
    import django
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
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database if connection.vendor == "postgresql" else "sqlite",
    }


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


def measure_extraction(root) -> dict | None:
    for candidate in EXTRACTION_BENCHES:
        script = root / candidate
        if script.exists():
            done = subprocess.run(
                [sys.executable, str(script)], cwd=root, capture_output=True, text=True
            )
            return {"script": candidate, "returncode": done.returncode, "output": done.stdout}
    return None


HEADER = (
    f"{'page':<20} {'status':<8} {'median':>8} {'p95':>8} {'queries':>9} "
    f"{'raw med':>8} {'ratio':>6} {'raw rows':>8} {'load':>5}  note"
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
        f"{'-' if row.raw_rows is None else row.raw_rows:>8} "
        f"{'-' if row.load is None else row.load:>5}  "
        f"{'' if row.bytes is None else f'{row.bytes:,} B; '}{row.note}",
        flush=True,
    )


def print_report(results: dict) -> None:
    print("\n== Pages (milliseconds; queries at page size 25/100 for the stance table) ==")
    print(HEADER)
    for page in results["pages"]:
        print_row(Row(**{**page, "orm": Timing(**page["orm"]), "raw": Timing(**page["raw"])}))
    if results["export"]:
        print("\n== Exports of the confirmed stances ==")
        for figure in results["export"]:
            print(export_line(figure))
    generator = results["generator"]
    if generator:
        print(
            f"\n== Generator == {generator['stances']:,} stances + {generator['statements']:,} "
            f"statements in {generator['seconds']} s: {generator['rows_per_s']:,} rows/s"
        )
    extraction = results["extraction"]
    if extraction is not None:
        print("\n== Extractor ==", extraction["output"].strip())
    m = results["machine"]
    print(f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['database']}")
