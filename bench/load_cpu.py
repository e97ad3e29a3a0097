#!/usr/bin/env python
"""bench/load.sh with the CPU each request cost: the gunicorn workers', PostgreSQL's backends'
on the server's database, and Redis's (every client's: an upper bound when others use it).

    PORT=8000 DATABASE_URL=postgres://... .venv/bin/python bench/load_cpu.py /stances/ [PATH...]

For each path: wrk's summary (bench/load.lua), then one line `cpu ms/request web W pg P redis R
load L`. The CPU is read from /proc/<pid>/stat of the processes before and after the run (the
gunicorn master is found listening on PORT; its children are the workers), divided by the
requests wrk counted. A busy machine lowers the requests/s, much less the CPU per request:
that is the figure to scale from. Linux only; loopback only, as load.sh.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def gunicorn_workers(port: int) -> list[int]:
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True)
    pids = {int(p) for p in re.findall(r"pid=(\d+)", out.stdout)}
    # The master and the workers share the listening socket; the master is the parent.
    masters = [p for p in pids if not any(p in children(q) for q in pids)] or list(pids)
    return sorted({c for m in masters for c in children(m)} or pids)


def postgres_backends(database: str) -> list[int]:
    url = urlparse(os.environ.get("DATABASE_URL", ""))
    if not database or not url.scheme.startswith("postgres"):
        return []
    out = subprocess.run(
        [
            "psql",
            "-h",
            url.hostname or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            "-d",
            database,
            "-Atc",
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()",
        ],
        capture_output=True,
        text=True,
    )
    return [int(p) for p in out.stdout.split()]


def redis_server() -> list[int]:
    out = subprocess.run(["pgrep", "-x", "redis-server"], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def total(pids: list[int]) -> float:
    return sum(cpu_seconds(p) for p in pids)


def run(path: str, port: int, database: str) -> None:
    workers = gunicorn_workers(port)
    # The backends exist once the workers have connected (load.sh's first request does that).
    before_pg = {p: cpu_seconds(p) for p in postgres_backends(database)}
    before = (total(workers), total(redis_server()))
    result = subprocess.run(
        ["bench/load.sh", path], cwd=ROOT, capture_output=True, text=True, env=os.environ
    )
    after = (total(workers), total(redis_server()))
    pg = sum(cpu_seconds(p) - before_pg.get(p, 0.0) for p in postgres_backends(database))
    print(result.stdout, end="")
    if result.returncode:
        print(result.stderr, end="")
        return
    requests = int(re.search(r"^requests\s+(\d+)", result.stdout, re.M).group(1)) or 1
    load = os.getloadavg()[0]
    print(
        f"cpu ms/request web {1000 * (after[0] - before[0]) / requests:.1f} "
        f"pg {1000 * pg / requests:.1f} redis {1000 * (after[1] - before[1]) / requests:.2f} "
        f"load {load:.2f} (workers {len(workers)})"
    )


def main() -> None:
    port = int(os.environ.get("PORT", "8000"))
    database = urlparse(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    for path in sys.argv[1:] or ["/"]:
        run(path, port, database)


if __name__ == "__main__":
    main()
