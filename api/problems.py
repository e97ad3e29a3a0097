"""Errors as RFC 9457 problem details: `application/problem+json` with type, title, status,
detail and, for invalid input, `errors` (field -> messages); for a conflict, `changes`; for a
statement the delegation already has, `duplicates`."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/problems/"

TITLES = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
}
SLUGS = {
    400: "invalid",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    429: "throttled",
    500: "server-error",
}


def problem(status_code: int, detail: str = "", *, instance: str = "", **extra) -> dict:
    body = {
        "type": TYPE_BASE + SLUGS.get(status_code, "error"),
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail or TITLES.get(status_code, "Error"),
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(status_code: int, detail: str = "", *, request=None, **extra) -> JsonResponse:
    """A problem details response outside DRF (middleware, feeds)."""
    instance = request.path if request is not None else ""
    return JsonResponse(
        problem(status_code, detail, instance=instance, **extra),
        status=status_code,
        content_type=CONTENT_TYPE,
    )


class Conflict(exceptions.APIException):
    """Someone saved first: 409 with what changed since the version the client started from."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this after the version you sent."

    def __init__(self, detail=None, *, changes=None, current_version=None):
        super().__init__(detail)
        self.changes = changes or []
        self.current_version = current_version


class DuplicateText(exceptions.APIException):
    """The delegation already has a live statement with this text: 409 naming them
    (`duplicates`: id and title); sending `confirm_duplicate` saves it all the same."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The delegation already has a statement with this text."

    def __init__(self, detail=None, *, duplicates=None):
        super().__init__(detail)
        self.duplicates = duplicates or []


def _errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def exception_handler(exc, context):
    """DRF's handler, its answers reshaped as problem details; Django's ValidationError is a
    400 and an unexpected exception a logged 500 in the same format."""
    request = context.get("request")
    if isinstance(exc, ValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    response = drf_exception_handler(exc, context)
    instance = request.path if request is not None else ""
    if response is None:
        if isinstance(exc, (Http404, PermissionDenied)):  # pragma: no cover - DRF maps these
            return None
        logger.exception("API error", exc_info=exc)
        return Response(
            problem(500, "The server failed to answer this request.", instance=instance),
            status=500,
            content_type=CONTENT_TYPE,
        )
    code = response.status_code
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        extra["errors"] = _errors(exc.detail)
        detail = "The request is not valid; see `errors`."
        for messages in extra["errors"].values():
            detail = messages[0] if len(extra["errors"]) == 1 else detail
            break
    elif isinstance(exc, Conflict):
        detail = str(exc.detail)
        extra["changes"] = exc.changes
        if exc.current_version is not None:
            extra["current_version"] = exc.current_version
    elif isinstance(exc, DuplicateText):
        detail = str(exc.detail)
        extra["duplicates"] = exc.duplicates
    else:
        detail = str(getattr(exc, "detail", "")) or TITLES.get(code, "")
    response.data = problem(code, detail, instance=instance, **extra)
    response.content_type = CONTENT_TYPE
    return response
