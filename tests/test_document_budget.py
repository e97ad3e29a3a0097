"""Parsing an uploaded document has a budget: a hostile PDF is refused with a message within
its limits while other requests are served; encrypted PDFs are read or refused clearly."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from common.budget import BudgetExceeded, call_with_budget
from positions.documents import DocumentError
from positions.models import Statement
from positions.parsing import extract_text_within_budget
from tests.documents import (
    STATEMENT_PAGES,
    encrypt_pdf_aes,
    make_hostile_pdf,
    make_pdf,
)

URL = reverse("positions:statement-create")
CPU_SECONDS = 2
TIMEOUT_SECONDS = 6


@pytest.fixture
def budget(settings):
    """Room for ordinary documents even on a busy machine (the child runs at low priority)."""
    settings.DOCUMENT_PARSE_CPU_SECONDS = 20
    settings.DOCUMENT_PARSE_TIMEOUT_SECONDS = 120
    settings.DOCUMENT_PARSE_MEMORY_MB = 768


@pytest.fixture
def tight_budget(settings):
    settings.DOCUMENT_PARSE_CPU_SECONDS = CPU_SECONDS
    settings.DOCUMENT_PARSE_TIMEOUT_SECONDS = TIMEOUT_SECONDS
    settings.DOCUMENT_PARSE_MEMORY_MB = 768


def extract(data: bytes, name: str):
    return extract_text_within_budget(data, name, max_bytes=10 * 1024 * 1024, max_pdf_pages=300)


def test_hostile_pdf_is_refused_within_the_budget_while_other_requests_are_served(
    client, alice, media_root, tight_budget, capsys
):
    hostile = make_hostile_pdf()  # 300 pages sharing one 2 MB content stream
    assert len(hostile) < 100_000
    client.force_login(alice)
    before = Statement.objects.count()

    served: list[float] = []
    stop = threading.Event()

    def other_requests():
        # The sign-in page needs no database: another visitor meanwhile.
        other = Client()
        while not stop.is_set():
            started = time.monotonic()
            response = other.get(reverse("login"))
            assert response.status_code == 200
            served.append(time.monotonic() - started)

    visitor = threading.Thread(target=other_requests)
    visitor.start()
    started = time.monotonic()
    try:
        response = client.post(
            URL,
            {
                "delegation": alice.delegate.delegation_id,
                "language": "en",
                "title": "Drawings",
                "upload": SimpleUploadedFile("drawings.pdf", hostile, "application/pdf"),
                "preview": "1",
            },
        )
    finally:
        elapsed = time.monotonic() - started
        stop.set()
        visitor.join()

    assert response.status_code == 200
    # (not response.context: the other thread's renders are recorded there too)
    assert b"took too long to read" in response.content
    assert Statement.objects.count() == before
    # Bounded by the budget, not by the document (reading it all takes minutes); the margin is
    # for a busy machine, where starting the child and the request itself take seconds.
    assert elapsed < TIMEOUT_SECONDS * 3
    assert served, "no other request was served while the PDF was parsed"
    served.sort()
    assert served[len(served) // 2] < 1.0  # the median visitor barely noticed
    with capsys.disabled():
        print(
            f"\nhostile PDF ({len(hostile):,} bytes, 300 pages) refused in {elapsed:.2f} s "
            f"(CPU budget {CPU_SECONDS} s); {len(served)} other requests served meanwhile, "
            f"median {served[len(served) // 2] * 1000:.0f} ms, slowest {served[-1] * 1000:.0f} ms"
        )


def test_an_ordinary_pdf_is_read_in_the_child_process(budget):
    extracted = extract(make_pdf(STATEMENT_PAGES), "japan.pdf")
    assert extracted.kind == "pdf" and extracted.pages == 2
    assert "international cooperation" in extracted.text


def test_aes_encrypted_pdf_with_an_empty_user_password_is_read(budget):
    data = encrypt_pdf_aes(make_pdf(STATEMENT_PAGES), user_password="")
    extracted = extract(data, "restricted.pdf")
    assert "international cooperation" in extracted.text


def test_aes_encrypted_pdf_that_needs_a_password_gets_a_message(budget):
    data = encrypt_pdf_aes(make_pdf(STATEMENT_PAGES), user_password="secret")
    with pytest.raises(DocumentError, match="password-protected"):
        extract(data, "locked.pdf")


def test_aes_encrypted_pdf_upload_answers_the_form_not_a_server_error(
    client, alice, media_root, budget
):
    client.force_login(alice)
    data = encrypt_pdf_aes(make_pdf(STATEMENT_PAGES), user_password="")
    response = client.post(
        URL,
        {
            "delegation": alice.delegate.delegation_id,
            "language": "en",
            "title": "Restricted",
            "upload": SimpleUploadedFile("restricted.pdf", data, "application/pdf"),
            "preview": "1",
        },
    )
    assert response.status_code == 200
    assert "international cooperation" in response.context["form"]["text"].value()


def test_the_child_is_stopped_at_its_memory_limit():
    with pytest.raises(BudgetExceeded) as exceeded:
        call_with_budget(
            "tests.budget_targets:allocate",
            cpu_seconds=5,
            memory_mb=300,
            timeout_seconds=20,
            kwargs={"megabytes": 1000},
        )
    assert exceeded.value.limit == "memory"


def test_the_child_is_stopped_at_the_wall_clock_timeout():
    started = time.monotonic()
    with pytest.raises(BudgetExceeded) as exceeded:
        call_with_budget(
            "tests.budget_targets:sleep",
            cpu_seconds=5,
            memory_mb=300,
            timeout_seconds=1,
            kwargs={"seconds": 30},
        )
    assert exceeded.value.limit == "time"
    assert time.monotonic() - started < 5


def test_the_child_runs_under_cpu_and_memory_limits_at_a_lower_priority():
    # (Waiting for SIGXCPU itself is slow and timing-dependent on a busy machine: the limit
    # counts CPU seconds, which a low-priority child accrues slowly.)
    answer = call_with_budget(
        "tests.budget_targets:limits",
        cpu_seconds=3,
        memory_mb=400,
        timeout_seconds=30,
        kwargs={},
    )
    assert answer["cpu"] == [3, 4]
    assert answer["memory"] == [400 * 1024 * 1024] * 2
    assert answer["nice"] >= 5


def test_a_child_killed_at_its_cpu_limit_is_reported_as_over_budget():
    with pytest.raises(BudgetExceeded) as exceeded:
        call_with_budget(
            "tests.budget_targets:exceed_cpu",
            cpu_seconds=3,
            memory_mb=400,
            timeout_seconds=30,
            kwargs={},
        )
    assert exceeded.value.limit == "CPU"


def test_parsing_takes_at_most_its_slots_and_a_further_upload_is_told_to_retry(
    budget, media_root, settings
):
    from positions.parsing import _parse_slot

    settings.DOCUMENT_PARSE_CONCURRENCY = 1
    with _parse_slot():  # another worker is reading a document
        started = time.monotonic()
        with pytest.raises(DocumentError, match="reading other documents"):
            extract(make_pdf(STATEMENT_PAGES), "japan.pdf")
        assert time.monotonic() - started < 5
    assert "international cooperation" in extract(make_pdf(STATEMENT_PAGES), "japan.pdf").text
