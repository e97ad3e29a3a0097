"""Text from an uploaded statement document (.txt, .pdf, .docx), with its failures explained.

Knows nothing of Django: bytes and a file name in, an `ExtractedText` out, or a `DocumentError`
whose message can be shown to the person who uploaded the file. The caller passes the limits.

How a file's type is decided (by content; the name must agree with it):
- PDF: the bytes start with `%PDF-`; a file named .pdf may also have it later within the first
  1 KB (as readers allow), but a .txt that merely mentions "%PDF-" near its start is text;
- .docx: a zip archive (`PK\\x03\\x04`) holding `word/document.xml`;
- .txt: anything else that decodes as UTF-8 (a BOM is dropped) or as UTF-16 with a byte-order
  mark, and is not binary (no NUL bytes or other control characters). Legacy 8-bit encodings
  (Windows-1252, Latin-1) are refused rather than guessed at: nearly any byte string decodes as
  one of them, so a guess would store mojibake silently; the message asks for UTF-8.
"""

import io
import logging
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass

logger = logging.getLogger(__name__)

EXTENSIONS = (".txt", ".pdf", ".docx")

# A .docx is a zip; these bound what we are willing to decompress before parsing it.
DOCX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
DOCX_MAX_RATIO = 100  # uncompressed / compressed, for members large enough to matter
DOCX_MAX_MEMBERS = 2000
# Extracted text longer than this is refused (a statement is tens of thousands of characters).
MAX_TEXT_CHARS = 2_000_000

# Signatures of common files people upload by mistake, to name them in the message.
_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\xd0\xcf\x11\xe0": "an old-style Word/Excel file (.doc/.xls); save it as .docx or PDF",
    b"{\\rtf": "an RTF file; save it as .docx or PDF",
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}


class DocumentError(Exception):
    """The upload cannot be used; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class ExtractedText:
    text: str
    kind: str  # "txt", "pdf" or "docx"
    pages: int | None = None  # PDF page count


def extract_text(
    data: bytes, filename: str, *, max_bytes: int, max_pdf_pages: int = 300
) -> ExtractedText:
    """Check an uploaded file and return its text, cleaned; raise `DocumentError` if unusable."""
    name = filename.lower()
    extension = next((ext for ext in EXTENSIONS if name.endswith(ext)), None)
    if extension is None:
        raise DocumentError("Upload a .txt, .pdf or .docx file.")
    if not data:
        raise DocumentError("The file is empty.")
    if len(data) > max_bytes:
        raise DocumentError(
            f"The file is {_megabytes(len(data))}, over the {_megabytes(max_bytes)} limit."
        )
    kind = sniff_kind(data, extension=extension)
    if kind != extension[1:]:
        raise DocumentError(_mismatch_message(extension, kind, data))
    if kind == "pdf":
        text, pages = pdf_text(data, max_pages=max_pdf_pages)
        return ExtractedText(text=text, kind=kind, pages=pages)
    if kind == "docx":
        return ExtractedText(text=docx_text(data), kind=kind)
    return ExtractedText(text=plain_text(data), kind=kind)


def extract_text_result(data: bytes, filename: str, *, max_bytes: int, max_pdf_pages: int) -> dict:
    """`extract_text` as a JSON-able dict, for a child process: the text, kind and pages, or
    {"error": message} for a `DocumentError`."""
    try:
        extracted = extract_text(data, filename, max_bytes=max_bytes, max_pdf_pages=max_pdf_pages)
    except DocumentError as error:
        return {"error": str(error)}
    return {"text": extracted.text, "kind": extracted.kind, "pages": extracted.pages}


def sniff_kind(data: bytes, *, extension: str = "") -> str:
    """ "pdf", "docx", "zip" (some other zip), "binary" or "txt", judged by content alone.

    Only a file named .pdf gets the readers' leeway of a `%PDF-` header later than byte 0.
    """
    if data.startswith(b"%PDF-") or (extension == ".pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "zip"
        except (zipfile.BadZipFile, ValueError):
            return "zip"
    if _binary_name(data) or _looks_binary(data):
        return "binary"
    return "txt"


def _mismatch_message(extension: str, kind: str, data: bytes) -> str:
    if kind == "binary":
        what = _binary_name(data) or "not text"
        return f"The file is named {extension} but is {what}. Upload a .txt, .pdf or .docx file."
    if extension == ".docx" and kind == "zip":
        return "The file is a zip archive but not a Word document (no word/document.xml)."
    if extension == ".docx":
        return "The file is named .docx but is not a Word document (it is not a zip archive)."
    described = {"pdf": "a PDF", "docx": "a Word document", "zip": "a zip archive", "txt": "text"}
    return (
        f"The file is named {extension} but its content is {described[kind]}. "
        "Rename it or upload the right file."
    )


def _binary_name(data: bytes) -> str | None:
    for signature, name in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return name
    return None


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\x0b")
    return controls > len(sample) * 0.01


# --- plain text ----------------------------------------------------------------------------


def plain_text(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; refuse anything else."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(
            "The text file is not UTF-8 (it may be in an older encoding such as Windows-1252). "
            "Save it as UTF-8 and upload it again, or paste the text instead."
        ) from None
    return _finish(text)


# --- Word ------------------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    """The paragraphs (and table cells) of a .docx, one paragraph per line, after zip checks."""
    _check_zip_is_safe(data)
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds (KeyError, XMLSyntaxError, ...)
        logger.info("Unreadable .docx: %r", error)
        raise DocumentError("The Word document is damaged and cannot be read.") from None
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text for cell in row.cells))
    text = "\n\n".join(part.strip() for part in paragraphs if part.strip())
    if not text:
        raise DocumentError("The Word document has no text.")
    return _finish(text)


def _check_zip_is_safe(data: bytes) -> None:
    """Refuse zip bombs: too many members, too much uncompressed data, too high a ratio.

    The sizes declared in the zip directory can lie, so each member is also read in chunks
    and counted, stopping as soon as a limit is passed.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise DocumentError("The Word document is damaged (not a readable zip archive).") from None
    bomb = DocumentError(
        "The Word document expands to far more data than a statement holds "
        "(it looks like a zip bomb), so it was not opened."
    )
    with archive:
        members = archive.infolist()
        if len(members) > DOCX_MAX_MEMBERS:
            raise bomb
        total = 0
        for member in members:
            declared_ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1024 * 1024 and declared_ratio > DOCX_MAX_RATIO:
                raise bomb
            read = 0
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(64 * 1024):
                        read += len(chunk)
                        total += len(chunk)
                        if total > DOCX_MAX_UNCOMPRESSED_BYTES:
                            raise bomb
                        if read > 1024 * 1024 and read / max(member.compress_size, 1) > (
                            DOCX_MAX_RATIO
                        ):
                            raise bomb
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                raise DocumentError("The Word document is damaged and cannot be read.") from None


