"""Request helpers shared by every app: where a `next` parameter may send the user."""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(value: str | None) -> str | None:
    """`value` if it is a path on this site ("/review/?page=2"), else None.

    Only local paths pass: no scheme (`javascript:`, `https:`), no host (`//evil.example`,
    `/\\evil.example`), no control characters, and a leading slash (so a bare word such as
    `foo` is refused rather than treated as a URL name or a relative path).
    """
    if not value or not value.startswith("/") or len(value) > 2000:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    if value.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return None
    return value


def next_path(request: HttpRequest, default: str) -> str:
    """The request's `next` (POST first, then GET) if it is a local path, else `default`."""
    return local_path(request.POST.get("next")) or local_path(request.GET.get("next")) or default


def redirect_next(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the request's `next` if it is a local path, else to `default` (a path)."""
    return HttpResponseRedirect(next_path(request, default))
