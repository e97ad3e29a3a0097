"""CPU an extraction job spends per statement, in this process and in its PostgreSQL backend.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_mycopy \\
      .venv/bin/python bench/extraction_cpu.py --statements 200 --offset 3000 --rounds 2

On a busy machine wall-clock rates say more about the neighbours than about the code; CPU
seconds do not (much). This runs an extraction job in process (`job_run_here`, chunks of 25,
as the workers run them) over statements whose extracted proposals it deletes first, so every
proposal is written, and reads the CPU time of this process and of the PostgreSQL backend that
serves its connection (from /proc: the server must run on this machine). Their sum per statement
bounds what a machine can do: N cores serve at most N / (CPU seconds a statement) statements/s,
whatever the number of workers. `--repo` runs another checkout's code (e.g. main) with this
script. Figures go to stdout.
"""

import argparse
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--offset", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parents[1]))
    args = parser.parse_args()
    sys.path.insert(0, args.repo)
    os.chdir(args.repo)
    os.environ.pop("CELERY_BROKER_URL", None)  # the job runs here, in this process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, reset_queries

    from jobs.services import job_extract_create, job_run_here
    from positions.models import Stance, Statement

    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database of your own")
    ids = list(
        Statement.objects.active()
        .order_by("pk")
        .values_list("pk", flat=True)[args.offset : args.offset + args.statements]
    )

    def clear() -> None:
        Stance.objects.filter(
            statement_id__in=ids, origin=Stance.Origin.EXTRACTED, status=Stance.Status.PROPOSED
        )._raw_delete(Stance.objects.db)

    # Warm up: the compiled extractor, the imports, the connection.
    clear()
    job_run_here(
        job=job_extract_create(owner=None, statements=ids[:2], description="warm-up", enqueue=False)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    print(
        f"{args.repo}: {len(ids)} statements from #{args.offset}, DEBUG={int(bool(django.conf.settings.DEBUG))}"
    )
    print(
        f"{'round':>5} {'proposals':>9} {'wall s':>7} {'app ms':>7} {'pg ms':>6} {'total ms':>8} {'load':>5}"
    )
    for n in range(args.rounds):
        clear()
        reset_queries()
        job = job_extract_create(owner=None, statements=ids, description="cpu bench", enqueue=False)
        wall, own, server = time.perf_counter(), time.process_time(), _cpu_seconds(backend)
        job = job_run_here(job=job)
        wall = time.perf_counter() - wall
        own = time.process_time() - own
        server = _cpu_seconds(backend) - server
        per = 1000 / len(ids)
        print(
            f"{n + 1:>5} {job.result['created']:>9} {wall:>7.1f} {own * per:>7.1f} "
            f"{server * per:>6.1f} {(own + server) * per:>8.1f} {os.getloadavg()[0]:>5.1f}",
            flush=True,
        )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
