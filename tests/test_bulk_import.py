"""Bulk import through the upload page: a zip of statements with its manifest, as a job."""

import io
import zipfile

import pytest
from django.urls import reverse

from jobs.models import Job, JobItem
from positions.models import Stance, Statement
from tests.documents import STATEMENT_PAGES, make_docx, make_pdf, make_zip
from tests.review_helpers import TEXT

pytestmark = pytest.mark.django_db

HEADER = "file,delegation,session,date,title\n"


def manifest(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def upload(client, data: bytes, name="statements.zip"):
    archive = io.BytesIO(data)
    archive.name = name
    return client.post(reverse("jobs:import-create"), {"archive": archive})


@pytest.fixture
def alice_client(client, alice, media_root):
    client.force_login(alice)
    return client


def test_good_and_bad_files_in_one_batch_are_each_reported(alice_client, alice, run_jobs):
    data = make_zip(
        {
            "manifest.csv": manifest(
                "jpn-1.pdf,JPN,AHC-1,2022-03-01,General statement",
                "jpn-2.docx,JPN,AHC-2,2022-06-01,On chapter II",
                "jpn-3.txt,JPN,AHC-3,,Third statement",
                "broken.pdf,JPN,AHC-1,2022-03-01,Damaged",
                "jpn-4.txt,JPN,NOPE,2022-13-01,",
                "missing.txt,JPN,AHC-1,,Not in the zip",
            ),
            "jpn-1.pdf": make_pdf(STATEMENT_PAGES),
            "jpn-2.docx": make_docx(TEXT.split("\n\n")),
            "jpn-3.txt": ("Statement by Japan\n\n" + TEXT).encode(),
            "broken.pdf": b"%PDF-1.7 this is not really a PDF",
            "jpn-4.txt": b"Some words of a statement.",
            "stray.txt": b"Not listed anywhere.",
        }
    )
    before = Statement.objects.count()

    with run_jobs():
        response = upload(alice_client, data)

    job = Job.objects.get(kind="import")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    items = {item.key: item for item in job.items.all()}
    assert {key: item.outcome for key, item in items.items()} == {
        "jpn-1.pdf": "imported",
        "jpn-2.docx": "imported",
        "jpn-3.txt": "imported",
        "broken.pdf": "refused",
        "jpn-4.txt": "refused",
        "missing.txt": "refused",
        "stray.txt": "refused",
    }
    assert "damaged" in items["broken.pdf"].message
    assert "Unknown session code 'NOPE'" in items["jpn-4.txt"].message
    assert "not YYYY-MM-DD" in items["jpn-4.txt"].message
    assert "title is empty" in items["jpn-4.txt"].message
    assert "does not hold it" in items["missing.txt"].message
    assert "Not listed in manifest.csv" in items["stray.txt"].message
    assert Statement.objects.count() == before + 3
    pdf = items["jpn-1.pdf"].statement
    assert pdf.title == "General statement" and pdf.session.code == "AHC-1"
    assert pdf.created_by == alice and pdf.document.name.endswith(".pdf")
    assert "inter-national" not in pdf.text and "international cooperation" in pdf.text
    assert (job.status, job.done, job.failed, job.total) == ("partial", 7, 4, 7)
    # The imported statements' extraction was queued as a second job, and ran.
    follow = Job.objects.get(pk=job.result["extraction_job"])
    assert follow.kind == "extract" and follow.status == "succeeded" and follow.total == 3
    assert Stance.objects.proposed().filter(statement=items["jpn-3.txt"].statement).count() == 4

    page = alice_client.get(reverse("jobs:job-detail", args=[job.pk]))
    assert page.status_code == 200
    assert b"Unknown session code" in page.content and b"jpn-1.pdf" in page.content


def test_the_same_text_again_is_a_duplicate_not_a_second_statement(alice_client, run_jobs):
    data = make_zip(
        {
            "manifest.csv": manifest(
                "a.txt,JPN,AHC-1,2022-03-01,First", "copy.txt,JPN,AHC-1,2022-03-01,Copy"
            ),
            "a.txt": TEXT.encode(),
            "copy.txt": TEXT.encode("utf-8-sig"),
        }
    )
    with run_jobs():
        upload(alice_client, data)
        upload(alice_client, data)

    first, second = Job.objects.filter(kind="import").order_by("pk")
    assert list(first.items.values_list("outcome", flat=True)) == ["imported", "duplicate"]
    assert list(second.items.values_list("outcome", flat=True)) == ["duplicate", "duplicate"]
    original = first.items.get(key="a.txt").statement
    assert second.items.get(key="a.txt").statement == original
    assert Statement.objects.filter(text=TEXT).count() == 1
    assert second.status == "succeeded" and "extraction_job" not in second.result


def test_staff_cannot_import_for_another_delegation(client, bob, media_root, run_jobs):
    client.force_login(bob)
    data = make_zip(
        {
            "manifest.csv": manifest("a.txt,JPN,AHC-1,,For Japan", "b.txt,FRA,AHC-1,,For France"),
            "a.txt": b"Japan supports international cooperation.",
            "b.txt": b"France supports international cooperation.",
        }
    )
    with run_jobs():
        upload(client, data)

    items = {i.key: i for i in JobItem.objects.filter(job__kind="import")}
    assert items["a.txt"].outcome == "refused"
    assert "may not add statements for JPN" in items["a.txt"].message
    assert items["b.txt"].outcome == "imported"


@pytest.mark.parametrize(
    "members,message",
    [
        ({"../evil.txt": b"x", "manifest.csv": manifest("a.txt,JPN,,,A")}, "outside its folder"),
        ({"/etc/x.txt": b"x", "manifest.csv": manifest("a.txt,JPN,,,A")}, "outside its folder"),
        ({"a.txt": b"no manifest"}, "no manifest.csv"),
        ({"manifest.csv": b"file,title\na.txt,A\n", "a.txt": b"x"}, "lacks the column"),
        ({"manifest.csv": b"file,delegation,session,date,title\n"}, "lists no files"),
    ],
    ids=["dot-dot", "absolute", "no-manifest", "columns", "empty"],
)
def test_unusable_archives_are_refused_before_anything_is_queued(alice_client, members, message):
    response = upload(alice_client, make_zip(members))

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["archive"])
    assert not Job.objects.exists()


