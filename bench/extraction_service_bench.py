"""Throughput of the extraction service writing proposals to the database, beside the extractor.

    python bench/extraction_service_bench.py [--rounds N] [--database-url URL]

Builds a throwaway database (a temporary SQLite file, or the empty PostgreSQL database given by
``--database-url``: it is migrated and filled), loads the reference data, stores the shared
statements (seeds and evaluation texts) N times each, and times:

- the extractor alone over the same texts (no database);
- ``statement_extract_stances`` on every statement: the first run (creates the proposals) and a
  second run (finds them unchanged), per statement and per sentence;
- the first call in a fresh process, which compiles the extractor.

Statements are saved in a request one at a time, so the milliseconds per statement tell whether
extraction can run inline when a statement is saved.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="copies of each statement")
    parser.add_argument("--database-url", default="", help="an empty database to use instead")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["SQLITE_PATH"] = str(Path(tmp.name) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from delegations.models import Delegation
    from extraction import split_header
    from extraction.segment import segment
    from positions.extraction_inputs import clear_extractor_cache, compiled_provisions
    from positions.models import Statement
    from positions.services import statement_extract_stances
    from provisions.models import Session

    shared_dir = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_DIR.parent / "shared")

    files = sorted((shared_dir / "seeds").glob("*.txt")) + sorted(
        (shared_dir / "eval" / "statements").glob("*.txt")
    )
    if not files:
        sys.exit(f"no statements found under {shared_dir}")
    texts = [split_header(p.read_text(encoding="utf-8"))[1] for p in files]
    sentences_per_round = sum(len(par.sentences) for t in texts for par in segment(t))

    call_command("migrate", verbosity=0)
    call_command("load_seed_data", "--no-seeds", verbosity=0)
    # A delegation no seed stance belongs to, so every candidate becomes a proposal.
    delegation = Delegation.objects.get(code="NOR")
    session = Session.objects.get(code="AHC-1")
    statements = [
        Statement.objects.create(
            delegation=delegation, session=session, title=f"{path.name} #{n}", text=text
        )
        for n in range(args.rounds)
        for path, text in zip(files, texts, strict=True)
    ]
    sentences = sentences_per_round * args.rounds

    clear_extractor_cache()
    started = time.perf_counter()
    compiled_provisions(negotiation=session.negotiation)
    compile_s = time.perf_counter() - started
    extractor = compiled_provisions(negotiation=session.negotiation).extractor

    started = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            extractor.extract(text)
    alone_s = time.perf_counter() - started

    def run() -> tuple[float, list[float], int]:
        times, created = [], 0
        begin = time.perf_counter()
        for statement in statements:
            t = time.perf_counter()
            created += statement_extract_stances(statement=statement).created
            times.append(time.perf_counter() - t)
        return time.perf_counter() - begin, times, created

    first_s, first_times, created = run()
    second_s, second_times, _ = run()

    def line(label: str, seconds: float) -> str:
        return (
            f"{label:<34} {sentences / seconds:>9,.0f} sentences/s  "
            f"{len(statements) / seconds:>8,.1f} statements/s"
        )

    db = "PostgreSQL" if args.database_url else "SQLite"
    print(f"database: {db}; statements: {len(statements)} ({len(files)} texts x {args.rounds})")
    print(f"sentences: {sentences}; proposals written: {created}")
    print(f"compile extractor (cold start):    {compile_s * 1000:.0f} ms")
    print(line("extractor alone", alone_s))
    print(line("service, first run (writes)", first_s))
    print(line("service, re-run (unchanged)", second_s))
    for label, times in [("first run", first_times), ("re-run", second_times)]:
        ms = sorted(t * 1000 for t in times)
        print(
            f"service ms per statement, {label:<10} median {statistics.median(ms):.1f}, "
            f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f}, max {ms[-1]:.1f}"
        )
    tmp.cleanup()


if __name__ == "__main__":
    main()
