"""Throughput of the stance extractor alone (no Django, no database).

    python bench/extraction_bench.py [--rounds N] [--keywords K]

Runs the extractor over the shared statements (seeds and evaluation texts) N times and prints
sentences/s and statements/s. ``--keywords K`` adds K synthetic keywords to the provisions to
show that matching stays fast with thousands of them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))

from extraction import Extractor, split_header  # noqa: E402
from extraction.segment import segment  # noqa: E402
from provisions.reference import provision_specs_from_fixture  # noqa: E402

SHARED_DIR = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_DIR.parent / "shared")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--keywords", type=int, default=0, help="extra synthetic keywords")
    args = parser.parse_args()

    files = sorted((SHARED_DIR / "seeds").glob("*.txt")) + sorted(
        (SHARED_DIR / "eval" / "statements").glob("*.txt")
    )
    if not files:
        sys.exit(f"no statements found under {SHARED_DIR}")
    texts = [split_header(p.read_text(encoding="utf-8"))[1] for p in files]
    sentences = sum(len(par.sentences) for t in texts for par in segment(t))

    provisions = list(provision_specs_from_fixture(REPO_DIR / "fixtures" / "provisions.json"))
    if args.keywords:
        extra = tuple(f"synthetic term {i} of art" for i in range(args.keywords))
        provisions[0] = replace(provisions[0], keywords=provisions[0].keywords + extra)
    started = time.perf_counter()
    extractor = Extractor(provisions)
    compiled = time.perf_counter() - started

    extractor.extract(texts[0])  # warm caches
    started = time.perf_counter()
    candidates = 0
    for _ in range(args.rounds):
        for text in texts:
            candidates += len(extractor.extract(text))
    elapsed = time.perf_counter() - started

    n_keywords = sum(len(p.keywords) for p in provisions)
    print(f"provisions: {len(provisions)}, keywords: {n_keywords}, compile: {compiled:.3f} s")
    print(f"statements: {len(texts)}, sentences: {sentences}, rounds: {args.rounds}")
    print(f"sentences/s:  {sentences * args.rounds / elapsed:,.0f}")
    print(f"statements/s: {len(texts) * args.rounds / elapsed:,.0f}")
    print(f"candidates per round: {candidates // args.rounds}")


if __name__ == "__main__":
    main()
