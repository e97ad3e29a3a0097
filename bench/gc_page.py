"""Time pages and the garbage collector's share of them (test client, `DEBUG` off).

    DATABASE_URL=postgres://... .venv/bin/python bench/gc_page.py [--repeat 40] [--freeze] PATH ...

After three warm-up requests, times `--repeat` requests of each path and, through
`gc.callbacks`, every collection run during them: prints the median and p95 of the requests,
how many collections of each generation ran, the collector's time per request (median and
max) and how many objects the process tracks. `--freeze` calls `gc.freeze()` after the
warm-up (the objects loaded so far leave every later collection), as a server could after
start-up.
"""

import argparse
import gc
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() after the warm-up")
    args = parser.parse_args(argv)
    import django

    django.setup()
    import logging

    from django.conf import settings
    from harness.cases import signed_in_client
    from harness.measure import request

    settings.DEBUG = False
    logging.getLogger("django.request").setLevel(logging.ERROR)
    client = signed_in_client()
    started = [0.0]
    spent = [0.0]
    counts = [0, 0, 0]

    def collected(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]
            counts[info["generation"]] += 1

    for path in args.paths:
        for _ in range(3):
            request(client, path)
        if args.freeze:
            gc.collect()
            gc.freeze()
        counts[:] = [0, 0, 0]
        gc.callbacks.append(collected)
        walls, collector = [], []
        for _ in range(args.repeat):
            spent[0] = 0.0
            begun = time.perf_counter()
            request(client, path)
            walls.append((time.perf_counter() - begun) * 1000)
            collector.append(spent[0] * 1000)
        gc.callbacks.remove(collected)
        if args.freeze:
            gc.unfreeze()
        walls.sort()
        p95 = walls[math.ceil(0.95 * len(walls)) - 1]
        print(
            f"{path}{' (frozen)' if args.freeze else ''}: median {statistics.median(walls):,.1f}"
            f" ms, p95 {p95:,.1f} ms; collections gen0/gen1/gen2 {counts[0]}/{counts[1]}/"
            f"{counts[2]} in {len(walls)} requests; collector {statistics.median(collector):.1f}"
            f" ms per request (max {max(collector):.1f}); {len(gc.get_objects()):,} objects "
            f"tracked; load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
