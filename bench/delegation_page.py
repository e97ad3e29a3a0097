"""Time /delegations/<code>/ for the busiest delegations (server time, test client, DEBUG off).

    DATABASE_URL=postgres://... .venv/bin/python bench/delegation_page.py [--repeat 20] [CODE ...]

Without codes: the delegation with the most stances and the busiest group. Prints the query
count and median / p95 of the page; the full harness (`bench/run.py`) times the same page
among the others.
"""

import argparse
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
    parser.add_argument("codes", nargs="*")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per page at most")
    args = parser.parse_args(argv)
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from harness.cases import signed_in_client
    from harness.measure import request

    from delegations.models import Delegation
    from positions.models import Stance

    settings.DEBUG = False
    logging.getLogger("django.request").setLevel(logging.ERROR)
    codes = [c.upper() for c in args.codes]
    if not codes:
        busiest = Stance.objects.values("delegation").annotate(n=Count("pk")).order_by("-n")
        ids = [busiest.first()["delegation"]]
        group = busiest.filter(delegation__kind=Delegation.Kind.GROUP).first()
        if group and group["delegation"] not in ids:
            ids.append(group["delegation"])
        codes = [Delegation.objects.get(pk=pk).code for pk in ids]
    client = signed_in_client()
    for code in codes:
        path = f"/delegations/{code}/"
        queries = []

        def count(execute, *args, queries=queries):
            queries.append(1)
            return execute(*args)

        with connection.execute_wrapper(count):
            response = request(client, path)
        samples = []
        while len(samples) < args.repeat and (len(samples) < 3 or sum(samples) < args.budget):
            started = time.perf_counter()
            request(client, path)
            samples.append(time.perf_counter() - started)
        ms = sorted(s * 1000 for s in samples)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(
            f"{path}: HTTP {response.status_code}, {len(queries)} queries, "
            f"{len(response.content) // 1024} KiB, {len(ms)} requests: "
            f"median {statistics.median(ms):,.0f} ms, p95 {p95:,.0f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
