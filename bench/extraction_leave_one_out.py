"""Leave one labelled set out: fit the heads on the others, score the set left out.

    python bench/extraction_leave_one_out.py [--sets set-i set-j set-m dev]

For each set named, the heads are fitted (``train_extractor``'s sets: the corpus, the golden
cases, ../shared seeds and dev; never ../shared/eval/real/) without it, twice: with the addition
head and with the relevance head's threshold alone, and the extractor with each is scored on the
set left out, next to the rules alone. A set the heads have not seen is the nearest the training
data comes to an unseen statement: the corpus sets were written in different registers
(set-i, j and m are long, cluttered and paraphrastic, as web pages and real statements are).
Prints one row per set and mode: strict P/R/F1, provision-only F1, oppose recall.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from extraction.evaluation import evaluate  # noqa: E402
from extraction.learned import LearnedLayer  # noqa: E402
from extraction.learned.encoder import load_encoder  # noqa: E402
from extraction.learned.training import train  # noqa: E402
from positions.extraction_inputs import compiled_provisions  # noqa: E402
from positions.management.commands.train_extractor import training_sets  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["set-i", "set-j", "set-m", "dev"])
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("TRACKER_SHARED_DIR", "../shared"))
    )
    args = parser.parse_args()
    sets = training_sets(args.shared)
    by_name = {s.name: s for s in sets}
    unknown = [name for name in args.sets if name not in by_name]
    if unknown:
        parser.error(f"no such set {unknown}; known: {sorted(by_name)}")
    base = compiled_provisions().extractor
    rules = copy.copy(base)
    rules.learned = None
    encoder = load_encoder()
    print(f"{'left out':<12}{'mode':<22}{'P':>6}{'R':>6}{'F1':>6}{'prov F1':>9}  oppose")
    for name in args.sets:
        held = by_name[name]
        others = [s for s in sets if s.name != name]
        modes = {"rules alone": rules}
        for label, addition in (("relevance threshold", False), ("addition head", True)):
            heads = train(others, rules, encoder, addition_head=addition)
            extractor = copy.copy(base)
            extractor.learned = LearnedLayer(heads, base.provisions, encoder)
            modes[label] = extractor
        for label, extractor in modes.items():
            report = evaluate(
                held.records, held.texts, extractor, header=held.header, speakers=held.speakers
            )
            s, opp = report.strict, report.per_position["oppose"]
            print(
                f"{name:<12}{label:<22}{s.precision:6.2f}{s.recall:6.2f}{s.f1:6.2f}"
                f"{report.provision_only.f1:9.2f}  {opp.tp}/{opp.tp + opp.fn}",
                flush=True,
            )


if __name__ == "__main__":
    main()
