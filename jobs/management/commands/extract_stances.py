"""Run the stance extractor on files (printing candidates) or on statements (writing proposals).

It lives in the jobs app because `--all` runs as a job (queued to the workers when a broker is
configured); the files and `--statement` forms are as they always were.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from delegations.models import Delegation
from extraction import split_header
from positions.extraction_inputs import compiled_provisions, delegation_detect, speaker_names
from positions.models import Statement
from positions.services import statement_extract_stances

from ...models import Job
from ...services import job_extract_create, job_run_here, jobs_run_in_process


class Command(BaseCommand):
    help = (
        "extract_stances FILE [FILE ...] prints the candidate stances found in text files, "
        "without touching the database (--format jsonl: one JSON object per line with file, "
        "provision, position, evidence, start, end, confidence; start/end index the file as "
        "read). extract_stances --statement ID / --all writes proposals through the extraction "
        "service (only still-proposed extracted stances are replaced); --all runs as a job, "
        "queued to the job workers when CELERY_BROKER_URL is set, else run here."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
        parser.add_argument(
            "--delegation",
            metavar="CODE",
            help="Who speaks in the files (default: found from each file's heading).",
        )
        parser.add_argument("--format", choices=["table", "jsonl"], default="table")
        parser.add_argument(
            "--kinds",
            default="issue",
            metavar="KIND[,KIND]",
            help="Which provisions to print: issue (default: the contested issues, the slugs "
            "hand-labelled data uses), article, chapter, or several separated by commas.",
        )
        parser.add_argument(
            "--statement",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Write proposals for this statement (repeatable).",
        )
        parser.add_argument(
            "--all", action="store_true", help="Write proposals for every active statement."
        )

    def handle(self, *args, files, delegation, format, statement, all, kinds, **options):
        if files and (statement or all):
            raise CommandError("Give either files to read or --statement/--all, not both.")
        if not files and not statement and not all:
            raise CommandError("Give files to read, --statement ID or --all.")
        if files:
            self._print_files(files, delegation, format, _parse_kinds(kinds))
        elif all:
            self._queue_all()
        else:
            self._write(statement)

    def _print_files(self, files, code, fmt, kinds):
        fixed = None
        if code:
            fixed = Delegation.objects.filter(code=code.upper()).first()
            if fixed is None:
                raise CommandError(f"No delegation with code {code!r}.")
        extractor = compiled_provisions().extractor
        total = 0
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error}") from error
            speaker = fixed or delegation_detect(text)
            _header, body, offset = split_header(text)
            # Issues only by default: a proposal for a named article is printed as the issue
            # it notes, as hand-labelled data records it.
            candidates = extractor.in_kinds(
                extractor.extract(body, speaker=speaker_names(speaker)), kinds
            )
            total += len(candidates)
            who = f"{speaker.code} ({speaker})" if speaker else "unknown"
            how = "given" if fixed else "detected"
            if fmt == "jsonl":
                # stdout stays one JSON object per line; the speaker goes to stderr.
                self.stderr.write(f"{path}: delegation {who}, {how}")
                for c in candidates:
                    record = {
                        "file": str(path),
                        "provision": c.provision,
                        "position": c.position,
                        "evidence": c.evidence,
                        "start": c.start + offset,
                        "end": c.end + offset,
                        "confidence": round(c.confidence, 3),
                    }
                    self.stdout.write(json.dumps(record, ensure_ascii=False))
            else:
                self.stdout.write(f"{path}: delegation {who}, {how}; {len(candidates)} candidates")
                self.stdout.write(_table(candidates, offset))
        if fmt == "table":
            self.stdout.write(f"{total} candidates in {len(files)} files.")

    def _queue_all(self):
        ids = list(Statement.objects.active().order_by("pk").values_list("pk", flat=True))
        here = jobs_run_in_process()
        job = job_extract_create(
            owner=None,
            statements=ids,
            description=f"Extract stances again: {len(ids)} statement(s), all active",
            enqueue=not here,
        )
        if not here:
            self.stdout.write(
                f"Queued job #{job.pk} for {len(ids)} statements; follow it at /jobs/{job.pk}/."
            )
            return
        job = job_run_here(job=job)
        result = job.result
        self.stdout.write(
            f"{result['statements']} statements: {result['created']} proposals created, "
            f"{result['updated']} updated, {result['deleted']} withdrawn."
        )
        if job.status != Job.Status.SUCCEEDED:
            self.stderr.write(f"{job.failed} statement(s) failed: see /jobs/{job.pk}/.")

    def _write(self, ids):
        statements = Statement.objects.filter(pk__in=ids).order_by("pk")
        if ids:
            missing = set(ids) - set(statements.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No statement with id {', '.join(map(str, sorted(missing)))}.")
        created = updated = deleted = count = 0
        for item in tqdm(
            statements.iterator(), total=statements.count(), unit="statement", file=self.stderr
        ):
            result = statement_extract_stances(statement=item)
            created += result.created
            updated += result.updated
            deleted += result.deleted
            count += 1
        self.stdout.write(
            f"{count} statements: {created} proposals created, {updated} updated, "
            f"{deleted} withdrawn."
        )


KINDS = ("issue", "article", "chapter")


def _parse_kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(kind.strip() for kind in value.split(",") if kind.strip())
    unknown = set(kinds) - set(KINDS)
    if unknown or not kinds:
        raise CommandError(f"--kinds takes {', '.join(KINDS)}; got {value!r}.")
    return kinds


def _table(candidates, offset: int) -> str:
    rows = [("provision", "position", "conf", "at", "evidence")]
    for c in candidates:
        evidence = " ".join(c.evidence.split())
        if len(evidence) > 90:
            evidence = evidence[:89] + "…"
        rows.append(
            (c.provision, c.position, f"{c.confidence:.2f}", str(c.start + offset), evidence)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    )
