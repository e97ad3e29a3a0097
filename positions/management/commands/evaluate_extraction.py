"""Score the stance extractor against hand-labelled stances."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from extraction.evaluation import Report, Score, evaluate, format_report
from positions.extraction_inputs import compiled_provisions


class Command(BaseCommand):
    help = (
        "Run the extractor (with the provisions and keywords in the database) over the *.txt "
        "files in --texts and score it against --gold (jsonl: statement, delegation, provision, "
        "stance, evidence): micro precision/recall/F1 strict and provision-only, per position "
        "and per provision, and every miss and false positive with its text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, required=True, metavar="FILE.jsonl")
        parser.add_argument("--texts", type=Path, required=True, metavar="DIR")
        parser.add_argument(
            "--header",
            action="store_true",
            help='The texts open with a "Key: value" header block and a blank line; skip it.',
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the report as JSON."
        )

    def handle(self, *args, gold, texts, header, as_json: bool, **options):
        try:
            lines = gold.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read {gold}: {error}") from error
        try:
            records = [json.loads(line) for line in lines if line.strip()]
        except ValueError as error:
            raise CommandError(f"{gold} is not JSON lines: {error}") from error
        if not texts.is_dir():
            raise CommandError(f"{texts} is not a directory.")
        statements = {p.name: p.read_text(encoding="utf-8") for p in sorted(texts.glob("*.txt"))}
        unknown = {r["statement"] for r in records} - statements.keys()
        if unknown:
            self.stderr.write(f"Not in {texts} (their stances count as misses): {sorted(unknown)}")
        report = evaluate(records, statements, compiled_provisions().extractor, header=header)
        if as_json:
            self.stdout.write(json.dumps(report_as_dict(report), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(format_report(report))


def _score(s: Score) -> dict:
    return {
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
    }


def report_as_dict(report: Report) -> dict:
    """The report as plain data (figures rounded to 4 places)."""
    return {
        "statements": report.statements,
        "strict": _score(report.strict),
        "provision_only": _score(report.provision_only),
        "per_position": {k: _score(v) for k, v in report.per_position.items()},
        "per_provision": {k: _score(v) for k, v in report.per_provision.items()},
        "misses": [asdict(m) for m in report.misses],
        "false_positives": [asdict(f) for f in report.false_positives],
    }
