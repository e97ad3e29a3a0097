"""Uploaded originals kept aside between "Upload and check text" and the save.

The statement form checks an upload and shows its text before anything is saved; the file waits
in `statements/pending/` under a random name, and the form carries a signed reference to it
(who uploaded it, for a day). The save opens it by that reference and discards it afterwards.
Only the uploader can open or download it (`pending_upload_find`); previews abandoned for a day
are removed on the next upload or by `manage.py purge_pending_uploads` (`storage.pending_purge`).
"""

import uuid
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .storage import PENDING_DIR, PENDING_MAX_AGE, pending_purge, safe_filename

PENDING_SALT = "positions.statement-upload"
_EXPIRED = "The uploaded file has expired; upload it again."


def pending_upload_save(*, upload, user) -> str:
    """Keep an uploaded original until the statement is saved; a signed reference to it."""
    pending_purge()  # previews abandoned earlier, by anyone
    suffix = PurePath(upload.name).suffix.lower()[:10]
    name = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}{suffix}", upload)
    return signing.dumps(
        {"path": name, "name": safe_filename(upload.name), "user": user.pk}, salt=PENDING_SALT
    )


def pending_upload_find(*, token: str, user) -> tuple[str, str] | None:
    """(storage path, original name) of the kept file `token` names, if `user` uploaded it and
    it is still there; else None."""
    try:
        value = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("user") != user.pk:
        return None
    path = value.get("path", "")
    if not path.startswith(f"{PENDING_DIR}/") or not default_storage.exists(path):
        return None
    return path, value.get("name") or PurePath(path).name


def pending_upload_open(*, token: str, user) -> tuple[ContentFile, str]:
    """The kept file and its original name, if `user` uploaded it; else a ValidationError."""
    found = pending_upload_find(token=token, user=user)
    if found is None:
        raise ValidationError(_EXPIRED)
    path, name = found
    with default_storage.open(path, "rb") as stream:
        content = ContentFile(stream.read(), name=path)
    return content, name


def pending_upload_discard(*, token: str, user) -> None:
    """Remove the kept file (once the statement holds its own copy, or a new one replaces it)."""
    found = pending_upload_find(token=token, user=user)
    if found is not None:
        default_storage.delete(found[0])
