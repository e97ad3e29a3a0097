"""Real statement documents made in the tests: PDFs (fpdf2), Word files (python-docx), zips."""

import io
import zipfile

from docx import Document
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter


class _StatementPDF(FPDF):
    running_header = "A/AC.291/CRP.10 - Statement of Japan"

    def header(self):
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, self.running_header, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pdf(pages: list[list[str]], *, header: bool = True) -> bytes:
    """A PDF whose pages hold these lines exactly (one text line per item), with a running header
    and "Page N of M" footer unless `header` is false."""
    pdf = _StatementPDF() if header else FPDF()
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_scanned_pdf() -> bytes:
    """A PDF with pictures and shapes but no text layer, like a scan."""
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        for row in range(20):
            pdf.rect(20, 20 + row * 10, 170 - (row % 3) * 20, 4, style="F")
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def make_zip_bomb() -> bytes:
    """A .docx-shaped zip whose document.xml inflates about a thousand times."""
    return make_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b" " * (20 * 1024 * 1024) + b"</w:document>",
        }
    )


STATEMENT_PAGES = [
    [
        "Statement by the Representative of Japan",
        "",
        "Thank you, Madam Chair. Japan supports the inclusion of a robust chapter on inter-",
        "national cooperation, including mutual legal assistance, in the convention.",
        "",
        "Japan opposes broad content-related offences that could restrict freedom of ex-",
        "pression and the work of journalists and human rights defenders.",
    ],
    [
        "On the transfer of criminal proceedings, we believe the non-",
        "State actors question needs careful drafting, and we can support it",
        "with appropriate safeguards.",
        "",
        "I thank you.",
    ],
]


def make_hostile_pdf(pages: int = 300, stream_bytes: int = 2 * 1024 * 1024) -> bytes:
    """A small PDF that is slow to read: `pages` pages sharing one content stream of
    `stream_bytes` of path-drawing operators (moveto/lineto/stroke), deflated to a few tens
    of kilobytes. Every page makes a text extractor parse the whole stream again."""
    import zlib

    chunk = b"10 10 m 20 20 l 30 10 l h S\n"
    text = b"BT /F1 12 Tf 72 770 Td (Statement) Tj ET\n"  # one line of text: parsed, not skipped
    content = zlib.compress(text + chunk * (stream_bytes // len(chunk)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypt_pdf_aes(data: bytes, *, user_password: str = "") -> bytes:
    """The PDF encrypted with AES-256; with an empty user password it opens without one
    (restriction-only encryption, as many published statements are)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-pass", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
