"""Fit the extractor's learned heads from the repository's labelled sets and ../shared seeds+dev."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extraction import Extractor, split_header
from extraction.language import LEARNED_LANGUAGES, detect_language
from extraction.learned.encoder import load_encoder
from extraction.learned.heads import HEADS_FILE
from extraction.learned.training import LabelledSet, train
from positions.extraction_inputs import compiled_provisions, speaker_names_by_code
from positions.learning import format_training
from positions.services import extractor_model_train

CORPUS = Path(settings.BASE_DIR) / "tests" / "extraction_corpus"
CASES = Path(settings.BASE_DIR) / "tests" / "extraction_cases"


def golden_cases_set(folder: Path = CASES) -> LabelledSet:
    """The golden cases as one labelled set: each case a statement, its expected positions on
    issues the records (the whole text as evidence). Cases that compare other kinds, or that do
    not list every position (``exact``), are left out: what they do not list is unknown."""
    records, texts = [], {}
    for path in sorted(folder.glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))["cases"]):
            if not case.get("exact") or set(case.get("kinds", ["issue"])) != {"issue"}:
                continue
            name = f"{path.stem}-{i:03d}.txt"
            texts[name] = case["text"]
            records += [
                {
                    "statement": name,
                    "provision": e["provision"],
                    "stance": e["position"],
                    "evidence": case["text"],
                }
                for e in case.get("expected", [])
            ]
    return LabelledSet("golden-cases", records, texts, header=False)


def _read_set(name: str, gold: Path, texts: Path, header: bool, real: bool = False) -> LabelledSet:
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(texts.glob("*.txt"))}
    codes = {r["statement"]: r.get("delegation", "") for r in records}
    names = speaker_names_by_code(codes.values())
    speakers = {statement: names.get(code, ()) for statement, code in codes.items()}
    return LabelledSet(name, records, files, header, speakers, real)


def set_language(labelled: LabelledSet) -> str | None:
    """The main language of a labelled set's statements (their bodies, headers left out)."""
    bodies = [
        split_header(text)[1] if labelled.header else text for text in labelled.texts.values()
    ]
    return detect_language("\n\n".join(bodies))


def training_sets(shared: Path, corpus_only: bool = False) -> list[LabelledSet]:
    """What the heads are fitted on: the repository's English corpus sets, the golden cases and,
    unless ``corpus_only``, ``shared``'s seeds and dev (never its real statements)."""
    sets = [
        _read_set(d.name, d / "gold.jsonl", d / "statements", True)
        for d in sorted(CORPUS.iterdir())
        if (d / "gold.jsonl").is_file()
    ]
    # The encoder and heads read English: the Spanish and French sets train the rules only.
    sets = [s for s in sets if set_language(s) in LEARNED_LANGUAGES]
    sets.append(golden_cases_set())
    if not corpus_only:
        eval_dir = shared / "eval"
        if not (eval_dir / "dev-gold.jsonl").is_file():
            raise CommandError(f"No {eval_dir}/dev-gold.jsonl (or give --corpus-only).")
        # Statements delivered at real sessions: the heads' additions are calibrated on them.
        sets.append(
            _read_set("seeds", eval_dir / "seeds-gold.jsonl", shared / "seeds", False, real=True)
        )
        sets.append(
            _read_set("dev", eval_dir / "dev-gold.jsonl", eval_dir / "statements", True, real=True)
        )
    return sets


class Command(BaseCommand):
    help = (
        "Fit the relevance and stance heads of the extractor's learned layer, with fixed folds "
        "and no sampling, from tests/extraction_corpus/, the golden cases (tests/extraction_cases/) "
        "and ../shared/eval seeds and dev (never "
        "from ../shared/eval/real/, which is for measurement only), and write them with the "
        "training data's digest and cross-validated scores to extraction/learned/heads.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shared",
            type=Path,
            default=Path(
                os.environ.get("TRACKER_SHARED_DIR") or settings.BASE_DIR.parent / "shared"
            ),
            help="The shared folder (default ../shared or TRACKER_SHARED_DIR).",
        )
        parser.add_argument("--output", type=Path, default=HEADS_FILE)
        parser.add_argument(
            "--corpus-only",
            action="store_true",
            help="Train on the repository's corpus alone (no ../shared).",
        )

        parser.add_argument(
            "--from-reviews",
            action="store_true",
            help="Also learn from reviewed proposals and hand-logged stances; record the heads "
            "as a new ExtractorModel version (not the heads file), scored next to the active "
            "ones on the most recent reviews (held out), the repository's labelled sets and, "
            "when present, ../shared/eval/real/; activated only if not worse on the sets it "
            "was not trained on (the held-out reviews and real/).",
        )
        parser.add_argument(
            "--force", action="store_true", help="With --from-reviews: activate even if worse."
        )
        parser.add_argument(
            "--holdout",
            type=float,
            default=0.2,
            help="With --from-reviews: the share of reviewed statements, the most recent, "
            "held out for measurement (default 0.2).",
        )

    def handle(self, *args, shared, output, corpus_only, **options):
        sets = training_sets(shared, corpus_only)
        if options["from_reviews"]:
            repository = [s for s in sets if s.name not in ("seeds", "dev")]
            real = shared / "eval" / "real"
            if (real / "gold.jsonl").is_file():
                repository.append(_read_set("real", real / "gold.jsonl", real / "statements", True))
            result = extractor_model_train(
                sets=sets, yardstick=repository, holdout=options["holdout"], force=options["force"]
            )
            self.stdout.write(format_training(result))
            return
        rules = Extractor(compiled_provisions().extractor.provisions)
        heads = train(sets, rules, load_encoder())
        output.write_text(heads.to_json(), encoding="utf-8")
        scores = heads.meta["scores"]
        self.stdout.write(
            f"Heads written to {output}: threshold {heads.threshold}; cross-validated strict F1 "
            f"{scores['cross_validated_rules_only']['strict_f1']} (rules) -> "
            f"{scores['cross_validated_with_heads']['strict_f1']} (with heads); digest "
            f"{heads.meta['training']['digest'][:12]}."
        )
