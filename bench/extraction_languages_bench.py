"""CPU time of the rules per language: sentences per CPU-second on the shared English statements
(seeds and dev) and on the Spanish and French corpus sets (set-k, set-l).

    taskset -c 0 python bench/extraction_languages_bench.py

CPU time (``time.process_time``), not wall time: on a shared, loaded machine it moves less. The
Spanish and French sets are read from this checkout's ``tests/extraction_corpus/`` (or from
``--corpus``, to time an older checkout on the same texts).
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))

from extraction import Extractor, split_header  # noqa: E402
from extraction.segment import segment  # noqa: E402
from provisions.reference import provision_specs_from_fixture  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--rounds", type=int, default=30)
parser.add_argument("--corpus", type=Path, default=REPO_DIR / "tests" / "extraction_corpus")
args = parser.parse_args()
specs = provision_specs_from_fixture(REPO_DIR / "fixtures" / "provisions.json")
t0 = time.process_time()
ex = Extractor(specs)
compile_s = time.process_time() - t0


def rate(files, rounds):
    texts = [split_header(p.read_text(encoding="utf-8"))[1] for p in files]
    n = sum(len(s.sentences) for t in texts for s in segment(t))
    for t in texts:
        ex.extract(t)  # warm
    t0 = time.process_time()
    for _ in range(rounds):
        for t in texts:
            ex.extract(t)
    return n * rounds / (time.process_time() - t0), n


sh = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_DIR.parent / "shared")
en = sorted((sh / "seeds").glob("*.txt")) + sorted((sh / "eval" / "statements").glob("*.txt"))
r, n = rate(en, args.rounds)
out = f"compile {compile_s:.2f} s CPU; English {n} sentences: {r:,.0f} sentences/CPU-s"
esfr = sorted(args.corpus.glob("set-[kl]/statements/*.txt"))
r2, n2 = rate(esfr, args.rounds)
out += f"; es/fr corpus {n2} sentences: {r2:,.0f} sentences/CPU-s"
print(out)
