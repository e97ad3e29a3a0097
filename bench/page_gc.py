#!/usr/bin/env python
"""Per-request time of one page in process, and how much of it the garbage collector took:
with Python's default collector, and as the web server sets it (common/gc_tuning.py).

    DATABASE_URL=postgres://... .venv/bin/python bench/page_gc.py /support/ --requests 40

Signed in as the first superuser through Django's test client (DEBUG off, pages rendered: no
page cache), two warm-up requests, then the timed ones; prints, for each setting, the median,
p95 and maximum of the wall time, the CPU time and the collector's time per request, the
collector's total and the load average. Each setting runs in its own process.
"""

import argparse
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {ordered[len(ordered) // 2]:.1f} p95 {p95:.1f} max {ordered[-1]:.1f}"


def measure(path: str, requests: int, settle: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.force_login(get_user_model().objects.filter(is_superuser=True).order_by("pk").first())
    for _ in range(2):
        assert client.get(path).status_code == 200
    if settle:
        from common import gc_tuning

        gc_tuning.settle()
    started_at: list[float] = []
    collecting: list[float] = []

    def watch(phase, info):
        if phase == "start":
            started_at.append(time.perf_counter())
        else:
            collecting.append(time.perf_counter() - started_at.pop())

    gc.callbacks.append(watch)
    walls, cpus, gcs = [], [], []
    for _ in range(requests):
        before = len(collecting)
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append(1000 * (time.perf_counter() - wall))
        cpus.append(1000 * (time.process_time() - cpu))
        gcs.append(1000 * sum(collecting[before:]))
    gc.callbacks.remove(watch)
    name = "tuned (gc_tuning.settle)" if settle else "Python's default"
    print(
        f"{path} {name}: wall {summary(walls)} | cpu {summary(cpus)} | collector "
        f"{summary(gcs)}, total {sum(gcs):.0f} ms | load {os.getloadavg()[0]:.2f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2, help="default, tuned, default, ...")
    parser.add_argument("--only", choices=["default", "tuned"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        measure(args.path, args.requests, settle=args.only == "tuned")
        return
    for _ in range(args.rounds):
        for only in ("default", "tuned"):
            command = [sys.executable, __file__, args.path, "--requests", str(args.requests)]
            subprocess.run([*command, "--only", only], check=True)


if __name__ == "__main__":
    main()
