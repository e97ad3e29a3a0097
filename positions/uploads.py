"""Uploaded originals kept aside between "Upload and check text" and the save.

The statement form checks an upload and shows its text before anything is saved; the file waits
in `statements/pending/` under a random name, and the form carries a signed reference to it
(who uploaded it, for a day). The save opens it by that reference and discards it afterwards.
"""

import uuid
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PENDING_DIR = "statements/pending"
PENDING_SALT = "positions.statement-upload"
PENDING_MAX_AGE = 24 * 3600
_EXPIRED = "The uploaded file has expired; upload it again."


def pending_upload_save(*, upload, user) -> str:
    """Keep an uploaded original until the statement is saved; a signed reference to it."""
    suffix = PurePath(upload.name).suffix.lower()
    name = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}{suffix}", upload)
    return signing.dumps(
        {"path": name, "name": PurePath(upload.name).name[:200], "user": user.pk},
        salt=PENDING_SALT,
    )


def _pending_value(token: str) -> dict:
    try:
        return signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_EXPIRED) from None


def pending_upload_open(*, token: str, user) -> tuple[ContentFile, str]:
    """The kept file and its original name, if `user` uploaded it; else a ValidationError."""
    value = _pending_value(token)
    if value.get("user") != user.pk or not default_storage.exists(value["path"]):
        raise ValidationError(_EXPIRED)
    with default_storage.open(value["path"], "rb") as stream:
        content = ContentFile(stream.read(), name=value["path"])
    return content, value["name"]


def pending_upload_discard(*, token: str) -> None:
    """Remove the kept file (once the statement holds its own copy)."""
    default_storage.delete(_pending_value(token)["path"])
