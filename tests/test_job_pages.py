"""/jobs/ and /jobs/<id>/: who sees which jobs, progress and report; new extraction jobs."""

import pytest
from django.urls import reverse

from jobs.models import Job, JobItem
from jobs.services import job_extract_create
from positions.models import Statement

pytestmark = pytest.mark.django_db


def a_job(owner, n=2):
    ids = Statement.objects.order_by("pk").values_list("pk", flat=True)[:n]
    return job_extract_create(owner=owner, statements=ids, description="Extract two")


def test_staff_see_their_own_jobs_and_admins_all(client, alice, bob, admin_user):
    mine, theirs = a_job(alice), a_job(bob)

    client.force_login(alice)
    page = client.get(reverse("jobs:job-list"))
    assert list(page.context["page"].object_list) == [mine]
    assert client.get(reverse("jobs:job-detail", args=[theirs.pk])).status_code == 404

    client.force_login(admin_user)
    page = client.get(reverse("jobs:job-list"))
    assert set(page.context["page"].object_list) == {mine, theirs}
    assert client.get(reverse("jobs:job-detail", args=[theirs.pk])).status_code == 200


def test_analysts_see_only_their_own_jobs_and_cannot_start_any(client, charlie, alice):
    job = a_job(alice)
    client.force_login(charlie)
    page = client.get(reverse("jobs:job-list"))
    assert page.status_code == 200 and not page.context["page"].object_list
    assert b"Bulk import" not in page.content and b"extract-form" not in page.content
    assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:import-create")).status_code == 403
    assert client.post(reverse("jobs:extract-create"), {"delegation": "JPN"}).status_code == 403


@pytest.mark.parametrize("persona", ["alice", "charlie"])
def test_the_navigation_links_the_jobs_page(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert b'href="/jobs/"' in client.get(reverse("home")).content


def test_a_queued_job_page_shows_progress_and_refreshes(client, alice):
    job = a_job(alice)
    client.force_login(alice)
    response = client.get(reverse("jobs:job-detail", args=[job.pk]))
    assert response.status_code == 200
    assert b'http-equiv="refresh"' in response.content
    assert b"0 of 2 done" in response.content


def test_staff_queue_extraction_for_their_delegation(client, alice, run_jobs):
    client.force_login(alice)
    with run_jobs():
        response = client.post(reverse("jobs:extract-create"), {"delegation": "JPN"})

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    japan = Statement.objects.active().filter(delegation__code="JPN").count()
    assert (job.status, job.total, job.owner) == ("succeeded", japan, alice)
    assert job.result["statements"] == japan
    page = client.get(reverse("jobs:job-detail", args=[job.pk]))
    assert b'http-equiv="refresh"' not in page.content and b"Done" in page.content


def test_staff_cannot_queue_all_or_another_delegation(client, bob):
    client.force_login(bob)
    client.post(reverse("jobs:extract-create"), {})
    client.post(reverse("jobs:extract-create"), {"delegation": "JPN"})
    assert not Job.objects.exists()


def test_admins_queue_every_statement(admin_client, run_jobs):
    with run_jobs():
        admin_client.post(reverse("jobs:extract-create"), {})
    job = Job.objects.get()
    assert job.total == Statement.objects.active().count()
    assert job.items.filter(status=JobItem.Status.DONE).count() == job.total


def test_job_pages_query_budget(client, alice, django_assert_max_num_queries):
    for _ in range(3):
        a_job(alice)
    client.force_login(alice)
    with django_assert_max_num_queries(10):
        client.get(reverse("jobs:job-list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("jobs:job-detail", args=[Job.objects.first().pk]))
