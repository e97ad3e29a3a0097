"""Text from an uploaded document within a budget of CPU time, memory and wall time.

PDF and .docx parsing runs in a child process (`common.budget`) with the limits from settings
(`DOCUMENT_PARSE_*`): a hostile file (say, 300 pages sharing one huge content stream) is refused
with a message when the budget is spent, and the web server's other requests are unaffected.
Plain text is decoded in the request itself: that is linear in the file's size, which is capped.
"""

import logging

from django.conf import settings

from common.budget import BudgetExceeded, ChildFailed, call_with_budget

from .documents import DocumentError, ExtractedText, extract_text, extract_text_result

logger = logging.getLogger(__name__)

OVER_BUDGET = (
    "The document took too long to read (over {seconds} s of processing), so it was refused. "
    "It may be built unusually (for example a PDF of drawings); save it again as a plain PDF "
    "or .docx, or paste the text."
)
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
    cpu_seconds = settings.DOCUMENT_PARSE_CPU_SECONDS
    try:
        answer = call_with_budget(
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
    if "error" in answer:
        raise DocumentError(answer["error"])
    return ExtractedText(text=answer["text"], kind=answer["kind"], pages=answer["pages"])
