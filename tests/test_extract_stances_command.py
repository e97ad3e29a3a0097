"""extract_stances: candidates from files (no writes) and proposals for statements."""

import json
from io import StringIO

import django.test
import pytest
from django.core.management import CommandError, call_command

from extraction import POSITIONS
from jobs.models import Job
from positions.models import Stance
from provisions.models import Provision
from tests.review_helpers import NAMED_TEXT, TEXT, make_statement

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("extract_stances", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def statement_file(tmp_path):
    path = tmp_path / "japan.txt"
    path.write_text("Statement by the Representative of Japan\n\n" + TEXT, encoding="utf-8")
    return path


def test_jsonl_prints_one_candidate_per_line_with_the_agreed_keys(statement_file):
    before = Stance.objects.count()

    out, err = run(str(statement_file), "--format", "jsonl")

    records = [json.loads(line) for line in out.splitlines()]
    # Issues only by default (art-54 and art-39 are read too and noted on them).
    assert {r["provision"] for r in records} == {
        "technical-assistance",
        "transfer-of-proceedings",
        "content-offences",
        "safeguards-human-rights",
    }
    text = statement_file.read_text(encoding="utf-8")
    slugs = set(Provision.objects.values_list("slug", flat=True))
    for record in records:
        assert set(record) == {
            "file",
            "provision",
            "position",
            "evidence",
            "start",
            "end",
            "confidence",
        }
        assert record["file"] == str(statement_file)
        assert record["provision"] in slugs
        assert record["position"] in POSITIONS
        assert text[record["start"] : record["end"]] == record["evidence"]
        assert 0 < record["confidence"] <= 1
    assert {"provision": "transfer-of-proceedings", "position": "oppose"}.items() <= next(
        r for r in records if r["provision"] == "transfer-of-proceedings"
    ).items()
    assert "delegation JPN (Japan), detected" in err
    assert Stance.objects.count() == before


def test_kinds_adds_articles_on_request(tmp_path, statement_file):
    # One proposal per passage: the issue where no article is named, the article where it is.
    out, _err = run(str(statement_file), "--format", "jsonl", "--kinds", "issue,article")
    provisions = {json.loads(line)["provision"] for line in out.splitlines()}
    assert "transfer-of-proceedings" in provisions and "art-39" not in provisions
    named = tmp_path / "named.txt"
    named.write_text("Statement by the Representative of Japan\n\n" + NAMED_TEXT, encoding="utf-8")
    out, _err = run(str(named), "--format", "jsonl", "--kinds", "issue,article")
    provisions = {json.loads(line)["provision"] for line in out.splitlines()}
    assert "art-39" in provisions and "transfer-of-proceedings" not in provisions
    with pytest.raises(CommandError, match="--kinds takes"):
        run(str(statement_file), "--kinds", "paragraph")


def test_issues_only_prints_a_named_articles_issue(tmp_path):
    """Hand-labelled data records issues: the proposal for article 39, named, is printed as
    the issue it notes, with its reading and evidence."""
    path = tmp_path / "named.txt"
    path.write_text("Statement by the Representative of Japan\n\n" + NAMED_TEXT, encoding="utf-8")

    out, _err = run(str(path), "--format", "jsonl")

    records = {r["provision"]: r for r in map(json.loads, out.splitlines())}
    assert set(records) == {
        "technical-assistance",
        "transfer-of-proceedings",
        "content-offences",
        "safeguards-human-rights",
    }
    issue = records["transfer-of-proceedings"]
    assert issue["position"] == "oppose"
    assert issue["evidence"] == (
        "We object to draft article 39 on the transfer of criminal proceedings."
    )
    text = path.read_text(encoding="utf-8")
    assert text[issue["start"] : issue["end"]] == issue["evidence"]


def test_table_names_the_delegation_given(statement_file):
    out, _ = run(str(statement_file), "--delegation", "fra")

    assert "delegation FRA (France), given; 4 candidates" in out
    assert "transfer-of-proceedings" in out
    assert out.strip().endswith("4 candidates in 1 files.")


def test_files_with_a_header_block_report_offsets_into_the_file(tmp_path):
    path = tmp_path / "with-header.txt"
    path.write_text("Delegation: China\nDate: 2017-10-05\n\n" + TEXT, encoding="utf-8")

    out, err = run(str(path), "--format", "jsonl")

    text = path.read_text(encoding="utf-8")
    assert all(
        text[r["start"] : r["end"]] == r["evidence"] for r in map(json.loads, out.split("\n")[:-1])
    )
    assert "delegation CHN (China), detected" in err


def test_unknown_delegation_code_is_an_error(statement_file):
    with pytest.raises(CommandError, match="No delegation with code 'XXX'"):
        run(str(statement_file), "--delegation", "XXX")


def test_statement_writes_proposals_through_the_service():
    statement = make_statement(extract=False)

    out, err = run("--statement", str(statement.pk))

    assert statement.stances.proposed().filter(origin="extracted").count() == 4
    assert out.strip() == "1 statements: 4 proposals created, 0 updated, 0 withdrawn."
    assert "1/1" in err  # the progress bar


def test_all_writes_proposals_for_every_active_statement():
    make_statement(extract=False)
    make_statement("CHN", extract=False)

    out, _ = run("--all")

    assert out.startswith("4 statements:")
    assert Stance.objects.proposed().filter(statement__delegation__code="CHN").count() == 4
    job = Job.objects.get()
    assert (job.kind, job.status, job.done, job.total) == ("extract", "succeeded", 4, 4)


def test_all_queues_a_job_when_a_broker_takes_it(monkeypatch):
    sent = []
    monkeypatch.setattr("jobs.services.job_enqueue", lambda *, job: sent.append(job.pk))
    monkeypatch.setattr(
        "jobs.management.commands.extract_stances.jobs_run_in_process", lambda: False
    )
    make_statement(extract=False)

    with django.test.TestCase.captureOnCommitCallbacks(execute=True):
        out, _ = run("--all")

    job = Job.objects.get()
    assert sent == [job.pk] and job.status == "queued"
    assert out.strip() == f"Queued job #{job.pk} for 3 statements; follow it at /jobs/{job.pk}/."


def test_missing_statement_is_an_error():
    with pytest.raises(CommandError, match="No statement with id 999999"):
        run("--statement", "999999")


def test_files_and_statements_do_not_mix(statement_file):
    with pytest.raises(CommandError):
        run(str(statement_file), "--all")
    with pytest.raises(CommandError):
        run()
