"""Junk in the query string or a form answers 4xx or the page, never 500: ids and numbers are
parsed once (common/parsing.py), NUL bytes are refused before any view (common/middleware.py)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from common.parsing import parse_id, parse_ids, parse_int
from positions.models import Stance, Statement
from tests.review_helpers import make_statement, personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value", ["²", "³", "¹²", "٣", "-1", "0", "1.0", "1e3", " ", "", "1_000", "9" * 40, None, "x"]
)
def test_parse_id_refuses_what_is_not_ascii_digits(value):
    assert parse_id(value) is None


def test_parse_helpers_take_ascii_digits():
    assert parse_id("42") == 42
    assert parse_ids(["3", "²", "3", "x", "7"]) == [3, 7]
    assert parse_int("-1") == -1
    assert parse_int("-1", 25, minimum=1) == 25
    assert parse_int("²", 25) == 25


@pytest.fixture
def people():
    return personas()


@pytest.fixture
def alice_client(client, people):
    client.force_login(people["alice"])
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/stances/provisions/?q=²",
        "/stances/provisions/?q=art ³9",
        "/stances/new/?statement=²",
        "/stances/new/?statement=99999999999999999999999",
        "/review/?statement=²&per_page=²",
        "/review/?per_page=-1&page=-1",
        "/delegations/?per_page=-1",
        "/delegations/?per_page=0&page=-3",
        "/delegations/?per_page=²",
        "/provisions/?per_page=-1",
        "/stances/?per_page=-1",
        "/stances/?page=²",
        "/statements/?page=-1",
        "/statements/?delegation=²",
    ],
)
def test_junk_numbers_in_the_query_string_answer_no_server_error(alice_client, url):
    response = alice_client.get(url)
    assert response.status_code < 500


def test_superscript_stance_ids_in_bulk_accept_are_ignored(alice_client):
    statement = make_statement("JPN")
    before = list(Stance.objects.values_list("pk", "status", "version"))
    response = alice_client.post(
        reverse("positions:review-bulk-accept"), {"stance": ["²", "-1", "1²"], "version-1": "²"}
    )
    assert response.status_code == 302
    assert list(Stance.objects.values_list("pk", "status", "version")) == before
    assert statement.stances.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/stances/provisions/?q=%00",
        "/delegations/%00/",
        "/statements/?q=a%00b",
        "/stances/?q=%00",
        "/review/?delegation=%00",
        "/provisions/%00/",
    ],
)
def test_nul_bytes_in_the_url_are_refused_with_400(alice_client, url):
    response = alice_client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_nul_byte_in_a_form_field_is_refused_and_saves_nothing(alice_client, people):
    before = Statement.objects.count()
    response = alice_client.post(
        reverse("positions:statement-create"),
        {
            "delegation": people["alice"].delegate.delegation_id,
            "language": "en",
            "title": "Bad\x00title",
            "text": "Some text.",
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert Statement.objects.count() == before


def test_nul_byte_at_sign_in_is_refused(client):
    response = client.post(reverse("login"), {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400


def test_a_256_character_username_at_sign_in_is_a_failed_sign_in(client):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "u" * 256, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "u" * 255


def test_pasted_text_over_the_upload_limit_is_refused_with_a_message(alice_client, people):
    before = Statement.objects.count()
    response = alice_client.post(
        reverse("positions:statement-create"),
        {
            "delegation": people["alice"].delegate.delegation_id,
            "language": "en",
            "title": "Too long",
            "text": "word " * 400_001,
            "save": "1",
        },
    )
    assert response.status_code == 200
    assert "at most 2,000,000" in response.context["form"].errors["text"][0]
    assert Statement.objects.count() == before


@override_settings(DEBUG=False)
def test_junk_answers_are_not_server_errors_with_debug_off(alice_client):
    assert alice_client.get("/delegations/?per_page=-1").status_code < 500


def test_a_txt_mentioning_pdf_in_its_first_kilobyte_is_text():
    from positions.documents import DocumentError, extract_text

    data = b"Notes on the upload form.\nA file starting with %PDF-1.7 is a PDF.\n"
    extracted = extract_text(data, "notes.txt", max_bytes=10**6)
    assert extracted.kind == "txt" and "%PDF-1.7" in extracted.text
    # A file that starts with the PDF header is still refused as .txt ...
    with pytest.raises(DocumentError, match="content is a PDF"):
        extract_text(b"%PDF-1.7\n...", "renamed.txt", max_bytes=10**6)
    # ... and a .pdf may still have a few bytes before its header, as readers allow.
    from positions.documents import sniff_kind

    assert sniff_kind(b"\r\n%PDF-1.7\n", extension=".pdf") == "pdf"
    assert sniff_kind(b"\r\n%PDF-1.7\n", extension=".txt") == "txt"
