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
