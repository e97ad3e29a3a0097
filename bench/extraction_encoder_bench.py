"""Speed of the extractor's encoder and of the extractor with its learned layer, on one core.

    python bench/extraction_encoder_bench.py [--rounds N]

Pins the process to one CPU (numpy's threads to one) and counts CPU time, since the machine may
be shared; embeds every sentence of the shared statements (seeds, dev, real) and the corpus N
times, then runs the extractor with and without the learned layer over the same statements.
Prints sentences/s for each.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ[var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))

from extraction import Extractor, split_header  # noqa: E402
from extraction.learned.encoder import load_encoder  # noqa: E402
from extraction.learned.features import sentence_spans  # noqa: E402
from extraction.learned.layer import LearnedLayer, load_learned_layer  # noqa: E402
from provisions.reference import provision_specs_from_fixture  # noqa: E402

SHARED_DIR = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_DIR.parent / "shared")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = (
        sorted((SHARED_DIR / "seeds").glob("*.txt"))
        + sorted((SHARED_DIR / "eval" / "statements").glob("*.txt"))
        + sorted((SHARED_DIR / "eval" / "real" / "statements").glob("*.txt"))
        + sorted((REPO_DIR / "tests" / "extraction_corpus").glob("*/statements/*.txt"))
    )
    texts = [split_header(p.read_text(encoding="utf-8"))[1] for p in files]
    sentences = [" ".join(t[s:e].split()) for t in texts for s, e in sentence_spans(t)]
    provisions = provision_specs_from_fixture(REPO_DIR / "fixtures" / "provisions.json")

    started = time.process_time()
    encoder = load_encoder()
    print(f"encoder loaded in {time.process_time() - started:.2f} s")
    started = time.process_time()
    for _ in range(args.rounds):
        encoder.embed(sentences)
    elapsed = time.process_time() - started
    print(f"encoder: {len(sentences) * args.rounds / elapsed:,.0f} sentences/s on one core")

    started = time.process_time()
    learned = load_learned_layer(provisions)
    with_layer = Extractor(provisions, learned=learned)
    # The shipped heads may have their additions off (held out, not right often enough): then
    # the layer encodes nothing. Measured also with them on, as a version learned from reviews
    # may have them, so that the encoder's cost is in the figures.
    heads_on = dataclasses.replace(learned.heads, threshold=0.4, relevance_threshold=0.4)
    with_additions = Extractor(provisions, learned=LearnedLayer(heads_on, provisions, encoder))
    rules = Extractor(provisions)
    print(f"extractors compiled in {time.process_time() - started:.2f} s")
    off = learned.heads.threshold > 1
    for label, extractor in (
        ("rules only", rules),
        (f"rules + learned layer as shipped (additions {'off' if off else 'on'})", with_layer),
        ("rules + learned layer, additions on (thresholds 0.40)", with_additions),
    ):
        started = time.process_time()
        for _ in range(args.rounds):
            for text in texts:
                extractor.extract(text)
        elapsed = time.process_time() - started
        print(
            f"extractor, {label}: {len(sentences) * args.rounds / elapsed:,.0f} sentences/s, "
            f"{len(texts) * args.rounds / elapsed:,.1f} statements/s "
            f"({len(texts)} statements, {len(sentences)} sentences)"
        )


if __name__ == "__main__":
    main()
