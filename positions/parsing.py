"""Text from an uploaded document within a budget of CPU time, memory and wall time.

PDF and .docx parsing runs in a child process (`common.budget`) with the limits from settings
(`DOCUMENT_PARSE_*`): a hostile file (say, 300 pages sharing one huge content stream) is refused
with a message when the budget is spent, and the web server's other requests are unaffected.
Plain text is decoded in the request itself: that is linear in the file's size, which is capped.
"""

import contextlib
import fcntl
import hashlib
import logging
import tempfile
import time
from pathlib import Path

from django.conf import settings

from common.budget import BudgetExceeded, ChildFailed, call_with_budget

from .documents import DocumentError, ExtractedText, extract_text, extract_text_result

logger = logging.getLogger(__name__)

OVER_BUDGET = (
    "The document took too long to read (over {seconds} s of processing), so it was refused. "
    "It may be built unusually (for example a PDF of drawings); save it again as a plain PDF "
    "or .docx, or paste the text."
)
BUSY = (
    "The server is reading other documents just now; upload the file again in a minute, "
    "or paste the text."
)
SLOT_WAIT_SECONDS = 3
CRASHED = (
    "The document could not be read. Save it again as a plain PDF or .docx, or paste the text."
)


def extract_text_within_budget(
    data: bytes, filename: str, *, max_bytes: int, max_pdf_pages: int
) -> ExtractedText:
    """`documents.extract_text`, with PDF and .docx parsing in a child process under limits.

    Raises `DocumentError` for an unusable file, including one whose parsing exceeds the budget.
    """
    if filename.lower().endswith(".txt") or not data or len(data) > max_bytes:
        # Nothing costly here: extract_text refuses a .txt whose content is PDF or Word.
        return extract_text(data, filename, max_bytes=max_bytes, max_pdf_pages=max_pdf_pages)
    with _parse_slot():
        answer = _parse_in_child(data, filename, max_bytes=max_bytes, max_pdf_pages=max_pdf_pages)
    if "error" in answer:
        raise DocumentError(answer["error"])
    return ExtractedText(text=answer["text"], kind=answer["kind"], pages=answer["pages"])


@contextlib.contextmanager
def _parse_slot():
    """One of DOCUMENT_PARSE_CONCURRENCY slots shared by every worker process (file locks in a
    folder of the system's temporary directory named after this installation; not under
    MEDIA_ROOT, which holds only documents), so that parsing never occupies more than that many web workers at once; a
    request that finds none free within SLOT_WAIT_SECONDS is refused with a message."""
    installation = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"tracker-parse-slots-{installation}"
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + SLOT_WAIT_SECONDS
    while True:
        for slot in range(max(1, settings.DOCUMENT_PARSE_CONCURRENCY)):
            with open(folder / f"slot-{slot}.lock", "w") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                try:
                    yield
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
                return
        if time.monotonic() > deadline:
            raise DocumentError(BUSY)
        time.sleep(0.1)


def _parse_in_child(data: bytes, filename: str, *, max_bytes: int, max_pdf_pages: int) -> dict:
    cpu_seconds = settings.DOCUMENT_PARSE_CPU_SECONDS
    try:
        return call_with_budget(
            f"{extract_text_result.__module__}:{extract_text_result.__name__}",
            cpu_seconds=cpu_seconds,
            memory_mb=settings.DOCUMENT_PARSE_MEMORY_MB,
            timeout_seconds=settings.DOCUMENT_PARSE_TIMEOUT_SECONDS,
            kwargs={
                "data": data,
                "filename": filename,
                "max_bytes": max_bytes,
                "max_pdf_pages": max_pdf_pages,
            },
        )
    except BudgetExceeded as exceeded:
        logger.warning("Document %r refused: %s", filename[:100], exceeded)
        raise DocumentError(OVER_BUDGET.format(seconds=cpu_seconds)) from None
    except ChildFailed as failure:
        logger.warning("Document %r crashed its parser: %s", filename[:100], failure)
        raise DocumentError(CRASHED) from None
