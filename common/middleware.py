"""Middleware shared by every app."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL_MESSAGE = "The request contains a NUL character (\\0), which no field accepts."


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL byte in its path, query string or form fields.

    No text we store may hold one (PostgreSQL refuses it in text columns with a DataError, so
    every field and filter would otherwise need its own check); uploaded files are not concerned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
