"""/statements/new/ with an uploaded document: check the extracted text, then save; bad files
save nothing and keep every typed field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from positions.models import Statement
from tests.documents import (
    STATEMENT_PAGES,
    encrypt_pdf,
    make_docx,
    make_pdf,
    make_scanned_pdf,
    make_zip,
    make_zip_bomb,
)

URL = reverse("positions:statement-create")


@pytest.fixture
def staff_client(client, alice, media_root):
    client.force_login(alice)
    return client


def fields(**extra):
    data = {
        "delegation": alice_delegation_pk(),
        "session": "",
        "agenda_item": "General debate",
        "speaker": "Mr. Taro Example, Deputy Director",
        "delivered_on": "2023-01-10",
        "language": "en",
        "title": "Statement of Japan on chapter IV",
        "source_url": "https://example.org/japan.pdf",
        "text": "",
    }
    data.update(extra)
    return data


def alice_delegation_pk():
    from delegations.models import Delegation

    return Delegation.objects.get(code="JPN").pk


def test_uploaded_pdf_text_is_shown_for_checking_then_saved_with_the_file(staff_client, alice):
    before = Statement.objects.count()
    upload = SimpleUploadedFile("japan.pdf", make_pdf(STATEMENT_PAGES), "application/pdf")
    response = staff_client.post(URL, fields(upload=upload, preview="1"))
    assert response.status_code == 200
    assert Statement.objects.count() == before  # nothing saved at the checking step
    form = response.context["form"]
    text = form["text"].value()
    assert "international cooperation" in text and "Page 1" not in text
    assert form["pending_document"].value()
    assert b"extracted from the PDF file (2 pages)" in response.content

    data = fields(text=text + "\n\n(checked)", pending_document=form["pending_document"].value())
    response = staff_client.post(URL, {**data, "save": "1"})
    assert response.status_code == 302
    statement = Statement.objects.latest("pk")
    assert statement.text.endswith("(checked)")
    assert statement.created_by == alice
    assert statement.document.name.endswith(".pdf")
    assert statement.document.read().startswith(b"%PDF-")
    assert statement.history.get().history_user == alice


def test_uploaded_docx_text_is_extracted(staff_client):
    data = make_docx(["Statement of Japan", "Japan supports article 39."])
    upload = SimpleUploadedFile("japan.docx", data)
    response = staff_client.post(URL, fields(upload=upload))
    assert response.status_code == 200
    assert response.context["form"]["text"].value() == (
        "Statement of Japan\n\nJapan supports article 39."
    )


def test_pasted_text_saves_in_one_step(staff_client):
    response = staff_client.post(URL, fields(text="Japan supports article 39.", save="1"))
    assert response.status_code == 302
    assert Statement.objects.latest("pk").text == "Japan supports article 39."


def test_no_text_and_no_file_is_a_form_error(staff_client):
    before = Statement.objects.count()
    response = staff_client.post(URL, fields(save="1"))
    assert response.status_code == 200
    assert "Paste the statement" in str(response.context["form"].errors["text"])
    assert Statement.objects.count() == before


BAD_FILES = {
    "wrong-type": ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
    "text-named-pdf": ("statement.pdf", b"Just some words.", "content is text"),
    "corrupt-pdf": ("statement.pdf", b"%PDF-1.7\n1 0 obj <<\n garbage", "damaged"),
    "encrypted-pdf": ("statement.pdf", None, "password-protected"),
    "scanned-pdf": ("scan.pdf", None, "no text layer"),
    "empty": ("statement.txt", b"", "empty"),
    "docx-not-zip": ("statement.docx", b"I am not a zip", "not a zip archive"),
    "zip-bomb": ("statement.docx", None, "zip bomb"),
    "zip-not-docx": ("statement.docx", make_zip({"a.txt": b"x"}), "not a Word document"),
    "cp1252-text": ("statement.txt", "Déclaration".encode("cp1252"), "not UTF-8"),
}


def bad_file(kind):
    name, data, message = BAD_FILES[kind]
    if kind == "encrypted-pdf":
        data = encrypt_pdf(make_pdf(STATEMENT_PAGES))
    elif kind == "scanned-pdf":
        data = make_scanned_pdf()
    elif kind == "zip-bomb":
        data = make_zip_bomb()
    return name, data, message


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_upload_saves_nothing_and_keeps_typed_fields(staff_client, kind, media_root):
    name, data, message = bad_file(kind)
    before = Statement.objects.count()
    upload = SimpleUploadedFile(name, data)
    response = staff_client.post(URL, fields(upload=upload, save="1"))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in str(form.errors["upload"])
    assert Statement.objects.count() == before
    assert not list(media_root.rglob("*.*"))  # no file kept either
    assert form["title"].value() == "Statement of Japan on chapter IV"
    assert form["speaker"].value() == "Mr. Taro Example, Deputy Director"
    assert form["delivered_on"].value() == "2023-01-10"
    assert form["source_url"].value() == "https://example.org/japan.pdf"
    assert b"Statement of Japan on chapter IV" in response.content


def test_oversize_upload_is_refused(staff_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    before = Statement.objects.count()
    upload = SimpleUploadedFile("big.txt", b"word " * 1000)
    response = staff_client.post(URL, fields(upload=upload))
    assert "over the 0.0 MB limit" in str(response.context["form"].errors["upload"])
    assert Statement.objects.count() == before


def test_tampered_pending_reference_is_refused(staff_client):
    before = Statement.objects.count()
    data = fields(text="Some text.", pending_document="statements/pending/x.pdf:forged")
    response = staff_client.post(URL, {**data, "save": "1"})
    assert response.status_code == 200
    assert "upload it again" in str(response.context["form"].non_field_errors())
    assert Statement.objects.count() == before


def test_a_file_uploaded_before_the_title_is_kept_and_the_title_suggested(staff_client):
    upload = SimpleUploadedFile("japan.pdf", make_pdf(STATEMENT_PAGES), "application/pdf")
    data = fields(title="", speaker="", delivered_on="", upload=upload, preview="1")
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    # The file is kept (a signed reference), its text shown, and the title taken from it.
    assert form["pending_document"].value()
    assert "international cooperation" in form["text"].value()
    assert form["title"].value() == "Statement by the Representative of Japan"
    assert response.context["suggested"] == ["title"]
    assert b"Suggested from the document: the title." in response.content
    assert b"This field is required" not in response.content

    saved = staff_client.post(
        URL,
        {
            **fields(title=form["title"].value(), text=form["text"].value()),
            "pending_document": form["pending_document"].value(),
            "save": "1",
        },
    )
    assert saved.status_code == 302
    statement = Statement.objects.latest("pk")
    assert statement.title == "Statement by the Representative of Japan"
    assert statement.document.name.endswith(".pdf")


def test_typed_details_are_not_replaced_by_suggestions(staff_client):
    from provisions.models import Session

    ahc5 = Session.objects.get(code="AHC-5").pk  # not the session of the typed date
    upload = SimpleUploadedFile("japan.pdf", make_pdf(STATEMENT_PAGES), "application/pdf")
    response = staff_client.post(URL, fields(upload=upload, preview="1", session=ahc5))
    assert response.context["form"]["title"].value() == "Statement of Japan on chapter IV"
    assert response.context["form"]["session"].value() == str(ahc5)
    assert response.context["suggested"] == []


def test_the_session_under_way_on_the_date_is_suggested(staff_client):
    from provisions.models import Session

    upload = SimpleUploadedFile("japan.pdf", make_pdf(STATEMENT_PAGES), "application/pdf")
    response = staff_client.post(URL, fields(upload=upload, preview="1"))  # 10 January 2023
    assert response.context["suggested"] == ["session"]
    assert response.context["form"]["session"].value() == str(Session.objects.get(code="AHC-4").pk)
    assert b"Suggested from the document: the session." in response.content


@pytest.mark.parametrize("day", ["2023-03-01", "", "2023-02-30"])
def test_no_session_is_suggested_for_a_day_between_sessions_or_no_date(staff_client, day):
    upload = SimpleUploadedFile("japan.pdf", make_pdf(STATEMENT_PAGES), "application/pdf")
    data = fields(upload=upload, preview="1", delivered_on=day, title="T", speaker="S")
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    assert "session" not in response.context["suggested"]
    assert response.context["form"]["session"].value() in ("", None)


def test_the_edit_heading_shows_the_saved_title_not_the_typed_one(staff_client):
    statement = Statement.objects.get(session__code="AHC-1")
    url = reverse("positions:statement-edit", args=[statement.pk])
    response = staff_client.post(
        url, {**fields(title="An unsaved title", text=""), "version": statement.version}
    )
    assert response.status_code == 200  # no text: not saved
    html = response.content.decode()
    heading = html[html.index("<h1") : html.index("</h1>")]
    assert statement.title in heading and "An unsaved title" not in heading


def test_the_language_detected_in_a_document_is_shown_before_saving(staff_client):
    docx = make_docx(
        [
            "Declaración de la delegación de México",
            "Viena, 12 de enero de 2023",
            "México apoya el artículo 24 sobre condiciones y salvaguardias, que es indispensable "
            "para proteger los derechos humanos en todas las medidas procesales.",
            "No podemos aceptar la inclusión del traslado de actuaciones penales.",
        ]
    )
    upload = SimpleUploadedFile("mexico.docx", docx)
    data = fields(upload=upload, preview="1", title="", delivered_on="", speaker="")
    response = staff_client.post(URL, data)  # the form says "en", as it does by default
    form = response.context["form"]
    assert form["language"].value() == "es"
    assert form["delivered_on"].value() == "2023-01-12"
    assert response.context["suggested"] == ["title", "date", "language", "session"]
    assert b"the title, date, language, session." in response.content
