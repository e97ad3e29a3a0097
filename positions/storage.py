"""Where uploaded originals are kept, under names nobody can guess, and how they are cleaned up.

- A statement's original is stored as `statements/<random hex>/<its file name>`: the random
  folder makes the path unguessable, the file name is kept for the download. Nothing serves
  MEDIA_ROOT directly; `positions/views/documents.py` serves a file to those who may read it.
- An upload being checked ("Upload and check text") waits in `statements/pending/` until the
  statement is saved; `pending_purge()` removes those older than `PENDING_MAX_AGE` (called on
  each new upload and by the `purge_pending_uploads` command).
- `discard_on_failure()` removes the originals written during a save that then failed.
"""

import contextlib
import contextvars
import time
import unicodedata
import uuid
from pathlib import PurePath

from django.core.files.storage import default_storage

DOCUMENT_DIR = "statements"
PENDING_DIR = "statements/pending"
PENDING_MAX_AGE = 24 * 3600
# The length of a stored original's own name (the model's column holds 255 characters in all).
NAME_MAX = 150

_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "statement_documents_written", default=None
)


def safe_filename(name: str, max_length: int = NAME_MAX) -> str:
    """The last component of `name`, without control characters, cut to `max_length`
    characters while keeping its extension ("very-long…name.pdf" stays a .pdf)."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "document"
    if len(name) <= max_length:
        return name
    suffix = PurePath(name).suffix
    if len(suffix) > 10:  # not a real extension
        suffix = ""
    return name[: max_length - len(suffix)].rstrip() + suffix


def statement_document_path(instance, filename: str) -> str:
    """`upload_to` of Statement.document: `statements/<32 random hex digits>/<file name>`."""
    path = f"{DOCUMENT_DIR}/{uuid.uuid4().hex}/{safe_filename(filename)}"
    written = _written.get()
    if written is not None:
        written.append(path)
    return path


@contextlib.contextmanager
def discard_on_failure():
    """Delete the statement originals written inside the block if the block raises.

    A service stores the file before its transaction ends; when a later check refuses the save
    (a conflict, a stance whose evidence left the text), the database rolls back but the file
    would stay on disk with no statement pointing to it.
    """
    written: list[str] = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for path in written:
            default_storage.delete(path)
        raise
    finally:
        _written.reset(token)


def pending_purge(*, max_age: float = PENDING_MAX_AGE) -> int:
    """Delete pending uploads older than `max_age` seconds (abandoned previews); how many."""
    try:
        _, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    cutoff = time.time() - max_age
    removed = 0
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            modified = default_storage.get_modified_time(path).timestamp()
        except FileNotFoundError:
            continue
        if modified < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
