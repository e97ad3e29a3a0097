"""positions.documents: text out of real .txt, .pdf and .docx files, and every way one is refused."""

import pytest

from positions.documents import DocumentError, clean_pdf_pages, extract_text, sniff_kind
from tests.documents import (
    STATEMENT_PAGES,
    encrypt_pdf,
    make_docx,
    make_pdf,
    make_scanned_pdf,
    make_zip,
    make_zip_bomb,
)

LIMIT = 10 * 1024 * 1024


def extract(data: bytes, name: str, **kwargs):
    return extract_text(data, name, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)


def test_pdf_text_is_cleaned_of_headers_footers_page_numbers_and_hyphenation():
    result = extract(make_pdf(STATEMENT_PAGES), "statement.pdf")
    assert result.kind == "pdf" and result.pages == 2
    text = result.text
    assert "A/AC.291/CRP.10" not in text  # running header
    assert "Page 1" not in text and "Page 2" not in text  # footers
    assert "international cooperation" in text  # "inter-" + "national"
    assert "freedom of expression" in text
    assert "non-State actors" in text  # a real compound keeps its hyphen
    assert "we can support it with appropriate safeguards." in text  # reflowed
    assert text.startswith("Statement by the Representative of Japan\n\n")


def test_bare_page_numbers_are_dropped():
    pages = ["1\nJapan supports article 39 as drafted.", "- 2 -\nWe thank the Chair."]
    text = clean_pdf_pages(pages)
    assert text == "Japan supports article 39 as drafted.\n\nWe thank the Chair."


def test_docx_paragraphs_are_extracted():
    data = make_docx(["Statement of Japan", "", "Japan supports article 39."])
    result = extract(data, "statement.docx")
    assert result.kind == "docx"
    assert result.text == "Statement of Japan\n\nJapan supports article 39."


@pytest.mark.parametrize(
    "data",
    [
        "Japan supports the convention — “fully”.".encode(),
        "\ufeffJapan supports the convention — “fully”.".encode(),
        "Japan supports the convention — “fully”.".encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom"],
)
def test_text_files_in_utf8_or_utf16_are_read(data):
    assert extract(data, "s.txt").text == "Japan supports the convention — “fully”."


def test_windows_line_endings_and_blank_runs_are_normalised():
    text = extract(b"One.\r\n\r\n\r\n\r\nTwo.  \r\n", "s.txt").text
    assert text == "One.\n\nTwo."


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "s.txt", "empty"),
        (b"   \n\n", "s.txt", "no text"),
        ("Déclaration de la France".encode("cp1252"), "s.txt", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "s.pdf", "PNG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "s.txt", "PNG image"),
        (b"\x00\x01\x02binary\x00" * 50, "s.txt", "not text"),
        (b"Plain words, not a PDF at all.", "s.pdf", "content is text"),
        (b"Plain words, not a Word file.", "s.docx", "not a zip archive"),
        (b"hello", "s.exe", "Upload a .txt, .pdf or .docx"),
        (b"%PDF-1.4\nthis is not really a pdf\n%%EOF", "s.pdf", "damaged"),
        (make_zip({"hello.txt": b"hi"}), "s.docx", "not a Word document"),
        (make_zip({"word/document.xml": b"<not-xml"}), "s.docx", "damaged"),
        (make_zip_bomb(), "s.docx", "zip bomb"),
    ],
    ids=[
        "empty",
        "blank",
        "cp1252",
        "png-named-pdf",
        "png-named-txt",
        "binary-named-txt",
        "text-named-pdf",
        "text-named-docx",
        "unknown-extension",
        "corrupt-pdf",
        "zip-not-docx",
        "corrupt-docx",
        "zip-bomb",
    ],
)
def test_unusable_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(DocumentError, match=message):
        extract(data, name)


def test_truncated_pdf_is_refused_as_damaged():
    data = make_pdf(STATEMENT_PAGES)
    with pytest.raises(DocumentError, match="damaged|no text layer"):
        extract(data[: len(data) // 3], "s.pdf")


def test_encrypted_pdf_is_refused():
    with pytest.raises(DocumentError, match="password-protected"):
        extract(encrypt_pdf(make_pdf(STATEMENT_PAGES)), "s.pdf")


def test_pdf_encrypted_without_an_open_password_is_read():
    text = extract(encrypt_pdf(make_pdf(STATEMENT_PAGES), password=""), "s.pdf").text
    assert "international cooperation" in text


def test_scanned_pdf_without_text_layer_is_refused():
    with pytest.raises(DocumentError, match="no text layer"):
        extract(make_scanned_pdf(), "scan.pdf")


def test_oversize_file_is_refused():
    with pytest.raises(DocumentError, match="over the"):
        extract(b"a" * 2048, "s.txt", max_bytes=1024)


def test_pdf_over_the_page_limit_is_refused():
    data = make_pdf([["A line of text on each page of a long document."]] * 5)
    with pytest.raises(DocumentError, match="5 pages; the limit is 3"):
        extract(data, "s.pdf", max_pdf_pages=3)


def test_type_is_judged_by_content():
    assert sniff_kind(make_pdf(STATEMENT_PAGES)) == "pdf"
    assert sniff_kind(make_docx(["x"])) == "docx"
    assert sniff_kind(b"plain") == "txt"
    assert sniff_kind(make_zip({"a": b"b"})) == "zip"