def test_a_zip_bomb_is_refused(alice_client):
    bomb = make_zip({"manifest.csv": manifest("a.txt,JPN,,,A"), "a.txt": b"a" * (30 << 20)})
    response = upload(alice_client, bomb)
    assert "zip bomb" in str(response.context["form"].errors["archive"])
    assert not Job.objects.exists()


def test_a_member_bigger_than_an_upload_is_refused_alone(alice_client, settings, run_jobs):
    settings.UPLOAD_MAX_BYTES = 1000
    data = make_zip(
        {
            "manifest.csv": manifest("big.txt,JPN,,,Big", "small.txt,JPN,,,Small"),
            "big.txt": b"word " * 400,
            "small.txt": b"Japan supports international cooperation.",
        }
    )
    with run_jobs():
        upload(alice_client, data)
    items = {i.key: i for i in JobItem.objects.filter(job__kind="import")}
    assert items["big.txt"].outcome == "refused" and "over the" in items["big.txt"].message
    assert items["small.txt"].outcome == "imported"


def test_a_zip_holding_one_folder_is_read_from_that_folder(alice_client, run_jobs):
    data = make_zip(
        {
            "batch/manifest.csv": manifest("sub/a.txt,JPN,AHC-1,,A"),
            "batch/sub/a.txt": b"Japan supports international cooperation.",
        }
    )
    with run_jobs():
        upload(alice_client, data)
    assert JobItem.objects.get(job__kind="import").outcome == "imported"


def test_a_link_inside_the_archive_is_refused(alice_client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.csv", manifest("a.txt,JPN,,,A"))
        link = zipfile.ZipInfo("a.txt")
        link.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(link, "/etc/passwd")
    response = upload(alice_client, out.getvalue())
    assert "link" in str(response.context["form"].errors["archive"])


def test_a_busy_parser_retries_the_file_instead_of_refusing_it(alice_client, run_jobs, monkeypatch):
    from jobs import services
    from positions.documents import DocumentError
    from positions.parsing import BUSY

    real = services.extract_text_within_budget
    calls = []

    def busy_once(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 1:
            raise DocumentError(BUSY)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "extract_text_within_budget", busy_once)
    data = make_zip(
        {"manifest.csv": manifest("a.pdf,JPN,AHC-1,,A PDF"), "a.pdf": make_pdf(STATEMENT_PAGES)}
    )
    with run_jobs():
        upload(alice_client, data)

    item = JobItem.objects.get(job__kind="import")
    assert (item.outcome, item.attempts) == ("imported", 2)
    assert calls == ["a.pdf", "a.pdf"]


def test_a_file_with_a_statements_words_in_other_spacing_and_case_is_a_duplicate(
    alice_client, alice, run_jobs
):
    """The statement form's judgement of "the same text" (`Statement.objects.same_text_as`)."""
    from delegations.models import Delegation
    from positions.services import statement_create

    typed = statement_create(
        delegation=Delegation.objects.get(code="JPN"), title="Typed", text=TEXT, created_by=alice
    )
    retyped = " ".join(TEXT.split()).upper().replace(".", ";")
    data = make_zip(
        {
            "manifest.csv": manifest("a.txt,JPN,AHC-1,,Retyped", "b.txt,JPN,AHC-1,,Changed"),
            "a.txt": retyped.encode(),
            "b.txt": retyped.replace("STRONGLY ", "").encode(),
        }
    )
    with run_jobs():
        upload(alice_client, data)

    items = {item.key: item for item in Job.objects.get(kind="import").items.all()}
    assert (items["a.txt"].outcome, items["a.txt"].statement) == ("duplicate", typed)
    assert f"statement #{typed.pk}" in items["a.txt"].message
    assert items["b.txt"].outcome == "imported"  # a word less: another text


def test_an_empty_session_is_the_one_under_way_on_the_date(alice_client, run_jobs):
    data = make_zip(
        {
            "manifest.csv": manifest(
                "during.txt,JPN,,2023-01-10,During the fourth session",
                "between.txt,JPN,,2023-03-01,Between sessions",
                "undated.txt,JPN,,,No date",
            ),
            "during.txt": ("Statement one\n\n" + TEXT).encode(),
            "between.txt": ("Statement two\n\n" + TEXT).encode(),
            "undated.txt": ("Statement three\n\n" + TEXT).encode(),
        }
    )
    with run_jobs():
        upload(alice_client, data)
    items = {item.key: item for item in Job.objects.get(kind="import").items.all()}
    assert {key: item.outcome for key, item in items.items()} == dict.fromkeys(items, "imported")
    assert items["during.txt"].statement.session.code == "AHC-4"
    assert "Session AHC-4: the one under way on its date." in items["during.txt"].message
    assert items["between.txt"].statement.session is None
    assert items["undated.txt"].statement.session is None
    assert "Session" not in items["between.txt"].message
