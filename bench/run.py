#!/usr/bin/env python
"""Benchmark harness: the analyst pages against the same rows fetched with raw psycopg.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/run.py

Run it against a database filled by `manage.py generate_synthetic` (see bench/README.md). For each
page it measures the server time per request through Django's test client (in process, signed in
as a superuser), median and p95 over `--repeat` requests after one warm-up request that also
counts the queries, and the same rows fetched with a hand-written SQL query through psycopg in the
same run. The ratio ORM/raw does not depend on the machine. A page that answers 404 (not built
yet) is reported as "missing". Prints a table and writes bench/results/<timestamp>.json.

The pieces live in `bench/harness/`: the page cases and their SQL (`cases.py`), timing and
query counting (`measure.py`), the exports (`exports.py`) and the report (`report.py`).
"""

import argparse
import datetime
import json
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


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
    parser.add_argument("--search", default="q=cooperation", help="query string of the search case")
    parser.add_argument("--skip-export", action="store_true", help="skip the exports")
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

    from bench.harness import cases, exports, measure, report

    # Measure what production runs: no debug templates, no query log, no 404 warnings.
    settings.DEBUG = False
    # The pages as rendered: the stance table's page cache (on by default) is what the load
    # runs measure (bench/README.md section 17), not the harness.
    settings.PAGE_CACHE_SECONDS = 0
    # The pages' time, not the API's request budget: the harness's user would otherwise use up
    # its hourly budget over a few runs (or after a load run as the same user) and time 429s.
    settings.API_THROTTLE_RATE = "1000000000/hour"
    logging.getLogger("django.request").setLevel(logging.ERROR)
    if connection.vendor != "postgresql":
        message = "bench/run.py measures PostgreSQL: set DATABASE_URL (see bench/README.md)."
        if not args.allow_sqlite:
            print(message, file=sys.stderr)
            return 2
        print(f"warning: {message} Raw queries are skipped on SQLite.", file=sys.stderr)

    context = cases.dataset_context()
    client = cases.signed_in_client()
    raw = measure.RawRunner(enabled=connection.vendor == "postgresql", explain=args.explain)
    results = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": report.machine(),
        "dataset": context["counts"],
        "pages": [],
        "export": None,
        "generator": None,
        "extraction": None,
    }
    # The collector as the server sets it (config/wsgi.py: common/gc_tuning.py).
    from common import gc_tuning

    gc_tuning.settle()
    print(f"Dataset: {context['counts']}", flush=True)
    print(report.HEADER, flush=True)
    for case in cases.page_cases(context, args):
        if args.only and case.name not in args.only:
            continue
        row = measure.measure_page(client, raw, case, repeat=args.repeat, budget=args.budget)
        results["pages"].append(asdict(row))
        report.print_row(row)
    if not args.skip_export and not args.only:
        provision = context["provision"]
        results["export"] = exports.measure_exports(
            client,
            raw,
            xlsx_path=f"/stances/?provision={provision.slug}&exact=1&_export=xlsx",
            xlsx_rows=provision.stances.filter(status="confirmed").count(),
        )
    if args.generate:
        results["generator"] = report.measure_generator(args.generate)
    if not args.only:
        results["extraction"] = report.measure_extraction(ROOT)
    if raw.plans:
        results["explain"] = raw.plans
    report.print_report(results)
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.output / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nWrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