# --- PDF ---------------------------------------------------------------------------------------


def pdf_text(data: bytes, *, max_pages: int) -> tuple[str, int]:
    """The text layer of a PDF, cleaned (see `clean_pdf_pages`), and its page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    damaged = DocumentError("The PDF is damaged and cannot be read.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Some PDFs are encrypted only to restrict printing, with an empty open password.
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise DocumentError(
                    "The PDF is password-protected. Remove the protection and upload it again."
                )
        count = len(reader.pages)
        if count == 0:
            raise damaged
        if count > max_pages:
            raise DocumentError(
                f"The PDF has {count} pages; the limit is {max_pages}. Upload the statement only."
            )
        pages = []
        length = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            length += len(text)
            if length > MAX_TEXT_CHARS:
                raise DocumentError("The PDF holds far more text than a statement.")
            pages.append(text)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        logger.info("Unreadable PDF: %r", error)
        raise damaged from None
    except RecursionError:
        raise damaged from None
    if len(re.sub(r"\W", "", "".join(pages))) < 20:
        raise DocumentError(
            "The PDF has no text layer (it looks like a scanned image). "
            "Run it through OCR first, or paste the text."
        )
    return clean_pdf_pages(pages), count


_PAGE_NUMBER = re.compile(
    r"^\W*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\W*$|^\W*[ivxlc]{1,6}\W*$", re.IGNORECASE
)


def clean_pdf_pages(pages: list[str]) -> str:
    """Join the pages' text, removing what a PDF adds to the words of the statement.

    - page numbers ("3", "- 3 -", "Page 3 of 7") on a page's first or last lines;
    - running headers and footers: a first or last line repeated, digits aside, on at least
      half the pages (and on two or more);
    - hyphenation at line ends ("cyber-\\ncrime" becomes "cybercrime"; "non-\\nState" keeps its
      hyphen, a capital after the break showing a real compound);
    - line breaks inside paragraphs: a line is joined to the next unless it ends a sentence and
      is clearly shorter than the page's full lines, or a blank line follows.
    """
    split = [[line.rstrip() for line in page.splitlines()] for page in pages]
    running = _running_lines(split) if len(split) >= 2 else set()
    cleaned_pages = []
    for lines in split:
        lines = _strip_edges(lines, running)
        cleaned_pages.append(_reflow(lines))
    text = "\n\n".join(page for page in cleaned_pages if page)
    return _finish(text)


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines that repeat at the top or bottom of many pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line.strip()]
        depth = 2 if len(content) > 4 else 1
        edge = set(content[:depth] + content[-depth:])
        counts.update({_line_key(line) for line in edge})
    threshold = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= threshold and key}


def _strip_edges(lines: list[str], running: set[str]) -> list[str]:
    def removable(line: str) -> bool:
        return bool(_PAGE_NUMBER.match(line.strip())) or _line_key(line) in running

    lines = list(lines)
    for _ in range(3):  # header lines, then the page number above or below them
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and removable(lines[0]):
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and removable(lines[-1]):
            lines.pop()
    return lines


def _reflow(lines: list[str]) -> str:
    full = max((len(line.strip()) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif re.search(r"\w-$", current) and line[:1].islower():
            current = current[:-1] + line  # hyphenated at the line end
        elif current.endswith(("-", "\u2010")):
            current = current + line  # a real compound broken after its hyphen
        else:
            current = current + " " + line
        ends_sentence = re.search(r"[.:;!?][\"'”’)]?$", line)
        short = len(line) < 0.8 * full
        if (short and ends_sentence) or (len(line) < 0.6 * full and not line.endswith("-")):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


# --- shared --------------------------------------------------------------------------------


def _finish(text: str) -> str:
    """Normalise: NFC, Unix newlines, no control characters or trailing spaces, at most one
    blank line in a row; refuse empty and oversized results."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\f", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise DocumentError("The file has no text.")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError("The file holds far more text than a statement.")
    return text


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
