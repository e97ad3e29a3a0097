"""Uploaded originals, served to those who may read them (nothing serves MEDIA_ROOT directly).

A stored original goes to anyone who may read statements; a pending upload (checked but not yet
saved with a statement) only to the person who uploaded it. Files are sent as attachments with
`nosniff`, so a browser never renders an uploaded file inside the app's origin.
"""

import mimetypes
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..models import Statement
from ..permissions import require
from ..uploads import pending_upload_find

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain; charset=utf-8",
}


def _file_response(path: str, name: str) -> FileResponse:
    try:
        stream = default_storage.open(path, "rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    suffix = PurePath(name).suffix.lower()
    content_type = CONTENT_TYPES.get(suffix) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    response = FileResponse(stream, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def statement_document_view(request, pk: int):
    """The original uploaded with a statement, for anyone who may read the statement."""
    require(request.user.has_perm("positions.view_statement"))
    statement = get_object_or_404(Statement.objects.only("pk", "document"), pk=pk)
    if not statement.document:
        raise Http404("This statement has no uploaded document.")
    return _file_response(statement.document.name, PurePath(statement.document.name).name)


@require_GET
def pending_document_view(request, token: str):
    """An upload being checked, for the person who uploaded it only."""
    found = pending_upload_find(token=token, user=request.user)
    if found is None:
        raise Http404("No such upload (it may have expired).")
    path, name = found
    return _file_response(path, name)
