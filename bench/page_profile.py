"""Profile pages in process: CPU per request and where it goes (test client, `DEBUG` off).

    DATABASE_URL=postgres://... .venv/bin/python bench/page_profile.py [--repeat 20]
        [--profile 5] [--top 30] [--cache] PATH ...

For each path: three warm-up requests (the first counts the queries and the bytes), then
`--repeat` requests timed by wall clock and by the process's CPU (`time.process_time()`: the
other processes on a shared machine disturb it far less), then `--profile` requests under
cProfile, whose top functions by cumulative and by own time are printed. Rendered pages unless
`--cache` (PAGE_CACHE_SECONDS as configured; by default it is set to 0, as the harness does).
"""

import argparse
import cProfile
import io
import math
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", type=int, default=5, help="requests under cProfile (0: none)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--cache", action="store_true", help="keep the page cache as configured")
    args = parser.parse_args(argv)
    if not args.cache:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    import logging

    from django.conf import settings
    from harness.cases import signed_in_client
    from harness.measure import counted_queries, request

    from common import gc_tuning

    settings.DEBUG = False
    logging.getLogger("django.request").setLevel(logging.ERROR)
    client = signed_in_client()
    for path in args.paths:
        with counted_queries() as queries:
            response = request(client, path)
        for _ in range(2):
            request(client, path)
        gc_tuning.settle()
        wall, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            request(client, path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        print(
            f"{path}: HTTP {response.status_code}, {queries[0]} queries, "
            f"{len(response.content):,} B; {args.repeat} requests, wall median / p95 "
            f"{statistics.median(wall):.1f} / {_p95(wall):.1f} ms, CPU "
            f"{statistics.median(cpu):.1f} / {_p95(cpu):.1f} ms, load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        if args.profile:
            profile = cProfile.Profile()
            for _ in range(args.profile):
                profile.runcall(request, client, path)
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
                print(
                    out.getvalue().split("\n", 6)[-1] if order == "cumulative" else out.getvalue()
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
