"""Big exports as jobs (eager, no broker): the stance table's file written by a job, its page,
its download (owner and admins only), the offer on the stance table, and the clean-up.

The same export through a real broker and worker: tests/test_jobs_broker.py.
"""

import datetime
import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from jobs.exports import job_export_create, job_exports_clean
from jobs.models import Job
from positions.models import Stance
from tests.conftest import make_user
from tests.stance_factory import stance_make

pytestmark = pytest.mark.django_db

QUERY = "delegation=JPN&sort=-stated_on"


@pytest.fixture
def stances():
    return [
        stance_make("JPN", "art-6", "support", stated_on="2023-01-10"),
        stance_make("JPN", "art-7", "oppose", stated_on="2023-02-10", evidence="=HYPERLINK(1)"),
        stance_make("FRA", "art-6", "oppose"),
    ]


def queue_export(client, run_jobs, *, export_format="csv", query=QUERY) -> Job:
    with run_jobs():
        response = client.post(
            reverse("jobs:export-create"), {"query": query, "format": export_format}
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job-detail", args=[job.pk])
    return job


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_export_job_writes_exactly_what_the_table_exports(
    analyst_client, charlie, stances, run_jobs, media_root
):
    interactive = analyst_client.get(reverse("analysis:stance-list") + f"?{QUERY}&_export=csv")

    job = queue_export(analyst_client, run_jobs, query=QUERY + "&page=3&_export=xlsx")

    job.refresh_from_db()
    expected = downloaded(interactive)
    rows = len(expected.decode("utf-8-sig").splitlines()) - 1
    assert rows > 2  # the seed data's Japanese stances and ours
    assert (job.kind, job.status, job.owner) == ("export", "succeeded", charlie)
    assert job.done == job.total == job.result["rows"] == rows
    assert job.params == {"query": QUERY, "format": "csv"}  # paging parameters dropped
    assert job.result["bytes"] == job.file.size
    response = analyst_client.get(reverse("jobs:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = downloaded(response)
    assert content == expected
    assert "'=HYPERLINK(1)" in content.decode()  # formula escaped, as in the table's export
    page = analyst_client.get(reverse("jobs:job-detail", args=[job.pk]))
    assert reverse("jobs:job-download", args=[job.pk]) in page.content.decode()
    assert f"{rows} of {rows} rows written" in page.content.decode()


def test_the_file_is_stored_under_an_unguessable_name(
    analyst_client, stances, run_jobs, media_root
):
    first = queue_export(analyst_client, run_jobs)
    Job.objects.all().delete()
    second = queue_export(analyst_client, run_jobs)

    folder_1, folder_2 = (job.file.name.split("/")[2] for job in (first, second))
    assert first.file.name.startswith("jobs/exports/") and len(folder_1) >= 40
    assert folder_1 != folder_2
    assert first.file.name.endswith(".csv")


@pytest.mark.parametrize("export_format", ["json", "xlsx"])
def test_json_and_xlsx_exports_as_jobs(
    analyst_client, stances, run_jobs, media_root, export_format
):
    job = queue_export(analyst_client, run_jobs, export_format=export_format)

    job.refresh_from_db()
    table = analyst_client.get(reverse("analysis:stance-list") + f"?{QUERY}&_export=json")
    expected = json.loads(downloaded(table))
    assert (job.status, job.result["rows"]) == ("succeeded", len(expected))
    content = downloaded(analyst_client.get(reverse("jobs:job-download", args=[job.pk])))
    if export_format == "json":
        assert json.loads(content) == expected
        assert expected[0]["provision"] == "art-7"  # our newest Japanese stance first
    else:
        assert content.startswith(b"PK")  # a zip: the workbook


def test_only_the_owner_and_admins_may_download(
    client, analyst_client, stances, run_jobs, media_root, alice, admin_user
):
    job = queue_export(analyst_client, run_jobs)
    url = reverse("jobs:job-download", args=[job.pk])

    client.force_login(alice)
    assert client.get(url).status_code == 404
    assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404
    client.force_login(make_user("dora", "analyst"))
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_invalid_filters_fail_the_job_with_the_reason(
    analyst_client, stances, run_jobs, media_root
):
    job = queue_export(analyst_client, run_jobs, query="delegation=NOWHERE")

    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert job.errors[0].startswith("The filters are not valid (delegation:")


def test_an_unknown_format_is_refused(analyst_client, stances):
    response = analyst_client.post(reverse("jobs:export-create"), {"query": "", "format": "pdf"})

    assert response.status_code == 302 and not Job.objects.exists()


def test_running_a_finished_export_again_changes_nothing(
    analyst_client, stances, run_jobs, media_root
):
    from jobs.tasks import job_export

    job = queue_export(analyst_client, run_jobs)
    job.refresh_from_db()
    before = Job.objects.values().get(pk=job.pk)

    job_export.apply(args=[job.pk])  # the message delivered twice

    assert Job.objects.values().get(pk=job.pk) == before
    assert len(list((media_root / "jobs" / "exports").iterdir())) == 1


def test_old_export_files_are_deleted_and_the_job_says_so(
    analyst_client, stances, run_jobs, media_root, settings
):
    settings.JOBS_EXPORT_KEEP_HOURS = 24
    job = queue_export(analyst_client, run_jobs)
    job.refresh_from_db()
    name = job.file.name

    assert job_exports_clean(now=timezone.now() + datetime.timedelta(hours=23)) == 0
    assert job_exports_clean(now=timezone.now() + datetime.timedelta(hours=25)) == 1

    job.refresh_from_db()
    assert not job.file and job.result["expired"] and not default_storage.exists(name)
    assert analyst_client.get(reverse("jobs:job-download", args=[job.pk])).status_code == 404
    page = analyst_client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "The file was deleted 24 hours after it was made" in page


def test_the_stance_table_offers_the_job_above_the_threshold(analyst_client, stances, settings):
    url = reverse("analysis:stance-list") + f"?{QUERY}&page=1"
    table = analyst_client.get(reverse("analysis:stance-list") + f"?{QUERY}&_export=json")
    rows = len(json.loads(downloaded(table)))
    settings.JOBS_EXPORT_OFFER_ROWS = rows
    assert 'id="export-job-form"' not in analyst_client.get(url).content.decode()

    settings.JOBS_EXPORT_OFFER_ROWS = rows - 1
    page = analyst_client.get(url).content.decode()

    assert 'id="export-job-form"' in page
    assert 'name="query" value="delegation=JPN&amp;sort=-stated_on"' in page


def test_a_job_created_in_code_is_queued_after_commit(charlie, stances, run_jobs, media_root):
    with run_jobs():
        job = job_export_create(owner=charlie, query="", export_format="csv")
    job.refresh_from_db()

    assert job.status == "succeeded"
    assert job.result["rows"] == Stance.objects.count() > 3  # the table lists every stance
    with pytest.raises(ValueError):
        job_export_create(owner=charlie, query="", export_format="pdf")
