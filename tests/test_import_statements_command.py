"""manage.py import_statements FOLDER: the bulk import from a folder with its manifest."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jobs.models import Job
from positions.models import Statement
from tests.documents import make_docx
from tests.review_helpers import TEXT

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_statements", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def folder(tmp_path, media_root):
    tmp_path = tmp_path / "batch"  # media_root is tmp_path / "media"
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "chn.docx").write_bytes(make_docx(TEXT.split("\n\n")))
    (tmp_path / "jpn.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,delegation,session,date,title,speaker\n"
        "jpn.txt,JPN,AHC-1,2022-03-01,Opening statement,Ambassador\n"
        "docs/chn.docx,CHN,AHC-2,2022-06-01,On chapter II,\n",
        encoding="utf-8",
    )
    return tmp_path


def test_imports_each_file_and_reports_it(folder, run_jobs):
    with run_jobs():  # the extraction job is queued when the import commits
        out = run(str(folder))

    lines = out.strip().splitlines()
    assert lines[0].startswith("jpn.txt: imported: Imported as statement #")
    assert lines[1].startswith("docs/chn.docx: imported:")
    assert lines[-1].startswith("Job #") and "2 files: 2 imported." in lines[-1]
    jpn = Statement.objects.get(title="Opening statement")
    assert (jpn.delegation.code, jpn.speaker, str(jpn.delivered_on)) == (
        "JPN",
        "Ambassador",
        "2022-03-01",
    )
    assert jpn.stances.proposed().exists()  # the extraction job ran (no broker: here)
    assert f"Extraction: job #{Job.objects.get(kind='extract').pk}." in lines[-1]
    assert Job.objects.filter(kind="extract", status="succeeded").count() == 1


def test_running_it_again_imports_nothing_twice(folder):
    run(str(folder))
    count = Statement.objects.count()

    out = run(str(folder))

    assert Statement.objects.count() == count
    assert "2 files: 2 duplicate." in out


def test_a_bad_file_is_reported_and_the_command_fails_after_the_good_ones(folder):
    (folder / "bad.txt").write_bytes(b"caf\xe9 in Latin-1")
    with open(folder / "manifest.csv", "a", encoding="utf-8") as manifest:
        manifest.write("bad.txt,JPN,AHC-1,,Latin-1 file\n")

    with pytest.raises(CommandError, match="1 file"):
        run(str(folder))

    assert Statement.objects.filter(title__in=["Opening statement", "On chapter II"]).count() == 2
    assert not Statement.objects.filter(title="Latin-1 file").exists()


def test_a_folder_without_manifest_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no manifest.csv"):
        run(str(tmp_path))
