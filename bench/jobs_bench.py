"""Extraction as a job on real Celery workers: statements/s with one worker and with two.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_jobs_bench \\
      .venv/bin/python bench/jobs_bench.py --statements 2000 --workers 1 2

Uses the statements already in the database (make them with `manage.py generate_synthetic`),
the Redis broker at CELERY_BROKER_URL (default redis://127.0.0.1:6379/0) and a queue of its own.
For each worker count it starts that many worker processes (`celery worker --pool=solo`, one
process each), then times two jobs over the same statements:

- "first": their extracted proposals were deleted beforehand, so every one is written;
- "again": the same job once more, which finds every proposal unchanged (idempotence).

It also counts the queries one statement costs through the service, in this process, and the
CPU seconds the workers spent (from /proc), so that a figure per core survives a busy machine:
statements per worker CPU-second is what one core serves. PostgreSQL's CPU for the run ("db
ms") is read from /proc too, for the backends connected to this database (other than this
script's): listed as the progress is read (every 0.2 s), each read every 20 ms, so a backend
that exits loses its last 20 ms at most (about 0.4 ms a statement when a worker opens a
connection per task of 25 statements, `CELERY_DB_REUSE_MAX=0`). `--repo` runs another checkout's code
(e.g. main) in the workers and here. Progress is read from the Job row, as the job page does.
Figures go to stdout as a table.

The workers run as production runs them, with DEBUG off (a throwaway SECRET_KEY is made up
when none is set), unless DEBUG is set in the environment: with DEBUG on, Django also keeps
the text of every query a worker sends.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk", type=int, default=25, help="statements per task")
    parser.add_argument("--offset", type=int, default=0, help="skip this many statements")
    parser.add_argument("--runs", nargs="+", default=["first", "again"], choices=["first", "again"])
    parser.add_argument(
        "--keep", action="store_true", help="do not delete the proposals before the first run"
    )
    parser.add_argument("--repo", default=str(REPO_DIR), help="the checkout whose code runs")
    args = parser.parse_args()
    repo = Path(args.repo).resolve()
    sys.path.insert(0, str(repo))
    os.chdir(repo)

    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    queue = f"tracker-bench-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_QUEUE"] = queue
    os.environ["JOBS_CHUNK_SIZE"] = str(args.chunk)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", f"jobs-bench-{uuid.uuid4().hex}{uuid.uuid4().hex}")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jobs.models import Job
    from jobs.services import job_extract_create, job_run_here
    from positions.models import Stance, Statement

    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database of your own")
    ids = list(
        Statement.objects.active()
        .order_by("pk")
        .values_list("pk", flat=True)[args.offset : args.offset + args.statements]
    )
    if len(ids) < args.statements:
        sys.exit(f"only {len(ids)} statements: run manage.py generate_synthetic first")

    def clear() -> None:
        # A raw delete: the ORM's would write a history row per proposal, one query each
        # (minutes for a few thousand statements). Proposals are never current positions.
        Stance.objects.filter(
            statement_id__in=ids, origin=Stance.Origin.EXTRACTED, status=Stance.Status.PROPOSED
        )._raw_delete(Stance.objects.db)

    # Queries a statement costs through a job run in this process (its chunks, items and
    # progress included), on 50 statements past the timed ones, first and again.
    sample = list(
        Statement.objects.active()
        .order_by("pk")
        .values_list("pk", flat=True)[args.offset + args.statements :][:50]
    )
    Stance.objects.filter(
        statement_id__in=sample, origin=Stance.Origin.EXTRACTED, status=Stance.Status.PROPOSED
    )._raw_delete(Stance.objects.db)
    counts = []
    for _ in range(2 if sample else 0):
        job = job_extract_create(
            owner=None, statements=sample, description="bench queries", enqueue=False
        )
        with CaptureQueriesContext(connection) as queries:
            job = job_run_here(job=job)
        counts.append((len(queries) / len(sample), job.result))
    if counts:
        print(
            f"queries per statement (a job of {len(sample)} statements in this process, "
            f"{counts[0][1]['created'] / len(sample):.1f} proposals each): first {counts[0][0]:.1f}, "
            f"again {counts[1][0]:.1f}"
        )

    print(f"{repo}: statements from #{args.offset}, DEBUG={int(bool(settings.DEBUG))}")
    print(
        f"{'workers':>7} {'run':>6} {'statements':>10} {'seconds':>8} {'statements/s':>12} "
        f"{'worker cpu s':>12} {'per cpu s':>9} {'worker ms':>9} {'db ms':>6} {'load':>5}"
    )
    backends = _Backends(connection)
    for count in args.workers:
        workers = [_start_worker(queue, n, repo) for n in range(count)]
        try:
            time.sleep(3)  # let the workers connect
            for run in args.runs:
                if run == "first" and not args.keep:
                    clear()
                cpu = sum(_cpu_seconds(w.pid) for w in workers)
                backends.start()
                started = time.perf_counter()
                job = job_extract_create(owner=None, statements=ids, description=f"bench {run}")
                shown = started
                while True:
                    state = Job.objects.values_list("status", "failed", "done").get(pk=job.pk)
                    backends.sample()
                    if state[0] in Job.FINISHED:
                        break
                    if time.perf_counter() - shown >= 60:  # a long run shows how it goes
                        shown = time.perf_counter()
                        print(
                            f"  {shown - started:6.0f} s: {state[2]} done, "
                            f"{state[2] / (shown - started):.1f}/s, load {os.getloadavg()[0]:.1f}",
                            file=sys.stderr,
                            flush=True,
                        )
                    for _ in range(10):  # the known backends every 20 ms
                        time.sleep(0.02)
                        backends.tick()
                seconds = time.perf_counter() - started
                cpu = sum(_cpu_seconds(w.pid) for w in workers) - cpu
                db = backends.sample()
                note = f" ({state[1]} failed)" if state[1] else ""
                print(
                    f"{count:>7} {run:>6} {len(ids):>10} {seconds:>8.1f} "
                    f"{len(ids) / seconds:>12.1f} {cpu:>12.1f} {len(ids) / cpu:>9.1f} "
                    f"{cpu * 1000 / len(ids):>9.1f} {db * 1000 / len(ids):>6.1f} "
                    f"{os.getloadavg()[0]:>5.1f}{note}",
                    flush=True,
                )
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=60)
    print(f"load average at the end: {os.getloadavg()}")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Backends:
    """CPU seconds of the PostgreSQL backends serving this database (but this script), since
    `start`, from their last sample each (the server must run on this machine)."""

    def __init__(self, connection):
        self.connection = connection
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}

    def start(self) -> None:
        self.first, self.last = {}, {}
        self.first = self._read()

    def sample(self) -> float:
        """List the backends again and read them; the CPU seconds so far."""
        for pid, seconds in self._read().items():
            self.first.setdefault(pid, 0.0)  # connected since the start
            self.last[pid] = seconds
        return sum(seconds - self.first[pid] for pid, seconds in self.last.items())

    def tick(self) -> None:
        """Read the backends listed last time (those still running)."""
        self.last.update(self._read(list(self.last)))

    def _read(self, pids: list[int] | None = None) -> dict[int, float]:
        if pids is None:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                pids = [row[0] for row in cursor.fetchall()]
        seconds = {}
        for pid in pids:
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # exited since
                seconds[pid] = _cpu_seconds(pid)
        return seconds


def _start_worker(queue: str, n: int, repo: Path):
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING", "-n", f"b{n}@%h"]
    return subprocess.Popen(
        command,
        cwd=repo,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    main()
