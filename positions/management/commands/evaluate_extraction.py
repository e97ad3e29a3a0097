"""Score the stance extractor against hand-labelled stances, on one set or several."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from extraction.evaluation import Report, Score, evaluate, format_report
from positions.extraction_inputs import compiled_provisions, speaker_names_by_code


class Command(BaseCommand):
    help = (
        "Run the extractor (with the provisions and keywords in the database) over the *.txt "
        "files in --texts and score it against --gold (jsonl: statement, delegation, provision, "
        "stance, evidence): micro precision/recall/F1 strict and provision-only, per position "
        "and per provision, and every miss and false positive with its text. With --set (one or "
        "more), score several sets and print one table: strict and provision-only P/R/F1, F1 "
        "per position and oppose recall. The speaking delegation of each statement is taken "
        "from its gold records, as the service knows it (--no-speaker to leave it out)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, metavar="FILE.jsonl")
        parser.add_argument("--texts", type=Path, metavar="DIR")
        parser.add_argument(
            "--header",
            action="store_true",
            help='The texts open with a "Key: value" header block and a blank line; skip it.',
        )
        parser.add_argument(
            "--set",
            nargs=3,
            action="append",
            default=[],
            dest="sets",
            metavar=("LABEL", "GOLD", "TEXTS"),
            help="A labelled set to score (repeatable); a header block, where a text has one, "
            "is skipped.",
        )
        parser.add_argument(
            "--no-speaker",
            action="store_true",
            help="Do not tell the extractor who speaks.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the report as JSON."
        )

    def handle(self, *args, gold, texts, header, sets, no_speaker, as_json: bool, **options):
        if (gold is None) != (texts is None):
            raise CommandError("Give --gold and --texts together.")
        if gold is None and not sets:
            raise CommandError("Give --gold FILE --texts DIR, or one or more --set.")
        extractor = compiled_provisions().extractor
        if gold is not None and not sets:
            report = self._evaluate(gold, texts, header, extractor, no_speaker)
            if as_json:
                self.stdout.write(json.dumps(report_as_dict(report), indent=2, ensure_ascii=False))
            else:
                self.stdout.write(format_report(report))
            return
        labelled = [(label, Path(g), Path(t), True) for label, g, t in sets]
        if gold is not None:
            labelled.insert(0, (gold.parent.name or str(gold), gold, texts, header))
        reports = {
            label: self._evaluate(g, t, h, extractor, no_speaker) for label, g, t, h in labelled
        }
        if as_json:
            data = {label: report_as_dict(r) for label, r in reports.items()}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(format_table(reports))

    def _evaluate(self, gold: Path, texts: Path, header: bool, extractor, no_speaker: bool):
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
        speakers = None if no_speaker else statement_speakers(records)
        return evaluate(records, statements, extractor, header=header, speakers=speakers)


def statement_speakers(records: list[dict]) -> dict[str, tuple[str, ...]]:
    """Statement file -> the names of its delegation, from the gold records."""
    codes = {r["statement"]: r.get("delegation", "") for r in records}
    names = speaker_names_by_code(codes.values())
    return {statement: names.get(code, ()) for statement, code in codes.items()}


def format_table(reports: dict[str, Report]) -> str:
    """One row per set: strict and provision-only P/R/F1, F1 per position, oppose recall."""
    head = (
        f"{'set':<16}{'stmts':>6}{'gold':>6}{'pred':>6}  {'strict P':>8}{'R':>6}{'F1':>6}"
        f"  {'prov P':>6}{'R':>6}{'F1':>6}  {'sup':>5}{'qual':>5}{'neu':>5}{'opp':>5}"
        f"  oppose recall"
    )
    rows = [head, "-" * len(head)]
    for label, r in reports.items():
        s, p, pos = r.strict, r.provision_only, r.per_position
        opp = pos["oppose"]
        rows.append(
            f"{label:<16}{r.statements:>6}{s.tp + s.fn:>6}{s.tp + s.fp:>6}  "
            f"{s.precision:>8.2f}{s.recall:>6.2f}{s.f1:>6.2f}  "
            f"{p.precision:>6.2f}{p.recall:>6.2f}{p.f1:>6.2f}  "
            + "".join(f"{pos[k].f1:>5.2f}" for k in ("support", "qualified", "neutral", "oppose"))
            + f"  {opp.tp}/{opp.tp + opp.fn}"
        )
    return "\n".join(rows)


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
